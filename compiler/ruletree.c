/* ruletree.c: the rule tree, one node per path of `data` that rules define.
 *
 * Every rule of every module hangs at the node named by its package and the ground prefix of
 * its head ref: `package a` + `p.q[x].r := 1` hangs at data.a.p.q as an object-building rule
 * whose keys continue with [x, "r"]. The planner turns each node that holds rules into one IR
 * function; interior nodes become objects built from their children (merged with base data).
 * The checks that OPA makes on the tree happen here: rules of different kinds at one path,
 * several defaults, a complete rule above other rules, functions with different arities.
 */
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "diag.h"

rt_value *term_ground_value(const ast_term *t) {
  rt_value *v;
  switch (t->kind) {
  case AST_NULL:
    return RT_NULLV;
  case AST_BOOLEAN:
    return RT_BOOL(t->b);
  case AST_NUMBER:
    return rt_number_text(t->text, t->len);
  case AST_STRING:
    return rt_string_n(t->text, t->len);
  case AST_ARRAY:
    v = rt_array_new((uint32_t)t->n);
    for (int i = 0; i < t->n; i++) {
      rt_value *e = term_ground_value(t->items[i]);
      if (!e) return NULL;
      rt_array_push(v, e);
    }
    return v;
  case AST_SET:
    v = rt_set_new((uint32_t)t->n);
    for (int i = 0; i < t->n; i++) {
      rt_value *e = term_ground_value(t->items[i]);
      if (!e) return NULL;
      rt_set_add(v, e);
    }
    return v;
  case AST_OBJECT:
    v = rt_object_new((uint32_t)t->n);
    for (int i = 0; i < t->n; i++) {
      rt_value *k = term_ground_value(t->keys[i]);
      rt_value *e = k ? term_ground_value(t->items[i]) : NULL;
      if (!e) return NULL;
      rt_object_put(v, k, e);
    }
    return v;
  default:
    return NULL;
  }
}

/* Appends the text of a ref as OPA prints it: data.a.b["c d"][x]. */
static void ref_text_buf(rt_buf *b, const ast_term *ref) {
  if (ref->kind != AST_REF) {
    if (ref->kind == AST_VAR) {
      const char *dollar = strchr(ref->text, '$');
      rt_buf_put(b, ref->text, dollar ? (size_t)(dollar - ref->text) : ref->len);
    } else {
      rt_value *g = term_ground_value(ref);
      if (g) rt_rego_write(b, g);
      else rt_buf_puts(b, "<term>");
    }
    return;
  }
  ref_text_buf(b, ref->items[0]);
  for (int i = 1; i < ref->n; i++) {
    const ast_term *k = ref->items[i];
    bool ident = k->kind == AST_STRING && k->len > 0;
    for (size_t j = 0; ident && j < k->len; j++) {
      char ch = k->text[j];
      ident = ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (j > 0 && ch >= '0' && ch <= '9');
    }
    if (ident) {
      rt_buf_putc(b, '.');
      rt_buf_put(b, k->text, k->len);
    } else {
      rt_buf_putc(b, '[');
      ref_text_buf(b, k);
      rt_buf_putc(b, ']');
    }
  }
}

char *ref_text(const ast_term *ref) {
  rt_buf b;
  rt_buf_init(&b, 64);
  ref_text_buf(&b, ref);
  rt_buf_putc(&b, '\0');
  return b.data;
}

rnode *ruletree_child(const rnode *n, const rt_value *key) {
  for (int i = 0; i < n->nchildren; i++)
    if (rt_equal(n->children[i]->key, key)) return n->children[i];
  return NULL;
}

static rnode *child_make(rnode *n, rt_value *key) {
  rnode *c = ruletree_child(n, key);
  if (c) return c;
  c = rt_alloc_zero(sizeof *c);
  c->key = key;
  c->parent = n;
  rt_buf b;
  rt_buf_init(&b, 64);
  rt_buf_puts(&b, n->path_text);
  if (rt_is(key, RT_STRING)) {
    rt_buf_putc(&b, '.');
    rt_buf_put(&b, RT_AS_STR(key)->s, RT_AS_STR(key)->len);
  } else {
    rt_buf_putc(&b, '[');
    rt_rego_write(&b, key);
    rt_buf_putc(&b, ']');
  }
  rt_buf_putc(&b, '\0');
  c->path_text = b.data;
  if (n->nchildren == n->capchildren) {
    n->capchildren = n->capchildren ? 2 * n->capchildren : 4;
    rnode **nc = rt_alloc(sizeof *nc * (size_t)n->capchildren);
    if (n->nchildren) memcpy(nc, n->children, sizeof *nc * (size_t)n->nchildren);
    n->children = nc;
  }
  n->children[n->nchildren++] = c;
  return c;
}

rnode *ruletree_find(rnode *root, rt_value **keys, int n) {
  rnode *cur = root;
  for (int i = 0; i < n && cur; i++) cur = ruletree_child(cur, keys[i]);
  return cur;
}

bool rnode_has_rules_below(const rnode *n) {
  if (n->nrules || n->default_rule) return true;
  for (int i = 0; i < n->nchildren; i++)
    if (rnode_has_rules_below(n->children[i])) return true;
  return false;
}

static const char *kind_name(rnode_kind k) {
  switch (k) {
  case RNODE_COMPLETE:
    return "complete";
  case RNODE_SET:
    return "multi-value";
  case RNODE_OBJECT:
    return "partial object";
  case RNODE_FUNCTION:
    return "function";
  default:
    return "none";
  }
}

