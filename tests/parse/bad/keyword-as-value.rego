package t

p := if
