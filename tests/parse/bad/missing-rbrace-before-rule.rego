package t

p if {
  x := 1

q := 2
