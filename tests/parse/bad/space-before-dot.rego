package t

p := input .x
