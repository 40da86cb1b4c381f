package t

p := 'a'
