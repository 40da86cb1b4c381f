#!/usr/bin/env python3
"""bi-xcheck.py: cross-checks stdlib builtins against OPA's conformance cases.

Picks the cases whose single module is a lone builtin call, either `p := NAME(ARGS)` or
`p := x if { NAME(ARGS, x) }` (also `p if NAME(ARGS)`), whose arguments are JSON literals or
refs into the case's `data`, runs each call through tests/unit/bi_call and compares the
result, or the error code and message, with what OPA expects. A development tool: the
conformance runner is what `make check` uses.

usage: tests/unit/bi-xcheck.py BUILD_DIR [CONFORMANCE_DIR]
"""
import glob
import json
import os
import re
import subprocess
import sys

PATTERNS = [
    re.compile(r"^package (\S+)\n\np := x if \{\n\t([a-z_.0-9]+)\((.*), x\)\n\}\n$", re.S),
    re.compile(r"^package (\S+)\n\np := ([a-z_.0-9]+)\((.*)\)\n$", re.S),
    re.compile(r"^package (\S+)\n\np if \{?\n?\t?([a-z_.0-9]+)\((.*)\)\n\}?\n?$", re.S),
]
# p contains x / p = x / p := x, a body of `__localN__ = TERM` lines and a last line
# `NAME(ARGS, x)`.
BODY = re.compile(r"^package (\S+)\n\np (contains|=|:=) x if \{\n((?:\t__local\d+__ = [^\n]*\n)*)"
                  r"\t([a-z_.0-9]+)\((.*), x\)\n\}\n$", re.S)


def split_args(text):
    """Splits a call's argument text at top-level commas."""
    out, depth, cur, instr, esc = [], 0, "", False, False
    for ch in text:
        if instr:
            cur += ch
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                instr = False
            continue
        if ch == '"':
            instr = True
        elif ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def arg_value(text, data):
    if text.startswith("data."):
        v = data
        for part in text[5:].split("."):
            if not isinstance(v, dict) or part not in v:
                raise ValueError
            v = v[part]
        return v
    return json.loads(text)


def main():
    build = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "shared", "conformance", "opa-v1")
    cases = []
    for f in sorted(glob.glob(os.path.join(root, "**", "*.json"), recursive=True)):
        for c in json.load(open(f))["cases"]:
            mods = c.get("modules") or []
            if len(mods) != 1 or c.get("input_term") or "input" in c:
                continue
            data = c.get("data") or {}
            m = next((p.match(mods[0]) for p in PATTERNS if p.match(mods[0])), None)
            b = BODY.match(mods[0])
            try:
                if m:
                    args = [arg_value(a, data) for a in split_args(m.group(3))]
                    cases.append((os.path.relpath(f, root), c, m.group(2), args,
                                  "x" in m.group(0), False))
                elif b:
                    env = {}
                    for line in b.group(3).splitlines():
                        name, term = line.strip().split(" = ", 1)
                        env[name] = arg_value(term, data)
                    args = [env[a] if a in env else arg_value(a, data)
                            for a in split_args(b.group(5))]
                    cases.append((os.path.relpath(f, root), c, b.group(4), args, True,
                                  b.group(2) == "contains"))
            except (ValueError, KeyError):
                continue
    lines = "".join("%s\t%s\n" % (c[2], json.dumps(c[3])) for c in cases)
    out = subprocess.run([os.path.join(build, "tests/unit/bi_call")], input=lines,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    passed = failed = skipped = 0
    for (f, c, name, args, has_x, is_set), got in zip(cases, out):
        if got == "unsupported":
            skipped += 1
            continue
        ok = True
        if "want_error_code" in c or "want_error" in c:
            parts = got.split("\t")
            ok = parts[0] == "error"
            if ok and "want_error_code" in c:
                ok = parts[1] == c["want_error_code"]
            if ok and c.get("want_error"):
                ok = c["want_error"] in parts[2]
        elif "want_result" in c:
            want = c["want_result"]
            if not want:
                ok = got in ("undefined", "ok\tfalse")
            elif not has_x:  # p if NAME(ARGS): defined and not false
                ok = got.startswith("ok\t") and json.loads(got[3:]) is not False
            else:
                res = json.loads(got[3:]) if got.startswith("ok\t") else None
                ok = got.startswith("ok\t") and (
                    [res] == want[0].get("x") if is_set else res == want[0].get("x"))
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL %s %r: %s%s -> %s (want %s)" % (
                f, c["note"], name, json.dumps(args)[:120], got[:200],
                c.get("want_error") or c.get("want_error_code") or c.get("want_result")))
    print("%d passed, %d failed, %d unsupported" % (passed, failed, skipped))


if __name__ == "__main__":
    main()
