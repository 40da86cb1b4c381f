package t

f(x) {
  x > 1
}
