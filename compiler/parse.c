/* parse.c: reads Rego files and runs the parser (parser.y) over modules, queries and terms.
 *
 * The text is copied into the arena with a NUL after it: the lexer needs that sentinel, the
 * tree's locations point into the copy, and diagnostics print source lines from it long after
 * the caller's buffer is gone.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lex.h"
#include "parse.h"
#include "rt.h"

static ast_file *new_file(const char *name, const char *text, size_t len) {
  ast_file *f = rt_alloc(sizeof *f);
  char *copy = rt_alloc(len + 1);
  if (len)
    memcpy(copy, text, len);
  copy[len] = '\0';
  f->name = rt_strndup(name, strlen(name));
  f->text = copy;
  f->len = len;
  return f;
}

ast_module *parse_file(const char *name, const char *text, size_t len) {
  ast_module *m = NULL;
  if (parser_run(new_file(name, text, len), LEX_MODULE, &m, NULL) > 0)
    return NULL;
  return m;
}

ast_module *parse_module(const char *name, const char *text, size_t len) {
  return parse_file(name, text, len);
}

ast_module *parse_path(const char *path) {
  bool in = strcmp(path, "-") == 0;
  FILE *fp = in ? stdin : fopen(path, "rb");
  char *buf = NULL;
  size_t len = 0, cap = 0;
  int err = 0;
  if (!fp) {
    err = errno;
  } else {
    for (;;) {
      if (len == cap) {
        cap = cap ? 2 * cap : 65536;
        char *b = realloc(buf, cap);
        if (!b) {
          err = ENOMEM;
          break;
        }
        buf = b;
      }
      size_t n = fread(buf + len, 1, cap - len, fp);
      len += n;
      if (n == 0) {
        if (ferror(fp))
          err = errno ? errno : EIO;
        break;
      }
    }
    if (!in)
      fclose(fp);
  }
  if (err) {
    free(buf);
    ast_file f = {path, NULL, 0};
    ast_loc loc = {&f, 0, 0, 0};
    diag_error(&loc, "rego_parse_error", "cannot read file: %s", strerror(err));
    return NULL;
  }
  ast_module *m = parse_file(path, buf ? buf : "", len);
  free(buf);
  return m;
}

ast_body *parse_query(const char *name, const char *text, size_t len) {
  ast_body *b = NULL;
  if (parser_run(new_file(name, text, len), LEX_QUERY, NULL, &b) > 0)
    return NULL;
  return b;
}

ast_term *parse_term(const char *name, const char *text, size_t len) {
  ast_body *b = NULL;
  const ast_file *f = new_file(name, text, len);
  if (parser_run(f, LEX_QUERY, NULL, &b) > 0)
    return NULL;
  ast_loc start = {f, 1, 1, 0};
  if (b->n != 1) {
    diag_error(b->n ? &b->exprs[1]->loc : &start, "rego_parse_error",
               "expected exactly one term but got %d expressions", b->n);
    return NULL;
  }
  const ast_expr *e = b->exprs[0];
  if (e->kind != AST_EXPR_TERM || e->negated || e->nwiths || e->term->kind == AST_CALL) {
    diag_error(&e->loc, "rego_parse_error", "expected term but got an expression");
    return NULL;
  }
  return e->term;
}
