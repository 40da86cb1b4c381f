package t

p if {
  every 1, x in input.xs { x }
}
