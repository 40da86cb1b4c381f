package t

p if {
  q with input
}
