## tests/conformance/local.mk: OPA's conformance cases, judged by the runner.
check_PROGRAMS += tests/conformance/runner
tests_conformance_runner_SOURCES = tests/conformance/runner.c
tests_conformance_runner_LDADD = $(RT_LIBS)
TESTS += tests/conformance/conformance.test
EXTRA_DIST += tests/conformance/run tests/conformance/conformance.test \
  tests/conformance/known-failures.txt
CLEANFILES += conformance-report.txt
