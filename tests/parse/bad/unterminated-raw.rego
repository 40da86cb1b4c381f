package t

p := `abc
q := 1
