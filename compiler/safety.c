/* safety.c: body ordering and the unsafe-variable check (OPA's CheckSafetyRuleBodies).
 *
 * A body is safe when its expressions can run in some order in which every variable is bound
 * before it is used as a value. Variables get bound by unification (`x = e`, `x := e`, array
 * and object patterns), by iterating a ref with a variable key (`xs[i]`), by the output
 * argument of a call (`count(xs, n)`), and by `some .. in`. The ordering is OPA's: keep the
 * written order, and whenever the next expression is not ready, take the first later one
 * that is. What cannot be placed is reported as "var x is unsafe".
 *
 * The same readiness rules drive the planner (plan.c), which binds variables exactly where
 * this pass says they are bound; the two must stay in step.
 */
#include <string.h>

#include "bi.h"
#include "compile.h"
#include "diag.h"
#include "safety.h"

void names_add(names *s, const char *n) {
  if (names_has(s, n)) return;
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 16;
    const char **nv = rt_alloc(sizeof *nv * (size_t)s->cap);
    if (s->n) memcpy(nv, s->v, sizeof *nv * (size_t)s->n);
    s->v = nv;
  }
  s->v[s->n++] = n;
}

bool names_has(const names *s, const char *n) {
  if (!s) return false;
  for (int i = 0; i < s->n; i++)
    if (s->v[i] == n || strcmp(s->v[i], n) == 0) return true;
  return false;
}

void names_copy(names *dst, const names *src) {
  dst->n = 0;
  for (int i = 0; i < src->n; i++) names_add(dst, src->v[i]);
}

bool is_root_var(const ast_term *t) {
  return t->kind == AST_VAR && (strcmp(t->text, "input") == 0 || strcmp(t->text, "data") == 0);
}

bool is_local_var(const ast_term *t) {
  return t->kind == AST_VAR && !is_root_var(t);
}

/* --- variables of terms -------------------------------------------------------------------- */

static void vars_of_body(const ast_body *b, names *out);

void term_vars(const ast_term *t, names *out, bool deep) {
  if (!t) return;
  switch (t->kind) {
  case AST_VAR:
    if (!is_root_var(t)) names_add(out, t->text);
    return;
  case AST_REF:
  case AST_ARRAY:
  case AST_SET:
  case AST_TEMPLATE:
    for (int i = 0; i < t->n; i++) term_vars(t->items[i], out, deep);
    return;
  case AST_CALL:
    for (int i = 1; i < t->n; i++) term_vars(t->items[i], out, deep);
    return;
  case AST_OBJECT:
    for (int i = 0; i < t->n; i++) {
      term_vars(t->keys[i], out, deep);
      term_vars(t->items[i], out, deep);
    }
    return;
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    if (!deep) return;
    term_vars(t->head, out, true);
    term_vars(t->key, out, true);
    vars_of_body(t->body, out);
    return;
  default:
    return;
  }
}

void expr_vars(const ast_expr *e, names *out, bool deep) {
  switch (e->kind) {
  case AST_EXPR_TERM:
    term_vars(e->term, out, deep);
    break;
  case AST_EXPR_SOME:
    break;
  case AST_EXPR_SOME_IN:
    term_vars(e->key, out, deep);
    term_vars(e->value, out, deep);
    term_vars(e->domain, out, deep);
    break;
  case AST_EXPR_EVERY:
    term_vars(e->domain, out, deep);
    if (deep) {
      term_vars(e->key, out, true);
      term_vars(e->value, out, true);
      vars_of_body(e->body, out);
    }
    break;
  case AST_EXPR_AND:
  case AST_EXPR_OR:
    expr_vars(e->lhs, out, deep);
    expr_vars(e->rhs, out, deep);
    break;
  case AST_EXPR_BODY:
    if (deep) vars_of_body(e->body, out);
    break;
  }
  for (int i = 0; i < e->nwiths; i++) term_vars(e->withs[i].value, out, deep);
}

static void vars_of_body(const ast_body *b, names *out) {
  if (!b) return;
  for (int i = 0; i < b->n; i++) expr_vars(b->exprs[i], out, true);
}

/* --- readiness ------------------------------------------------------------------------------ */

/* The context of one safety computation: the body's own variables (outside closures), so a
 * closure knows which of its variables come from outside. */
typedef struct sctx {
  compiler *c;
  const names *body_vars;
} sctx;

