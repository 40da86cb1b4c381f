package t

p if !input.x
