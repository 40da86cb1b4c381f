package t

p if {
  not else.x
}
