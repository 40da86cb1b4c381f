# METADATA
# title: Example package
# description: |
#   Several lines.
package example.annotations

# METADATA
# title: allow
#  indented: kept one space
allow if input.ok

# Not an annotation: an ordinary comment.
deny if input.bad

# METADATA
# scope: rule

# a gap ends the block
p := 1

x := 1 # METADATA trailing is a block too
# but this line is not in column 1 of the next line? it is.
y := 2
