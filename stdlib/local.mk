## stdlib/local.mk: libregostd, the builtins (one file per namespace) and the builtin table
## that the compiler, the checkers and the man page share. gen-table.py and gen-unicode.py
## regenerate the committed builtins.def and bi_unicode_tab.h; the build never runs them.
lib_LIBRARIES += stdlib/libregostd.a
stdlib_libregostd_a_SOURCES = stdlib/bi.h stdlib/builtins.def stdlib/bi_util.h \
  stdlib/bi_util.c stdlib/bi_table.c stdlib/bi_unicode.c stdlib/bi_unicode_tab.h \
  stdlib/bi_arith.c stdlib/bi_compare.c stdlib/bi_sets.c stdlib/bi_aggregates.c \
  stdlib/bi_types.c stdlib/bi_objects.c stdlib/bi_arrays.c stdlib/bi_numbers.c \
  stdlib/bi_member.c stdlib/bi_strings.c stdlib/bi_sprintf.c stdlib/bi_casts.c \
  stdlib/bi_print.c stdlib/bi_template.c
## -O2 first so that --enable-coverage's -O0 (in AM_CFLAGS) overrides it.
stdlib_libregostd_a_CFLAGS = -O2 $(AM_CFLAGS) $(GMP_CFLAGS)
include_HEADERS += stdlib/bi.h stdlib/builtins.def
EXTRA_DIST += stdlib/gen-table.py stdlib/gen-unicode.py
STD_LIBS = stdlib/libregostd.a $(RT_LIBS)