int operator_arity(compiler *c, const ast_term *op) {
  if (op->kind == AST_REF && op->n >= 1 && op->items[0]->kind == AST_VAR &&
      strcmp(op->items[0]->text, "data") == 0) {
    rt_value **keys = rt_alloc(sizeof(rt_value *) * (size_t)op->n);
    for (int i = 1; i < op->n; i++) {
      keys[i - 1] = term_ground_value(op->items[i]);
      if (!keys[i - 1]) return -1;
    }
    rnode *n = ruletree_find(c->root, keys, op->n - 1);
    if (n && n->kind == RNODE_FUNCTION) return n->arity;
    return -1;
  }
  const char *name = operator_name(op);
  if (!name) return -1;
  const bi_entry *e = bi_lookup(name);
  return e ? e->arity : -1;
}

const char *operator_name(const ast_term *op) {
  if (op->kind == AST_VAR) return op->text;
  if (op->kind != AST_REF) return NULL;
  rt_buf b;
  rt_buf_init(&b, 32);
  for (int i = 0; i < op->n; i++) {
    const ast_term *k = op->items[i];
    if (k->kind != AST_VAR && k->kind != AST_STRING) return NULL;
    if (i) rt_buf_putc(&b, '.');
    rt_buf_put(&b, k->text, k->len);
  }
  rt_buf_putc(&b, '\0');
  return b.data;
}

/* Free variables of a closure: those it shares with the enclosing body or its bound set. */
static bool closure_ready(sctx *x, const ast_term *t, const names *bound) {
  names inner = {0};
  term_vars(t, &inner, true);
  for (int i = 0; i < inner.n; i++) {
    const char *v = inner.v[i];
    if ((names_has(x->body_vars, v)) && !names_has(bound, v)) return false;
  }
  return true;
}

static bool every_ready(sctx *x, const ast_expr *e, const names *bound) {
  names inner = {0};
  vars_of_body(e->body, &inner);
  for (int i = 0; i < inner.n; i++) {
    const char *v = inner.v[i];
    if (names_has(x->body_vars, v) && !names_has(bound, v)) return false;
  }
  return true;
}

static bool eval_ok(sctx *x, const ast_term *t, names *bound);
static bool pattern_ok(sctx *x, const ast_term *p, names *bound);

/* Terms evaluated one after another in an order in which each can be (what one binds by
 * iteration another may use: `foo == xs[foo]`). The planner plans them in `order`. */
static bool terms_ok(sctx *x, ast_term *const *terms, int n, names *bound, int *order) {
  bool *done = n ? rt_alloc_zero(sizeof(bool) * (size_t)n) : NULL;
  int k = 0;
  for (bool progress = true; progress && k < n;) {
    progress = false;
    for (int i = 0; i < n; i++) {
      if (done[i]) continue;
      names trial = {0};
      names_copy(&trial, bound);
      if (!eval_ok(x, terms[i], &trial)) continue;
      names_copy(bound, &trial);
      done[i] = true;
      if (order) order[k] = i;
      k++;
      progress = true;
    }
  }
  return k == n;
}

bool terms_order(compiler *c, const names *body_vars, ast_term *const *terms, int n,
                 names *bound, int *order) {
  sctx x = {c, body_vars};
  return terms_ok(&x, terms, n, bound, order);
}

bool term_eval_ok(compiler *c, const names *body_vars, const ast_term *t, names *bound) {
  sctx x = {c, body_vars};
  return eval_ok(&x, t, bound);
}

/* A ref key: evaluable, or a pattern (a variable, an array or object of them) that iteration
 * binds. */
static bool key_ok(sctx *x, const ast_term *k, names *bound) {
  if (k->kind == AST_VAR || k->kind == AST_ARRAY || k->kind == AST_OBJECT)
    return pattern_ok(x, k, bound);
  return eval_ok(x, k, bound);
}

