## tests/docker/local.mk: the Docker examples and the spec's Policy A, end to end.
check_PROGRAMS += tests/docker/spec_check
tests_docker_spec_check_SOURCES = tests/docker/spec_check.c
tests_docker_spec_check_LDADD = $(RT_LIBS)
TESTS += tests/examples.test tests/docker/spec-policy-a.test
EXTRA_DIST += tests/examples.test tests/docker/spec-policy-a.test
