package t

default allow := input.admin
