package t

deny[msg]
