package t

p := [x | ]
