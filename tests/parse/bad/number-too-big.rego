package t

p := 1e400000
