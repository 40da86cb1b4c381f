package t

p := 1[0]
