## tests/unit/strings2.mk: build rules, included by the top-level Makefile.am.
