package t

p if {
  some 1
}
