package t

p := 2e+
