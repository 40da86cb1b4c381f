package t

p if {
  some a, b, c in input.xs
}
