/* diag.h: the one place every compiler phase reports errors through.
 *
 * A diagnostic prints as OPA-style "FILE:LINE:COL: CODE: MESSAGE", then the source line and a
 * caret under the column, on stderr (or into a buffer for tests). Codes are OPA's:
 * rego_parse_error, rego_unsafe_var_error, rego_recursion_error, rego_type_error,
 * rego_compile_error. The driver stops after a phase that reported errors and exits 2.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"

/* Reports an error at loc (loc may be NULL for errors without a position). */
void diag_error(const ast_loc *loc, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Number of errors reported since the last diag_reset. */
int diag_count(void);
void diag_reset(void);
/* Where diagnostics go (default stderr). */
void diag_set_stream(FILE *f);
/* Errors after this many in one run are counted but not printed (default 100). */
void diag_set_limit(int max_printed);
/* Added by the front end, which parses fast first and again with exact messages only when that
 * found an error: diag_mute(true) makes errors silent and uncounted; diag_mute(false) ends that
 * and returns how many errors came meanwhile. */
int diag_mute(bool on);

#endif /* DIAG_H */
