## tests/unit/encoding.mk: Check suites of the encoding, JSON/YAML, path, graph, bits, units,
## semver, uuid, rand and net builtins, and enc_call, which replays conformance cases for
## tests/unit/enc-xcheck.py (built with the checks, not run by them).

check_PROGRAMS += tests/unit/enc_call
EXTRA_DIST += tests/unit/enc-xcheck.py
tests_unit_enc_call_SOURCES = tests/unit/enc_call.c
tests_unit_enc_call_LDADD = $(STD_LIBS)
