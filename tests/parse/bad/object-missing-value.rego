package t

p := {"a": }