/* Can t be evaluated to a value? Adds the variables its refs bind by iteration. */
static bool eval_ok(sctx *x, const ast_term *t, names *bound) {
  switch (t->kind) {
  case AST_VAR:
    return is_root_var(t) || names_has(bound, t->text);
  case AST_REF: {
    const ast_term *head = t->items[0];
    if (head->kind == AST_VAR) {
      if (!is_root_var(head) && !names_has(bound, head->text)) return false;
    } else if (!eval_ok(x, head, bound)) {
      return false;
    }
    for (int i = 1; i < t->n; i++) {
      /* a key with unbound variables is matched against each key of the collection */
      if (!key_ok(x, t->items[i], bound)) return false;
    }
    return true;
  }
  case AST_CALL: {
    int arity = operator_arity(x->c, t->items[0]);
    int nargs = t->n - 1;
    if (arity >= 0 && nargs == arity + 1) {
      /* a call with its output argument in value position: unusual, but keep it safe */
      if (!terms_ok(x, t->items + 1, nargs - 1, bound, NULL)) return false;
      return unify_ok(x->c, x->body_vars, t->items[t->n - 1], NULL, bound);
    }
    return terms_ok(x, t->items + 1, nargs, bound, NULL);
  }
  case AST_ARRAY:
  case AST_SET:
    return terms_ok(x, t->items, t->n, bound, NULL);
  case AST_TEMPLATE:
    for (int i = 0; i < t->n; i++) {
      if (t->exprs && t->exprs[i]) {
        for (int k = 0; k < t->exprs[i]->nwiths; k++)
          if (!eval_ok(x, t->exprs[i]->withs[k].value, bound)) return false;
      }
    }
    return terms_ok(x, t->items, t->n, bound, NULL);
  case AST_OBJECT:
    return terms_ok(x, t->keys, t->n, bound, NULL) && terms_ok(x, t->items, t->n, bound, NULL);
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    return closure_ready(x, t, bound);
  default:
    return true;
  }
}

/* Does t contain a local variable not yet bound (outside closures)? */
static bool has_unbound(const ast_term *t, const names *bound) {
  names vs = {0};
  term_vars(t, &vs, false);
  for (int i = 0; i < vs.n; i++)
    if (!names_has(bound, vs.v[i])) return true;
  return false;
}

/* A pattern binds its unbound variables when matched against a value: vars, and arrays and
 * objects (with evaluable keys) of patterns. Terms that are not patterns must evaluate. */
static bool pattern_ok(sctx *x, const ast_term *p, names *bound) {
  switch (p->kind) {
  case AST_VAR:
    if (!is_root_var(p)) names_add(bound, p->text);
    return true;
  case AST_ARRAY:
    for (int i = 0; i < p->n; i++)
      if (!pattern_ok(x, p->items[i], bound)) return false;
    return true;
  case AST_OBJECT:
    for (int i = 0; i < p->n; i++)
      if (!eval_ok(x, p->keys[i], bound) || !pattern_ok(x, p->items[i], bound)) return false;
    return true;
  default:
    return eval_ok(x, p, bound);
  }
}

int literal_pairs(const ast_term *a, const ast_term *b, ast_term ***pa, ast_term ***pb) {
  if (a->kind == AST_ARRAY && b->kind == AST_ARRAY) {
    if (a->n != b->n) return -1;
    *pa = a->items;
    *pb = b->items;
    return a->n;
  }
  if (a->kind != AST_OBJECT || b->kind != AST_OBJECT || a->n != b->n) return -1;
  *pa = rt_alloc(sizeof(ast_term *) * (size_t)(a->n + 1));
  *pb = rt_alloc(sizeof(ast_term *) * (size_t)(a->n + 1));
  for (int i = 0; i < a->n; i++) {
    rt_value *ka = term_ground_value(a->keys[i]);
    int j = 0;
    for (; ka && j < b->n; j++) {
      rt_value *kb = term_ground_value(b->keys[j]);
      if (kb && rt_equal(ka, kb)) break;
    }
    if (!ka || j == b->n) return -1;
    (*pa)[i] = a->items[i];
    (*pb)[i] = b->items[j];
  }
  return a->n;
}

bool unify_ok(compiler *c, const names *body_vars, const ast_term *a, const ast_term *b,
              names *bound) {
  sctx x = {c, body_vars};
  if (!b) return pattern_ok(&x, a, bound); /* matched against a computed value */
  names trial = {0};
  names_copy(&trial, bound);
  /* element-wise when both sides are literal arrays (objects) of the same shape, pairs taken
   * in an order in which each is ready */
  ast_term **pa, **pb;
  int np = literal_pairs(a, b, &pa, &pb);
  if (np >= 0) {
    bool *done = np ? rt_alloc_zero(sizeof(bool) * (size_t)np) : NULL;
    int k = 0;
    for (bool progress = true; progress && k < np;) {
      progress = false;
      for (int i = 0; i < np; i++) {
        if (done[i] || !unify_ok(c, body_vars, pa[i], pb[i], &trial)) continue;
        done[i] = true;
        k++;
        progress = true;
      }
    }
    if (k == np) {
      names_copy(bound, &trial);
      return true;
    }
    names_copy(&trial, bound);
  }
  /* one side evaluates, the other is matched as a pattern */
  if (eval_ok(&x, b, &trial) && pattern_ok(&x, a, &trial)) {
    names_copy(bound, &trial);
    return true;
  }
  names_copy(&trial, bound);
  if (eval_ok(&x, a, &trial) && pattern_ok(&x, b, &trial)) {
    names_copy(bound, &trial);
    return true;
  }
  return false;
}

