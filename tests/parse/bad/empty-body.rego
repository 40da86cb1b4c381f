package t

p {}
