## compiler/frontend.mk: the front end (diagnostics, re2c lexer, Bison parser, AST) in
## libregoc.a, which the regoc program and the tests link.
##
## lexer.c, parser.c, parser.h and parser_lac.c are generated, never edited. They are sources
## of the library, so `make dist` ships them and a tarball builds without re2c or Bison; from a
## git checkout they are made in the build directory (a tarball has them in the source
## directory, where VPATH finds them up to date). parser_lac.c is the same grammar with Bison's
## lookahead correction, run only on files with errors, for exact messages (see parser_run).
noinst_LIBRARIES += compiler/libregoc.a
compiler_libregoc_a_SOURCES = compiler/ast.h compiler/diag.h compiler/lex.h compiler/parse.h \
  compiler/ast_dump.h compiler/ast.c compiler/diag.c compiler/parse.c compiler/ast_dump.c \
  compiler/lexer.c compiler/parser.c compiler/parser.h compiler/parser_lac.c
BUILT_SOURCES += compiler/parser.h
EXTRA_DIST += compiler/lexer.re compiler/parser.y compiler/AST-JSON.md

compiler/parser.c: compiler/parser.y
if HAVE_BISON
	$(AM_V_GEN)$(MKDIR_P) compiler && \
	  $(BISON) -Wall -l -d -o compiler/parser.c $(srcdir)/compiler/parser.y
else
	@echo "regoc: $(srcdir)/compiler/parser.y changed, and Bison is needed to rebuild $@" >&2
	@exit 1
endif

compiler/parser_lac.c: compiler/parser.y
if HAVE_BISON
	$(AM_V_GEN)$(MKDIR_P) compiler && \
	  $(BISON) -Wall -l -Dparse.lac=full -Dapi.prefix={lacyy} -o compiler/parser_lac.c \
	    $(srcdir)/compiler/parser.y
else
	@echo "regoc: $(srcdir)/compiler/parser.y changed, and Bison is needed to rebuild $@" >&2
	@exit 1
endif

## lexer.c includes parser.h (token codes): make sure it exists even when a target other than
## all or check is built (BUILT_SOURCES covers only those). Both object names, with and without
## per-target flags on the library.
compiler/libregoc_a-lexer.$(OBJEXT) compiler/lexer.$(OBJEXT): compiler/parser.h

compiler/parser.h: compiler/parser.c
	@if test ! -f $@ && test ! -f $(srcdir)/$@; then \
	  rm -f compiler/parser.c; $(MAKE) $(AM_MAKEFLAGS) compiler/parser.c; fi

compiler/lexer.c: compiler/lexer.re
if HAVE_RE2C
	$(AM_V_GEN)$(MKDIR_P) compiler && \
	  $(RE2C) -W -i -o compiler/lexer.c $(srcdir)/compiler/lexer.re
else
	@echo "regoc: $(srcdir)/compiler/lexer.re changed, and re2c is needed to rebuild $@" >&2
	@exit 1
endif

## The generated files stay in a distributed tree; only a maintainer removes them.
MAINTAINERCLEANFILES += compiler/lexer.c compiler/parser.c compiler/parser.h \
  compiler/parser_lac.c
