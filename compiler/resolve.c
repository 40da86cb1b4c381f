/* resolve.c: name resolution and local variable renaming.
 *
 * After this pass every variable term of a rule is one of: `input` or `data` (the roots), or a
 * local variable whose name is unique in the whole bundle ("x$12"). Names of rules of the
 * package and import aliases are replaced by full refs (`p` becomes data.pkg.p), as OPA's
 * ResolveRefs does. Declarations (`some`, `:=`, function arguments, `every`, `some .. in`)
 * open a name in the scope of their body and shadow rules and imports; other variables belong
 * to the innermost body that mentions them outside a closure, so a comprehension sees the
 * variables of the bodies around it. Unique names make the later passes scope-free: safety
 * and the planner only ever compare names. Messages print a name up to its '$'.
 */
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "bi.h"
#include "diag.h"
#include "safety.h"

typedef struct rscope rscope;
struct rscope {
  rscope *parent;
  const char **names;   /* source names */
  const char **unique;  /* their unique names */
  int n, cap;
};

typedef struct resolver {
  compiler *c;
  ast_module *m;
  rscope *skip; /* names the body being collected declares later: not implicit */
  const char **rule_names; /* rule names of the module's package */
  int nrule_names;
  int counter;
} resolver;

static int unique_counter;

static const char *fresh_name(const char *name) {
  char buf[64];
  size_t n = strlen(name);
  snprintf(buf, sizeof buf, "$%d", ++unique_counter);
  char *out = rt_alloc(n + strlen(buf) + 1);
  memcpy(out, name, n);
  strcpy(out + n, buf);
  return out;
}

static void rscope_add(rscope *s, const char *name, const char *unique) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 8;
    const char **nn = rt_alloc(sizeof *nn * (size_t)s->cap);
    const char **nu = rt_alloc(sizeof *nu * (size_t)s->cap);
    if (s->n) {
      memcpy(nn, s->names, sizeof *nn * (size_t)s->n);
      memcpy(nu, s->unique, sizeof *nu * (size_t)s->n);
    }
    s->names = nn;
    s->unique = nu;
  }
  s->names[s->n] = name;
  s->unique[s->n] = unique;
  s->n++;
}

static const char *rscope_find_local(const rscope *s, const char *name) {
  for (int i = s->n - 1; i >= 0; i--)
    if (strcmp(s->names[i], name) == 0) return s->unique[i];
  return NULL;
}

static const char *rscope_find(const rscope *s, const char *name) {
  for (; s; s = s->parent) {
    const char *u = rscope_find_local(s, name);
    if (u) return u;
  }
  return NULL;
}

static bool is_wildcard(const ast_term *t) {
  return t->kind == AST_VAR && t->len == 1 && t->text[0] == '_';
}

/* Declares every variable of a pattern term (`[a, b] := ...`) in s. */
static void declare_pattern(rscope *s, ast_term *t) {
  switch (t->kind) {
  case AST_VAR:
    if (is_wildcard(t)) return;
    if (strcmp(t->text, "input") == 0 || strcmp(t->text, "data") == 0) return;
    if (!rscope_find_local(s, t->text)) rscope_add(s, t->text, fresh_name(t->text));
    return;
  case AST_ARRAY:
  case AST_OBJECT:
    for (int i = 0; i < t->n; i++) declare_pattern(s, t->items[i]);
    return;
  default:
    return;
  }
}

static bool is_call_named(const ast_term *t, const char *name) {
  if (t->kind != AST_CALL || t->n < 1) return false;
  const ast_term *op = t->items[0];
  if (op->kind == AST_VAR) return strcmp(op->text, name) == 0;
  if (op->kind == AST_REF && op->n == 1 && op->items[0]->kind == AST_VAR)
    return strcmp(op->items[0]->text, name) == 0;
  return false;
}

/* --- globals ------------------------------------------------------------------------------ */

static bool same_package(const ast_term *a, const ast_term *b) {
  char *ta = ref_text(a), *tb = ref_text(b);
  return strcmp(ta, tb) == 0;
}

static const char *head_name(const ast_rule *r) {
  const ast_term *h = r->head;
  if (h->kind == AST_REF) h = h->items[0];
  return h->kind == AST_VAR || h->kind == AST_STRING ? h->text : NULL;
}

