## runtime/json.mk: exact numbers and JSON in/out, added to libregort (runtime/local.mk
## defines the library and RT_LIBS with GMP and MPFR).
runtime_libregort_a_SOURCES += runtime/number.c runtime/json_read.c runtime/json_write.c
