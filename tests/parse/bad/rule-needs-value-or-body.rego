package t

a.b.c