static void collect_rule_names(resolver *rs) {
  compiler *c = rs->c;
  if (!rs->m) return;
  int cap = 16;
  rs->rule_names = rt_alloc(sizeof(char *) * (size_t)cap);
  rs->nrule_names = 0;
  for (int mi = 0; mi < c->nmodules; mi++) {
    ast_module *o = c->modules[mi];
    if (o != rs->m && !same_package(o->package, rs->m->package)) continue;
    for (int ri = 0; ri < o->nrules; ri++) {
      const char *name = head_name(o->rules[ri]);
      if (!name) continue;
      bool dup = false;
      for (int k = 0; k < rs->nrule_names && !dup; k++)
        dup = strcmp(rs->rule_names[k], name) == 0;
      if (dup) continue;
      if (rs->nrule_names == cap) {
        cap *= 2;
        const char **nn = rt_alloc(sizeof(char *) * (size_t)cap);
        memcpy(nn, rs->rule_names, sizeof(char *) * (size_t)rs->nrule_names);
        rs->rule_names = nn;
      }
      rs->rule_names[rs->nrule_names++] = name;
    }
  }
}

static ast_term *new_term(ast_term_kind kind, const ast_loc *loc) {
  ast_term *t = rt_alloc_zero(sizeof *t);
  t->kind = kind;
  t->loc = *loc;
  return t;
}

static ast_term *string_term(const char *s, size_t len, const ast_loc *loc) {
  ast_term *t = new_term(AST_STRING, loc);
  t->text = s;
  t->len = len;
  return t;
}

static ast_term *var_term(const char *s, const ast_loc *loc) {
  ast_term *t = new_term(AST_VAR, loc);
  t->text = s;
  t->len = strlen(s);
  return t;
}

/* The alias an import introduces: explicit, else the last key of its path. */
static const char *import_alias(const ast_import *im) {
  if (im->alias) return im->alias;
  const ast_term *p = im->path;
  if (p->kind == AST_VAR) return p->text;
  const ast_term *last = p->items[p->n - 1];
  if (last->kind == AST_STRING || last->kind == AST_VAR) return last->text;
  return NULL;
}

static bool import_is_keyword(const ast_import *im) {
  const ast_term *p = im->path;
  const ast_term *h = p->kind == AST_REF ? p->items[0] : p;
  if (h->kind != AST_VAR) return false;
  return strcmp(h->text, "rego") == 0 || strcmp(h->text, "future") == 0;
}

/* Items of the ref a global name stands for, or NULL if `name` is not global. */
static bool global_ref(resolver *rs, const char *name, const ast_loc *loc, ast_term ***items,
                       int *n) {
  if (!rs->m) return false;
  for (int i = rs->m->nimports - 1; i >= 0; i--) {
    ast_import *im = &rs->m->imports[i];
    if (import_is_keyword(im)) continue;
    const char *alias = import_alias(im);
    if (!alias || strcmp(alias, name) != 0) continue;
    if (im->path->kind == AST_VAR) {
      *items = rt_alloc(sizeof(ast_term *));
      (*items)[0] = var_term(im->path->text, loc);
      *n = 1;
    } else {
      *n = im->path->n;
      *items = rt_alloc(sizeof(ast_term *) * (size_t)*n);
      memcpy(*items, im->path->items, sizeof(ast_term *) * (size_t)*n);
    }
    return true;
  }
  for (int i = 0; i < rs->nrule_names; i++) {
    if (strcmp(rs->rule_names[i], name) != 0) continue;
    const ast_term *pkg = rs->m->package;
    int npkg = pkg->kind == AST_REF ? pkg->n : 1;
    *n = 2 + npkg;
    *items = rt_alloc(sizeof(ast_term *) * (size_t)*n);
    (*items)[0] = var_term("data", loc);
    for (int k = 0; k < npkg; k++) {
      const ast_term *t = pkg->kind == AST_REF ? pkg->items[k] : pkg;
      (*items)[1 + k] = string_term(t->text, t->len, loc);
    }
    (*items)[1 + npkg] = string_term(rs->rule_names[i], strlen(rs->rule_names[i]), loc);
    return true;
  }
  return false;
}

/* --- walking ------------------------------------------------------------------------------ */

static void resolve_body(resolver *rs, ast_body *body, rscope *s);
static void resolve_term(resolver *rs, ast_term *t, rscope *s);
static void resolve_withs(resolver *rs, ast_expr *e, rscope *s);
static void collect_expr(resolver *rs, ast_expr *e, rscope *s);
static void resolve_expr(resolver *rs, ast_expr *e, rscope *s);

