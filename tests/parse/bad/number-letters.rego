package t

p := 6zxy
