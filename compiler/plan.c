/* plan.c: lowers resolved, safety-ordered Rego into the IR (ir.h), the way OPA's planner does.
 *
 * The planner writes statements into a current block. Iteration opens a scan whose body
 * becomes the current block, so everything planned after it (the rest of the body, the rule's
 * head) runs once per element: continuation passing without closures. Constructs whose
 * effect must not leak (not, comprehensions, every, alternatives) plan into a nested block
 * and then restore the current block and the set of bound variables.
 *
 * Each rule-tree node with rules becomes one IR function, planned on first use for the
 * generation (`with` shadowing) it is used under; zero-argument rules are memoised. A ref
 * into `data` walks the rule tree and the base document together: rules are called, base
 * data is dotted into, and a ref that stops at or iterates over an interior node gets the
 * node's whole document (its rules' values merged with base data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bi.h"
#include "compile.h"
#include "diag.h"
#include "safety.h"

typedef struct planfn {
  rnode *node;
  generation *gen;
  ir_func *fn;
  bool planning;
} planfn;

/* Planner state for the function or plan being built. */
typedef struct P {
  compiler *c;
  ir_policy *pol;
  generation *gen;
  ir_block *cur;
  int nlocals;
  /* variable name -> operand, innermost last */
  const char **vnames;
  ir_operand *vops;
  int nv, capv;
  names bound;
  names body_vars;
  const ast_file *file;
  /* Dots already emitted where the current block can see them (src[key] -> local): a ref
   * used again in the same body reuses the lookup. Entries made inside a nested block are
   * dropped on leaving it; a `with` changes input or data, so it starts a new epoch. */
  struct dotcache {
    ir_operand src, key;
    bool in_data;
    int local, epoch;
  } *cache;
  int ncache, capcache, cache_epoch;
} P;

static int plan_node_func(compiler *c, rnode *n, generation *g, const ast_loc *use);
static ir_operand plan_term(P *p, ast_term *t);
static void plan_unify(P *p, ast_term *a, ast_term *b);
static void plan_unify_value(P *p, ast_term *pat, ir_operand v, const ast_loc *loc);
static void plan_expr(P *p, ast_expr *e);
static bool plan_body(P *p, ast_body *b);
static void plan_terms_in_order(P *p, ast_term **terms, int n, ir_operand *ops);
static ir_operand plan_extent(P *p, rnode *n, const ast_loc *loc);

/* --- small helpers ------------------------------------------------------------------------ */

static int new_local(P *p) {
  return p->nlocals++;
}

static ir_stmt *emit(P *p, ir_stmt_kind k, const ast_loc *loc) {
  return ir_emit(p->cur, k, loc);
}

static void bind_var(P *p, const char *name, ir_operand op) {
  if (p->nv == p->capv) {
    p->capv = p->capv ? 2 * p->capv : 32;
    const char **nn = rt_alloc(sizeof *nn * (size_t)p->capv);
    ir_operand *no = rt_alloc(sizeof *no * (size_t)p->capv);
    if (p->nv) {
      memcpy(nn, p->vnames, sizeof *nn * (size_t)p->nv);
      memcpy(no, p->vops, sizeof *no * (size_t)p->nv);
    }
    p->vnames = nn;
    p->vops = no;
  }
  p->vnames[p->nv] = name;
  p->vops[p->nv] = op;
  p->nv++;
  names_add(&p->bound, name);
}

static bool lookup_var(const P *p, const char *name, ir_operand *out) {
  for (int i = p->nv - 1; i >= 0; i--)
    if (p->vnames[i] == name || strcmp(p->vnames[i], name) == 0) {
      *out = p->vops[i];
      return true;
    }
  return false;
}

typedef struct pstate {
  ir_block *cur;
  int nv;
  int nbound;
  generation *gen;
  int ncache;
} pstate;

static pstate save(const P *p) {
  return (pstate){p->cur, p->nv, p->bound.n, p->gen, p->ncache};
}

static void restore(P *p, pstate s) {
  p->ncache = s.ncache;
  p->cur = s.cur;
  p->nv = s.nv;
  p->bound.n = s.nbound;
  p->gen = s.gen;
}

static ir_operand cst(P *p, rt_value *v) {
  return ir_constop(ir_const(p->pol, v));
}

/* A nested block inside a one-block BLOCK statement: failures inside it end only it. */
static ir_block *open_block(P *p, const ast_loc *loc) {
  ir_stmt *s = emit(p, IR_BLOCK, loc);
  s->blocks = rt_alloc(sizeof(ir_block *));
  s->blocks[0] = ir_block_new();
  s->nblocks = 1;
  return s->blocks[0];
}

/* A scan over src whose body becomes the current block (the rest of the body runs once per
 * element); *lk and *lv receive the key and value locals. */
static ir_stmt *open_scan(P *p, ir_operand src, const ast_loc *loc, int *lk, int *lv) {
  *lk = new_local(p);
  *lv = new_local(p);
  ir_stmt *sc = emit(p, IR_SCAN, loc);
  sc->a = src;
  sc->key = *lk;
  sc->value = *lv;
  sc->block = ir_block_new();
  p->cur = sc->block;
  return sc;
}

/* A call of the function of rule node n (input and data as arguments). */
static ir_operand call_rule(P *p, rnode *n, const ast_loc *loc) {
  int f = plan_node_func(p->c, n, p->gen, loc);
  int t = new_local(p);
  ir_stmt *s = emit(p, IR_CALL, loc);
  s->func = f;
  s->args = rt_alloc(sizeof(ir_operand) * 2);
  s->args[0] = ir_local(0);
  s->args[1] = ir_local(1);
  s->nargs = 2;
  s->target = t;
  return ir_local(t);
}

static bool is_call_op(const ast_term *t, const char *name) {
  if (t->kind != AST_CALL) return false;
  const char *n = operator_name(t->items[0]);
  return n && strcmp(n, name) == 0;
}

/* --- generations ---------------------------------------------------------------------------- */

static bool node_shadowed(const generation *g, const rnode *n) {
  for (; g; g = g->parent)
    for (int i = 0; i < g->nshadowed; i++)
      for (const rnode *a = n; a; a = a->parent)
        if (a == g->shadowed[i]) return true;
  return false;
}

static const mock *find_mock_node(const generation *g, const rnode *n) {
  for (; g; g = g->parent)
    for (int i = 0; i < g->nmocks; i++)
      if (g->mocks[i].node == n) return &g->mocks[i];
  return NULL;
}

static const mock *find_mock_builtin(const generation *g, const char *name) {
  for (; g; g = g->parent)
    for (int i = 0; i < g->nmocks; i++)
      if (g->mocks[i].builtin && strcmp(g->mocks[i].builtin, name) == 0) return &g->mocks[i];
  return NULL;
}

/* Does n hold rules (or rules below it) that are visible in generation g? */
static bool has_virtual(const generation *g, const rnode *n) {
  if (node_shadowed(g, n)) return false;
  if (n->nrules || n->default_rule || n->package) return true;
  for (int i = 0; i < n->nchildren; i++)
    if (has_virtual(g, n->children[i])) return true;
  return false;
}

/* The generation g without its function mocks (shadowed documents stay hidden). */
static generation *without_mocks(P *p, generation *g) {
  bool any = false;
  for (generation *a = g; a && !any; a = a->parent) any = a->nmocks > 0;
  if (!any) return g;
  if (g->nomock) return g->nomock;
  generation *n = rt_alloc_zero(sizeof *n);
  n->id = ++p->c->next_gen;
  for (generation *a = g; a; a = a->parent) {
    rnode **ns = rt_alloc(sizeof(rnode *) * (size_t)(n->nshadowed + a->nshadowed + 1));
    if (n->nshadowed) memcpy(ns, n->shadowed, sizeof(rnode *) * (size_t)n->nshadowed);
    if (a->nshadowed) memcpy(ns + n->nshadowed, a->shadowed, sizeof(rnode *) * (size_t)a->nshadowed);
    n->shadowed = ns;
    n->nshadowed += a->nshadowed;
  }
  g->nomock = n;
  return n;
}

static bool node_is_rule(const generation *g, const rnode *n) {
  return (n->nrules || n->default_rule) && !node_shadowed(g, n);
}

/* --- terms ---------------------------------------------------------------------------------- */

/* base[keys...] by dots; keys are operands. */
static bool same_operand(ir_operand a, ir_operand b) {
  return a.kind == b.kind && a.v == b.v;
}

