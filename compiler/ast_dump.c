/* ast_dump.c: the JSON and text forms of a syntax tree (see ast_dump.h and AST-JSON.md).
 *
 * JSON: statements, rules and expressions are indented one field per line; terms are written
 * on one line each, so that a golden file reads like the policy and diffs stay small. Keys come
 * in a fixed order and optional keys (negated, with, else, annotation) appear only when set.
 * Text: Rego syntax where it is unambiguous, calls where Rego would rely on precedence.
 */
#include <string.h>

#include "ast_dump.h"

/* ---- JSON ---------------------------------------------------------------------------------- */

static void json_string(FILE *f, const char *s, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (c < 0x20 || c == 0x7f)
        fprintf(f, "\\u%04x", c);
      else
        fputc(c, f);
    }
  }
  fputc('"', f);
}

static void json_loc(FILE *f, const ast_loc *l) {
  fprintf(f, "\"%d:%d\"", l->line, l->col);
}

static void indent(FILE *f, int n) {
  for (int i = 0; i < n; i++)
    fputs("  ", f);
}

static void term_json(FILE *f, const ast_term *t);
static void body_json(FILE *f, const ast_body *b, int ind);

static void terms_json(FILE *f, ast_term *const *v, int from, int n) {
  fputc('[', f);
  for (int i = from; i < n; i++) {
    if (i > from)
      fputs(", ", f);
    term_json(f, v[i]);
  }
  fputc(']', f);
}

static const char *const type_names[] = {
    [AST_NULL] = "null",
    [AST_BOOLEAN] = "boolean",
    [AST_NUMBER] = "number",
    [AST_STRING] = "string",
    [AST_VAR] = "var",
    [AST_REF] = "ref",
    [AST_ARRAY] = "array",
    [AST_SET] = "set",
    [AST_OBJECT] = "object",
    [AST_CALL] = "call",
    [AST_ARRAY_COMPR] = "arraycomprehension",
    [AST_SET_COMPR] = "setcomprehension",
    [AST_OBJECT_COMPR] = "objectcomprehension",
    [AST_TEMPLATE] = "templatestring",
};

static void with_json(FILE *f, const ast_with *w, int n, int ind) {
  fputs("[", f);
  for (int i = 0; i < n; i++) {
    fputs(i ? ",\n" : "\n", f);
    indent(f, ind + 1);
    fputs("{\"loc\": ", f);
    json_loc(f, &w[i].loc);
    fputs(", \"target\": ", f);
    term_json(f, w[i].target);
    fputs(", \"value\": ", f);
    term_json(f, w[i].value);
    fputs("}", f);
  }
  fputs("\n", f);
  indent(f, ind);
  fputs("]", f);
}

static void term_json(FILE *f, const ast_term *t) {
  fprintf(f, "{\"type\": \"%s\", ", type_names[t->kind]);
  switch (t->kind) {
  case AST_NULL:
    break;
  case AST_BOOLEAN:
    fprintf(f, "\"value\": %s, ", t->b ? "true" : "false");
    break;
  case AST_NUMBER:
  case AST_STRING:
  case AST_VAR:
    fputs("\"value\": ", f);
    json_string(f, t->text, t->len);
    fputs(", ", f);
    if (t->kind == AST_STRING && t->raw)
      fputs("\"raw\": true, ", f);
    break;
  case AST_REF:
  case AST_ARRAY:
  case AST_SET:
  case AST_CALL:
    fputs("\"value\": ", f);
    terms_json(f, t->items, 0, t->n);
    fputs(", ", f);
    break;
  case AST_TEMPLATE:
    fputs("\"value\": [", f);
    for (int i = 0; i < t->n; i++) {
      if (i)
        fputs(", ", f);
      if (i % 2 && t->exprs && t->exprs[i] && t->exprs[i]->nwiths) {
        /* an embedded expression with modifiers: the term and its with list */
        fputs("{\"type\": \"expr\", \"term\": ", f);
        term_json(f, t->items[i]);
        fputs(", \"with\": ", f);
        with_json(f, t->exprs[i]->withs, t->exprs[i]->nwiths, 0);
        fputs("}", f);
      } else {
        term_json(f, t->items[i]);
      }
    }
    fputs("], ", f);
    if (t->raw)
      fputs("\"raw\": true, ", f);
    break;
  case AST_OBJECT:
    fputs("\"value\": [", f);
    for (int i = 0; i < t->n; i++) {
      fputs(i ? ", [" : "[", f);
      term_json(f, t->keys[i]);
      fputs(", ", f);
      term_json(f, t->items[i]);
      fputs("]", f);
    }
    fputs("], ", f);
    break;
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    fputs("\"value\": {", f);
    if (t->key) {
      fputs("\"key\": ", f);
      term_json(f, t->key);
      fputs(", ", f);
    }
    fputs(t->key ? "\"value\": " : "\"term\": ", f);
    term_json(f, t->head);
    fputs(", \"body\": ", f);
    body_json(f, t->body, -1);
    fputs("}, ", f);
    break;
  }
  fputs("\"loc\": ", f);
  json_loc(f, &t->loc);
  fputc('}', f);
}

