package t

s contains 1 if {
  input.x
} else := 2
