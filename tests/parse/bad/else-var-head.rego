package t

p[x] := 1 if {
  x := input.x
} else := 2
