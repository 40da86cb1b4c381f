/* ast.c: constructors and small queries over the syntax tree (ast.h).
 *
 * Everything is allocated from the current arena and never freed one by one, so the
 * constructors are plain bump allocations and text is taken over rather than copied. The one
 * walk that must survive hostile input, the depth check, keeps its own heap stack instead of
 * recursing: it is what lets every other walker (the dumper, the compiler passes) recurse
 * without fear of exhausting the C stack.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "rt.h"

ast_term *ast_new_term(ast_term_kind kind, const ast_loc *loc) {
  ast_term *t = rt_alloc_zero(sizeof *t);
  t->kind = kind;
  t->loc = *loc;
  return t;
}

ast_term *ast_new_text(ast_term_kind kind, const ast_loc *loc, const char *text, size_t len) {
  ast_term *t = ast_new_term(kind, loc);
  t->text = text;
  t->len = len;
  return t;
}

ast_term *ast_new_bool(const ast_loc *loc, bool b) {
  ast_term *t = ast_new_term(AST_BOOLEAN, loc);
  t->b = b;
  return t;
}

static ast_term *new_call(const ast_loc *loc, ast_term *op, int nargs) {
  ast_term *t = ast_new_term(AST_CALL, loc);
  t->items = rt_alloc(sizeof(ast_term *) * (size_t)(nargs + 1));
  t->items[0] = op;
  t->n = nargs + 1;
  return t;
}

ast_term *ast_new_op(const ast_loc *oploc, const char *op, ast_term *a, ast_term *b) {
  ast_term *t = new_call(&a->loc, ast_new_text(AST_VAR, oploc, op, strlen(op)), 2);
  t->items[1] = a;
  t->items[2] = b;
  return t;
}

ast_term *ast_new_member(const ast_loc *inloc, ast_term *k, ast_term *v, ast_term *dom) {
  /* The operator is the ref internal.member_2 (or _3), as OPA writes it. */
  const char *name = k ? "member_3" : "member_2";
  ast_term *op = ast_new_term(AST_REF, inloc);
  op->items = rt_alloc(2 * sizeof(ast_term *));
  op->items[0] = ast_new_text(AST_VAR, inloc, "internal", 8);
  op->items[1] = ast_new_text(AST_STRING, inloc, name, 8);
  op->n = 2;
  ast_term *first = k ? k : v;
  ast_term *t = new_call(&first->loc, op, k ? 3 : 2);
  int i = 1;
  if (k)
    t->items[i++] = k;
  t->items[i++] = v;
  t->items[i] = dom;
  return t;
}

/* ---- copies -------------------------------------------------------------------------------- */

static ast_term **copy_terms(ast_term *const *v, int n) {
  if (!v)
    return NULL;
  ast_term **c = rt_alloc(sizeof(ast_term *) * (size_t)(n > 0 ? n : 1));
  for (int i = 0; i < n; i++)
    c[i] = ast_copy_term(v[i]);
  return c;
}

static ast_expr *copy_expr(const ast_expr *e) {
  if (!e)
    return NULL;
  ast_expr *c = rt_alloc(sizeof *c);
  *c = *e;
  c->term = ast_copy_term(e->term);
  c->vars = copy_terms(e->vars, e->nvars);
  c->key = ast_copy_term(e->key);
  c->value = ast_copy_term(e->value);
  c->domain = ast_copy_term(e->domain);
  c->body = ast_copy_body(e->body);
  c->lhs = copy_expr(e->lhs);
  c->rhs = copy_expr(e->rhs);
  if (e->nwiths) {
    c->withs = rt_alloc(sizeof(ast_with) * (size_t)e->nwiths);
    for (int i = 0; i < e->nwiths; i++) {
      c->withs[i].loc = e->withs[i].loc;
      c->withs[i].target = ast_copy_term(e->withs[i].target);
      c->withs[i].value = ast_copy_term(e->withs[i].value);
    }
  }
  return c;
}

ast_body *ast_copy_body(const ast_body *b) {
  if (!b)
    return NULL;
  ast_body *c = rt_alloc(sizeof *c);
  c->loc = b->loc;
  c->n = b->n;
  c->exprs = rt_alloc(sizeof(ast_expr *) * (size_t)(b->n > 0 ? b->n : 1));
  for (int i = 0; i < b->n; i++)
    c->exprs[i] = copy_expr(b->exprs[i]);
  return c;
}

ast_term *ast_copy_term(const ast_term *t) {
  if (!t)
    return NULL;
  ast_term *c = rt_alloc(sizeof *c);
  *c = *t;
  c->items = copy_terms(t->items, t->n);
  c->keys = copy_terms(t->keys, t->n);
  c->head = ast_copy_term(t->head);
  c->key = ast_copy_term(t->key);
  c->body = ast_copy_body(t->body);
  if (t->exprs) {
    c->exprs = rt_alloc_zero(sizeof(ast_expr *) * (size_t)t->n);
    for (int i = 1; i < t->n; i += 2) {
      /* The expression's term is the part itself: keep them one node. */
      c->exprs[i] = copy_expr(t->exprs[i]);
      if (c->exprs[i])
        c->items[i] = c->exprs[i]->term;
    }
  }
  return c;
}

/* ---- queries ------------------------------------------------------------------------------- */

/* Recursion is bounded: a term nested deeper than any the parser lets through is simply
 * reported as not ground (the parser calls this before its depth check). */
