package t

p if {
  x := [1, 2
  y := 3
}

q := 1 +

r if {
  x = = 1
}

s := {1 2}

t := 1
