#!/usr/bin/env python3
"""enc-xcheck.py: replays OPA conformance cases that exercise one builtin through
tests/unit/enc_call, without the compiler.

bi-xcheck.py takes the cases whose module is a bare call with literal arguments; this one
reads a little more of the generated Rego, enough for the encoding, JSON, graph, bits,
units, semver, uuid and net cases: a rule body that is a list of `__localN__ = TERM`
bindings (literals, Rego set literals, data.x refs, input.x refs with input or input_term),
builtin calls `NAME(ARGS, OUT)`, `sort(A, B)`, `x = NAME(ARGS)`, comparisons between calls
and literals (`units.parse("1K") == 1000`), heads `p := V`, `p = V`, `p contains V` and
`p if`, one-line `p := NAME(ARGS)`, and query-only cases `NAME(ARGS, x)`. Sets travel to
enc_call as {"$set": [...]}. Cases it cannot read are counted as skipped, never guessed.
A development tool: the conformance runner is what make check uses.

usage: tests/unit/enc-xcheck.py BUILD_DIR [DIR-NAME...]
"""
import decimal
import glob
import json
import os
import re
import subprocess
import sys


class Skip(Exception):
    pass


class RSet:
    """A Rego set while parsing; sent as {"$set": [...]}."""
    def __init__(self, items):
        self.items = items


# ---- Rego terms ------------------------------------------------------------------------

def parse_term(text, env, data, inp):
    p = TermParser(text, env, data, inp)
    v = p.term()
    p.ws()
    if p.i != len(p.s):
        raise Skip("trailing text in term: " + text)
    return v


class TermParser:
    def __init__(self, s, env, data, inp):
        self.s, self.i, self.env, self.data, self.inp = s, 0, env, data, inp

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\n\r":
            self.i += 1

    def peek(self):
        self.ws()
        return self.s[self.i] if self.i < len(self.s) else ""

    def term(self):
        c = self.peek()
        if c == '"':
            j = self.i + 1
            while self.s[j] != '"':
                j += 2 if self.s[j] == "\\" else 1
            v = json.loads(self.s[self.i:j + 1])
            self.i = j + 1
            return v
        if c == "[":
            self.i += 1
            items = []
            while self.peek() != "]":
                items.append(self.term())
                if self.peek() == ",":
                    self.i += 1
            self.i += 1
            return items
        if c == "{":
            self.i += 1
            if self.peek() == "}":
                self.i += 1
                return {}
            first = self.term()
            if self.peek() == ":":
                obj = {}
                self.i += 1
                obj[key_of(first)] = self.term()
                while self.peek() == ",":
                    self.i += 1
                    if self.peek() == "}":
                        break
                    k = self.term()
                    if self.peek() != ":":
                        raise Skip("object syntax")
                    self.i += 1
                    obj[key_of(k)] = self.term()
                if self.peek() != "}":
                    raise Skip("object syntax")
                self.i += 1
                return obj
            items = [first]
            while self.peek() == ",":
                self.i += 1
                if self.peek() == "}":
                    break
                items.append(self.term())
            if self.peek() != "}":
                raise Skip("set syntax")
            self.i += 1
            return RSet(items)
        m = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?").match(self.s, self.i)
        if m:
            self.i = m.end()
            return decimal.Decimal(m.group(0))
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*(\(\))?").match(
            self.s, self.i)
        if not m:
            raise Skip("term: " + self.s[self.i:])
        self.i = m.end()
        word = m.group(0)
        if word == "set()":
            return RSet([])
        if word in ("true", "false"):
            return word == "true"
        if word == "null":
            return None
        return resolve_ref(word, self.env, self.data, self.inp)


def key_of(k):
    if isinstance(k, str):
        return k
    raise Skip("non-string object key")


def resolve_ref(word, env, data, inp):
    parts = re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\[\d+\]", word)
    head = parts[0]
    if head == "data":
        v = data
    elif head == "input":
        if inp is NOINPUT:
            raise Skip("no input")
        v = inp
    elif head in env:
        v = env[head]
    else:
        raise Skip("unknown name " + head)
    for part in parts[1:]:
        if part.startswith("["):
            idx = int(part[1:-1])
            if not isinstance(v, list) or idx >= len(v):
                raise Skip("bad index")
            v = v[idx]
        else:
            if not isinstance(v, dict) or part not in v:
                raise Skip("bad ref")
            v = v[part]
    return v


