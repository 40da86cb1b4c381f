## stdlib/time.mk: the time builtins (bi_time.c), Go's time layouts and durations
## (gotime.c) and the zoneinfo reader (tz.c), added to libregostd. bi_time.c reads
## timestamps through MPFR as OPA's big.Float does.
stdlib_libregostd_a_SOURCES += stdlib/bi_time.c stdlib/gotime.h stdlib/gotime.c \
  stdlib/tz.h stdlib/tz.c
stdlib_libregostd_a_CFLAGS += $(MPFR_CFLAGS)
