package t

p := "tab\qx"
