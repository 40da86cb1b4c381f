package t

p if {
  not every x in input.xs { x }
}
