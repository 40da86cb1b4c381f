package t

p if {
  not some x in input.xs
}
