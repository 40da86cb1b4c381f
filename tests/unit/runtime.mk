## tests/unit/runtime.mk: Check suites of the runtime core (values, arenas, UTF-8 and rt_buf,
## errors) and its benchmark, included by the top-level Makefile.am.
RT_UNIT_TESTS = tests/unit/check_value tests/unit/check_arena tests/unit/check_utf8 \
  tests/unit/check_error
check_PROGRAMS += $(RT_UNIT_TESTS)
TESTS += $(RT_UNIT_TESTS)
RT_CHECK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
RT_CHECK_LDADD = $(RT_LIBS) $(CHECK_LIBS)

tests_unit_check_value_SOURCES = tests/unit/check_value.c
tests_unit_check_value_CFLAGS = $(RT_CHECK_CFLAGS)
tests_unit_check_value_LDADD = $(RT_CHECK_LDADD)
tests_unit_check_arena_SOURCES = tests/unit/check_arena.c
tests_unit_check_arena_CFLAGS = $(RT_CHECK_CFLAGS)
tests_unit_check_arena_LDADD = $(RT_CHECK_LDADD)
tests_unit_check_utf8_SOURCES = tests/unit/check_utf8.c
tests_unit_check_utf8_CFLAGS = $(RT_CHECK_CFLAGS)
tests_unit_check_utf8_LDADD = $(RT_CHECK_LDADD)
tests_unit_check_error_SOURCES = tests/unit/check_error.c
tests_unit_check_error_CFLAGS = $(RT_CHECK_CFLAGS)
tests_unit_check_error_LDADD = $(RT_CHECK_LDADD)

## Line coverage of the runtime by its tests: tests/coverage.sh (see its header).
EXTRA_DIST += tests/coverage.sh

## Costs of hashing, comparing and looking up values, in ns per operation (`make bench`).
bench_programs += tests/bench/bench_value
tests_bench_bench_value_SOURCES = tests/bench/bench_value.c
tests_bench_bench_value_CFLAGS = -O2 $(AM_CFLAGS)
tests_bench_bench_value_LDADD = $(RT_LIBS)
