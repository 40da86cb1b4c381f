package t

p := $"{some x in [1]}"