/* Collects, into s, the variables of t that are not visible yet (outside closures). */
static void collect_implicit(resolver *rs, ast_term *t, rscope *s) {
  if (!t) return;
  switch (t->kind) {
  case AST_VAR: {
    if (is_wildcard(t)) return;
    if (strcmp(t->text, "input") == 0 || strcmp(t->text, "data") == 0) return;
    if (rscope_find(s, t->text)) return;
    if (rs->skip && rscope_find_local(rs->skip, t->text)) return;
    ast_term **items;
    int n;
    if (global_ref(rs, t->text, &t->loc, &items, &n)) return;
    rscope_add(s, t->text, fresh_name(t->text));
    return;
  }
  case AST_REF:
    /* the head of a ref is looked up, never declared, unless it is a plain local var */
    for (int i = 0; i < t->n; i++) collect_implicit(rs, t->items[i], s);
    return;
  case AST_CALL:
    for (int i = 1; i < t->n; i++) collect_implicit(rs, t->items[i], s);
    return;
  case AST_ARRAY:
  case AST_SET:
  case AST_TEMPLATE:
    for (int i = 0; i < t->n; i++) collect_implicit(rs, t->items[i], s);
    return;
  case AST_OBJECT:
    for (int i = 0; i < t->n; i++) {
      collect_implicit(rs, t->keys[i], s);
      collect_implicit(rs, t->items[i], s);
    }
    return;
  default:
    return; /* scalars; comprehensions are closures */
  }
}

static void resolve_var(resolver *rs, ast_term *t, rscope *s) {
  if (is_wildcard(t)) {
    t->text = fresh_name("_");
    t->len = strlen(t->text);
    return;
  }
  if (strcmp(t->text, "input") == 0 || strcmp(t->text, "data") == 0) return;
  const char *u = rscope_find(s, t->text);
  if (u) {
    t->text = u;
    t->len = strlen(u);
    return;
  }
  ast_term **items;
  int n;
  if (global_ref(rs, t->text, &t->loc, &items, &n)) {
    if (n == 1) {
      t->text = items[0]->text;
      t->len = items[0]->len;
      return;
    }
    t->kind = AST_REF;
    t->items = items;
    t->n = n;
    return;
  }
  /* Not declared anywhere (e.g. a head variable the body never binds): keep it unique so
   * safety reports it. */
  rscope_add(s, t->text, fresh_name(t->text));
  u = rscope_find_local(s, t->text);
  t->text = u;
  t->len = strlen(u);
}

static void resolve_ref(resolver *rs, ast_term *t, rscope *s) {
  ast_term *head = t->items[0];
  if (head->kind == AST_VAR && !is_wildcard(head) && strcmp(head->text, "input") != 0 &&
      strcmp(head->text, "data") != 0 && !rscope_find(s, head->text)) {
    ast_term **items;
    int n;
    if (global_ref(rs, head->text, &head->loc, &items, &n)) {
      ast_term **all = rt_alloc(sizeof(ast_term *) * (size_t)(n + t->n - 1));
      memcpy(all, items, sizeof(ast_term *) * (size_t)n);
      memcpy(all + n, t->items + 1, sizeof(ast_term *) * (size_t)(t->n - 1));
      t->items = all;
      t->n = n + t->n - 1;
      for (int i = n; i < t->n; i++) resolve_term(rs, t->items[i], s);
      return;
    }
  }
  for (int i = 0; i < t->n; i++) resolve_term(rs, t->items[i], s);
}

/* The operator of a call: a rule function of the package or an import resolves to its
 * data ref; anything else stays as written (a builtin name). */
static void resolve_operator(resolver *rs, ast_term *op, rscope *s) {
  ast_term *head = op->kind == AST_REF ? op->items[0] : op;
  if (head->kind != AST_VAR) return;
  if (strcmp(head->text, "data") == 0) return;
  ast_term **items;
  int n;
  if (!global_ref(rs, head->text, &head->loc, &items, &n)) return;
  int rest = op->kind == AST_REF ? op->n - 1 : 0;
  ast_term **all = rt_alloc(sizeof(ast_term *) * (size_t)(n + rest));
  memcpy(all, items, sizeof(ast_term *) * (size_t)n);
  if (rest) memcpy(all + n, op->items + 1, sizeof(ast_term *) * (size_t)rest);
  op->kind = AST_REF;
  op->items = all;
  op->n = n + rest;
  (void)s;
}

