package t

default n := count([])
