## tests/unit/time.mk: build rules, included by the top-level Makefile.am.
