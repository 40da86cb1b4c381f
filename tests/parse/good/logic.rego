package example.logic

import future.keywords.and
import future.keywords.or
import future.keywords.not

p if input.x > 0 and input.y > 0

q if input.a or
	input.b

r if {
	not input.x or input.y and input.z
	{ a := 1; a > 0 } and (input.b or input.c with input as {})
	not { some x in input.xs; x < 0 }
	(input.a or input.b) and { input.c or input.d }
}

s if not {
	false
}
