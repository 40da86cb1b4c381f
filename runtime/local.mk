## runtime/local.mk: libregort, the runtime every checker links (values, numbers, strings,
## arenas, errors). JSON in/out is added by runtime/json.mk.
lib_LIBRARIES += runtime/libregort.a
runtime_libregort_a_SOURCES = runtime/rt.h
runtime_libregort_a_CFLAGS = $(AM_CFLAGS) -O2 $(GMP_CFLAGS) $(MPFR_CFLAGS)
include_HEADERS = runtime/rt.h
RT_LIBS = runtime/libregort.a $(MPFR_LIBS) $(GMP_LIBS) -lm