static const char *const expr_kinds[] = {
    [AST_EXPR_TERM] = "term",  [AST_EXPR_SOME] = "some", [AST_EXPR_SOME_IN] = "some_in",
    [AST_EXPR_EVERY] = "every", [AST_EXPR_AND] = "and",  [AST_EXPR_OR] = "or",
    [AST_EXPR_BODY] = "body",
};

/* A field separator: newline and indentation, or a space when printing on one line (ind < 0). */
static void sep(FILE *f, int ind) {
  if (ind < 0) {
    fputs(", ", f);
  } else {
    fputs(",\n", f);
    indent(f, ind);
  }
}

static void opt_term(FILE *f, const ast_term *t) {
  if (t)
    term_json(f, t);
  else
    fputs("null", f);
}

static void expr_json(FILE *f, const ast_expr *e, int ind) {
  int in = ind < 0 ? -1 : ind + 1;
  fputs("{", f);
  if (in >= 0) {
    fputs("\n", f);
    indent(f, in);
  }
  fputs("\"loc\": ", f);
  json_loc(f, &e->loc);
  sep(f, in);
  fprintf(f, "\"kind\": \"%s\"", expr_kinds[e->kind]);
  if (e->negated) {
    sep(f, in);
    fputs("\"negated\": true", f);
  }
  switch (e->kind) {
  case AST_EXPR_TERM:
    sep(f, in);
    fputs("\"term\": ", f);
    term_json(f, e->term);
    break;
  case AST_EXPR_SOME:
    sep(f, in);
    fputs("\"vars\": ", f);
    terms_json(f, e->vars, 0, e->nvars);
    break;
  case AST_EXPR_SOME_IN:
  case AST_EXPR_EVERY:
    sep(f, in);
    fputs("\"key\": ", f);
    opt_term(f, e->key);
    sep(f, in);
    fputs("\"value\": ", f);
    term_json(f, e->value);
    sep(f, in);
    fputs("\"domain\": ", f);
    term_json(f, e->domain);
    if (e->kind == AST_EXPR_EVERY) {
      sep(f, in);
      fputs("\"body\": ", f);
      body_json(f, e->body, in);
    }
    break;
  case AST_EXPR_AND:
  case AST_EXPR_OR:
    sep(f, in);
    fputs("\"lhs\": ", f);
    expr_json(f, e->lhs, in);
    sep(f, in);
    fputs("\"rhs\": ", f);
    expr_json(f, e->rhs, in);
    break;
  case AST_EXPR_BODY:
    sep(f, in);
    fputs("\"body\": ", f);
    body_json(f, e->body, in);
    break;
  }
  if (e->nwiths) {
    sep(f, in);
    fputs("\"with\": ", f);
    with_json(f, e->withs, e->nwiths, in < 0 ? 0 : in);
  }
  if (in >= 0) {
    fputs("\n", f);
    indent(f, ind);
  }
  fputs("}", f);
}

