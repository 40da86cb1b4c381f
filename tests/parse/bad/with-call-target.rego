package t

p if {
  q with f(x) as 2
}