static ir_operand dot_chain_in(P *p, ir_operand src, ir_operand *keys, int n,
                               const ast_loc *loc, bool in_data) {
  for (int i = 0; i < n; i++) {
    int hit = -1;
    for (int k = p->ncache - 1; k >= 0 && hit < 0; k--) {
      struct dotcache *c = &p->cache[k];
      if (c->epoch == p->cache_epoch && c->in_data == in_data && same_operand(c->src, src) &&
          same_operand(c->key, keys[i]))
        hit = c->local;
    }
    if (hit >= 0) {
      src = ir_local(hit);
      continue;
    }
    int t = new_local(p);
    ir_stmt *s = emit(p, IR_DOT, loc);
    s->a = src;
    s->b = keys[i];
    s->target = t;
    s->n = in_data;
    if (p->ncache == p->capcache) {
      p->capcache = p->capcache ? 2 * p->capcache : 16;
      struct dotcache *nc = rt_alloc(sizeof *nc * (size_t)p->capcache);
      if (p->ncache) memcpy(nc, p->cache, sizeof *nc * (size_t)p->ncache);
      p->cache = nc;
    }
    p->cache[p->ncache++] = (struct dotcache){src, keys[i], in_data, t, p->cache_epoch};
    src = ir_local(t);
  }
  return src;
}

static ir_operand dot_chain(P *p, ir_operand src, ir_operand *keys, int n, const ast_loc *loc) {
  return dot_chain_in(p, src, keys, n, loc, false);
}

/* One step of a ref: src[key], iterating when the key has unbound variables. In a data
 * document (in_data), a number key also finds the key written as a string, as OPA's store
 * does: data[2] reads {"2": ...}. */
static ir_operand ref_step_in(P *p, ir_operand src, ast_term *key, bool in_data) {
  ir_operand kv;
  if (key->kind == AST_VAR && is_local_var(key) && lookup_var(p, key->text, &kv))
    return dot_chain_in(p, src, &kv, 1, &key->loc, in_data);
  names vs = {0};
  term_vars(key, &vs, false);
  bool unbound = false;
  for (int i = 0; i < vs.n && !unbound; i++) unbound = !names_has(&p->bound, vs.v[i]);
  if (!unbound) {
    ir_operand k = plan_term(p, key);
    return dot_chain_in(p, src, &k, 1, &key->loc, in_data);
  }
  int lk, lv;
  open_scan(p, src, &key->loc, &lk, &lv);
  plan_unify_value(p, key, ir_local(lk), &key->loc);
  return ir_local(lv);
}

static ir_operand ref_step(P *p, ir_operand src, ast_term *key) {
  return ref_step_in(p, src, key, false);
}

/* A ref into data from key index `from` of the ref, at rule-tree node n. */
/* Is t evaluable without iterating (every variable in it already bound)? */
static bool bound_term(P *p, const ast_term *t) {
  names vs = {0};
  term_vars(t, &vs, true);
  for (int i = 0; i < vs.n; i++)
    if (!names_has(&p->bound, vs.v[i])) return false;
  return true;
}

static ir_operand plan_data_from(P *p, rnode *n, ast_term *ref, int i);

/* data.a[k].b... with k bound: a runtime dispatch on k's value over the node's children, so
 * only the rules the key names are evaluated (OPA's CallDynamic), and base data when no
 * child matches. Used when the rest of the ref does not iterate. */
static ir_operand plan_dispatch(P *p, rnode *n, ast_term *ref, int i) {
  const ast_loc *loc = &ref->loc;
  ir_operand key = plan_term(p, ref->items[i]);
  int r = new_local(p);
  ir_stmt *rs = emit(p, IR_RESET, loc);
  rs->target = r;
  for (int c = 0; c < n->nchildren; c++) {
    rnode *ch = n->children[c];
    if (!has_virtual(p->gen, ch) || ch->kind == RNODE_FUNCTION) continue;
    pstate st = save(p);
    p->cur = open_block(p, loc);
    ir_stmt *eq = emit(p, IR_EQUAL, loc);
    eq->a = key;
    eq->b = cst(p, ch->key);
    ir_operand v = plan_data_from(p, ch, ref, i + 1);
    ir_stmt *as = emit(p, IR_ASSIGN, loc);
    as->a = v;
    as->target = r;
    restore(p, st);
  }
  pstate st = save(p);
  p->cur = open_block(p, loc);
  ir_stmt *u = emit(p, IR_IS_UNDEFINED, loc);
  u->target = r;
  ir_operand v = ir_local(1);
  for (int k = 1; k < i; k++) v = ref_step_in(p, v, ref->items[k], true);
  v = dot_chain_in(p, v, &key, 1, loc, true);
  for (int k = i + 1; k < ref->n; k++) v = ref_step_in(p, v, ref->items[k], true);
  ir_stmt *as = emit(p, IR_ASSIGN, loc);
  as->a = v;
  as->target = r;
  restore(p, st);
  ir_stmt *d = emit(p, IR_IS_DEFINED, loc);
  d->target = r;
  return ir_local(r);
}

/* A ref into data from key i on, at rule-tree node n: rules are called, base data dotted. */
static ir_operand plan_data_from(P *p, rnode *n, ast_term *ref, int i) {
  const ast_loc *loc = &ref->loc;
  for (;;) {
    if (n != p->c->root && node_is_rule(p->gen, n)) {
      ir_operand v = call_rule(p, n, loc);
      for (; i < ref->n; i++) v = ref_step(p, v, ref->items[i]);
      return v;
    }
    if (i == ref->n) {
      if (has_virtual(p->gen, n)) return plan_extent(p, n, loc);
      break;
    }
    ast_term *key = ref->items[i];
    rt_value *g = term_ground_value(key);
    if (g) {
      rnode *child = ruletree_child(n, g);
      if (child && has_virtual(p->gen, child)) {
        n = child;
        i++;
        continue;
      }
      break; /* only base data from here on */
    }
    if (has_virtual(p->gen, n)) {
      bool rest_bound = bound_term(p, key);
      for (int k = i + 1; k < ref->n && rest_bound; k++) rest_bound = bound_term(p, ref->items[k]);
      if (rest_bound) return plan_dispatch(p, n, ref, i);
      /* a variable key over a node with rules below: iterate the node's whole document */
      ir_operand v = plan_extent(p, n, loc);
      for (; i < ref->n; i++) v = ref_step_in(p, v, ref->items[i], true);
      return v;
    }
    break;
  }
  ir_operand v = ir_local(1);
  for (int k = 1; k < ref->n; k++) v = ref_step_in(p, v, ref->items[k], true);
  return v;
}

static ir_operand plan_data_ref(P *p, ast_term *ref) {
  return plan_data_from(p, p->c->root, ref, 1);
}

/* The document at interior node n: its rules' values merged with the base data there. */
static ir_operand plan_extent(P *p, rnode *n, const ast_loc *loc) {
  int obj = new_local(p);
  ir_stmt *s = emit(p, IR_MAKE_OBJECT, loc);
  s->target = obj;
  for (int i = 0; i < n->nchildren; i++) {
    rnode *ch = n->children[i];
    if (!has_virtual(p->gen, ch) || ch->kind == RNODE_FUNCTION) continue;
    pstate st = save(p);
    p->cur = open_block(p, loc);
    ir_operand v;
    if (node_is_rule(p->gen, ch)) {
      v = call_rule(p, ch, loc);
    } else {
      v = plan_extent(p, ch, loc);
    }
    ir_stmt *ins = emit(p, IR_OBJECT_INSERT, loc);
    ins->target = obj;
    ins->a = cst(p, ch->key);
    ins->b = v;
    restore(p, st);
  }
  /* merge with base data at this path when there is any */
  int depth = 0;
  for (rnode *a = n; a->parent; a = a->parent) depth++;
  ir_operand *keys = rt_alloc(sizeof(ir_operand) * (size_t)(depth + 1));
  int k = depth;
  for (rnode *a = n; a->parent; a = a->parent) keys[--k] = cst(p, a->key);
  int merged = new_local(p);
  ir_stmt *as = emit(p, IR_ASSIGN, loc);
  as->a = ir_local(obj);
  as->target = merged;
  pstate st = save(p);
  p->cur = open_block(p, loc);
  ir_operand base = dot_chain(p, ir_local(1), keys, depth, loc);
  ir_stmt *m = emit(p, IR_OBJECT_MERGE, loc);
  m->a = base;
  m->b = ir_local(obj);
  m->target = merged;
  restore(p, st);
  return ir_local(merged);
}

