## compiler/local.mk: the regoc program (CLI) and the middle and back end passes.
compiler_libregoc_a_SOURCES += compiler/compile.h compiler/ir.h compiler/ir.c \
  compiler/ruletree.c compiler/resolve.c compiler/safety.h compiler/safety.c \
  compiler/plan.c compiler/emit.h compiler/emit.c compiler/load.h compiler/load.c \
  compiler/driver.h compiler/driver.c compiler/capabilities.c
## Where an installed regoc finds the runtime, and what every checker links.
## --as-needed: a checker records a dependency only on the libraries its policy's builtins use
## (RE2 for regex and glob, libyaml for yaml.*).
REGOC_CHECKER_LIBS = -Wl,--as-needed $(RE2_LIBS) -lstdc++ $(YAML_LIBS) $(MPFR_LIBS) $(GMP_LIBS) -lm
## Checkers are compiled like the runtime they link: sanitizer flags when it has them, and
## statically where configure found that possible.
compiler_libregoc_a_CPPFLAGS = $(AM_CPPFLAGS) -DREGOC_INCLUDEDIR='"$(includedir)"' \
  -DREGOC_LIBDIR='"$(libdir)"' -DREGOC_CHECKER_LIBS='"$(REGOC_CHECKER_LIBS)"' \
  -DREGOC_CHECKER_CFLAGS='"-O2 $(SAN_CFLAGS)"' \
  -DREGOC_CHECKER_LDFLAGS='"$(SAN_LDFLAGS) $(COV_LDFLAGS) $(CHECKER_STATIC)"'
bin_PROGRAMS += regoc
regoc_SOURCES = compiler/main.c
regoc_LDADD = compiler/libregoc.a $(STD_LIBS) $(YAML_LIBS) $(OPENSSL_LIBS) $(CJSON_LIBS)