/* A body: one expression per line at indentation ind, or on one line inside a term (ind < 0). */
static void body_json(FILE *f, const ast_body *b, int ind) {
  if (!b) {
    fputs("null", f);
    return;
  }
  fputs("[", f);
  for (int i = 0; i < b->n; i++) {
    if (ind < 0) {
      if (i)
        fputs(", ", f);
    } else {
      fputs(i ? ",\n" : "\n", f);
      indent(f, ind + 1);
    }
    expr_json(f, b->exprs[i], ind < 0 ? -1 : ind + 1);
  }
  if (ind >= 0 && b->n) {
    fputs("\n", f);
    indent(f, ind);
  }
  fputs("]", f);
}

static void annotation_json(FILE *f, const ast_annotation *a) {
  fputs("{\"loc\": ", f);
  json_loc(f, &a->loc);
  fputs(", \"text\": ", f);
  json_string(f, a->text, a->len);
  fputs("}", f);
}

static const char *const rule_kinds[] = {
    [AST_RULE_COMPLETE] = "complete",
    [AST_RULE_CONTAINS] = "contains",
    [AST_RULE_FUNCTION] = "function",
};

static void rule_json(FILE *f, const ast_rule *r, int ind) {
  int in = ind + 1;
  fputs("{\n", f);
  indent(f, in);
  fputs("\"loc\": ", f);
  json_loc(f, &r->loc);
  sep(f, in);
  fprintf(f, "\"kind\": \"%s\"", rule_kinds[r->kind]);
  sep(f, in);
  fprintf(f, "\"default\": %s", r->is_default ? "true" : "false");
  sep(f, in);
  fprintf(f, "\"assign\": %s", r->assign ? "true" : "false");
  sep(f, in);
  fputs("\"head\": ", f);
  term_json(f, r->head);
  if (r->kind == AST_RULE_FUNCTION) {
    sep(f, in);
    fputs("\"args\": ", f);
    terms_json(f, r->args, 0, r->nargs);
  }
  if (r->kind == AST_RULE_CONTAINS) {
    sep(f, in);
    fputs("\"key\": ", f);
    opt_term(f, r->key);
  } else {
    sep(f, in);
    fputs("\"value\": ", f);
    opt_term(f, r->value);
  }
  sep(f, in);
  fputs("\"body\": ", f);
  body_json(f, r->body, in);
  if (r->els) {
    sep(f, in);
    fputs("\"else\": ", f);
    rule_json(f, r->els, in);
  }
  if (r->annotation) {
    sep(f, in);
    fputs("\"annotation\": ", f);
    annotation_json(f, r->annotation);
  }
  fputs("\n", f);
  indent(f, ind);
  fputs("}", f);
}

void ast_dump_json(FILE *f, const ast_module *m) {
  fputs("{\n  \"file\": ", f);
  json_string(f, m->file->name, strlen(m->file->name));
  fputs(",\n  \"package\": {\"loc\": ", f);
  json_loc(f, &m->loc);
  fputs(", \"path\": ", f);
  opt_term(f, m->package);
  if (m->package_annotation) {
    fputs(", \"annotation\": ", f);
    annotation_json(f, m->package_annotation);
  }
  fputs("},\n  \"imports\": [", f);
  for (int i = 0; i < m->nimports; i++) {
    const ast_import *im = &m->imports[i];
    fputs(i ? ",\n    " : "\n    ", f);
    fputs("{\"loc\": ", f);
    json_loc(f, &im->loc);
    fputs(", \"path\": ", f);
    term_json(f, im->path);
    if (im->alias) {
      fputs(", \"alias\": ", f);
      json_string(f, im->alias, strlen(im->alias));
    }
    fputs("}", f);
  }
  fputs(m->nimports ? "\n  ],\n  \"rules\": [" : "],\n  \"rules\": [", f);
  for (int i = 0; i < m->nrules; i++) {
    fputs(i ? ",\n    " : "\n    ", f);
    rule_json(f, m->rules[i], 2);
  }
  fputs(m->nrules ? "\n  ],\n  \"annotations\": [" : "],\n  \"annotations\": [", f);
  for (int i = 0; i < m->nannotations; i++) {
    fputs(i ? ",\n    " : "\n    ", f);
    annotation_json(f, &m->annotations[i]);
  }
  fputs(m->nannotations ? "\n  ]\n}\n" : "]\n}\n", f);
}

