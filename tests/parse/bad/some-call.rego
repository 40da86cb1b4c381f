package t

p if {
  some f(x)
}
