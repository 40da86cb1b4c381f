package t

default f(1) := 0