/* The full head path of a rule: data, the package keys, then the head ref's keys. */
static void rule_path(crule *cr) {
  const ast_term *pkg = cr->module->package;
  const ast_term *head = cr->rule->head;
  int npkg = pkg->kind == AST_REF ? pkg->n : 1;
  int nhead = head->kind == AST_REF ? head->n : 1;
  cr->npath = 1 + npkg + nhead;
  cr->path = rt_alloc(sizeof(ast_term *) * (size_t)cr->npath);
  ast_term *data = rt_alloc_zero(sizeof *data);
  data->kind = AST_VAR;
  data->text = "data";
  data->len = 4;
  data->loc = pkg->loc;
  cr->path[0] = data;
  int k = 1;
  for (int i = 0; i < npkg; i++) {
    const ast_term *t = pkg->kind == AST_REF ? pkg->items[i] : pkg;
    if (t->kind == AST_VAR) { /* the head var of the package ref is a key */
      ast_term *s = rt_alloc_zero(sizeof *s);
      *s = *t;
      s->kind = AST_STRING;
      t = s;
    }
    cr->path[k++] = (ast_term *)t;
  }
  for (int i = 0; i < nhead; i++) {
    const ast_term *t = head->kind == AST_REF ? head->items[i] : head;
    if (i == 0 && t->kind == AST_VAR) {
      ast_term *s = rt_alloc_zero(sizeof *s);
      *s = *t;
      s->kind = AST_STRING;
      t = s;
    }
    cr->path[k++] = (ast_term *)t;
  }
  cr->ground = 1;
  while (cr->ground < cr->npath && term_ground_value(cr->path[cr->ground])) cr->ground++;
}

static void node_add_rule(rnode *n, crule *cr) {
  if (n->nrules == n->caprules) {
    n->caprules = n->caprules ? 2 * n->caprules : 4;
    crule **nr = rt_alloc(sizeof *nr * (size_t)n->caprules);
    if (n->nrules) memcpy(nr, n->rules, sizeof *nr * (size_t)n->nrules);
    n->rules = nr;
  }
  n->rules[n->nrules++] = cr;
}

static rnode_kind rule_kind(const crule *cr) {
  const ast_rule *r = cr->rule;
  if (r->kind == AST_RULE_FUNCTION) return RNODE_FUNCTION;
  if (r->kind == AST_RULE_CONTAINS) {
    return cr->ground == cr->npath ? RNODE_SET : RNODE_OBJECT;
  }
  return cr->ground == cr->npath ? RNODE_COMPLETE : RNODE_OBJECT;
}

/* A complete rule or function cannot have rules below it: its value is the whole document. */
static bool check_node(rnode *n) {
  bool ok = true;
  if ((n->kind == RNODE_COMPLETE || n->kind == RNODE_FUNCTION || n->kind == RNODE_SET)) {
    for (int i = 0; i < n->nchildren; i++) {
      if (rnode_has_rules_below(n->children[i])) {
        crule *cr = n->rules[0];
        diag_error(&cr->rule->loc, "rego_type_error", "rule %s conflicts with [%s]",
                   n->path_text, n->children[i]->path_text);
        ok = false;
        break;
      }
    }
  }
  for (int i = 0; i < n->nchildren; i++) ok = check_node(n->children[i]) && ok;
  return ok;
}

bool ruletree_build(compiler *c) {
  rnode *root = rt_alloc_zero(sizeof *root);
  root->path_text = "data";
  c->root = root;
  bool ok = true;
  for (int mi = 0; mi < c->nmodules; mi++) {
    ast_module *m = c->modules[mi];
    /* a package exists as a document (an empty object at least) even without rules */
    const ast_term *pkg = m->package;
    int npkg = pkg->kind == AST_REF ? pkg->n : 1;
    rnode *pn = root;
    for (int i = 0; i < npkg; i++) {
      const ast_term *t = pkg->kind == AST_REF ? pkg->items[i] : pkg;
      pn = child_make(pn, rt_string_n(t->text, t->len));
    }
    pn->package = true;
    for (int ri = 0; ri < m->nrules; ri++) {
      ast_rule *r = m->rules[ri];
      crule *cr = rt_alloc_zero(sizeof *cr);
      cr->rule = r;
      cr->module = m;
      rule_path(cr);
      rnode *n = root;
      for (int i = 1; i < cr->ground; i++) n = child_make(n, term_ground_value(cr->path[i]));
      cr->node = n;
      rnode_kind k = rule_kind(cr);
      if (n->kind != RNODE_NONE && n->kind != k) {
        diag_error(&r->loc, "rego_type_error", "conflicting rules %s found (%s and %s)",
                   n->path_text, kind_name(n->kind), kind_name(k));
        ok = false;
        continue;
      }
      if (k == RNODE_FUNCTION) {
        if (n->nrules && n->arity != r->nargs) {
          diag_error(&r->loc, "rego_type_error", "conflicting rules %s found", n->path_text);
          ok = false;
          continue;
        }
        n->arity = r->nargs;
      }
      n->kind = k;
      if (r->is_default) {
        if (n->default_rule) {
          diag_error(&r->loc, "rego_type_error", "multiple default rules %s found",
                     n->path_text);
          ok = false;
          continue;
        }
        n->default_rule = cr;
        continue;
      }
      node_add_rule(n, cr);
    }
  }
  return check_node(root) && ok;
}
