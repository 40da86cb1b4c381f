#!/bin/sh
# gen-builtins.sh: writes the manual page regoc-builtins(7) from stdlib/builtins.def.
#
# The compiler, the builtin library and this page read one table (builtins.def, generated
# from OPA's capabilities by stdlib/gen-table.py), so the page lists exactly the builtins
# regoc knows and says which it implements and which buildx allows. It runs at build time,
# so it is POSIX sh and awk only (no python): awk reassembles each BI(...) entry, undoes
# the C string escapes of its declaration, parses that JSON and prints the type in OPA's
# notation ("(string, string) => boolean").
#
# usage: man/gen-builtins.sh stdlib/builtins.def [VERSION] > man/regoc-builtins.7
set -eu
if [ $# -lt 1 ] || [ ! -r "$1" ]; then
  echo "usage: $0 builtins.def [VERSION]" >&2
  exit 2
fi
def=$1
version=${2:-}

awk -v version="$version" '
# ---- JSON: a node table (kind, string value, children by index or key) ------------------

function ws() {
  while (pos <= len && index(" \t\r\n", substr(js, pos, 1)) > 0) pos++
}

function parse_string(   out, c) {
  out = ""
  pos++                                   # opening quote
  while (pos <= len) {
    c = substr(js, pos, 1)
    if (c == "\"") { pos++; return out }
    if (c == "\\") { pos++; c = substr(js, pos, 1); if (c == "n") c = " "; if (c == "t") c = " " }
    out = out c
    pos++
  }
  fail("unterminated string")
}

function parse_value(   id, c, k, n) {
  ws()
  id = ++nodes
  c = substr(js, pos, 1)
  if (c == "{") {
    kind[id] = "obj"
    pos++
    ws()
    if (substr(js, pos, 1) == "}") { pos++; return id }
    for (;;) {
      ws()
      if (substr(js, pos, 1) != "\"") fail("object key expected")
      k = parse_string()
      ws()
      if (substr(js, pos, 1) != ":") fail("colon expected")
      pos++
      field[id, k] = parse_value()
      ws()
      c = substr(js, pos++, 1)
      if (c == "}") return id
      if (c != ",") fail("comma expected")
    }
  }
  if (c == "[") {
    kind[id] = "arr"
    n = 0
    pos++
    ws()
    if (substr(js, pos, 1) == "]") { pos++; count[id] = 0; return id }
    for (;;) {
      item[id, ++n] = parse_value()
      ws()
      c = substr(js, pos++, 1)
      if (c == "]") { count[id] = n; return id }
      if (c != ",") fail("comma expected")
    }
  }
  if (c == "\"") {
    kind[id] = "str"
    sval[id] = parse_string()
    return id
  }
  kind[id] = "lit"
  sval[id] = ""
  while (pos <= len && index(",]} \t\r\n", substr(js, pos, 1)) == 0) sval[id] = sval[id] substr(js, pos++, 1)
  return id
}

function has(id, k) { return ((id, k) in field) }
function get(id, k) { return field[id, k] }

# Types as OPA prints them (types.Sprint): array<A, B>[C], object<k: T>[K: V], set[T], any<A, B>.
function list(arr,   out, i) {
  out = ""
  for (i = 1; i <= count[arr]; i++) out = out (i > 1 ? ", " : "") type_str(item[arr, i])
  return out
}

function type_str(id,   t, out, st, i, p) {
  t = sval[get(id, "type")]
  if (t == "any") return has(id, "of") ? "any<" list(get(id, "of")) ">" : "any"
  if (t == "set") return "set[" type_str(get(id, "of")) "]"
  if (t == "array") {
    out = "array"
    if (has(id, "static")) out = out "<" list(get(id, "static")) ">"
    if (has(id, "dynamic")) out = out "[" type_str(get(id, "dynamic")) "]"
    return out
  }
  if (t == "object") {
    out = "object"
    if (has(id, "static")) {
      st = get(id, "static")
      out = out "<"
      for (i = 1; i <= count[st]; i++) {
        p = item[st, i]
        out = out (i > 1 ? ", " : "") sval[get(p, "key")] ": " type_str(get(p, "value"))
      }
      out = out ">"
    }
    if (has(id, "dynamic")) {
      p = get(id, "dynamic")
      out = out "[" type_str(get(p, "key")) ": " type_str(get(p, "value")) "]"
    }
    return out
  }
  if (t == "function") {
    out = has(id, "args") ? list(get(id, "args")) : ""
    if (has(id, "variadic")) out = out (out != "" ? ", " : "") type_str(get(id, "variadic")) "..."
    out = "(" out ")"
    if (has(id, "result")) out = out " => " type_str(get(id, "result"))
    return out
  }
  return t
}

function fail(msg) {
  printf "gen-builtins.sh: %s: %s at offset %d of %s\n", name, msg, pos, js > "/dev/stderr"
  failed = 1
  exit 2
}

# ---- roff --------------------------------------------------------------------------------

function roff(s) {
  gsub(/\\/, "\\e", s)
  gsub(/-/, "\\-", s)
  if (s ~ /^[.\047]/) s = "\\&" s
  return s
}

# One BI(...) entry, its lines joined: name, C function, arity, flags, declaration.
function entry(rec,   rest, head, f, lits, decl, c, i, inlit, sig, tag, status, facts, n) {
  if (match(rec, /^BI\("[^"]*"/) == 0) { name = rec; fail("malformed entry") }
  name = substr(rec, 5, RLENGTH - 5)
  rest = substr(rec, RLENGTH + 1)
  head = substr(rest, 1, index(rest, "\"") - 1)
  n = split(head, f, ",")
  if (n < 4) fail("malformed entry")
  for (i = 2; i <= 4; i++) { gsub(/^[ \t]+|[ \t]+$/, "", f[i]) }
  lits = substr(rest, index(rest, "\""))
  decl = ""
  inlit = 0
  for (i = 1; i <= length(lits); i++) {
    c = substr(lits, i, 1)
    if (!inlit) { if (c == "\"") inlit = 1; continue }
    if (c == "\\") { decl = decl substr(lits, ++i, 1); continue }
    if (c == "\"") { inlit = 0; continue }
    decl = decl c
  }
  js = decl; len = length(js); pos = 1
  sig = roff(type_str(parse_value()))
  gsub(/ /, " \\%", sig)              # no hyphenation inside type names

  total++
  if (f[2] != "NULL") { status = "Implemented."; impl++ }
  else if (name == "eq" || name == "assign" || name == "print") {
    status = "Implemented (handled by the compiler)."
    impl++
  } else status = "Not implemented yet."
  if (f[4] ~ /BI_F_DEPRECATED/) status = "Deprecated: not available to Rego v1 policies."
  facts = (f[3] == "-1" ? "Any number of arguments" : f[3] " argument" (f[3] == "1" ? "" : "s"))
  facts = facts ". " status
  if (f[4] ~ /BI_F_BUILDX/) { facts = facts " Allowed by buildx."; bx++ }
  else facts = facts " Not allowed by buildx."
  if (f[4] ~ /BI_F_NONDET/) facts = facts " Non\\-deterministic."
  if (f[4] ~ /BI_F_INFIX/) facts = facts " Has an operator form."
  if (f[4] ~ /BI_F_RELATION/) facts = facts " A relation."
  if (f[4] ~ /BI_F_VOID/) facts = facts " No result."
  tag = roff(name)
  gsub(/[._]/, "&\\:", tag)            # narrow terminals may break long names there
  body = body ".TP\n.BI \\%" tag " \"\\:" sig "\"\n" facts "\n"
}

/^BI\(/ { rec = $0; collecting = 1 }
collecting && !/^BI\(/ { sub(/^[ \t]+/, ""); rec = rec " " $0 }
collecting && /\)[ \t]*$/ { collecting = 0; entry(rec) }

END {
  if (failed) exit 2
  if (collecting) { name = rec; fail("unterminated entry") }
  if (total == 0) { name = "(table)"; fail("no entries") }
  print ".\\\" regoc-builtins.7: generated from stdlib/builtins.def by man/gen-builtins.sh."
  print ".\\\" Do not edit: change the table (stdlib/gen-table.py) or the script."
  printf ".TH REGOC\\-BUILTINS 7 \"\" \"regoc%s\" \"regoc manual\"\n", version != "" ? " " version : ""
  print ".SH NAME"
  print "regoc\\-builtins \\- the builtin functions of Rego in regoc"
  print ".SH DESCRIPTION"
  print "This page lists every builtin function of Open Policy Agent (OPA v1 capabilities) that"
  print ".B regoc"
  print "knows: " total " builtins, of which " impl " are implemented and " bx " are allowed by"
  print "Docker Buildx."
  print "It is generated from the table that the compiler and the builtin library"
  print ".RB ( libregostd )"
  print "read, so it cannot disagree with them."
  print ".PP"
  print "Each entry gives the name, the type declaration in OPA\\(aqs notation (argument types, then"
  print "the result type after"
  print ".BR => ),"
  print "the number of arguments, and whether"
  print ".B regoc"
  print "implements the builtin and whether buildx allows it."
  print ".IP \\(bu 2"
  print "A call to a builtin that is not implemented yet is a compile error"
  print "(\\(lqbuiltin NAME is not supported yet\\(rq) where an entry point can reach it;"
  print ".B regoc check"
  print "reports every such call."
  print ".IP \\(bu 2"
  print "With"
  print ".B \\-\\-target buildx"
  print "(the default for a"
  print ".I Dockerfile.rego"
  print "bundle), a call to a builtin that buildx does not allow is a compile error."
  print ".IP \\(bu 2"
  print "Deprecated builtins are rejected in Rego v1 policies (\\(lqundefined function\\(rq), as by OPA."
  print ".IP \\(bu 2"
  print "A builtin that fails (a wrong operand type, a malformed argument) leaves its call"
  print "undefined, as OPA does by default; a checker built with"
  print ".B regoc build \\-\\-strict"
  print "makes it an evaluation error with OPA\\(aqs message instead."
  print ".PP"
  print "Types:"
  print ".B array[T]"
  print "is an array of any length of"
  print ".IR T ;"
  print ".B array<A, B>"
  print "an array of exactly an"
  print ".I A"
  print "then a"
  print ".IR B ;"
  print ".B object[K: V]"
  print "an object with keys of type"
  print ".I K"
  print "and values of type"
  print ".IR V ;"
  print ".B object<k: T>"
  print "an object with the key"
  print ".I k"
  print "of type"
  print ".IR T ;"
  print ".B set[T]"
  print "a set of"
  print ".IR T ;"
  print ".B any<A, B>"
  print "either an"
  print ".I A"
  print "or a"
  print ".IR B ;"
  print "and"
  print ".I T..."
  print "any number of arguments of type"
  print ".IR T ."
  print ".SH BUILTINS"
  print ".ad l"
  printf "%s", body
  print ".SH SEE ALSO"
  print ".BR regoc (1),"
  print ".BR regoc\\-checker (1)"
  print ".PP"
  print "OPA\\(aqs builtin reference: https://www.openpolicyagent.org/docs/policy\\-reference"
}
' "$def"