#define GROUND_DEPTH 4096

static bool ground(const ast_term *t, int depth);

static bool all_ground(ast_term *const *v, int from, int n, int depth) {
  for (int i = from; i < n; i++)
    if (!ground(v[i], depth))
      return false;
  return true;
}

static bool ground(const ast_term *t, int depth) {
  if (++depth > GROUND_DEPTH)
    return false;
  switch (t->kind) {
  case AST_NULL:
  case AST_BOOLEAN:
  case AST_NUMBER:
  case AST_STRING:
    return true;
  case AST_VAR:
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    return false;
  case AST_REF:
    return all_ground(t->items, 1, t->n, depth); /* as OPA: the head does not count */
  case AST_OBJECT:
    return all_ground(t->keys, 0, t->n, depth) && all_ground(t->items, 0, t->n, depth);
  case AST_ARRAY:
  case AST_SET:
  case AST_CALL:
  case AST_TEMPLATE:
    return all_ground(t->items, 0, t->n, depth);
  }
  return false;
}

bool ast_is_ground(const ast_term *t) {
  return ground(t, 0);
}

const char *ast_value_name(const ast_term *t) {
  static const char *const names[] = {
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
  return names[t->kind];
}

/* ---- depth --------------------------------------------------------------------------------- */

/* A pending node of the depth walk: what it is, and how many terms enclose it. */
typedef struct dnode {
  enum { D_TERM, D_BODY, D_EXPR, D_RULE } kind;
  const void *p;
  int depth;
} dnode;

typedef struct dstack {
  dnode *v;
  size_t n, cap;
} dstack;

static void dpush(dstack *s, int kind, const void *p, int depth) {
  if (!p)
    return;
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 256;
    dnode *v = realloc(s->v, s->cap * sizeof *v);
    if (!v)
      abort(); /* out of memory is not a recoverable compile error */
    s->v = v;
  }
  s->v[s->n].kind = kind;
  s->v[s->n].p = p;
  s->v[s->n].depth = depth;
  s->n++;
}

static void push_terms(dstack *s, ast_term *const *v, int n, int depth) {
  for (int i = 0; v && i < n; i++)
    dpush(s, D_TERM, v[i], depth);
}

bool ast_too_deep(const ast_module *m, const ast_body *b, int max, ast_loc *where) {
  dstack s = {0};
  if (m) {
    for (int i = 0; i < m->nimports; i++)
      dpush(&s, D_TERM, m->imports[i].path, 0);
    dpush(&s, D_TERM, m->package, 0);
    for (int i = 0; i < m->nrules; i++)
      dpush(&s, D_RULE, m->rules[i], 0);
  }
  dpush(&s, D_BODY, b, 0);
  bool deep = false;
  while (s.n && !deep) {
    dnode d = s.v[--s.n];
    switch (d.kind) {
    case D_RULE: {
      const ast_rule *r = d.p;
      if (d.depth > max) {
        /* an else chain this long: report it at the branch that crosses the line */
        deep = true;
        *where = r->loc;
        break;
      }
      dpush(&s, D_TERM, r->head, 0);
      push_terms(&s, r->args, r->nargs, 0);
      dpush(&s, D_TERM, r->value, 0);
      dpush(&s, D_TERM, r->key, 0);
      dpush(&s, D_BODY, r->body, 0);
      dpush(&s, D_RULE, r->els, d.depth + 1);
      break;
    }
    case D_BODY: {
      const ast_body *body = d.p;
      for (int i = 0; i < body->n; i++)
        dpush(&s, D_EXPR, body->exprs[i], d.depth);
      break;
    }
    case D_EXPR: {
      const ast_expr *e = d.p;
      if (d.depth > max) {
        /* a chain of and/or this long */
        deep = true;
        *where = e->loc;
        break;
      }
      dpush(&s, D_EXPR, e->lhs, d.depth + 1);
      dpush(&s, D_EXPR, e->rhs, d.depth + 1);
      dpush(&s, D_TERM, e->term, d.depth);
      push_terms(&s, e->vars, e->nvars, d.depth);
      dpush(&s, D_TERM, e->key, d.depth);
      dpush(&s, D_TERM, e->value, d.depth);
      dpush(&s, D_TERM, e->domain, d.depth);
      dpush(&s, D_BODY, e->body, d.depth);
      for (int i = 0; i < e->nwiths; i++) {
        dpush(&s, D_TERM, e->withs[i].target, d.depth);
        dpush(&s, D_TERM, e->withs[i].value, d.depth);
      }
      break;
    }
    case D_TERM: {
      const ast_term *t = d.p;
      int depth = d.depth + 1;
      if (depth > max) {
        deep = true;
        *where = t->loc;
        break;
      }
      push_terms(&s, t->items, t->n, depth);
      push_terms(&s, t->keys, t->n, depth);
      dpush(&s, D_TERM, t->head, depth);
      dpush(&s, D_TERM, t->key, depth);
      dpush(&s, D_BODY, t->body, depth);
      /* template parts: their `with` modifiers are terms too */
      for (int i = 1; t->exprs && i < t->n; i += 2)
        for (int w = 0; t->exprs[i] && w < t->exprs[i]->nwiths; w++) {
          dpush(&s, D_TERM, t->exprs[i]->withs[w].target, depth);
          dpush(&s, D_TERM, t->exprs[i]->withs[w].value, depth);
        }
      break;
    }
    }
  }
  free(s.v);
  return deep;
}
