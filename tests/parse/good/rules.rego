# Rules of every kind, as Rego v1 writes them.
package example.rules

import rego.v1
import data.lib.users as users
import input.request
import future.keywords.in

default allow := false

default f(_) := 0

allow if {
	input.user == "admin"
}

allow if input.user in users.admins

deny contains msg if {
	not input.user
	msg := "anonymous"
}

deny contains "always"

labels[name] := value if {
	some name, value in input.labels
}

a.b[x].c := x if {
	x := input.xs[_]
}

f(x) := y if y := x * 2

f(x, y) = z if {
	z := x + y
}

g(x) if x > 0

h(x)

p := 1

q = 2

r := input.x if input.x > 0 else := 0

s := "a" if {
	input.a
} else = "b" if {
	input.b
} else := "c"

t if {
	false
} else if {
	true
}

u := 1 if input.x { input.y }
