package t

p := (input.a).b
