package t

p := 1.5e-400000
