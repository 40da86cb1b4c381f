package t

p := 7e3000000000