static ir_operand plan_ref(P *p, ast_term *t) {
  ast_term *head = t->items[0];
  ir_operand v;
  if (head->kind == AST_VAR && strcmp(head->text, "data") == 0) return plan_data_ref(p, t);
  if (head->kind == AST_VAR && strcmp(head->text, "input") == 0) {
    v = ir_local(0);
    if (t->n == 1) {
      /* there may be no input at all: then `input` is undefined */
      ir_stmt *d = emit(p, IR_IS_DEFINED, &t->loc);
      d->target = 0;
    }
  } else {
    v = plan_term(p, head);
  }
  for (int i = 1; i < t->n; i++) v = ref_step(p, v, t->items[i]);
  return v;
}

static ir_operand plan_collection(P *p, ast_term *t) {
  rt_value *g = term_ground_value(t);
  if (g) return cst(p, g);
  int l = new_local(p);
  ir_stmt *s = emit(p, t->kind == AST_ARRAY ? IR_MAKE_ARRAY
                      : t->kind == AST_SET ? IR_MAKE_SET
                                           : IR_MAKE_OBJECT,
                    &t->loc);
  s->target = l;
  s->n = t->n;
  ir_operand *vals = rt_alloc(sizeof(ir_operand) * (size_t)(t->n + 1));
  ir_operand *keys = rt_alloc(sizeof(ir_operand) * (size_t)(t->n + 1));
  if (t->kind == AST_OBJECT) plan_terms_in_order(p, t->keys, t->n, keys);
  plan_terms_in_order(p, t->items, t->n, vals);
  for (int i = 0; i < t->n; i++) {
    ir_stmt *ins = emit(p, t->kind == AST_ARRAY ? IR_ARRAY_APPEND
                           : t->kind == AST_SET ? IR_SET_ADD
                                                : IR_OBJECT_INSERT,
                        &t->loc);
    ins->target = l;
    ins->a = t->kind == AST_OBJECT ? keys[i] : vals[i];
    ins->b = vals[i];
  }
  return ir_local(l);
}

static ir_operand plan_comprehension(P *p, ast_term *t) {
  int l = new_local(p);
  ir_stmt *s = emit(p, t->kind == AST_ARRAY_COMPR ? IR_MAKE_ARRAY
                      : t->kind == AST_SET_COMPR ? IR_MAKE_SET
                                                 : IR_MAKE_OBJECT,
                    &t->loc);
  s->target = l;
  pstate st = save(p);
  names outer_body = p->body_vars;
  p->cur = open_block(p, &t->loc);
  if (plan_body(p, t->body)) {
    if (t->kind == AST_OBJECT_COMPR) {
      ir_operand k = plan_term(p, t->key);
      ir_operand v = plan_term(p, t->head);
      ir_stmt *ins = emit(p, IR_OBJECT_INSERT_ONCE, &t->loc);
      ins->target = l;
      ins->args = rt_alloc(sizeof(ir_operand));
      ins->args[0] = k;
      ins->nargs = 1;
      ins->b = v;
      ins->msg = "object keys must be unique";
    } else {
      ir_operand v = plan_term(p, t->head);
      ir_stmt *ins = emit(p, t->kind == AST_ARRAY_COMPR ? IR_ARRAY_APPEND : IR_SET_ADD, &t->loc);
      ins->target = l;
      ins->a = v;
    }
  }
  p->body_vars = outer_body;
  restore(p, st);
  return ir_local(l);
}

/* Template strings: internal.template_string gets the literal parts as strings and each
 * embedded expression as the set of its values, so undefined shows as "<undefined>". */
static ir_operand plan_template(P *p, ast_term *t) {
  int arr = new_local(p);
  ir_stmt *s = emit(p, IR_MAKE_ARRAY, &t->loc);
  s->target = arr;
  s->n = t->n;
  for (int i = 0; i < t->n; i++) {
    ast_term *part = t->items[i];
    ir_operand pv;
    if (part->kind == AST_STRING && i % 2 == 0) {
      pv = cst(p, term_ground_value(part));
    } else {
      int set = new_local(p);
      ir_stmt *ms = emit(p, IR_MAKE_SET, &part->loc);
      ms->target = set;
      pstate st = save(p);
      p->cur = open_block(p, &part->loc);
      ast_expr *pe = t->exprs ? t->exprs[i] : NULL;
      if (pe && pe->nwiths) {
        /* `{e with ...}`: plan `v = e` under the modifiers, then collect v */
        static int tmpl_counter;
        char name[32];
        snprintf(name, sizeof name, "__tmpl$%d", ++tmpl_counter);
        ast_term *var = rt_alloc_zero(sizeof *var);
        var->kind = AST_VAR;
        var->loc = part->loc;
        var->text = rt_strndup(name, strlen(name));
        var->len = strlen(name);
        ast_expr eq = *pe;
        eq.kind = AST_EXPR_TERM;
        eq.negated = false;
        eq.term = ast_new_op(&part->loc, "eq", var, part);
        plan_expr(p, &eq);
        ir_operand v;
        if (!lookup_var(p, var->text, &v)) v = cst(p, RT_NULLV);
        ir_stmt *add = emit(p, IR_SET_ADD, &part->loc);
        add->target = set;
        add->a = v;
      } else {
        ir_operand v = plan_term(p, part);
        ir_stmt *add = emit(p, IR_SET_ADD, &part->loc);
        add->target = set;
        add->a = v;
      }
      restore(p, st);
      pv = ir_local(set);
    }
    ir_stmt *ap = emit(p, IR_ARRAY_APPEND, &part->loc);
    ap->target = arr;
    ap->a = pv;
  }
  int out = new_local(p);
  const bi_entry *e = bi_lookup("internal.template_string");
  ir_stmt *cs = emit(p, IR_CALL, &t->loc);
  cs->func = e ? -1 - (int)(e - bi_table) : -1;
  cs->args = rt_alloc(sizeof(ir_operand));
  cs->args[0] = ir_local(arr);
  cs->nargs = 1;
  cs->target = out;
  return ir_local(out);
}

/* --- calls ---------------------------------------------------------------------------------- */

/* Plans terms in an order in which each can be evaluated (what one binds by iteration
 * another may use), putting each operand at its own position in ops. */
static void plan_terms_in_order(P *p, ast_term **terms, int n, ir_operand *ops) {
  int *order = rt_alloc(sizeof(int) * (size_t)(n + 1));
  names trial = {0};
  names_copy(&trial, &p->bound);
  if (!terms_order(p->c, &p->body_vars, terms, n, &trial, order))
    for (int i = 0; i < n; i++) order[i] = i; /* reports the unsafe variable below */
  for (int k = 0; k < n; k++) ops[order[k]] = plan_term(p, terms[order[k]]);
}

static rnode *function_node(P *p, const ast_term *op) {
  if (op->kind != AST_REF || op->items[0]->kind != AST_VAR ||
      strcmp(op->items[0]->text, "data") != 0)
    return NULL;
  rt_value **keys = rt_alloc(sizeof(rt_value *) * (size_t)op->n);
  for (int i = 1; i < op->n; i++) {
    keys[i - 1] = term_ground_value(op->items[i]);
    if (!keys[i - 1]) return NULL;
  }
  rnode *n = ruletree_find(p->c->root, keys, op->n - 1);
  return n && n->kind == RNODE_FUNCTION ? n : NULL;
}

static bool target_allows(const compiler *c, const bi_entry *e) {
  return c->target != TARGET_BUILDX || (e->flags & BI_F_BUILDX);
}

