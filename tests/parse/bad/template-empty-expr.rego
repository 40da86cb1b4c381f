package t

p := $"a{}b"
