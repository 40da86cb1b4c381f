## tests/unit/regex.mk: the Check suite of the regex and glob builtins, their benchmark and
## their cross-check script, included by the top-level Makefile.am.
REGEX_UNIT_TESTS = tests/unit/check_builtins_regex
check_PROGRAMS += $(REGEX_UNIT_TESTS)
TESTS += $(REGEX_UNIT_TESTS)
tests_unit_check_builtins_regex_SOURCES = tests/unit/check_builtins_regex.c tests/unit/bi_check.h
tests_unit_check_builtins_regex_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_builtins_regex_LDADD = $(STD_LIBS) $(REGEX_LIBS) $(CHECK_LIBS)

## Cost per call of regex.match and glob.match with constant (cached) patterns (`make bench`).
bench_programs += tests/bench/bench_regex
tests_bench_bench_regex_SOURCES = tests/bench/bench_regex.c
tests_bench_bench_regex_CFLAGS = -O2 $(AM_CFLAGS)
tests_bench_bench_regex_LDADD = $(STD_LIBS) $(REGEX_LIBS)

## Runs the conformance cases of these builtins through tests/unit/bi_call (development tool).
EXTRA_DIST += tests/unit/regex-xcheck.py
