package example.exprs

precedence if {
	x := 1 + 2 * 3 - 4 / 5 % 6
	y := a | b & c
	z := 1 + 2 == 3
	w := x < y
	v := x in xs
	u := k, v in xs
	t := x in xs in ys
	s := (1 + 2) * 3
	r := -1 - -2
	q := a != b
	p := a <= b
	o := a >= b
	n := a > b
}

unify if {
	[x, y] = [1, 2]
	{"a": z} = input.obj
}

declarations if {
	some x, y
	some v in xs
	some k, v in xs
	some i
	xs[i] == 1
	every v in xs {
		v > 0
	}
	every k, v in {"a": 1} {
		k == "a"
		v == 1
	}
}

negation if {
	not input.x
	not f(1) with input as 1
	not data.p with data.q as 2 with input.y as [1, 2]
}

calls if {
	count(input.xs) > 0
	strings.replace_n({"a": "b"}, "abc")
	contains("abc", "b")
	x := object.get(input, ["a", "b"], null)
	data.lib.f(1)
	f(x).y[0]
}

collections if {
	a := []
	b := [1, 2, 3,]
	c := {}
	d := {"a": 1, "b": [2], 3: null, true: false,}
	e := {1, 2, 3}
	f := set()
	g := [x | x := input.xs[_]; x > 1]
	h := {x | some x in input.xs}
	i := {k: v | some k, v in input.obj}
	j := {x + 1: y | x := 1; y := 2}
	k := [1 | 2]
	l := {a | b}
	m := [, 1, 2]
	n := {, "a": 1}
}
