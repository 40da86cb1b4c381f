package t

p := café
