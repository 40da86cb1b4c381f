package t

p := 1.
