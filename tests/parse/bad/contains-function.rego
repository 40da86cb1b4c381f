package t

f(x) contains x if true
