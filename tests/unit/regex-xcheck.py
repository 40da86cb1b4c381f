#!/usr/bin/env python3
"""regex-xcheck.py: cross-checks the regex, glob and template builtins against OPA's
conformance cases, one verdict per case.

bi-xcheck.py covers single-call modules of a few fixed shapes; the cases of these builtins
come in more (rule constants as arguments, array patterns as outputs, `some m in`, input,
iteration over data). This script finds the one call to a builtin under test in each case's
module, resolves its arguments (JSON or raw-string literals, rule constants of the module,
data and input refs), runs it through tests/unit/bi_call (strict mode), rebuilds the value of
the rule `p` from the result the way the rule's shape says, and compares with the case.
A development tool, like bi-xcheck.py; the conformance runner is what `make check` uses.

usage: tests/unit/regex-xcheck.py BUILD_DIR [CONFORMANCE_DIR]
"""
import glob
import json
import os
import re
import subprocess
import sys

DIRS = ["regexfind", "regexfindallstringsubmatch", "regexisvalid", "regexmatch",
        "regexmatchtemplate", "regexsplit", "globmatch", "globsmatch", "rendertemplate",
        "replacen"]
CALL = re.compile(r"(regex\.[a-z_]+|glob\.[a-z_]+|strings\.render_template|strings\.replace_n"
                  r"|re_match)\(")
ARITY = {"regex.match": 2, "regex.is_valid": 1, "regex.split": 2, "regex.find_n": 3,
         "regex.find_all_string_submatch_n": 3, "regex.replace": 3, "regex.globs_match": 2,
         "regex.template_match": 4, "glob.match": 3, "glob.quote_meta": 1,
         "strings.render_template": 2, "strings.replace_n": 2, "re_match": 2}


def call_args(text, start):
    """The argument texts of the call whose '(' is at text[start]."""
    out, depth, cur, i, quote = [], 0, "", start + 1, None
    while i < len(text):
        ch = text[i]
        if quote:
            cur += ch
            if quote == '"' and ch == "\\":
                cur += text[i + 1]
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"`":
            quote = ch
            cur += ch
        elif ch in "([{":
            depth += 1
            cur += ch
        elif ch in ")]}":
            if depth == 0:
                out.append(cur.strip())
                return out, i
            depth -= 1
            cur += ch
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    raise ValueError("unbalanced call")


def term(text, env):
    """A literal term: JSON, a raw string, a rule constant, a data/input ref."""
    text = text.strip()
    if text.startswith("`") and text.endswith("`"):
        return text[1:-1]
    if text in env:
        return env[text]
    for root in ("data", "input"):
        if text == root or text.startswith(root + "."):
            v = env[root]
            for part in text.split(".")[1:]:
                v = v[part]
            return v
    if text.startswith("{") and "`" in text:
        # an object with raw-string keys/values: {`k`: `v`}
        return json.loads(re.sub(r"`([^`]*)`", lambda m: json.dumps(m.group(1)), text))
    return json.loads(text)


def run(build, name, args):
    line = "%s\t%s\n" % (name, json.dumps(args))
    out = subprocess.run([os.path.join(build, "tests/unit/bi_call")], input=line,
                         capture_output=True, text=True, check=True).stdout.strip()
    if out.startswith("ok\t"):
        return ("ok", json.loads(out[3:]))
    if out.startswith("error\t"):
        return tuple(out.split("\t"))
    return (out, None)


def judge(case, mod, build):
    env = {"data": case.get("data") or {}, "input": case.get("input")}
    for m in re.finditer(r"^(\w+) := (`[^`]*`|\{.*\}|\".*\"|\d+)$", mod, re.M):
        if m.group(1) != "p":
            env[m.group(1)] = term(m.group(2), env)
    m = CALL.search(mod)
    name = m.group(1)
    args, _ = call_args(mod, m.end() - 1)
    nargs = ARITY[name]
    iterate = None
    resolved = []
    for a in args[:nargs]:
        it = re.match(r"^__local\d+__$", a)
        if it:
            ref = re.search(re.escape(a) + r" = (data[\w.]*)\[(\w+)\]", mod)
            iterate = term(ref.group(1), env)
            resolved.append(None)
        else:
            resolved.append(term(a, env))
    out_arg = args[nargs] if len(args) > nargs else None

    def value_of_p(result):
        """The value of p given the call's outcome, or None if p is undefined."""
        if result[0] != "ok":
            return None
        val = result[1]
        head = mod.split("\n")[2]
        if out_arg is None:
            if head.startswith("p if"):
                return True if val is not False else None
            if "some m in" in head:
                return val
            return val
        if re.match(r"^\w+$", out_arg) and not out_arg.startswith("__local") \
                and out_arg not in ("true", "false"):
            var = out_arg
        elif out_arg.startswith("__local"):
            var = "x"
        else:
            want = term(out_arg, env) if not out_arg.startswith("[") else None
            if out_arg.startswith("["):  # [v, w, x, y]
                n = len(call_args("(" + out_arg[1:-1] + ")", 0)[0])
                return val if isinstance(val, list) and len(val) == n else None
            return True if val == want else None
        if head.startswith("p contains"):
            return [val]
        return val

    if iterate is not None:
        got = []
        for i, item in enumerate(iterate):
            a = [item if r is None else r for r in resolved]
            r = run(build, name, a)
            if r[0] == "ok" and r[1] is not False:
                got.append(i)
        return ("ok", got), got
    r = run(build, name, resolved)
    return r, value_of_p(r)


def main():
    build = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "conformance",
        "opa-v1")
    passed = failed = skipped = 0
    for d in DIRS:
        for f in sorted(glob.glob(os.path.join(root, d, "*.json"))):
            for case in json.load(open(f))["cases"]:
                mod = case["modules"][0]
                try:
                    raw, p = judge(case, mod, build)
                except (ValueError, KeyError, TypeError):
                    print("skip %s: arguments not expressible as JSON" % case["note"])
                    skipped += 1
                    continue
                ok = True
                if "want_error_code" in case or "want_error" in case:
                    ok = raw[0] == "error"
                    if ok and "want_error_code" in case:
                        ok = raw[1] == case["want_error_code"]
                    if ok and case.get("want_error"):
                        ok = case["want_error"] in raw[2]
                else:
                    want = case["want_result"]
                    if not want:
                        ok = p is None
                    else:
                        w = want[0]["x"]
                        if case.get("sort_bindings") and isinstance(p, list):
                            p = sorted(p, key=json.dumps)
                            w = sorted(w, key=json.dumps)
                        ok = p == w
                print("%s %s: %s -> %s" % ("ok  " if ok else "FAIL", case["note"],
                                            json.dumps(raw)[:100], json.dumps(p)[:60]))
                passed += ok
                failed += not ok
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