void ast_dump_body_json(FILE *f, const ast_body *b) {
  body_json(f, b, 0);
  fputc('\n', f);
}

void ast_dump_term_json(FILE *f, const ast_term *t) {
  term_json(f, t);
  fputc('\n', f);
}

/* ---- text ---------------------------------------------------------------------------------- */

static void term_text(FILE *f, const ast_term *t);
static void body_inline(FILE *f, const ast_body *b);

static bool is_ident(const char *s, size_t n) {
  if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
    return false;
  for (size_t i = 1; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
          (s[i] >= '0' && s[i] <= '9')))
      return false;
  return true;
}

static void terms_text(FILE *f, ast_term *const *v, int from, int n) {
  for (int i = from; i < n; i++) {
    if (i > from)
      fputs(", ", f);
    term_text(f, v[i]);
  }
}

static void expr_text(FILE *f, const ast_expr *e);

static void term_text(FILE *f, const ast_term *t) {
  switch (t->kind) {
  case AST_NULL:
    fputs("null", f);
    break;
  case AST_BOOLEAN:
    fputs(t->b ? "true" : "false", f);
    break;
  case AST_NUMBER:
  case AST_VAR:
    fwrite(t->text, 1, t->len, f);
    break;
  case AST_STRING:
    json_string(f, t->text, t->len);
    break;
  case AST_REF:
    term_text(f, t->items[0]);
    for (int i = 1; i < t->n; i++) {
      const ast_term *k = t->items[i];
      if (k->kind == AST_STRING && is_ident(k->text, k->len)) {
        fputc('.', f);
        fwrite(k->text, 1, k->len, f);
      } else {
        fputc('[', f);
        term_text(f, k);
        fputc(']', f);
      }
    }
    break;
  case AST_ARRAY:
    fputc('[', f);
    terms_text(f, t->items, 0, t->n);
    fputc(']', f);
    break;
  case AST_SET:
    if (t->n == 0) {
      fputs("set()", f);
    } else {
      fputc('{', f);
      terms_text(f, t->items, 0, t->n);
      fputc('}', f);
    }
    break;
  case AST_OBJECT:
    fputc('{', f);
    for (int i = 0; i < t->n; i++) {
      if (i)
        fputs(", ", f);
      term_text(f, t->keys[i]);
      fputs(": ", f);
      term_text(f, t->items[i]);
    }
    fputc('}', f);
    break;
  case AST_CALL:
    term_text(f, t->items[0]);
    fputc('(', f);
    terms_text(f, t->items, 1, t->n);
    fputc(')', f);
    break;
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    fputc(t->kind == AST_ARRAY_COMPR ? '[' : '{', f);
    if (t->key) {
      term_text(f, t->key);
      fputs(": ", f);
    }
    term_text(f, t->head);
    fputs(" | ", f);
    body_inline(f, t->body);
    fputc(t->kind == AST_ARRAY_COMPR ? ']' : '}', f);
    break;
  case AST_TEMPLATE:
    fputs(t->raw ? "$`" : "$\"", f);
    for (int i = 0; i < t->n; i++) {
      if (i % 2) {
        fputc('{', f);
        if (t->exprs && t->exprs[i])
          expr_text(f, t->exprs[i]);
        else
          term_text(f, t->items[i]);
        fputc('}', f);
        continue;
      }
      /* string parts: escape what would end or interrupt them */
      for (size_t k = 0; k < t->items[i]->len; k++) {
        char c = t->items[i]->text[k];
        if (c == '{')
          fputs("\\{", f);
        else if (!t->raw && (c == '"' || c == '\\'))
          fprintf(f, "\\%c", c);
        else if (!t->raw && c == '\n')
          fputs("\\n", f);
        else
          fputc(c, f);
      }
    }
    fputc(t->raw ? '`' : '"', f);
    break;
  }
}

static void withs_text(FILE *f, const ast_expr *e) {
  for (int i = 0; i < e->nwiths; i++) {
    fputs(" with ", f);
    term_text(f, e->withs[i].target);
    fputs(" as ", f);
    term_text(f, e->withs[i].value);
  }
}

