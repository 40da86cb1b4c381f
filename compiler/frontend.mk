## compiler/frontend.mk: the front end (diagnostics, re2c lexer, Bison parser, AST) in
## libregoc.a, which the regoc program and the tests link.
noinst_LIBRARIES += compiler/libregoc.a
compiler_libregoc_a_SOURCES = compiler/ast.h compiler/diag.h