/* Plans a call with `nin` input arguments; returns the result operand, or sets *failed. */
static ir_operand plan_call(P *p, ast_term *call, int nin, bool *failed) {
  ast_term *op = call->items[0];
  const char *name = operator_name(op);
  *failed = false;
  ir_operand *args = rt_alloc(sizeof(ir_operand) * (size_t)(nin + 2));
  int nargs = 0;
  rnode *fnode = function_node(p, op);
  generation *fgen = p->gen;
  const mock *mk = NULL;
  if (fnode) mk = find_mock_node(p->gen, fnode);
  else if (name) mk = find_mock_builtin(p->gen, name);
  if (mk) {
    if (mk->is_value) {
      /* replaced by a value: the call's result is that value, whatever the arguments (which
       * must still be defined) */
      ir_operand *ignored = rt_alloc(sizeof(ir_operand) * (size_t)(nin + 1));
      plan_terms_in_order(p, call->items + 1, nin, ignored);
      return mk->op;
    }
    ast_term *repl = mk->value;
    rnode *rn = function_node(p, repl);
    if (rn) {
      fnode = rn;
    } else {
      fnode = NULL;
      name = operator_name(repl);
    }
    /* the replacement runs without the mocks of this `with` (a mock that calls the
     * function it replaces calls the original) */
    fgen = without_mocks(p, p->gen);
  }
  if (fnode) {
    if (fnode->arity != nin) {
      diag_error(&call->loc, "rego_type_error", "%s: arity mismatch", fnode->path_text);
      *failed = true;
      return ir_local(0);
    }
    int f = plan_node_func(p->c, fnode, fgen, &call->loc);
    args[nargs++] = ir_local(0);
    args[nargs++] = ir_local(1);
    plan_terms_in_order(p, call->items + 1, nin, args + nargs);
    nargs += nin;
    int t = new_local(p);
    ir_stmt *s = emit(p, IR_CALL, &call->loc);
    s->func = f;
    s->args = args;
    s->nargs = nargs;
    s->target = t;
    return ir_local(t);
  }
  const bi_entry *e = name ? bi_lookup(name) : NULL;
  if (!e || (e->flags & BI_F_DEPRECATED)) {
    diag_error(&call->loc, "rego_type_error", "undefined function %s", name ? name : "?");
    *failed = true;
    return ir_local(0);
  }
  if (!target_allows(p->c, e)) {
    diag_error(&call->loc, "rego_type_error",
               "undefined function %s (not available with --target buildx)", name);
    *failed = true;
    return ir_local(0);
  }
  if (e->arity >= 0 && e->arity != nin) {
    diag_error(&call->loc, "rego_type_error", "%s: arity mismatch: have %d, want %d", name, nin,
               e->arity);
    *failed = true;
    return ir_local(0);
  }
  /* a builtin regoc does not implement yet is an error only where a checker would call it
   * (driver.c checks what the entry points reach), since `with` may replace it */
  plan_terms_in_order(p, call->items + 1, nin, args + nargs);
  nargs += nin;
  int t = new_local(p);
  ir_stmt *s = emit(p, IR_CALL, &call->loc);
  s->func = -1 - (int)(e - bi_table);
  s->args = args;
  s->nargs = nargs;
  s->target = (e->flags & BI_F_VOID) ? -1 : t;
  return ir_local(t);
}

static void plan_print(P *p, ast_term *call) {
  int n = call->n - 1;
  ir_operand *args = rt_alloc(sizeof(ir_operand) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    int v = new_local(p);
    ir_stmt *rs = emit(p, IR_RESET, &call->loc);
    rs->target = v;
    pstate st = save(p);
    p->cur = open_block(p, &call->loc);
    ir_operand pv = plan_term(p, call->items[i + 1]);
    ir_stmt *as = emit(p, IR_ASSIGN, &call->loc);
    as->a = pv;
    as->target = v;
    restore(p, st);
    args[i] = ir_local(v);
  }
  ir_stmt *s = emit(p, IR_PRINT, &call->loc);
  s->args = args;
  s->nargs = n;
}

static ir_operand plan_term(P *p, ast_term *t) {
  switch (t->kind) {
  case AST_NULL:
  case AST_BOOLEAN:
  case AST_NUMBER:
  case AST_STRING: {
    rt_value *g = term_ground_value(t);
    if (!g) {
      diag_error(&t->loc, "rego_parse_error", "invalid number %s", t->text);
      return cst(p, RT_NULLV);
    }
    return cst(p, g);
  }
  case AST_VAR: {
    if (strcmp(t->text, "input") == 0) {
      /* there may be no input at all: then `input` is undefined */
      ir_stmt *d = emit(p, IR_IS_DEFINED, &t->loc);
      d->target = 0;
      return ir_local(0);
    }
    if (strcmp(t->text, "data") == 0) {
      ast_term ref = *t;
      ast_term *items[1] = {t};
      ref.kind = AST_REF;
      ref.items = items;
      ref.n = 1;
      return plan_data_ref(p, &ref);
    }
    ir_operand op;
    if (lookup_var(p, t->text, &op)) return op;
    const char *dollar = strchr(t->text, '$');
    int len = dollar ? (int)(dollar - t->text) : (int)t->len;
    diag_error(&t->loc, "rego_unsafe_var_error", "var %.*s is unsafe", len, t->text);
    return cst(p, RT_NULLV);
  }
  case AST_REF:
    return plan_ref(p, t);
  case AST_ARRAY:
  case AST_SET:
  case AST_OBJECT:
    return plan_collection(p, t);
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    return plan_comprehension(p, t);
  case AST_TEMPLATE:
    return plan_template(p, t);
  case AST_CALL: {
    const char *name = operator_name(t->items[0]);
    if (name && (strcmp(name, "eq") == 0 || strcmp(name, "assign") == 0)) {
      diag_error(&t->loc, "rego_compile_error", "unexpected assignment in a term");
      return cst(p, RT_NULLV);
    }
    int arity = operator_arity(p->c, t->items[0]);
    int nin = t->n - 1;
    bool failed;
    if (arity >= 0 && nin == arity + 1) {
      /* f(x, out) used as a value: bind out and yield true */
      ir_operand r = plan_call(p, t, arity, &failed);
      if (!failed) plan_unify_value(p, t->items[t->n - 1], r, &t->loc);
      return cst(p, RT_TRUE);
    }
    ir_operand r = plan_call(p, t, nin, &failed);
    const bi_entry *be = name ? bi_lookup(name) : NULL;
    if (!failed && be && (be->flags & BI_F_RELATION) && !find_mock_builtin(p->gen, name)) {
      /* a relation used as a value (`[path, v] := walk(x)`) yields each of its results */
      int lk, lv;
      open_scan(p, r, &t->loc, &lk, &lv);
      return ir_local(lv);
    }
    return r;
  }
  }
  return cst(p, RT_NULLV);
}

/* --- unification ---------------------------------------------------------------------------- */

static bool has_unbound_vars(P *p, const ast_term *t) {
  names vs = {0};
  term_vars(t, &vs, false);
  for (int i = 0; i < vs.n; i++)
    if (!names_has(&p->bound, vs.v[i])) return true;
  return false;
}

/* Is t something a value can be matched against, binding variables? */
static bool is_pattern(P *p, const ast_term *t) {
  if (t->kind == AST_VAR) return is_local_var(t) && !names_has(&p->bound, t->text);
  if (t->kind == AST_ARRAY || t->kind == AST_OBJECT) return has_unbound_vars(p, t);
  return false;
}

static void plan_unify_value(P *p, ast_term *pat, ir_operand v, const ast_loc *loc) {
  if (pat->kind == AST_VAR && is_local_var(pat) && !names_has(&p->bound, pat->text)) {
    if (v.kind == IR_OP_LOCAL && (v.v == 0 || v.v == 1)) {
      /* input and data change under `with`: a variable keeps the value it was bound to */
      int l = new_local(p);
      ir_stmt *as = emit(p, IR_ASSIGN, loc);
      as->a = v;
      as->target = l;
      v = ir_local(l);
    }
    bind_var(p, pat->text, v);
    return;
  }
  if ((pat->kind == AST_ARRAY || pat->kind == AST_OBJECT) && has_unbound_vars(p, pat)) {
    /* destructuring: same kind, same size, then element by element */
    ir_stmt *s = emit(p, pat->kind == AST_ARRAY ? IR_IS_ARRAY : IR_IS_OBJECT, loc);
    s->a = v;
    int l = new_local(p);
    s = emit(p, IR_LEN, loc);
    s->a = v;
    s->target = l;
    s = emit(p, IR_EQUAL, loc);
    s->a = ir_local(l);
    s->b = cst(p, rt_int(pat->n));
    for (int i = 0; i < pat->n; i++) {
      ir_operand k = pat->kind == AST_ARRAY ? cst(p, rt_int(i)) : plan_term(p, pat->keys[i]);
      ir_operand e = dot_chain(p, v, &k, 1, loc);
      plan_unify_value(p, pat->items[i], e, loc);
    }
    return;
  }
  ir_operand pv = plan_term(p, pat);
  ir_stmt *s = emit(p, IR_EQUAL, loc);
  s->a = pv;
  s->b = v;
}

