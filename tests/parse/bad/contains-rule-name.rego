package t

contains := 1
