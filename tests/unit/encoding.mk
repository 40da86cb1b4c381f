## tests/unit/encoding.mk: Check suites of the encoding, JSON/YAML, path, graph, bits, units,
## semver, uuid, rand and net builtins, and enc_call, which replays conformance cases for
## tests/unit/enc-xcheck.py (built with the checks, not run by them).
ENC_UNIT_TESTS = tests/unit/check_builtins_encoding tests/unit/check_builtins_json \
  tests/unit/check_builtins_graph tests/unit/check_builtins_bits tests/unit/check_builtins_net \
  tests/unit/check_builtins_uuid
check_PROGRAMS += $(ENC_UNIT_TESTS)
TESTS += $(ENC_UNIT_TESTS)
ENC_CHECK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
ENC_CHECK_LDADD = $(STD_LIBS) $(CHECK_LIBS)

tests_unit_check_builtins_encoding_SOURCES = tests/unit/check_builtins_encoding.c \
  tests/unit/bi_check.h
tests_unit_check_builtins_encoding_CFLAGS = $(ENC_CHECK_CFLAGS)
tests_unit_check_builtins_encoding_LDADD = $(ENC_CHECK_LDADD)
tests_unit_check_builtins_json_SOURCES = tests/unit/check_builtins_json.c tests/unit/bi_check.h
tests_unit_check_builtins_json_CFLAGS = $(ENC_CHECK_CFLAGS)
tests_unit_check_builtins_json_LDADD = $(ENC_CHECK_LDADD)
tests_unit_check_builtins_graph_SOURCES = tests/unit/check_builtins_graph.c tests/unit/bi_check.h
tests_unit_check_builtins_graph_CFLAGS = $(ENC_CHECK_CFLAGS)
tests_unit_check_builtins_graph_LDADD = $(ENC_CHECK_LDADD)
tests_unit_check_builtins_bits_SOURCES = tests/unit/check_builtins_bits.c tests/unit/bi_check.h
tests_unit_check_builtins_bits_CFLAGS = $(ENC_CHECK_CFLAGS)
tests_unit_check_builtins_bits_LDADD = $(ENC_CHECK_LDADD)
tests_unit_check_builtins_net_SOURCES = tests/unit/check_builtins_net.c tests/unit/bi_check.h
tests_unit_check_builtins_net_CFLAGS = $(ENC_CHECK_CFLAGS)
tests_unit_check_builtins_net_LDADD = $(ENC_CHECK_LDADD)
tests_unit_check_builtins_uuid_SOURCES = tests/unit/check_builtins_uuid.c tests/unit/bi_check.h
tests_unit_check_builtins_uuid_CFLAGS = $(ENC_CHECK_CFLAGS)
tests_unit_check_builtins_uuid_LDADD = $(ENC_CHECK_LDADD)

check_PROGRAMS += tests/unit/enc_call
EXTRA_DIST += tests/unit/enc-xcheck.py
tests_unit_enc_call_SOURCES = tests/unit/enc_call.c
tests_unit_enc_call_LDADD = $(STD_LIBS)
