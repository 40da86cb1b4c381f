## tests/checker/local.mk: the generated checker's command line and buildx decisions, end to end.
TESTS += tests/checker/cli.test
EXTRA_DIST += tests/checker/cli.test
