package t

p if {
  x y
}
