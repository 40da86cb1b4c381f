package t

p := 01
