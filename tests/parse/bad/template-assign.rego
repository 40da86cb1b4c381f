package t

p := $"{x := 1}"
