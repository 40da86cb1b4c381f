## runtime/local.mk: libregort, the runtime every checker links (values, numbers, strings,
## arenas, errors). JSON in/out is added by runtime/json.mk.
lib_LIBRARIES += runtime/libregort.a
runtime_libregort_a_SOURCES = runtime/rt.h runtime/rt_internal.h \
  runtime/arena.c runtime/error.c runtime/utf8.c runtime/value.c
## -O2 comes first so that --enable-coverage's -O0 (in AM_CFLAGS) can override it.
runtime_libregort_a_CFLAGS = -O2 $(AM_CFLAGS) $(GMP_CFLAGS) $(MPFR_CFLAGS)
include_HEADERS = runtime/rt.h
RT_LIBS = runtime/libregort.a $(MPFR_LIBS) $(GMP_LIBS) -lm
