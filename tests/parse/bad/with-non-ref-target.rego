package t

p if {
  q with 1 as 2
}
