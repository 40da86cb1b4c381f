package t

p := 1 if {
  input.x
} else := 2 {
  input.y
}
