## tests/local.mk: shared test settings. Each test family has its own fragment.
