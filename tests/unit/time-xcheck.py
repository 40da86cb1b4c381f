#!/usr/bin/env python3
"""time-xcheck.py: cross-checks the time builtins' zone handling against Python's zoneinfo.

For every zone under /usr/share/zoneinfo (or the names given), it formats timestamps spread
over OPA's whole int64-nanosecond range, and the instants around each of the zone's
transitions, with time.format([ns, zone, layout]) and time.date/clock/weekday through
tests/unit/bi_call, and compares the wall clock, UTC offset and abbreviation with what
Python's zoneinfo computes from the same TZif files (a second, independent reader of the
transition table and of the POSIX footer used after it). A development tool, not part of
`make check`.

usage: tests/unit/time-xcheck.py BUILD_DIR [ZONE...]
"""
import datetime
import json
import math
import os
import random
import subprocess
import sys
import zoneinfo

ROOT = "/usr/share/zoneinfo"
LAYOUT = "2006-01-02T15:04:05 Z07:00:00 MST Monday 002"
MIN_NS, MAX_NS = -(1 << 63), (1 << 63) - 1
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def zones():
    out = []
    for d, _, files in os.walk(ROOT):
        rel = os.path.relpath(d, ROOT)
        if rel.split(os.sep)[0] in ("posix", "right"):
            continue
        for f in files:
            name = f if rel == "." else os.path.join(rel, f)
            try:
                with open(os.path.join(ROOT, name), "rb") as fh:
                    if fh.read(4) != b"TZif":
                        continue
                zoneinfo.ZoneInfo(name)
            except Exception:
                continue
            out.append(name)
    return sorted(out)


def transitions(name):
    """Transition instants (Unix seconds) from the TZif file's 64-bit block."""
    data = open(os.path.join(ROOT, name), "rb").read()
    def counts(off):
        return [int.from_bytes(data[off + 20 + 4 * i:off + 24 + 4 * i], "big") for i in range(6)]
    c = counts(0)
    if data[4] in b"23":
        off = 44 + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]
        c = counts(off)
        base = off + 44
        return [int.from_bytes(data[base + 8 * i:base + 8 * i + 8], "big", signed=True)
                for i in range(c[3])]
    return [int.from_bytes(data[44 + 4 * i:48 + 4 * i], "big", signed=True)
            for i in range(c[3])]


def expect(ns, tz):
    sec, nsec = divmod(ns, 10**9)
    utc = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(seconds=sec)
    loc = utc.astimezone(tz)
    off = int(loc.utcoffset().total_seconds())
    if off == 0:
        zs = "Z"
    else:
        # Go's Z07:00:00: minutes truncated toward zero pick the sign, so an offset of
        # -52 s (Africa/Accra's LMT) prints as +00:00:-52
        zone = int(off / 60)
        absoff = off
        sign = "+"
        if zone < 0:
            sign, zone, absoff = "-", -zone, -off
        secs = int(math.fmod(absoff, 60))
        zs = "%s%02d:%02d:%s" % (sign, zone // 60, zone % 60,
                                 "%02d" % secs if secs >= 0 else "-%02d" % -secs)
    name = loc.tzname()
    text = "%04d-%02d-%02dT%02d:%02d:%02d %s %s %s %03d" % (
        loc.year, loc.month, loc.day, loc.hour, loc.minute, loc.second, zs, name,
        DAYS[loc.weekday()], loc.timetuple().tm_yday)
    return text, [loc.year, loc.month, loc.day], [loc.hour, loc.minute, loc.second], \
        DAYS[loc.weekday()]


def main():
    build = sys.argv[1]
    names = sys.argv[2:] or zones()
    rnd = random.Random(1)
    calls, wants = [], []
    for name in names:
        tz = zoneinfo.ZoneInfo(name)
        stamps = [rnd.randint(MIN_NS, MAX_NS) for _ in range(40)]
        for t in transitions(name):
            for d in (-1, 0, 1):
                ns = (t + d) * 10**9
                if MIN_NS <= ns <= MAX_NS:
                    stamps.append(ns)
        # years beyond the table, where the POSIX footer rules
        for y in (2038, 2050, 2100, 2200, 2261):
            for m in (1, 3, 4, 7, 10, 11, 12):
                stamps.append(int(datetime.datetime(y, m, rnd.randint(1, 28),
                                                    rnd.randint(0, 23),
                                                    tzinfo=datetime.timezone.utc)
                                  .timestamp()) * 10**9 + rnd.randint(0, 10**9 - 1))
        for ns in stamps:
            try:
                text, date, clock, wday = expect(ns, tz)
            except (OverflowError, ValueError):
                continue
            calls.append("time.format\t%s" % json.dumps([[ns, name, LAYOUT]]))
            wants.append((name, ns, "format", text))
            calls.append("time.date\t%s" % json.dumps([[ns, name]]))
            wants.append((name, ns, "date", date))
            calls.append("time.clock\t%s" % json.dumps([[ns, name]]))
            wants.append((name, ns, "clock", clock))
            calls.append("time.weekday\t%s" % json.dumps([[ns, name]]))
            wants.append((name, ns, "weekday", wday))
    out = subprocess.run([os.path.join(build, "tests/unit/bi_call")], input="\n".join(calls) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    passed = failed = 0
    for (name, ns, what, want), got in zip(wants, out):
        ok = got.startswith("ok\t") and json.loads(got[3:]) == want
        if ok:
            passed += 1
        else:
            failed += 1
            if failed <= 40:
                print("FAIL %s %d %s: got %s, want %s" % (name, ns, what, got, want))
    print("%d zones: %d passed, %d failed" % (len(names), passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
