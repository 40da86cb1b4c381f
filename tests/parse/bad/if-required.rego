package t

allow {
  input.admin
}
