## examples/local.mk: build rules for examples/, included by the top-level Makefile.am.
