## stdlib/regex.mk: the regex and glob builtins, and the thin C++ wrapper over RE2 they match
## with (RE2: linear-time matching, the syntax family of Go's regexp). Included by the
## top-level Makefile.am after stdlib/local.mk.
stdlib_libregostd_a_SOURCES += stdlib/bi_regex.h stdlib/bi_regex.c stdlib/bi_regex_syntax.c \
  stdlib/bi_glob.c stdlib/re2_wrap.h stdlib/re2_wrap.cc
## -O2 first so that --enable-coverage's -O0 overrides it, as for the C sources.
stdlib_libregostd_a_CXXFLAGS = -O2 -Wall -Wextra $(SAN_CFLAGS) $(COV_CFLAGS) $(RE2_CFLAGS)
## What a program linking libregostd.a must add after it when it uses a regex or glob
## builtin (the compiler adds the same to a checker whose policy uses one).
REGEX_LIBS = $(RE2_LIBS) -lstdc++
## The builtin table refers to every builtin, so whatever links the table needs RE2 too.
STD_LIBS += $(REGEX_LIBS)
## strings.render_template (Go text/template, the subset policies use).
stdlib_libregostd_a_SOURCES += stdlib/bi_template_render.c
