## tests/golden/local.mk: golden end-to-end cases (policy, data, input, query; expected rows
## or diagnostics), one file per construct or error kind.
TESTS += tests/golden/run.test
EXTRA_DIST += tests/golden/run.test $(wildcard $(srcdir)/tests/golden/cases/*.case)
