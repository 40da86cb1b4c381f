## tests/unit/stdlib.mk: Check suites of the builtins (stdlib/) and their benchmark,
## included by the top-level Makefile.am.
BI_UNIT_TESTS = tests/unit/check_builtins_core tests/unit/check_builtins_strings \
  tests/unit/check_builtins_sprintf tests/unit/check_builtins_print \
  tests/unit/check_builtins_table
check_PROGRAMS += $(BI_UNIT_TESTS)
TESTS += $(BI_UNIT_TESTS)
BI_CHECK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
BI_CHECK_LDADD = $(STD_LIBS) $(CHECK_LIBS)
EXTRA_DIST += tests/unit/bi_check.h

tests_unit_check_builtins_core_SOURCES = tests/unit/check_builtins_core.c tests/unit/bi_check.h
tests_unit_check_builtins_core_CFLAGS = $(BI_CHECK_CFLAGS)
tests_unit_check_builtins_core_LDADD = $(BI_CHECK_LDADD)
tests_unit_check_builtins_strings_SOURCES = tests/unit/check_builtins_strings.c \
  tests/unit/bi_check.h
tests_unit_check_builtins_strings_CFLAGS = $(BI_CHECK_CFLAGS)
tests_unit_check_builtins_strings_LDADD = $(BI_CHECK_LDADD)
tests_unit_check_builtins_sprintf_SOURCES = tests/unit/check_builtins_sprintf.c \
  tests/unit/bi_check.h
tests_unit_check_builtins_sprintf_CFLAGS = $(BI_CHECK_CFLAGS)
tests_unit_check_builtins_sprintf_LDADD = $(BI_CHECK_LDADD)
tests_unit_check_builtins_print_SOURCES = tests/unit/check_builtins_print.c tests/unit/bi_check.h
tests_unit_check_builtins_print_CFLAGS = $(BI_CHECK_CFLAGS)
tests_unit_check_builtins_print_LDADD = $(BI_CHECK_LDADD)

## Cost per call of the builtins the Docker policies use most (`make bench`).
bench_programs += tests/bench/bench_builtins
tests_bench_bench_builtins_SOURCES = tests/bench/bench_builtins.c
tests_bench_bench_builtins_CFLAGS = -O2 $(AM_CFLAGS)
tests_bench_bench_builtins_LDADD = $(STD_LIBS)

## Calls builtins by name for tests/unit/bi-xcheck.py; built with the checks, not run by them.
check_PROGRAMS += tests/unit/bi_call
EXTRA_DIST += tests/unit/bi-xcheck.py
tests_unit_bi_call_SOURCES = tests/unit/bi_call.c
tests_unit_bi_call_LDADD = $(STD_LIBS)
tests_unit_check_builtins_table_SOURCES = tests/unit/check_builtins_table.c tests/unit/bi_check.h
tests_unit_check_builtins_table_CFLAGS = $(BI_CHECK_CFLAGS)
tests_unit_check_builtins_table_LDADD = $(BI_CHECK_LDADD)
