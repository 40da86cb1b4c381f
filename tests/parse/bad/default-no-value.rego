package t

default allow
