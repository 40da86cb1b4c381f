package t

p := input[]