static bool is_op(const ast_term *t, const char *name) {
  if (t->kind != AST_CALL) return false;
  const char *n = operator_name(t->items[0]);
  return n && strcmp(n, name) == 0;
}

static bool is_logic(const ast_expr *e) {
  return e->kind == AST_EXPR_AND || e->kind == AST_EXPR_OR || e->kind == AST_EXPR_BODY;
}

/* `with f as g` where g names a builtin or a function: g is not evaluated as a value. */
bool with_value_is_function(compiler *c, const ast_with *w) {
  const ast_term *tg = w->target;
  const ast_term *th = tg->kind == AST_REF ? tg->items[0] : tg;
  if (th->kind == AST_VAR && strcmp(th->text, "input") == 0) return false;
  const ast_term *v = w->value;
  if (v->kind != AST_VAR && v->kind != AST_REF) return false;
  if (operator_arity(c, v) >= 0) return true; /* a builtin or a function of the rule tree */
  const char *name = operator_name(v);
  return name && bi_lookup(name) != NULL;
}

/* Is e ready under `bound`? If so, adds what it binds (a negated expression binds nothing). */
static bool expr_ready(sctx *x, const ast_expr *e, names *bound) {
  names trial = {0};
  names_copy(&trial, bound);
  for (int i = 0; i < e->nwiths; i++)
    if (!with_value_is_function(x->c, &e->withs[i]) && !eval_ok(x, e->withs[i].value, &trial))
      return false;
  if (e->negated) {
    /* variables local to the negated expression are existential inside it; everything it
     * shares with the rest of the body must be bound first, and the expression itself must
     * be able to run once they are */
    names vs = {0};
    expr_vars(e, &vs, false);
    for (int i = 0; i < vs.n; i++)
      if (!names_has(&trial, vs.v[i]) && names_has(x->body_vars, vs.v[i])) return false;
    ast_expr plain = *e;
    plain.negated = false;
    plain.nwiths = 0;
    return expr_ready(x, &plain, &trial);
  }
  if (is_logic(e)) {
    /* and / or / explicit bodies bind nothing outside: what they share with the rest of the
     * body must be bound first, their own variables are existential */
    names vs = {0};
    expr_vars(e, &vs, true);
    for (int i = 0; i < vs.n; i++)
      if (!names_has(&trial, vs.v[i]) && names_has(x->body_vars, vs.v[i])) return false;
    if (e->kind == AST_EXPR_AND) {
      names t2 = {0};
      names_copy(&t2, &trial);
      return expr_ready(x, e->lhs, &t2) && expr_ready(x, e->rhs, &t2);
    }
    if (e->kind == AST_EXPR_OR) {
      names t2 = {0}, t3 = {0};
      names_copy(&t2, &trial);
      names_copy(&t3, &trial);
      return expr_ready(x, e->lhs, &t2) && expr_ready(x, e->rhs, &t3);
    }
    return true;
  }
  bool ok;
  switch (e->kind) {
  case AST_EXPR_SOME:
    return true;
  case AST_EXPR_SOME_IN:
    ok = eval_ok(x, e->domain, &trial) && (!e->key || pattern_ok(x, e->key, &trial)) &&
         pattern_ok(x, e->value, &trial);
    break;
  case AST_EXPR_EVERY:
    ok = eval_ok(x, e->domain, &trial) && every_ready(x, e, &trial);
    break;
  default: {
    const ast_term *t = e->term;
    if (is_op(t, "eq") || is_op(t, "assign")) {
      ok = unify_ok(x->c, x->body_vars, t->items[1], t->items[2], &trial);
    } else if (t->kind == AST_CALL) {
      int arity = operator_arity(x->c, t->items[0]);
      int nargs = t->n - 1;
      ok = true;
      int last = (arity >= 0 && nargs == arity + 1) ? t->n - 1 : t->n;
      ok = terms_ok(x, t->items + 1, last - 1, &trial, NULL);
      if (ok && last < t->n) ok = pattern_ok(x, t->items[last], &trial);
    } else {
      ok = eval_ok(x, t, &trial);
    }
  }
  }
  if (ok) names_copy(bound, &trial);
  return ok;
}

