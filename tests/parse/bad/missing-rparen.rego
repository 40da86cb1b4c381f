package t

p := count([1]
