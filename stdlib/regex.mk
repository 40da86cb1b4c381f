## stdlib/regex.mk: build rules, included by the top-level Makefile.am.
