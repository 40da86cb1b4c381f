## tests/unit/time.mk: the Check suite of the time builtins (stdlib/bi_time.c, gotime.c,
## tz.c). tests/unit/time-xcheck.py, a development tool, compares every zone's answers
## with Python's zoneinfo through tests/unit/bi_call.
check_PROGRAMS += tests/unit/check_builtins_time
TESTS += tests/unit/check_builtins_time
EXTRA_DIST += tests/unit/time-xcheck.py
tests_unit_check_builtins_time_SOURCES = tests/unit/check_builtins_time.c tests/unit/bi_check.h
tests_unit_check_builtins_time_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_builtins_time_LDADD = $(STD_LIBS) $(CHECK_LIBS)