static void resolve_closure(resolver *rs, ast_term *t, rscope *s) {
  rscope *inner = rt_alloc_zero(sizeof *inner);
  inner->parent = s;
  resolve_body(rs, t->body, inner);
  if (t->key) {
    collect_implicit(rs, t->key, inner);
    resolve_term(rs, t->key, inner);
  }
  collect_implicit(rs, t->head, inner);
  resolve_term(rs, t->head, inner);
}

static void resolve_term(resolver *rs, ast_term *t, rscope *s) {
  if (!t) return;
  switch (t->kind) {
  case AST_VAR:
    resolve_var(rs, t, s);
    return;
  case AST_REF:
    resolve_ref(rs, t, s);
    return;
  case AST_CALL:
    resolve_operator(rs, t->items[0], s);
    for (int i = 1; i < t->n; i++) resolve_term(rs, t->items[i], s);
    return;
  case AST_ARRAY:
  case AST_SET:
    for (int i = 0; i < t->n; i++) resolve_term(rs, t->items[i], s);
    return;
  case AST_TEMPLATE:
    for (int i = 0; i < t->n; i++) {
      resolve_term(rs, t->items[i], s);
      if (t->exprs && t->exprs[i]) resolve_withs(rs, t->exprs[i], s);
    }
    return;
  case AST_OBJECT:
    for (int i = 0; i < t->n; i++) {
      resolve_term(rs, t->keys[i], s);
      resolve_term(rs, t->items[i], s);
    }
    return;
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    resolve_closure(rs, t, s);
    return;
  default:
    return;
  }
}

/* Does t name a function (a builtin, or a rule or import of the module) rather than a value?
 * As the value of `with f as ...`, such a name replaces f by that function. */
static bool names_function(resolver *rs, const ast_term *t, rscope *s) {
  const ast_term *head = t->kind == AST_REF ? t->items[0] : t;
  if (head->kind != AST_VAR || rscope_find(s, head->text)) return false;
  if (strcmp(head->text, "data") == 0) return t->kind == AST_REF;
  if (strcmp(head->text, "input") == 0) return false;
  ast_term **items;
  int n;
  if (global_ref(rs, head->text, &head->loc, &items, &n)) return true;
  const char *name = operator_name(t);
  return name && bi_lookup(name);
}

static void resolve_withs(resolver *rs, ast_expr *e, rscope *s) {
  for (int i = 0; i < e->nwiths; i++) {
    ast_with *w = &e->withs[i];
    bool fn_target = false;
    /* the target names a document or a function: resolve rule names and imports */
    if (w->target->kind == AST_VAR || w->target->kind == AST_REF) {
      ast_term *head = w->target->kind == AST_REF ? w->target->items[0] : w->target;
      if (head->kind == AST_VAR && strcmp(head->text, "input") != 0 &&
          strcmp(head->text, "data") != 0) {
        resolve_operator(rs, w->target, s);
        fn_target = true;
      }
    }
    if (fn_target && names_function(rs, w->value, s)) {
      resolve_operator(rs, w->value, s);
      continue;
    }
    collect_implicit(rs, w->value, s);
    resolve_term(rs, w->value, s);
  }
}

/* The declarations an expression makes in its body: `some`, `:=`, `some .. in`. */
static void declare_expr(rscope *s, ast_expr *e) {
  switch (e->kind) {
  case AST_EXPR_SOME:
    for (int k = 0; k < e->nvars; k++) declare_pattern(s, e->vars[k]);
    break;
  case AST_EXPR_SOME_IN:
    if (e->key) declare_pattern(s, e->key);
    declare_pattern(s, e->value);
    break;
  case AST_EXPR_TERM:
    if (is_call_named(e->term, "assign") && e->term->n == 3) declare_pattern(s, e->term->items[1]);
    break;
  default:
    break;
  }
}

/* A declared variable is visible from its declaration on (a comprehension written before
 * `x := ...` has an x of its own), while the other variables of a body belong to the whole
 * body, whichever expression mentions them first. */
