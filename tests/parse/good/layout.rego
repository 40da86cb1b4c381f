package example.layout

# Newlines end expressions only where nothing can continue them.
p if {
	x := [
		1,
		2, # a comment
	]
	y := {
		"a": 1,
		"b": 2,
	}
	z := 1 +
		2 *
		3
	w := count(
		x,
	)
	v := f(1)
		with input as {"a": 1}
		with data.x as 2
	u := 1
	[a] = x
	t := 1; s := 2
	(u) == 1
	r := u
	-1 == -1
}

q [x] if x := 1

f (x) := x

g(x) := y if {
	y := x
}

	{ true }