NOINPUT = object()


def to_wire(v):
    if isinstance(v, RSet):
        return {"$set": [to_wire(x) for x in v.items]}
    if isinstance(v, list):
        return [to_wire(x) for x in v]
    if isinstance(v, dict):
        return {k: to_wire(x) for k, x in v.items()}
    return v


class DecEnc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            return float(o) if o != o.to_integral_value() else int(o)
        return super().default(o)


def norm(v):
    """Comparable form: numbers by value, sets as sorted lists."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float, decimal.Decimal)):
        return decimal.Decimal(str(v)).normalize() + 0
    if isinstance(v, RSet):
        return sorted((norm(x) for x in v.items), key=sort_key)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def sort_key(v):
    order = {type(None): 0, bool: 1, decimal.Decimal: 2, str: 3, list: 4, dict: 5}
    t = order.get(type(v), 6)
    if isinstance(v, list):
        return (t, [sort_key(x) for x in v])
    if isinstance(v, dict):
        return (t, sorted((k, sort_key(x)) for k, x in v.items()))
    return (t, v)


# ---- calls -----------------------------------------------------------------------------

class Caller:
    def __init__(self, build):
        self.proc = subprocess.Popen([os.path.join(build, "tests/unit/enc_call")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def call(self, name, args):
        line = "%s\t%s\n" % (name, json.dumps(to_wire(args), cls=DecEnc))
        self.proc.stdin.write(line)
        self.proc.stdin.flush()
        out = self.proc.stdout.readline().rstrip("\n")
        if out == "unsupported":
            raise Skip("unsupported builtin " + name)
        if out == "undefined":
            return ("undefined", None)
        if out.startswith("error\t"):
            _, code, msg = out.split("\t", 2)
            return ("error", (code, msg))
        return ("ok", json.loads(out[3:], parse_float=decimal.Decimal,
                                 parse_int=decimal.Decimal))


class Undefined(Exception):
    pass


class Failed(Exception):
    def __init__(self, code, msg):
        self.code, self.msg = code, msg


CALL = re.compile(r"^([a-z_][a-z_0-9]*(?:\.[a-z_][a-z_0-9]*)*)\((.*)\)$", re.S)


def split_args(text):
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


def eval_expr(text, ctx):
    """A term or a builtin call (nested calls allowed)."""
    text = text.strip()
    m = CALL.match(text)
    if m and m.group(1) not in ("set",) and balanced(m.group(2)):
        args = [eval_expr(a, ctx) for a in split_args(m.group(2))]
        status, val = ctx.caller.call(m.group(1), args)
        if status == "error":
            raise Failed(*val)
        if status == "undefined":
            raise Undefined()
        return val
    return parse_term(text, ctx.env, ctx.data, ctx.inp)


def balanced(s):
    depth, instr, esc = 0, False, False
    for ch in s:
        if instr:
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
            if depth < 0:
                return False
    return depth == 0


class Ctx:
    def __init__(self, caller, data, inp):
        self.caller, self.data, self.inp, self.env = caller, data, inp, {}


def run_stmt(stmt, ctx):
    stmt = stmt.strip()
    m = re.match(r"^(__local\d+__|[a-z_][a-z_0-9]*) (=|:=) (.*)$", stmt, re.S)
    if m and m.group(1) not in ctx.env:
        ctx.env[m.group(1)] = eval_expr(m.group(3), ctx)
        return
    m = re.match(r"^(.*?) (==|=|>|<|>=|<=|!=) (.*)$", stmt, re.S)
    if m and balanced(m.group(1)) and balanced(m.group(3)):
        a, b = norm(eval_expr(m.group(1), ctx)), norm(eval_expr(m.group(3), ctx))
        op = m.group(2)
        if op in ("==", "="):
            ok = a == b
        elif op == "!=":
            ok = a != b
        else:
            ka, kb = sort_key(a), sort_key(b)
            ok = {">": ka > kb, "<": ka < kb, ">=": ka >= kb, "<=": ka <= kb}[op]
        if not ok:
            raise Undefined()
        return
    m = CALL.match(stmt)
    if not m:
        raise Skip("statement: " + stmt)
    name, args = m.group(1), split_args(m.group(2))
    if name == "sort":
        v = eval_expr(args[0], ctx)
        ctx.env[args[1]] = sorted(norm(v), key=sort_key)
        return
    out = args[-1]
    if re.match(r"^(__local\d+__|[a-z_][a-z_0-9]*)$", out) and out not in ctx.env \
            and out not in ("true", "false", "null"):
        vals = [eval_expr(a, ctx) for a in args[:-1]]
        status, val = ctx.caller.call(name, vals)
        if status == "unsupported":
            raise Skip(name)
        if status == "error":
            raise Failed(*val)
        if status == "undefined":
            raise Undefined()
        ctx.env[out] = val
        return
    v = eval_expr(stmt, ctx)
    if v is False:
        raise Undefined()


# ---- cases -----------------------------------------------------------------------------

def run_case(case, caller):
    mods = case.get("modules") or []
    data = case.get("data") or {}
    inp = NOINPUT
    if "input_term" in case:
        inp = parse_term(case["input_term"], {}, {}, NOINPUT)
    elif "input" in case and case["input"] is not None:
        inp = case["input"]
    query = case["query"]
    if not mods:
        m = re.match(r"^(.*), x\)$", query, re.S)
        if not m:
            raise Skip("query")
        ctx = Ctx(caller, data, inp)
        try:
            run_stmt(m.group(1) + ", x)", ctx)
            return ("ok", [ctx.env["x"]])
        except Undefined:
            return ("ok", [])
    if len(mods) != 1:
        raise Skip("modules")
    m = re.match(r"^package (\S+)\n\n(.*)$", mods[0], re.S)
    if not m:
        raise Skip("package")
    body = m.group(2).strip()
    if not re.match(r"^data\.%s\.p = x$" % re.escape(m.group(1)), query):
        raise Skip("query " + query)
    one = re.match(r"^p (:=|=) (.*)$", body, re.S)
    if one and " if " not in body and "\n" not in body:
        ctx = Ctx(caller, data, inp)
        try:
            return ("ok", [eval_expr(one.group(2), ctx)])
        except Undefined:
            return ("ok", [])
    one = re.match(r"^p if ([^{\n].*)$", body, re.S)
    if one and "\n" not in body:
        stmts, head = [one.group(1)], ("if", None)
    else:
        h = re.match(r"^p (:= (\w+)|= (\w+)|contains (\w+)|) ?if \{\n(.*)\n\}$", body, re.S)
        if not h:
            raise Skip("head")
        stmts, cur = [], ""
        for line in h.group(5).split("\n"):
            if line.strip().startswith("#"):
                raise Skip("comment")
            cur = cur + "\n" + line if cur else line
            if balanced(cur):
                if cur.strip():
                    stmts.append(cur)
                cur = ""
        if cur:
            raise Skip("unbalanced")
        if h.group(2) or h.group(3):
            head = ("value", h.group(2) or h.group(3))
        elif h.group(4):
            head = ("contains", h.group(4))
        else:
            head = ("if", None)
    ctx = Ctx(caller, data, inp)
    if head[0] == "contains" and len(stmts) == 1 and stmts[0].strip().startswith("walk("):
        # a relation: collect every [path, value] pair
        m = CALL.match(stmts[0].strip())
        args = split_args(m.group(2))
        status, val = caller.call("walk", [eval_expr(args[0], ctx)])
        if status != "ok":
            return (status, val)
        return ("ok", [val])
    try:
        for s in stmts:
            run_stmt(s, ctx)
    except Undefined:
        return ("ok", [])
    if head[0] == "if":
        return ("ok", [True])
    return ("ok", [ctx.env[head[1]]])


def judge(case, outcome):
    kind, val = outcome
    if "want_error_code" in case or "want_error" in case:
        if kind != "error":
            return False
        code, msg = val
        if "want_error_code" in case and code != case["want_error_code"]:
            return False
        return case.get("want_error", "") in "%s: %s" % (code, msg) or \
            case.get("want_error", "") in msg
    if kind == "error" and not case.get("strict_error"):
        kind, val = "ok", []  # non-strict: a failing builtin is undefined
    if kind == "error" or "want_result" not in case:
        return False
    want = case["want_result"]
    got = val
    if not want:
        return got == [] or got == [False]
    wx = want[0].get("x")
    if case.get("sort_bindings") and len(got) == 1 and isinstance(got[0], list) and \
            isinstance(wx, list) and not is_relation(case) and \
            sorted(map(norm, got[0]), key=sort_key) == sorted(map(norm, wx), key=sort_key):
        return True
    if case.get("sort_bindings") or (isinstance(wx, list) and len(got) == 1 and
                                     isinstance(got[0], list) and
                                     is_relation(case)):
        g = got[0] if is_relation(case) else got
        return sorted(map(norm, g), key=sort_key) == sorted(map(norm, wx), key=sort_key)
    return len(got) == 1 and norm(got[0]) == norm(wx)


def patch_cases(case):
    """jsonpatch cases carry their documents in the modules: the RFC 6902 test suites as
    `cases := [...]` (judged as the case's own Rego judges them) or `doc := ...` /
    `patch := ...` pairs. Yields (name, doc, patch, want) with want "error", "ok" or a
    value; query-path cases yield want as (query, bindings)."""
    mods = case.get("modules") or []
    if case["note"] == "jsonpatch/json_patch_tests":
        for mod in mods[1:]:
            text = re.sub(r"#[^\n]*", "", mod.split("cases := ", 1)[1])
            for i, t in enumerate(parse_term(text.strip(), {}, {}, NOINPUT)):
                if t.get("opa_disabled"):
                    continue
                want = "error" if "error" in t else t.get("expected", "ok")
                yield ("%s#%d" % (t.get("comment"), i), t["doc"], t["patch"], want)
        return
    mod = mods[0]
    doc = parse_term(re.search(r"doc := (.*)\n", mod).group(1), {}, {}, NOINPUT)
    patch = parse_term(re.search(r"patch := (.*)\n", mod).group(1), {}, {}, NOINPUT)
    want = case["want_result"]
    yield (case["note"], doc, patch, (case["query"], want[0]) if want else "error")


def judge_patch(want, status, val):
    if want == "error":
        return status == "undefined"
    if status != "ok":
        return False
    if want == "ok":
        return True
    if isinstance(want, tuple):
        query, binding = want
        for part in query.split("; "):
            path, var = part.split(" = ")
            v = val
            for k in path.split(".")[3:]:
                v = v[k]
            if sorted(map(norm, v), key=sort_key) != sorted(map(norm, binding[var]), key=sort_key):
                return False
        return True
    return norm(val) == norm(want)


def is_relation(case):
    return any("walk(" in m for m in case.get("modules") or [])


# The conformance directories of the builtins this tool was written for.
DIRS = """base64builtins base64urlbuiltins hexbuiltins jsonbuiltins jsonfilter
jsonfilteridempotent jsonremove jsonremoveidempotent jsonpatch objectfilter
objectfilteridempotent objectfilternonstringkey objectget objectkeys objectremove
objectremoveidempotent objectremovenonstringkey objectunion objectunionn walkbuiltin reachable
bitsand bitsnegate bitsor bitsshiftleft bitsshiftright bitsxor units uuid netcidrcontains
netcidrcontainsmatches netcidrexpand netcidrintersects netcidrmerge semvercompare
semverisvalid urlbuiltins uribuiltins rand""".split()


def main():
    build = sys.argv[1]
    dirs = sys.argv[2:] or DIRS
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                        "conformance", "opa-v1")
    caller = Caller(build)
    passed = failed = skipped = 0
    for f in sorted(glob.glob(os.path.join(root, "*", "*.json"))):
        d = os.path.basename(os.path.dirname(f))
        if dirs and d not in dirs:
            continue
        for case in json.load(open(f))["cases"]:
            if d == "jsonpatch":
                for name, doc, patch, want in patch_cases(case):
                    status, val = caller.call("json.patch", [doc, patch])
                    if judge_patch(want, status, val):
                        passed += 1
                    else:
                        failed += 1
                        print("FAIL jsonpatch %s -> %s %s" % (name, status, str(val)[:200]))
                continue
            try:
                outcome = run_case(case, caller)
            except Skip:
                skipped += 1
                continue
            except Failed as e:
                outcome = ("error", (e.code, e.msg))
            if judge(case, outcome):
                passed += 1
            else:
                failed += 1
                print("FAIL %s/%s %r -> %s (want %s)" % (
                    d, os.path.basename(f), case["note"], str(outcome)[:300],
                    case.get("want_error") or case.get("want_error_code") or
                    json.dumps(case.get("want_result"))[:300]))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))


if __name__ == "__main__":
    main()
