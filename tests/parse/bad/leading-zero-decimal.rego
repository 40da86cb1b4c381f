package t

p := 00.5
