## stdlib/strings2.mk: strings.split_n and trace (stdlib/bi_strings2.c), included by the
## top-level Makefile.am.
stdlib_libregostd_a_SOURCES += stdlib/bi_strings2.c
