package t

p if {
  every [x] in input.xs { x }
}
