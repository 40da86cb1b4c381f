package t

p := -x
