package t

deny[msg] {
  msg := "no"
}
