package t

p := "abc".x
