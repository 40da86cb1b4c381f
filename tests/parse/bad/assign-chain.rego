package t

p if {
  x := y := 1
}
