## tests/unit/json.mk: Check suites of numbers (runtime/number.c) and JSON in/out
## (runtime/json_read.c, runtime/json_write.c), and the JSON benchmark.
JSON_UNIT_TESTS = tests/unit/check_number tests/unit/check_json
check_PROGRAMS += $(JSON_UNIT_TESTS)
TESTS += $(JSON_UNIT_TESTS)

tests_unit_check_number_SOURCES = tests/unit/check_number.c
tests_unit_check_number_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_number_LDADD = $(RT_LIBS) $(CHECK_LIBS)
tests_unit_check_json_SOURCES = tests/unit/check_json.c
tests_unit_check_json_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_json_LDADD = $(RT_LIBS) $(CHECK_LIBS)

## Parse and write MB/s on the Docker inputs and on a large document (`make bench`).
bench_programs += tests/bench/bench_json
tests_bench_bench_json_SOURCES = tests/bench/bench_json.c
tests_bench_bench_json_CFLAGS = -O2 $(AM_CFLAGS)
tests_bench_bench_json_LDADD = $(RT_LIBS)
