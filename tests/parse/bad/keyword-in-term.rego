package t

p if {
  x := in.y
}