static void plan_unify(P *p, ast_term *a, ast_term *b) {
  if (a->kind == AST_ARRAY && b->kind == AST_ARRAY && a->n != b->n) {
    ir_stmt *s = emit(p, IR_EQUAL, &a->loc); /* never true: the expression fails */
    s->a = cst(p, RT_TRUE);
    s->b = cst(p, RT_FALSE);
    return;
  }
  ast_term **pa, **pb;
  int np = literal_pairs(a, b, &pa, &pb);
  if (np >= 0) {
    /* element by element, each pair when it is ready (as safety ordered them) */
    bool *done = rt_alloc_zero(sizeof(bool) * (size_t)(np + 1));
    int k = 0;
    for (bool progress = true; progress && k < np;) {
      progress = false;
      for (int i = 0; i < np; i++) {
        names trial = {0};
        names_copy(&trial, &p->bound);
        if (done[i] || !unify_ok(p->c, &p->body_vars, pa[i], pb[i], &trial)) continue;
        plan_unify(p, pa[i], pb[i]);
        done[i] = true;
        k++;
        progress = true;
      }
    }
    for (int i = 0; i < np; i++)
      if (!done[i]) plan_unify(p, pa[i], pb[i]); /* reports what is unsafe */
    return;
  }
  bool pat_a = is_pattern(p, a), pat_b = is_pattern(p, b);
  if (pat_a && !pat_b) {
    ir_operand v = plan_term(p, b);
    plan_unify_value(p, a, v, &a->loc);
  } else if (pat_b && !pat_a) {
    ir_operand v = plan_term(p, a);
    plan_unify_value(p, b, v, &b->loc);
  } else if (pat_a && pat_b) {
    /* both sides have unbound variables: one must evaluate (safety guarantees it) */
    names trial = {0};
    names_copy(&trial, &p->bound);
    if (unify_ok(p->c, &p->body_vars, b, NULL, &trial) && !has_unbound_vars(p, b)) {
      ir_operand v = plan_term(p, b);
      plan_unify_value(p, a, v, &a->loc);
    } else {
      ir_operand v = plan_term(p, a);
      plan_unify_value(p, b, v, &b->loc);
    }
  } else {
    /* refs with unbound keys iterate; plan the side without patterns first */
    ir_operand va = plan_term(p, a);
    ir_operand vb = plan_term(p, b);
    ir_stmt *s = emit(p, IR_EQUAL, &a->loc);
    s->a = va;
    s->b = vb;
  }
}

/* --- expressions ----------------------------------------------------------------------------- */

static void plan_expr_inner(P *p, ast_expr *e);

static rnode *data_node_of(P *p, const ast_term *target, int *depth_out) {
  /* the deepest rule-tree node along a data ref, and how many keys it covers */
  rnode *n = p->c->root;
  int d = 0;
  for (int i = 1; i < target->n; i++) {
    rt_value *g = term_ground_value(target->items[i]);
    rnode *ch = g ? ruletree_child(n, g) : NULL;
    if (!ch) break;
    n = ch;
    d = i;
  }
  *depth_out = d;
  return n;
}

static generation *new_generation(P *p) {
  generation *g = rt_alloc_zero(sizeof *g);
  g->parent = p->gen;
  g->id = ++p->c->next_gen;
  return g;
}

static void plan_with(P *p, ast_expr *e) {
  /* save the documents replaced, then plan the expression inside the WITH blocks and the
   * rest of the body inside blocks that put the originals back */
  int saved_input = -1, saved_data = -1;
  generation *g = NULL;
  for (int i = 0; i < e->nwiths; i++) {
    ast_with *w = &e->withs[i];
    ast_term *tg = w->target;
    ast_term *head = tg->kind == AST_REF ? tg->items[0] : tg;
    bool is_input = head->kind == AST_VAR && strcmp(head->text, "input") == 0;
    bool is_data = head->kind == AST_VAR && strcmp(head->text, "data") == 0;
    rnode *fnode = is_data ? function_node(p, tg) : NULL;
    const char *bname = (!is_input && !is_data) ? operator_name(tg) : NULL;
    if (fnode || (bname && bi_lookup(bname))) {
      if (!g) g = new_generation(p);
      mock m = {0};
      m.node = fnode;
      m.builtin = fnode ? NULL : bname;
      m.value = w->value;
      /* a function or builtin replaced by a function (a ref naming one) or by a value */
      rnode *rn = function_node(p, w->value);
      const char *vn = w->value->kind == AST_VAR || w->value->kind == AST_REF
                           ? operator_name(w->value)
                           : NULL;
      m.is_value = !(rn || (vn && bi_lookup(vn)));
      if (m.is_value) {
        rt_value *gv = term_ground_value(w->value);
        if (gv) {
          m.op = cst(p, gv);
        } else {
          /* a computed value: it lives in a mock slot while the expression runs, so that
           * calls in other functions planned under this generation can read it */
          m.op = (ir_operand){IR_OP_SLOT, p->c->next_slot++};
          ir_operand v = plan_term(p, w->value);
          ir_stmt *ws = emit(p, IR_WITH, &w->loc);
          ws->target = -2 - m.op.v;
          ws->a = v;
          ws->block = ir_block_new();
          p->cur = ws->block;
        }
      }
      mock *nm = rt_alloc(sizeof(mock) * (size_t)(g->nmocks + 1));
      if (g->nmocks) memcpy(nm, g->mocks, sizeof(mock) * (size_t)g->nmocks);
      nm[g->nmocks++] = m;
      g->mocks = nm;
      continue;
    }
    if (!is_input && !is_data) {
      diag_error(&w->loc, "rego_compile_error",
                 "with keyword target must reference existing input, data, or a function");
      continue;
    }
    int loc = is_input ? 0 : 1;
    int *saved = is_input ? &saved_input : &saved_data;
    if (*saved < 0) {
      *saved = new_local(p);
      ir_stmt *as = emit(p, IR_ASSIGN, &w->loc);
      as->a = ir_local(loc);
      as->target = *saved;
    }
    ir_operand v = plan_term(p, w->value);
    int npath = tg->kind == AST_REF ? tg->n - 1 : 0;
    int *path = rt_alloc(sizeof(int) * (size_t)(npath + 1));
    for (int k = 0; k < npath; k++) {
      rt_value *kv = term_ground_value(tg->items[k + 1]);
      if (!kv) {
        diag_error(&w->loc, "rego_compile_error", "with target path must be ground");
        kv = RT_NULLV;
      }
      path[k] = ir_const(p->pol, kv);
    }
    if (is_data) {
      /* rules are hidden only where the target names their node (or lies inside a rule's
       * value): `with data.a.c as 2` next to a rule data.a.d keeps that rule */
      int depth;
      rnode *n = data_node_of(p, tg, &depth);
      bool hides = n != p->c->root && has_virtual(p->gen, n) &&
                   (depth == npath || node_is_rule(p->gen, n));
      if (hides) {
        if (!g) g = new_generation(p);
        rnode **ns = rt_alloc(sizeof(rnode *) * (size_t)(g->nshadowed + 1));
        if (g->nshadowed) memcpy(ns, g->shadowed, sizeof(rnode *) * (size_t)g->nshadowed);
        ns[g->nshadowed++] = n;
        g->shadowed = ns;
      } else if (n == p->c->root && npath == 0) {
        if (!g) g = new_generation(p);
        rnode **ns = rt_alloc(sizeof(rnode *));
        ns[0] = p->c->root;
        g->shadowed = ns;
        g->nshadowed = 1;
      }
    }
    p->cache_epoch++; /* input or data changes: earlier lookups no longer hold */
    ir_stmt *ws = emit(p, IR_WITH, &w->loc);
    ws->target = loc;
    ws->path = path;
    ws->npath = npath;
    ws->a = v;
    ws->block = ir_block_new();
    p->cur = ws->block;
  }
  generation *outer = p->gen;
  if (g) p->gen = g;
  plan_expr_inner(p, e);
  p->gen = outer;
  /* the rest of the body sees the original documents again */
  if (saved_input >= 0 || saved_data >= 0) p->cache_epoch++;
  if (saved_input >= 0) {
    ir_stmt *ws = emit(p, IR_WITH, &e->loc);
    ws->target = 0;
    ws->a = ir_local(saved_input);
    ws->block = ir_block_new();
    p->cur = ws->block;
  }
  if (saved_data >= 0) {
    ir_stmt *ws = emit(p, IR_WITH, &e->loc);
    ws->target = 1;
    ws->a = ir_local(saved_data);
    ws->block = ir_block_new();
    p->cur = ws->block;
  }
}

