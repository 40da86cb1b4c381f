package t

p := "\u12G4"
