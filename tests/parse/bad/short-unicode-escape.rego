package t

p := "\u12"