static void plan_every(P *p, ast_expr *e) {
  ir_operand dom = plan_term(p, e->domain);
  /* every over something that is not a collection is undefined, not vacuously true */
  ir_stmt *ic = emit(p, IR_IS_COLLECTION, &e->loc);
  ic->a = dom;
  int found = new_local(p);
  ir_stmt *rs = emit(p, IR_RESET, &e->loc);
  rs->target = found;
  pstate st = save(p);
  names outer_body = p->body_vars;
  int lk, lv;
  ir_stmt *sc = open_scan(p, dom, &e->loc, &lk, &lv);
  ir_stmt *ns = emit(p, IR_NOT, &e->loc);
  ns->block = ir_block_new();
  p->cur = ns->block;
  if (e->key) plan_unify_value(p, e->key, ir_local(lk), &e->loc);
  plan_unify_value(p, e->value, ir_local(lv), &e->loc);
  if (plan_body(p, e->body)) emit(p, IR_NOT_DONE, &e->loc);
  p->cur = sc->block;
  ir_stmt *as = emit(p, IR_ASSIGN, &e->loc);
  as->a = cst(p, RT_TRUE);
  as->target = found;
  p->body_vars = outer_body;
  restore(p, st);
  ir_stmt *u = emit(p, IR_IS_UNDEFINED, &e->loc);
  u->target = found;
}

/* OPA's experimental `and`, `or` and explicit bodies: each succeeds or not, binding nothing
 * outside. `or` does not evaluate its right side once the left succeeded. */
static void plan_logic(P *p, ast_expr *e) {
  int flag = new_local(p);
  ir_stmt *rs = emit(p, IR_RESET, &e->loc);
  rs->target = flag;
  pstate st = save(p);
  names outer_body = p->body_vars;
  if (e->kind == AST_EXPR_BODY) {
    p->cur = open_block(p, &e->loc);
    if (plan_body(p, e->body)) {
      ir_stmt *as = emit(p, IR_ASSIGN, &e->loc);
      as->a = cst(p, RT_TRUE);
      as->target = flag;
    }
  } else if (e->kind == AST_EXPR_AND) {
    p->cur = open_block(p, &e->loc);
    plan_expr(p, e->lhs);
    plan_expr(p, e->rhs);
    ir_stmt *as = emit(p, IR_ASSIGN, &e->loc);
    as->a = cst(p, RT_TRUE);
    as->target = flag;
  } else {
    for (int side = 0; side < 2; side++) {
      restore(p, st);
      p->cur = open_block(p, &e->loc);
      if (side) {
        ir_stmt *u = emit(p, IR_IS_UNDEFINED, &e->loc);
        u->target = flag;
      }
      plan_expr(p, side ? e->rhs : e->lhs);
      ir_stmt *as = emit(p, IR_ASSIGN, &e->loc);
      as->a = cst(p, RT_TRUE);
      as->target = flag;
    }
  }
  p->body_vars = outer_body;
  restore(p, st);
  ir_stmt *d = emit(p, IR_IS_DEFINED, &e->loc);
  d->target = flag;
}

static void plan_expr_inner(P *p, ast_expr *e) {
  if (e->negated) {
    pstate st = save(p);
    ir_stmt *ns = emit(p, IR_NOT, &e->loc);
    ns->block = ir_block_new();
    p->cur = ns->block;
    ast_expr plain = *e;
    plain.negated = false;
    plain.nwiths = 0;
    plan_expr_inner(p, &plain);
    emit(p, IR_NOT_DONE, &e->loc); /* in the innermost block: after any iteration */
    restore(p, st);
    return;
  }
  switch (e->kind) {
  case AST_EXPR_SOME:
    return;
  case AST_EXPR_SOME_IN: {
    ir_operand dom = plan_term(p, e->domain);
    int lk, lv;
    open_scan(p, dom, &e->loc, &lk, &lv);
    if (e->key) plan_unify_value(p, e->key, ir_local(lk), &e->loc);
    plan_unify_value(p, e->value, ir_local(lv), &e->loc);
    return;
  }
  case AST_EXPR_EVERY:
    plan_every(p, e);
    return;
  case AST_EXPR_AND:
  case AST_EXPR_OR:
  case AST_EXPR_BODY:
    plan_logic(p, e);
    return;
  case AST_EXPR_TERM:
    break;
  }
  ast_term *t = e->term;
  if (is_call_op(t, "eq") || is_call_op(t, "assign")) {
    plan_unify(p, t->items[1], t->items[2]);
    return;
  }
  if (t->kind == AST_CALL) {
    const char *name = operator_name(t->items[0]);
    if (name && (strcmp(name, "print") == 0 || strcmp(name, "internal.print") == 0) &&
        !find_mock_builtin(p->gen, name)) {
      plan_print(p, t);
      return;
    }
    if (name && (strcmp(name, "equal") == 0 || strcmp(name, "neq") == 0) && t->n == 3 &&
        !find_mock_builtin(p->gen, name)) {
      ir_operand ab[2];
      plan_terms_in_order(p, t->items + 1, 2, ab);
      ir_stmt *s = emit(p, strcmp(name, "equal") == 0 ? IR_EQUAL : IR_NOT_EQUAL, &t->loc);
      s->a = ab[0];
      s->b = ab[1];
      return;
    }
    int arity = operator_arity(p->c, t->items[0]);
    if (find_mock_builtin(p->gen, name ? name : "")) {
      const mock *m = find_mock_builtin(p->gen, name);
      if (!m->is_value) arity = operator_arity(p->c, m->value);
    }
    int nin = t->n - 1;
    bool failed;
    if (arity >= 0 && nin == arity + 1) {
      ir_operand r = plan_call(p, t, arity, &failed);
      if (failed) return;
      const bi_entry *be = name ? bi_lookup(name) : NULL;
      if (be && (be->flags & BI_F_RELATION) && !find_mock_builtin(p->gen, name)) {
        /* a relation (walk): each element of its result is one solution */
        int lk, lv;
        open_scan(p, r, &t->loc, &lk, &lv);
        r = ir_local(lv);
      }
      plan_unify_value(p, t->items[t->n - 1], r, &t->loc);
      return;
    }
    ir_operand r = plan_call(p, t, nin, &failed);
    if (failed) return;
    ir_stmt *last = p->cur->n ? p->cur->stmts[p->cur->n - 1] : NULL;
    if (last && last->kind == IR_CALL && last->target < 0) return; /* void builtin */
    ir_stmt *s = emit(p, IR_NOT_EQUAL, &t->loc);
    s->a = r;
    s->b = cst(p, RT_FALSE);
    return;
  }
  ir_operand v = plan_term(p, t);
  ir_stmt *s = emit(p, IR_NOT_EQUAL, &t->loc);
  s->a = v;
  s->b = cst(p, RT_FALSE);
}

static void plan_expr(P *p, ast_expr *e) {
  if (e->nwiths) {
    plan_with(p, e);
    return;
  }
  plan_expr_inner(p, e);
}

/* Plans a body in order (after safety ordering under the current bound set). */
static bool plan_body(P *p, ast_body *b) {
  if (!b || b->n == 0) return true;
  names bound = {0};
  names_copy(&bound, &p->bound);
  names body_vars = {0};
  ast_expr **order = safety_order_body(p->c, b, &bound, &body_vars);
  if (!order) return false;
  for (int i = 0; i < p->body_vars.n; i++) names_add(&body_vars, p->body_vars.v[i]);
  p->body_vars = body_vars;
  for (int i = 0; i < b->n; i++) plan_expr(p, order[i]);
  return true;
}

/* --- rules ----------------------------------------------------------------------------------- */

static P planner_for(compiler *c, generation *g, int nparams) {
  P p = {0};
  p.c = c;
  p.pol = c->policy;
  p.gen = g;
  p.nlocals = nparams;
  return p;
}

static ir_block *add_func_block(ir_func *f) {
  ir_block **nb = rt_alloc(sizeof(ir_block *) * (size_t)(f->nblocks + 1));
  if (f->nblocks) memcpy(nb, f->blocks, sizeof(ir_block *) * (size_t)f->nblocks);
  nb[f->nblocks] = ir_block_new();
  f->blocks = nb;
  return f->blocks[f->nblocks++];
}

static void reset_rule_state(P *p, int nparams) {
  p->ncache = 0;
  p->nv = 0;
  p->bound.n = 0;
  p->body_vars.n = 0;
  (void)nparams;
}

static const char *conflict_msg(rnode_kind k) {
  switch (k) {
  case RNODE_FUNCTION:
    return "functions must not produce multiple outputs for same inputs";
  case RNODE_OBJECT:
    return "object keys must be unique";
  default:
    return "complete rules must not produce multiple outputs";
  }
}

