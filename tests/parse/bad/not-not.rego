package t

p if {
  not not input.x
}