static void report_unsafe(const ast_expr *e, const names *bound, names *reported) {
  names vs = {0};
  expr_vars(e, &vs, false);
  for (int i = 0; i < vs.n; i++) {
    const char *v = vs.v[i];
    if (names_has(bound, v) || names_has(reported, v)) continue;
    names_add(reported, v);
    const ast_term *occ = find_var_occurrence(e, v);
    const char *dollar = strchr(v, '$');
    int len = dollar ? (int)(dollar - v) : (int)strlen(v);
    diag_error(occ ? &occ->loc : &e->loc, "rego_unsafe_var_error", "var %.*s is unsafe", len,
               v);
  }
}

ast_expr **safety_order_body(compiler *c, ast_body *body, names *bound, names *body_vars_out) {
  names body_vars = {0};
  /* the body's own variables: those of its expressions outside closures, but a negated
   * expression's variables count only where they also occur elsewhere */
  names counts = {0};
  for (int i = 0; i < body->n; i++) {
    if (body->exprs[i]->negated || is_logic(body->exprs[i])) continue;
    expr_vars(body->exprs[i], &body_vars, false);
  }
  /* a variable mentioned by two negated expressions is shared by them */
  for (int i = 0; i < body->n; i++) {
    if (!body->exprs[i]->negated && !is_logic(body->exprs[i])) continue;
    names vs = {0};
    expr_vars(body->exprs[i], &vs, is_logic(body->exprs[i]));
    for (int k = 0; k < vs.n; k++) {
      if (names_has(&counts, vs.v[k])) names_add(&body_vars, vs.v[k]);
      names_add(&counts, vs.v[k]);
    }
  }
  /* closures' variables that are also visible outside belong to the body */
  if (body_vars_out) names_copy(body_vars_out, &body_vars);
  sctx x = {c, &body_vars};
  ast_expr **out = rt_alloc(sizeof *out * (size_t)(body->n + 1));
  bool *placed = rt_alloc_zero(sizeof(bool) * (size_t)(body->n + 1));
  int nout = 0;
  while (nout < body->n) {
    int pick = -1;
    for (int i = 0; i < body->n; i++) {
      if (placed[i]) continue;
      if (expr_ready(&x, body->exprs[i], bound)) {
        pick = i;
        break;
      }
    }
    if (pick < 0) break;
    placed[pick] = true;
    out[nout++] = body->exprs[pick];
  }
  if (nout < body->n) {
    names reported = {0};
    for (int i = 0; i < body->n; i++)
      if (!placed[i]) report_unsafe(body->exprs[i], bound, &reported);
    return NULL;
  }
  return out;
}

static const ast_term *find_in_term(const ast_term *t, const char *v) {
  if (!t) return NULL;
  if (t->kind == AST_VAR) return strcmp(t->text, v) == 0 ? t : NULL;
  const ast_term *r;
  int start = t->kind == AST_CALL ? 1 : 0;
  for (int i = 0; i < t->n; i++) {
    if (t->keys && (r = find_in_term(t->keys[i], v))) return r;
    if (i >= start && (r = find_in_term(t->items[i], v))) return r;
  }
  return NULL;
}

const ast_term *find_var_occurrence(const ast_expr *e, const char *v) {
  const ast_term *r;
  if ((r = find_in_term(e->term, v))) return r;
  if ((r = find_in_term(e->key, v))) return r;
  if ((r = find_in_term(e->value, v))) return r;
  if ((r = find_in_term(e->domain, v))) return r;
  for (int i = 0; i < e->nwiths; i++)
    if ((r = find_in_term(e->withs[i].value, v))) return r;
  return NULL;
}

bool head_safe(compiler *c, const ast_term *t, const names *bound) {
  if (!t || !has_unbound(t, bound)) return true;
  names trial = {0};
  names_copy(&trial, bound);
  if (term_eval_ok(c, NULL, t, &trial)) return true; /* refs in the head iterate */
  names vs = {0};
  term_vars(t, &vs, false);
  for (int i = 0; i < vs.n; i++) {
    if (names_has(bound, vs.v[i])) continue;
    const char *v = vs.v[i];
    const ast_term *occ = find_in_term(t, v);
    const char *dollar = strchr(v, '$');
    int len = dollar ? (int)(dollar - v) : (int)strlen(v);
    diag_error(occ ? &occ->loc : &t->loc, "rego_unsafe_var_error", "var %.*s is unsafe", len,
               v);
  }
  return false;
}
