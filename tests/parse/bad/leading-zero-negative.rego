package t

p := -007
