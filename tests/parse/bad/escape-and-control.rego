package t

p := "a	b\n"
