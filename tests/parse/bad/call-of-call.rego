package t

p := f(1)(2)
