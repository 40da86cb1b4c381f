package t

p if {
  x := 1;
}
