package t

p := @

q := 1

r := "\z"

s := 2
