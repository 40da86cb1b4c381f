package example.in.every

import data.lib.if as conditions
import data.foo.contains as c

# Keywords are names after a dot and at the head of a ref.
p if {
	input.in == 1
	data.every.x
	input["some"].not
	in.x == 1
	not.y
	every.z[0]
	contains("abc", "b")
	x := contains
}

else.foo := 1 if {
	input.x
} else := 2

default.bar contains 1

as.baz(x) := x

true.x := 1

import.y := 2

package.z := 3
