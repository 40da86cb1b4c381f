package t

default s contains 1
