package t

p := $`abc {input.x}
