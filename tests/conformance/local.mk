## tests/conformance/local.mk: build rules, included by the top-level Makefile.am.
