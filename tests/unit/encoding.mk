## tests/unit/encoding.mk: build rules, included by the top-level Makefile.am.
