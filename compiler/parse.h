/* parse.h: the front end's entry points: Rego text (a module, a query or a term) in, syntax
 * tree out.
 *
 * Trees live in the current arena (rt_arena_use), errors go through diag.h; every function
 * returns NULL when it reported an error, so callers test the result, not diag_count().
 */
#ifndef PARSE_H
#define PARSE_H

#include <stddef.h>

#include "ast.h"

/* A policy module. name is what diagnostics call the file; text need not end in NUL (it is
 * copied into the arena, where the tree's locations point). */
ast_module *parse_file(const char *name, const char *text, size_t len);
/* The same, under the name the compiler driver uses. */
ast_module *parse_module(const char *name, const char *text, size_t len);
/* The module in the file at path, "-" for standard input (an error naming the file if it
 * cannot be read). */
ast_module *parse_path(const char *path);
/* A query: a body, as `opa eval` takes it ("data.x.p = y; z := 1"), newlines or semicolons
 * between expressions. An empty query is an empty body. */
ast_body *parse_query(const char *name, const char *text, size_t len);
/* One term, as OPA's ParseTerm reads it (an input document written in Rego: sets, set(),
 * trailing commas): a single expression that is a plain term, not a call. */
ast_term *parse_term(const char *name, const char *text, size_t len);

#endif /* PARSE_H */