static void resolve_body(resolver *rs, ast_body *body, rscope *s) {
  if (!body) return;
  rscope *declared = rt_alloc_zero(sizeof *declared);
  for (int i = 0; i < body->n; i++) declare_expr(declared, body->exprs[i]);
  rscope *outer_skip = rs->skip;
  rs->skip = declared;
  for (int i = 0; i < body->n; i++) collect_expr(rs, body->exprs[i], s);
  rs->skip = outer_skip;
  for (int i = 0; i < body->n; i++) {
    declare_expr(s, body->exprs[i]);
    resolve_expr(rs, body->exprs[i], s);
  }
}

/* Variables an expression mentions outside its closures (explicit bodies are closures). */
static void collect_expr(resolver *rs, ast_expr *e, rscope *s) {
  if (e->term) collect_implicit(rs, e->term, s);
  if (e->domain) collect_implicit(rs, e->domain, s);
  if (e->kind == AST_EXPR_SOME_IN) {
    if (e->key) collect_implicit(rs, e->key, s);
    collect_implicit(rs, e->value, s);
  }
  if (e->kind == AST_EXPR_AND || e->kind == AST_EXPR_OR) {
    collect_expr(rs, e->lhs, s);
    collect_expr(rs, e->rhs, s);
  }
}

static void resolve_expr(resolver *rs, ast_expr *e, rscope *s) {
  switch (e->kind) {
  case AST_EXPR_TERM:
    resolve_term(rs, e->term, s);
    break;
  case AST_EXPR_SOME:
    for (int k = 0; k < e->nvars; k++) resolve_term(rs, e->vars[k], s);
    break;
  case AST_EXPR_SOME_IN:
    if (e->key) resolve_term(rs, e->key, s);
    resolve_term(rs, e->value, s);
    resolve_term(rs, e->domain, s);
    break;
  case AST_EXPR_EVERY: {
    resolve_term(rs, e->domain, s);
    rscope *inner = rt_alloc_zero(sizeof *inner);
    inner->parent = s;
    if (e->key) declare_pattern(inner, e->key);
    declare_pattern(inner, e->value);
    if (e->key) resolve_term(rs, e->key, inner);
    resolve_term(rs, e->value, inner);
    resolve_body(rs, e->body, inner);
    break;
  }
  case AST_EXPR_AND:
  case AST_EXPR_OR:
    resolve_expr(rs, e->lhs, s);
    resolve_expr(rs, e->rhs, s);
    break;
  case AST_EXPR_BODY: {
    /* an explicit body has its own scope, as a comprehension's body does */
    rscope *inner = rt_alloc_zero(sizeof *inner);
    inner->parent = s;
    resolve_body(rs, e->body, inner);
    break;
  }
  }
  resolve_withs(rs, e, s);
}

static void resolve_rule(resolver *rs, ast_rule *r) {
  rscope *rule_scope = rt_alloc_zero(sizeof *rule_scope);
  for (int i = 0; i < r->nargs; i++) declare_pattern(rule_scope, r->args[i]);
  for (int i = 0; i < r->nargs; i++) resolve_term(rs, r->args[i], rule_scope);
  for (ast_rule *alt = r; alt; alt = alt->els) {
    rscope *body_scope = rt_alloc_zero(sizeof *body_scope);
    body_scope->parent = rule_scope;
    resolve_body(rs, alt->body, body_scope);
    /* head terms live in the body's scope; unbound ones are reported by safety */
    if (alt == r && r->head->kind == AST_REF)
      for (int i = 1; i < r->head->n; i++) resolve_term(rs, r->head->items[i], body_scope);
    if (alt->key) resolve_term(rs, alt->key, body_scope);
    if (alt->value) resolve_term(rs, alt->value, body_scope);
  }
}

bool resolve_modules(compiler *c) {
  int before = diag_count();
  for (int mi = 0; mi < c->nmodules; mi++) {
    resolver rs = {.c = c, .m = c->modules[mi]};
    collect_rule_names(&rs);
    for (int ri = 0; ri < rs.m->nrules; ri++) resolve_rule(&rs, rs.m->rules[ri]);
  }
  return diag_count() == before;
}

ast_body *resolve_query(compiler *c, ast_module *ctx, ast_body *q) {
  resolver rs = {.c = c, .m = ctx};
  if (ctx) collect_rule_names(&rs);
  rscope *s = rt_alloc_zero(sizeof *s);
  resolve_body(&rs, q, s);
  return q;
}