/* Plans one rule (with its else chain) into block b, ending in `finish`. */
static void plan_rule_value(P *p, rnode *n, crule *cr, int ret, ir_block *b) {
  ast_rule *r = cr->rule;
  p->cur = b;
  reset_rule_state(p, 0);
  /* Function arguments become expressions `arg = param` at the front of each body, so that
   * safety orders them: a plain pattern binds at once, an argument that needs body variables
   * (a template string, a call) is checked once they are bound. */
  ast_expr **argx = rt_alloc(sizeof(ast_expr *) * (size_t)(r->nargs + 1));
  for (int i = 0; i < r->nargs; i++) {
    char name[32];
    snprintf(name, sizeof name, "__arg%d$", i);
    ast_term *pv = rt_alloc_zero(sizeof *pv);
    pv->kind = AST_VAR;
    pv->loc = r->args[i]->loc;
    pv->text = rt_strndup(name, strlen(name));
    pv->len = strlen(name);
    bind_var(p, pv->text, ir_local(2 + i));
    argx[i] = rt_alloc_zero(sizeof(ast_expr));
    argx[i]->kind = AST_EXPR_TERM;
    argx[i]->loc = r->args[i]->loc;
    argx[i]->term = ast_new_op(&r->args[i]->loc, "eq", r->args[i], pv);
  }
  int chain = -1;
  if (r->els) {
    chain = new_local(p);
    ir_stmt *rs = emit(p, IR_RESET, &r->loc);
    rs->target = chain;
  }
  ir_block *top = p->cur;
  names args_bound = {0};
  names_copy(&args_bound, &p->bound);
  int nv_args = p->nv;
  int ncache_args = p->ncache;
  for (ast_rule *alt = r; alt; alt = alt->els) {
    p->cur = top;
    p->ncache = ncache_args;
    p->nv = nv_args;
    names_copy(&p->bound, &args_bound);
    p->body_vars.n = 0;
    if (chain >= 0) {
      p->cur = open_block(p, &alt->loc);
      if (alt != r) {
        ir_stmt *u = emit(p, IR_IS_UNDEFINED, &alt->loc);
        u->target = chain;
      }
    }
    ast_body *body = alt->body;
    if (r->nargs) {
      body = rt_alloc_zero(sizeof *body);
      body->loc = alt->body ? alt->body->loc : alt->loc;
      int nb = alt->body ? alt->body->n : 0;
      body->exprs = rt_alloc(sizeof(ast_expr *) * (size_t)(r->nargs + nb + 1));
      for (int i = 0; i < r->nargs; i++) body->exprs[body->n++] = argx[i];
      for (int i = 0; i < nb; i++) body->exprs[body->n++] = alt->body->exprs[i];
    }
    if (!plan_body(p, body)) continue;
    ast_term *valt = alt->value;
    if (n->kind == RNODE_SET || (n->kind == RNODE_OBJECT && r->kind == AST_RULE_CONTAINS)) {
      if (!head_safe(p->c, r->key, &p->bound)) continue;
    } else if (valt && !head_safe(p->c, valt, &p->bound)) {
      continue;
    }
    /* head keys past the node (object rules) must be bound too */
    for (int k = cr->ground; k < cr->npath; k++)
      if (!head_safe(p->c, cr->path[k], &p->bound)) goto next;
    ir_operand v;
    if (n->kind == RNODE_SET) {
      v = plan_term(p, r->key);
      ir_stmt *s = emit(p, IR_SET_ADD, &alt->loc);
      s->target = ret;
      s->a = v;
      continue;
    }
    if (r->kind == AST_RULE_CONTAINS) v = plan_term(p, r->key);
    else v = valt ? plan_term(p, valt) : cst(p, RT_TRUE);
    if (n->kind == RNODE_OBJECT) {
      int nk = cr->npath - cr->ground;
      ir_operand *keys = rt_alloc(sizeof(ir_operand) * (size_t)nk);
      for (int k = 0; k < nk; k++) keys[k] = plan_term(p, cr->path[cr->ground + k]);
      ir_stmt *s = emit(p, IR_OBJECT_INSERT_ONCE, &alt->loc);
      s->target = ret;
      s->args = keys;
      s->nargs = nk;
      s->b = v;
      s->n = r->kind == AST_RULE_CONTAINS; /* the leaf is a set the value joins */
      s->msg = conflict_msg(RNODE_OBJECT);
      continue;
    }
    {
      ir_stmt *s = emit(p, IR_ASSIGN_ONCE, &alt->loc);
      s->target = chain >= 0 ? chain : ret;
      s->a = v;
      s->msg = conflict_msg(n->kind);
    }
  next:;
  }
  if (chain >= 0) {
    p->cur = top;
    ir_stmt *d = emit(p, IR_IS_DEFINED, &r->loc);
    d->target = chain;
    ir_stmt *s = emit(p, IR_ASSIGN_ONCE, &r->loc);
    s->target = ret;
    s->a = ir_local(chain);
    s->msg = conflict_msg(n->kind);
  }
}

static char *c_ident(const char *path, int gen) {
  size_t n = strlen(path);
  char *out = rt_alloc(n + 32);
  size_t k = 0;
  k += (size_t)snprintf(out, 32, "g%d_", gen);
  for (size_t i = 0; i < n && k < n + 24; i++) {
    char ch = path[i];
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    out[k++] = ok ? ch : '_';
  }
  out[k] = 0;
  return out;
}

static planfn *find_planned(compiler *c, rnode *n, generation *g) {
  for (int i = 0; i < c->nplanned; i++)
    if (c->planned[i]->node == n && c->planned[i]->gen == g) return c->planned[i];
  return NULL;
}

/* The generation a node is planned under: the nearest one that changes anything for it.
 * Plain rules are shared across generations when nothing they reach is mocked; to stay
 * simple and correct, a node is replanned for every generation in which it is used. */
