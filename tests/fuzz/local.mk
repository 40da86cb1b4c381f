## tests/fuzz/local.mk: the libFuzzer target of the front end, built only by `make fuzz` (never
## by `make all`; it needs clang). See tests/fuzz/README.md for running it.
CLANG = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -fno-omit-frame-pointer
FUZZ_SRCS = tests/fuzz/fuzz_parse.c tests/fuzz/fuzz_arena.c compiler/ast.c compiler/diag.c \
  compiler/parse.c compiler/ast_dump.c compiler/lexer.c compiler/parser.c compiler/parser_lac.c

tests/fuzz/fuzz_parse: $(FUZZ_SRCS) | compiler/parser.h
	$(AM_V_CC)$(MKDIR_P) tests/fuzz && \
	  $(CLANG) -std=gnu11 $(FUZZ_CFLAGS) -I$(top_srcdir)/runtime -I$(top_srcdir)/compiler \
	    -Icompiler -o $@ $^

## The seed corpus: every module, query and term of the conformance cases, and the modules of
## the parse tests.
tests/fuzz/corpus: tests/parse/conformance$(EXEEXT)
	$(AM_V_GEN)rm -rf $@ && $(MKDIR_P) $@ && \
	  { SHARED_DIR='$(abs_top_srcdir)/../shared' tests/parse/conformance --corpus $@ > /dev/null \
	    || test $$? = 77; } && \
	  cp $(srcdir)/tests/parse/good/*.rego $(srcdir)/tests/parse/bad/*.rego $@/

fuzz: tests/fuzz/fuzz_parse tests/fuzz/corpus

.PHONY: fuzz
CLEANFILES += tests/fuzz/fuzz_parse
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/corpus
.PHONY: clean-fuzz
EXTRA_DIST += tests/fuzz/README.md tests/fuzz/fuzz_parse.c tests/fuzz/fuzz_arena.c \
  tests/fuzz/rego.dict
