package example.terms

numbers := [0, 1, -0, -1, 1e3, 1E-3, 2.5e+10, 0.5, .5, -.25, 12345678901234567890123, 0e7]

strings := ["", "plain", "q\"uote", "back\\slash", "sl\/ash", "\b\f\n\r\t", "\u00e9", "\uD834\uDD1E", "\uD800", "tab	raw"]

raws := [`raw \n not escaped`, `multi
line`]

scalars := [null, true, false]

templates := [
	$"",
	$"no expression",
	$"x = {input.x}, y = {input.y}!",
	$"\{braces} and {1 + 2} and \"{"s"}\"",
	$"{$"{input.a}-{input.b}"}",
	$"{[x | some x in input.xs]} {{"a": 1}}",
	$"{input.a with input as {"a": 1}}",
	$`multi
{input.x}
line \{x} \n`,
]
