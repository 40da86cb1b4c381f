package example.crlf

p if {
	x := 1 # comment
	y := `a
b`
}