static void body_block(FILE *f, const ast_body *b, int ind);

static void expr_text_ind(FILE *f, const ast_expr *e, int ind) {
  if (e->negated)
    fputs("not ", f);
  switch (e->kind) {
  case AST_EXPR_AND:
  case AST_EXPR_OR:
    /* always parenthesised, so that the grouping shows */
    fputc('(', f);
    expr_text_ind(f, e->lhs, ind);
    fputs(e->kind == AST_EXPR_AND ? " and " : " or ", f);
    expr_text_ind(f, e->rhs, ind);
    fputc(')', f);
    break;
  case AST_EXPR_BODY:
    fputs("{", f);
    body_inline(f, e->body);
    fputs("}", f);
    break;
  case AST_EXPR_TERM:
    term_text(f, e->term);
    break;
  case AST_EXPR_SOME:
    fputs("some ", f);
    terms_text(f, e->vars, 0, e->nvars);
    break;
  case AST_EXPR_SOME_IN:
  case AST_EXPR_EVERY:
    fputs(e->kind == AST_EXPR_SOME_IN ? "some " : "every ", f);
    if (e->key) {
      term_text(f, e->key);
      fputs(", ", f);
    }
    term_text(f, e->value);
    fputs(" in ", f);
    term_text(f, e->domain);
    if (e->kind == AST_EXPR_EVERY) {
      fputc(' ', f);
      if (ind < 0) {
        fputs("{", f);
        body_inline(f, e->body);
        fputs("}", f);
      } else {
        body_block(f, e->body, ind);
      }
    }
    break;
  }
  withs_text(f, e);
}

static void expr_text(FILE *f, const ast_expr *e) {
  expr_text_ind(f, e, -1);
}

static void body_inline(FILE *f, const ast_body *b) {
  for (int i = 0; i < b->n; i++) {
    if (i)
      fputs("; ", f);
    expr_text(f, b->exprs[i]);
  }
}

static void body_block(FILE *f, const ast_body *b, int ind) {
  fputs("{\n", f);
  for (int i = 0; i < b->n; i++) {
    indent(f, ind + 1);
    expr_text_ind(f, b->exprs[i], ind + 1);
    fputc('\n', f);
  }
  indent(f, ind);
  fputc('}', f);
}

static void rule_text(FILE *f, const ast_rule *r) {
  if (r->is_default)
    fputs("default ", f);
  term_text(f, r->head);
  if (r->kind == AST_RULE_FUNCTION) {
    fputc('(', f);
    terms_text(f, r->args, 0, r->nargs);
    fputc(')', f);
  }
  if (r->kind == AST_RULE_CONTAINS) {
    fputs(" contains ", f);
    term_text(f, r->key);
  } else if (r->value) {
    fputs(r->assign ? " := " : " = ", f);
    term_text(f, r->value);
  }
  if (r->body) {
    fputs(" if ", f);
    body_block(f, r->body, 0);
  }
  for (const ast_rule *e = r->els; e; e = e->els) {
    fputs(" else", f);
    if (e->value) {
      fputs(e->assign ? " := " : " = ", f);
      term_text(f, e->value);
    }
    if (e->body) {
      fputs(" if ", f);
      body_block(f, e->body, 0);
    }
  }
  fputc('\n', f);
}

void ast_dump_text(FILE *f, const ast_module *m) {
  fputs("package ", f);
  term_text(f, m->package);
  fputc('\n', f);
  for (int i = 0; i < m->nimports; i++) {
    fputs("import ", f);
    term_text(f, m->imports[i].path);
    if (m->imports[i].alias)
      fprintf(f, " as %s", m->imports[i].alias);
    fputc('\n', f);
  }
  for (int i = 0; i < m->nrules; i++) {
    if (m->rules[i]->annotation)
      fprintf(f, "# METADATA (%zu bytes)\n", m->rules[i]->annotation->len);
    rule_text(f, m->rules[i]);
  }
}

void ast_dump_body_text(FILE *f, const ast_body *b) {
  body_inline(f, b);
  fputc('\n', f);
}

void ast_dump_term_text(FILE *f, const ast_term *t) {
  term_text(f, t);
  fputc('\n', f);
}
