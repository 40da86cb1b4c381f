## tests/unit/strings2.mk: the Check suite of strings.split_n, trace and format_int on big
## numbers (tests/unit/check_builtins_strings2.c), included by the top-level Makefile.am.
check_PROGRAMS += tests/unit/check_builtins_strings2
TESTS += tests/unit/check_builtins_strings2
tests_unit_check_builtins_strings2_SOURCES = tests/unit/check_builtins_strings2.c \
  tests/unit/bi_check.h
tests_unit_check_builtins_strings2_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_builtins_strings2_LDADD = $(STD_LIBS) $(CHECK_LIBS)
