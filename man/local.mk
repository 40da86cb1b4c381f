## man/local.mk: the manual pages, included by the top-level Makefile.am.
##   regoc.1            the compiler's command line (written by hand)
##   regoc-checker.1    the command line of every generated checker (written by hand)
##   regoc-builtins.7   every builtin of stdlib/builtins.def, generated at build time by
##                      man/gen-builtins.sh (POSIX sh and awk) into the build tree, so that
##                      it follows the table and a read-only source tree (distcheck) is fine
## tests/man.test renders them with groff -ww and checks them against the code.
dist_man_MANS = man/regoc.1 man/regoc-checker.1
nodist_man_MANS = man/regoc-builtins.7
CLEANFILES += man/regoc-builtins.7
EXTRA_DIST += man/gen-builtins.sh tests/man.test
TESTS += tests/man.test

man/regoc-builtins.7: $(srcdir)/man/gen-builtins.sh $(srcdir)/stdlib/builtins.def
	@$(MKDIR_P) man
	$(AM_V_GEN)$(SHELL) $(srcdir)/man/gen-builtins.sh $(srcdir)/stdlib/builtins.def \
	  $(PACKAGE_VERSION) >$@.tmp && mv $@.tmp $@
