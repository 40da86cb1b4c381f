/* ast_dump.h: prints syntax trees, as JSON (the stable form documented in AST-JSON.md, which
 * tests diff) or as compact Rego-like text for people (every operator written as the call it
 * is, so precedence shows).
 *
 * The printers recurse; they are safe on any tree the parser returned, because the parser
 * rejects trees deeper than ast_too_deep allows.
 */
#ifndef AST_DUMP_H
#define AST_DUMP_H

#include <stdio.h>

#include "ast.h"

void ast_dump_json(FILE *f, const ast_module *m);
void ast_dump_text(FILE *f, const ast_module *m);
/* A query (body) and a single term, in the same two forms. */
void ast_dump_body_json(FILE *f, const ast_body *b);
void ast_dump_body_text(FILE *f, const ast_body *b);
void ast_dump_term_json(FILE *f, const ast_term *t);
void ast_dump_term_text(FILE *f, const ast_term *t);

#endif /* AST_DUMP_H */
