package t

allow
