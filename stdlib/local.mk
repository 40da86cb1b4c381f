## stdlib/local.mk: build rules for stdlib/, included by the top-level Makefile.am.
