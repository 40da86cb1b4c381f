## tests/parse/local.mk: the front end's tests, included by the top-level Makefile.am.
##   conformance  every module, query and input term of OPA's v1 conformance cases parses
##   bad.test     malformed modules give their expected diagnostics (bad/*.expected)
##   good.test    golden syntax trees (good/*.json, good/*.txt) and inputs at the limits
##   cli.test     the regoc parse / version command lines
##   check_parse  Check suite of the parse API and the shape of the trees
check_PROGRAMS += tests/parse/conformance tests/parse/check_parse
tests_parse_conformance_SOURCES = tests/parse/conformance.c
tests_parse_conformance_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS)
tests_parse_conformance_LDADD = compiler/libregoc.a $(RT_LIBS) $(CJSON_LIBS)
tests_parse_check_parse_SOURCES = tests/parse/check_parse.c
tests_parse_check_parse_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_parse_check_parse_LDADD = compiler/libregoc.a $(RT_LIBS) $(CHECK_LIBS)
TESTS += tests/parse/conformance tests/parse/check_parse tests/parse/bad.test \
  tests/parse/good.test tests/parse/cli.test
EXTRA_DIST += tests/parse/bad.test tests/parse/good.test tests/parse/cli.test \
  tests/parse/bad tests/parse/good

## Parse speed on a large generated policy (`make bench`).
bench_programs += tests/bench/bench_parse
tests_bench_bench_parse_SOURCES = tests/bench/bench_parse.c
tests_bench_bench_parse_CFLAGS = -O2 $(AM_CFLAGS)
tests_bench_bench_parse_LDADD = compiler/libregoc.a $(RT_LIBS)
