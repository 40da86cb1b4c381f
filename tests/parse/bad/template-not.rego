package t

p := $"{not x}"
