package t

p := {"a" 1}