static int plan_node_func(compiler *c, rnode *n, generation *g, const ast_loc *use) {
  planfn *pf = find_planned(c, n, g);
  if (pf) {
    if (pf->planning) {
      /* build the cycle for the message */
      rt_buf b;
      rt_buf_init(&b, 128);
      int start = 0;
      for (int i = 0; i < c->nplanned; i++)
        if (c->planned[i] == pf) start = i;
      for (int i = start; i < c->nplanned; i++) {
        if (!c->planned[i]->planning) continue;
        rt_buf_puts(&b, c->planned[i]->node->path_text);
        rt_buf_puts(&b, " -> ");
      }
      rt_buf_puts(&b, n->path_text);
      rt_buf_putc(&b, '\0');
      diag_error(use, "rego_recursion_error", "rule %s is recursive: %s", n->path_text, b.data);
      return pf->fn->id;
    }
    return pf->fn->id;
  }
  pf = rt_alloc_zero(sizeof *pf);
  pf->node = n;
  pf->gen = g;
  pf->planning = true;
  if (c->nplanned == c->capplanned) {
    c->capplanned = c->capplanned ? 2 * c->capplanned : 32;
    planfn **np = rt_alloc(sizeof *np * (size_t)c->capplanned);
    if (c->nplanned) memcpy(np, c->planned, sizeof *np * (size_t)c->nplanned);
    c->planned = np;
  }
  c->planned[c->nplanned++] = pf;
  ir_func *f = rt_alloc_zero(sizeof *f);
  pf->fn = f;
  ir_policy *pol = c->policy;
  if (pol->nfuncs == pol->capfuncs) {
    pol->capfuncs = pol->capfuncs ? 2 * pol->capfuncs : 32;
    ir_func **nf = rt_alloc(sizeof *nf * (size_t)pol->capfuncs);
    if (pol->nfuncs) memcpy(nf, pol->funcs, sizeof *nf * (size_t)pol->nfuncs);
    pol->funcs = nf;
  }
  f->id = pol->nfuncs;
  pol->funcs[pol->nfuncs++] = f;
  f->name = n->path_text;
  f->cname = c_ident(n->path_text, g ? g->id : 0);
  int nparams = 2 + (n->kind == RNODE_FUNCTION ? n->arity : 0);
  f->nparams = nparams;
  f->memo = n->kind != RNODE_FUNCTION;
  if (n->nrules) f->loc = n->rules[0]->rule->loc;
  else if (n->default_rule) f->loc = n->default_rule->rule->loc;

  P p = planner_for(c, g, nparams);
  int ret = new_local(&p);
  f->ret = ret;
  if (n->kind == RNODE_SET || n->kind == RNODE_OBJECT) {
    ir_block *b0 = add_func_block(f);
    ir_stmt *s = ir_emit(b0, n->kind == RNODE_SET ? IR_MAKE_SET : IR_MAKE_OBJECT, &f->loc);
    s->target = ret;
  }
  /* Early exit, as OPA's evaluator does: when every definition gives the same constant
   * (`allow if ...` bodies all give true), no later body can change the value or conflict,
   * so a body runs only while the value is still undefined. */
  bool same_const = (n->kind == RNODE_COMPLETE || n->kind == RNODE_FUNCTION) && n->nrules > 1;
  rt_value *first = NULL;
  for (int i = 0; i < n->nrules && same_const; i++) {
    ast_rule *r = n->rules[i]->rule;
    rt_value *v = r->value ? term_ground_value(r->value) : RT_TRUE;
    if (r->els || !v || (first && !rt_equal(first, v))) same_const = false;
    else first = v;
  }
  for (int i = 0; i < n->nrules; i++) {
    crule *cr = n->rules[i];
    ir_block *b = add_func_block(f);
    if (same_const && i > 0) {
      ir_stmt *u = ir_emit(b, IR_IS_UNDEFINED, &cr->rule->loc);
      u->target = ret;
    }
    plan_rule_value(&p, n, cr, ret, b);
  }
  if (n->kind == RNODE_OBJECT) {
    /* rules below an object node add their documents under their keys */
    for (int i = 0; i < n->nchildren; i++) {
      rnode *ch = n->children[i];
      if (!has_virtual(g, ch) || ch->kind == RNODE_FUNCTION) continue;
      p.cur = add_func_block(f);
      reset_rule_state(&p, 0);
      ir_operand v;
      if (node_is_rule(g, ch)) {
        v = call_rule(&p, ch, &f->loc);
      } else {
        v = plan_extent(&p, ch, &f->loc);
      }
      /* merged with what the node's own rules put under the same key; a conflict is
       * reported at the rule below */
      const ast_loc *cl = &f->loc;
      for (rnode *d = ch; d; d = d->nchildren ? d->children[0] : NULL) {
        if (d->nrules) {
          cl = &d->rules[0]->rule->loc;
          break;
        }
      }
      ir_stmt *s = emit(&p, IR_OBJECT_INSERT_ONCE, cl);
      s->target = ret;
      s->args = rt_alloc(sizeof(ir_operand));
      s->args[0] = cst(&p, ch->key);
      s->nargs = 1;
      s->b = v;
      s->n = 2;
      s->msg = conflict_msg(RNODE_OBJECT);
    }
  }
  if (n->default_rule) {
    crule *dr = n->default_rule;
    p.cur = add_func_block(f);
    reset_rule_state(&p, 0);
    ir_stmt *u = emit(&p, IR_IS_UNDEFINED, &dr->rule->loc);
    u->target = ret;
    ir_operand v = dr->rule->value ? plan_term(&p, dr->rule->value) : cst(&p, RT_TRUE);
    ir_stmt *as = emit(&p, IR_ASSIGN, &dr->rule->loc);
    as->a = v;
    as->target = ret;
  }
  f->nlocals = p.nlocals;
  pf->planning = false;
  return f->id;
}

/* --- entry points ------------------------------------------------------------------------------ */

static ir_plan *new_plan(compiler *c, const char *name) {
  ir_policy *pol = c->policy;
  ir_plan *pl = rt_alloc_zero(sizeof *pl);
  pl->name = name;
  if (pol->nplans == pol->capplans) {
    pol->capplans = pol->capplans ? 2 * pol->capplans : 4;
    ir_plan **np = rt_alloc(sizeof *np * (size_t)pol->capplans);
    if (pol->nplans) memcpy(np, pol->plans, sizeof *np * (size_t)pol->nplans);
    pol->plans = np;
  }
  pol->plans[pol->nplans++] = pl;
  pl->blocks = rt_alloc(sizeof(ir_block *));
  pl->blocks[0] = ir_block_new();
  pl->nblocks = 1;
  return pl;
}

/* For `regoc eval`: each bare term expression of a query (data.a.b, x) also binds its value
 * to __expr<i>, so the expression values can be printed as `opa eval` prints them; the value
 * must still be defined and not false, as for any expression. */
static void capture_expressions(ast_body *q) {
  ast_expr **out = rt_alloc(sizeof(ast_expr *) * (size_t)(2 * q->n + 1));
  int n = 0;
  for (int i = 0; i < q->n; i++) {
    ast_expr *e = q->exprs[i];
    out[n++] = e;
    if (e->kind != AST_EXPR_TERM || e->negated || e->nwiths || e->term->kind == AST_CALL)
      continue;
    char name[32];
    snprintf(name, sizeof name, "__expr%d$", i);
    ast_term *var = rt_alloc_zero(sizeof *var);
    var->kind = AST_VAR;
    var->loc = e->term->loc;
    var->text = rt_strndup(name, strlen(name));
    var->len = strlen(name);
    ast_term *value = e->term;
    e->term = ast_new_op(&value->loc, "eq", var, value);
    ast_expr *check = rt_alloc_zero(sizeof *check);
    *check = *e;
    ast_term *f = ast_new_bool(&value->loc, false);
    check->term = ast_new_op(&value->loc, "neq", var, f);
    out[n++] = check;
  }
  q->exprs = out;
  q->n = n;
}

static void plan_entry(compiler *c, entrypoint *ep) {
  ir_plan *pl = new_plan(c, ep->name);
  P p = planner_for(c, c->gen0, 2);
  p.cur = pl->blocks[0];
  if (ep->ref) {
    ast_loc loc = ep->ref->loc;
    ir_operand v = plan_term(&p, ep->ref);
    ir_stmt *s = emit(&p, IR_RESULT_ADD, &loc);
    s->a = v;
  } else {
    pl->is_query = true;
    pl->query_text = ep->name;
    if (ep->capture) {
      /* the query's own expressions, before the captures (capturing builds a new array) */
      ep->orig_exprs = ep->query->exprs;
      ep->nexprs = ep->query->n;
      capture_expressions(ep->query);
    }
    if (plan_body(&p, ep->query)) {
      /* the bindings of the query's own variables */
      names vs = {0};
      for (int i = 0; i < ep->query->n; i++) expr_vars(ep->query->exprs[i], &vs, false);
      int obj = new_local(&p);
      ir_stmt *s = emit(&p, IR_MAKE_OBJECT, &ep->query->loc);
      s->target = obj;
      for (int i = 0; i < vs.n; i++) {
        const char *v = vs.v[i];
        /* wildcards and generated variables stay out, captured expression values stay in */
        if (v[0] == '_' && strncmp(v, "__expr", 6) != 0) continue;
        ir_operand op;
        if (!lookup_var(&p, v, &op)) continue;
        const char *dollar = strchr(v, '$');
        size_t len = dollar ? (size_t)(dollar - v) : strlen(v);
        ir_stmt *ins = emit(&p, IR_OBJECT_INSERT, &ep->query->loc);
        ins->target = obj;
        ins->a = cst(&p, rt_string_n(v, len));
        ins->b = op;
      }
      ir_stmt *ra = emit(&p, IR_RESULT_ADD, &ep->query->loc);
      ra->a = ir_local(obj);
    }
  }
  pl->nlocals = p.nlocals;
}

bool plan_policy(compiler *c) {
  int before = diag_count();
  c->policy = rt_alloc_zero(sizeof(ir_policy));
  c->gen0 = NULL;
  for (int i = 0; i < c->nentries; i++) plan_entry(c, &c->entries[i]);
  /* every rule is planned once, so errors in rules no entry point reaches are reported too */
  rnode **stack = rt_alloc(sizeof(rnode *) * 64);
  int cap = 64, sp = 0;
  stack[sp++] = c->root;
  while (sp) {
    rnode *n = stack[--sp];
    if ((n->nrules || n->default_rule) && n != c->root) {
      crule *cr = n->nrules ? n->rules[0] : n->default_rule;
      plan_node_func(c, n, NULL, &cr->rule->loc);
    }
    for (int i = n->nchildren - 1; i >= 0; i--) { /* reversed: popped in source order */
      if (sp == cap) {
        cap *= 2;
        rnode **ns = rt_alloc(sizeof(rnode *) * (size_t)cap);
        memcpy(ns, stack, sizeof(rnode *) * (size_t)sp);
        stack = ns;
      }
      stack[sp++] = n->children[i];
    }
  }
  return diag_count() == before;
}
