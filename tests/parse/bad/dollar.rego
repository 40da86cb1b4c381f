package t

p := $x
