package t

default allow := x
