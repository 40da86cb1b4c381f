## compiler/local.mk: the regoc program (CLI) and the middle and back end passes.
bin_PROGRAMS += regoc
regoc_SOURCES = compiler/main.c
regoc_LDADD = compiler/libregoc.a $(RT_LIBS)
