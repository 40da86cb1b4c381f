/* parser.y: the Rego v1 grammar; Bison turns it into parser.c/parser.h (never edit those).
 *
 * A pure, LALR(1) parser with locations and no conflicts left to chance (%expect 0). The
 * lexer (lex.h) carries Rego's layout rules as tokens, which is what makes that possible:
 * touching vs free brackets, newline tokens between the expressions of a body, `{` after `if`
 * always opening a body. The grammar follows OPA's recursive-descent parser (v1/ast/parser.go)
 * production for production, including its precedence climbing (`in` < comparisons < `|` <
 * `&` < `+ -` < `* / %`, all left-associative) and its preference for comprehensions in
 * `[x | ...]` and `{x | ...}`: a term directly followed by `|` there starts a comprehension
 * (the one conflict, resolved by precedence in favour of the shift, as OPA decides).
 *
 * What OPA accepts at parse time and rejects afterwards in v1 (a body without `if`, a partial
 * set without `contains`, ...) is parsed here and reported with OPA's message from the rule
 * action, so one file can show several errors. A syntax error skips to the next statement
 * that starts in column 1 (lex_recover): `stmt: error RECOVER`.
 *
 * Both a module and a query (a body, for `regoc eval` and the conformance queries) are parsed
 * by this one grammar; the lexer's first token says which.
 */

%code top {
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
}

%code requires {
#include "ast.h"
#include "lex.h"

typedef struct parser parser;

/* Where a symbol starts, as Bison carries it: 8 bytes rather than ast_loc's 24, since it is
 * copied at every step; AT() makes the ast_loc (the offset comes from the lexer's table of
 * line starts). */
typedef struct ploc {
  int line, col;
} ploc;

/* A growable vector of pointers in the arena, for lists under construction. */
typedef struct pvec {
  void **v;
  int n, cap;
} pvec;

/* Pieces of a rule statement before it becomes an ast_rule. */
typedef struct rhead {
  ast_term *ref;
  pvec *args;
  bool func;
} rhead;

typedef struct rval {
  ast_term *value;
  bool assign;
  bool contains; /* `default p contains x`: reported as a missing value */
} rval;

typedef struct rblock {
  ast_loc loc;
  ast_body *body;
  bool has_if;
} rblock;

typedef struct rclause { /* else [= v | := v] [block] */
  ast_loc loc;
  rval val;
  bool has_val;
  rblock *blk;
} rclause;

typedef struct rbodies {
  rblock *first;
  pvec *elses;   /* rclause */
  pvec *chained; /* rblock: further bodies of the same head */
} rbodies;
}

%code {
#include "diag.h"
#include "rt.h"

/* Locations mark where a construct starts; an empty one takes the position before it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N) \
  do { \
    if (N) \
      (Cur) = YYRHSLOC(Rhs, 1); \
    else \
      (Cur) = YYRHSLOC(Rhs, 0); \
  } while (0)

/* Brackets nest at most LEX_MAX_NESTING deep, so this many states always suffice. */
#define YYMAXDEPTH 200000

/* A statement as it appeared, for attaching # METADATA blocks to what follows them. */
typedef struct stmt_ref {
  size_t offset;
  ast_rule *rule;  /* or NULL for package and import */
  bool is_package;
} stmt_ref;

struct parser {
  lex_state lex;
  const ast_file *file;
  int mode;
  int tok1, tok2; /* the last two tokens read, for messages */
  /* module under construction */
  ast_module *mod;
  pvec imports, rules, stmts;
  int nstmts;
  bool first_failed; /* the first statement was a syntax error */
  ast_body *query;
  /* identifiers made from keywords (`in.x`), allowed only where a literal starts */
  pvec kwvars;
  /* Bounds on how deep a statement's tree can be: a term nests no deeper than the brackets
   * around it plus the operators (:= and = too, and else branches) above it. Only a statement
   * whose bound passes the limit needs the full depth walk. */
  int ops;
  bool deep;
  /* Terms and expressions come from small pools rather than one rt_alloc each: the arena
   * rounds every allocation to 16 bytes, and a policy makes about one term per token. */
  ast_term *terms;
  int nterms;
  ast_expr *exprs;
  int nexprs;
};

#define AT(p) \
  (&(ast_loc){ps->file, (p).line, (p).col, ps->lex.line_starts[(p).line - 1] + (size_t)(p).col - 1})

static int yylex(YYSTYPE *lval, YYLTYPE *lloc, parser *ps);
static void yyerror(const YYLTYPE *loc, parser *ps, const char *msg);

static void perr(const ast_loc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- vectors ------------------------------------------------------------------------------- */

static void pv_push(pvec *v, void *p) {
  if (v->n == v->cap) {
    int cap = v->cap ? 2 * v->cap : 4;
    void **nv = rt_alloc(sizeof(void *) * (size_t)cap);
    if (v->n)
      memcpy(nv, v->v, sizeof(void *) * (size_t)v->n);
    v->v = nv;
    v->cap = cap;
  }
  v->v[v->n++] = p;
}

static pvec *pv_new(void *first) {
  pvec *v = rt_alloc_zero(sizeof *v);
  if (first)
    pv_push(v, first);
  return v;
}

static ast_term **pv_terms(pvec *v) {
  return v ? (ast_term **)v->v : NULL;
}

/* ---- terms --------------------------------------------------------------------------------- */


#define POOL 128

static ast_term *new_term(parser *ps, ast_term_kind kind, const ast_loc *loc) {
  if (ps->nterms == 0) {
    ps->terms = rt_alloc(POOL * sizeof(ast_term));
    ps->nterms = POOL;
  }
  ast_term *t = &ps->terms[--ps->nterms];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->loc = *loc;
  return t;
}

static ast_term *new_text(parser *ps, ast_term_kind kind, const ast_loc *loc, const char *text,
                          size_t len) {
  ast_term *t = new_term(ps, kind, loc);
  t->text = text;
  t->len = len;
  return t;
}

static ast_expr *new_expr(parser *ps, ast_expr_kind k, const ast_loc *loc) {
  if (ps->nexprs == 0) {
    ps->exprs = rt_alloc(POOL * sizeof(ast_expr));
    ps->nexprs = POOL;
  }
  ast_expr *e = &ps->exprs[--ps->nexprs];
  memset(e, 0, sizeof *e);
  e->kind = k;
  e->loc = *loc;
  return e;
}

/* call(ps, op, a, b) for an operator: located at a, its name (a var) at oploc */
static ast_term *new_op(parser *ps, const ast_loc *oploc, const char *op, ast_term *a,
                        ast_term *b) {
  ast_term *t = new_term(ps, AST_CALL, &a->loc);
  t->items = rt_alloc(3 * sizeof(ast_term *));
  t->items[0] = new_text(ps, AST_VAR, oploc, op, strlen(op));
  t->items[1] = a;
  t->items[2] = b;
  t->n = 3;
  return t;
}

/* internal.member_2(v, dom), or internal.member_3(k, v, dom): the operator is a ref, as OPA
 * writes it */
static ast_term *new_member(parser *ps, const ast_loc *inloc, ast_term *k, ast_term *v,
                            ast_term *dom) {
  ast_term *op = new_term(ps, AST_REF, inloc);
  op->items = rt_alloc(2 * sizeof(ast_term *));
  op->items[0] = new_text(ps, AST_VAR, inloc, "internal", 8);
  op->items[1] = new_text(ps, AST_STRING, inloc, k ? "member_3" : "member_2", 8);
  op->n = 2;
  ast_term *first = k ? k : v;
  ast_term *t = new_term(ps, AST_CALL, &first->loc);
  t->n = k ? 4 : 3;
  t->items = rt_alloc(sizeof(ast_term *) * (size_t)t->n);
  t->items[0] = op;
  int i = 1;
  if (k)
    t->items[i++] = k;
  t->items[i++] = v;
  t->items[i] = dom;
  return t;
}

/* Tokens with text arrive as terms (yylex makes them), so that every semantic value is one
 * pointer: Bison copies values on each step, and a wider union costs more than the terms. An
 * identifier made from a keyword comes marked with `raw` set, a flag that means nothing else on
 * a var; whoever takes the identifier clears it (see check_kwvars). */
static ast_term *ident(ast_term *t) {
  t->raw = false;
  return t;
}

static ast_term *collection(parser *ps, ast_term_kind k, const ast_loc *loc, pvec *items) {
  ast_term *t = new_term(ps, k, loc);
  if (items) {
    t->items = pv_terms(items);
    t->n = items->n;
  }
  return t;
}

static ast_term *object(parser *ps, const ast_loc *loc, pvec *pairs) {
  /* pairs holds key, value, key, value, ... */
  ast_term *t = new_term(ps, AST_OBJECT, loc);
  int n = pairs ? pairs->n / 2 : 0;
  t->n = n;
  if (n) {
    t->keys = rt_alloc(sizeof(ast_term *) * (size_t)n);
    t->items = rt_alloc(sizeof(ast_term *) * (size_t)n);
    for (int i = 0; i < n; i++) {
      t->keys[i] = pairs->v[2 * i];
      t->items[i] = pairs->v[2 * i + 1];
    }
  }
  return t;
}

static ast_term *comprehension(parser *ps, ast_term_kind k, const ast_loc *loc,
                               ast_term *key, ast_term *head, pvec *body,
                               const ast_loc *bloc);

static bool is_var(const ast_term *t, const char *name) {
  return t->kind == AST_VAR && t->text[0] == name[0] && strcmp(t->text, name) == 0;
}

/* A finished term: OPA reads a bare `input` or `data` as a one-element ref. */
static ast_term *finish_term(parser *ps, ast_term *t) {
  if (is_var(t, "input") || is_var(t, "data")) {
    ast_term *r = new_term(ps, AST_REF, &t->loc);
    r->items = rt_alloc(4 * sizeof(ast_term *));
    r->items[0] = t;
    r->n = 1;
    return r;
  }
  return t;
}

/* Refs grow one key at a time while parsing; their item vectors have a power-of-two capacity
 * (at least 4), so appending stays linear. */
static void ref_append(ast_term *r, ast_term *key) {
  int n = r->n;
  if (n >= 4 && (n & (n - 1)) == 0) {
    ast_term **v = rt_alloc(sizeof(ast_term *) * (size_t)(2 * n));
    memcpy(v, r->items, sizeof(ast_term *) * (size_t)n);
    r->items = v;
  }
  r->items[r->n++] = key;
}

/* What OPA lets a ref (or a call) start from. */
static void check_ref_head(const ast_term *head) {
  switch (head->kind) {
  case AST_VAR:
  case AST_ARRAY:
  case AST_OBJECT:
  case AST_SET:
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
  case AST_CALL:
    return;
  default:
    perr(&head->loc, "illegal ref (head cannot be %s)", ast_value_name(head));
  }
}

/* A one-element ref: a rule or package name. */
static ast_term *ref1(parser *ps, ast_term *head) {
  ast_term *r = new_term(ps, AST_REF, &head->loc);
  r->items = rt_alloc(4 * sizeof(ast_term *));
  r->items[0] = head;
  r->n = 1;
  return r;
}

static ast_term *ref_start(parser *ps, ast_term *head, ast_term *key) {
  check_ref_head(head);
  ast_term *r = new_term(ps, AST_REF, &head->loc);
  r->items = rt_alloc(4 * sizeof(ast_term *));
  r->items[0] = head;
  r->items[1] = key;
  r->n = 2;
  return r;
}

/* f(args), where f is the term before the parenthesis: a var (f), a ref (a.b.f) or, as OPA
 * allows, any other term that may head a ref. `set()` is the empty set. */
static ast_term *call(parser *ps, ast_term *fn, pvec *args, bool from_primary) {
  ast_term *op = fn;
  if (from_primary) {
    if (is_var(fn, "set") && (!args || args->n == 0))
      return new_term(ps, AST_SET, &fn->loc);
    check_ref_head(fn);
    op = new_term(ps, AST_REF, &fn->loc);
    op->items = rt_alloc(sizeof(ast_term *));
    op->items[0] = fn;
    op->n = 1;
  }
  int n = args ? args->n : 0;
  ast_term *t = new_term(ps, AST_CALL, &fn->loc);
  t->items = rt_alloc(sizeof(ast_term *) * (size_t)(n + 1));
  t->items[0] = op;
  for (int i = 0; i < n; i++)
    t->items[i + 1] = args->v[i];
  t->n = n + 1;
  return t;
}

/* Decimal exponent of the magnitude of a number literal and how sure we are of it: OPA
 * rejects exponents Go cannot read ("invalid float") and values whose binary exponent passes
 * 1e5 ("number too big"), so that printing a number never costs seconds. */
static int number_size(const char *s) {
  size_t n = 0;
  while (s[n] && s[n] != 'e' && s[n] != 'E')
    n++;
  if (!s[n] && n < 10000)
    return 0; /* plain decimals this short are never a problem */
  const char *p = s;
  if (*p == '-')
    p++;
  long lead = 0;      /* digits before the point, after leading zeros */
  long zeros = 0;     /* zeros right after the point when nothing came before */
  bool nonzero = false;
  double mant = 0;
  int mdigits = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (*p != '0')
      nonzero = true;
    if (nonzero) {
      lead++;
      if (mdigits < 17) {
        mant = mant * 10 + (*p - '0');
        mdigits++;
      }
    }
  }
  if (*p == '.') {
    for (p++; *p >= '0' && *p <= '9'; p++) {
      if (!nonzero && *p == '0') {
        zeros++;
        continue;
      }
      nonzero = true;
      if (mdigits < 17) {
        mant = mant * 10 + (*p - '0');
        mdigits++;
      }
    }
  }
  long long e = 0;
  if (*p == 'e' || *p == 'E') {
    p++;
    bool neg = *p == '-';
    if (*p == '+' || *p == '-')
      p++;
    for (; *p >= '0' && *p <= '9'; p++) {
      e = e * 10 + (*p - '0');
      if (e > 4000000000LL)
        return 1; /* beyond what Go's parser takes */
    }
    if (e > 2147483647LL)
      return 1;
    if (neg)
      e = -e;
  }
  if (!nonzero)
    return 0;
  /* value = 0.mant * 10^(lead or -zeros) * 10^e; mant has mdigits digits */
  double dexp = (double)(lead ? lead : -zeros) + (double)e;
  double frac = mant / pow(10, mdigits); /* in [0.1, 1) */
  double bexp = floor((dexp + log10(frac)) * 3.321928094887362) + 1;
  return bexp > 1e5 || bexp < -1e5 ? 2 : 0;
}

static ast_term *number(const ast_loc *loc, ast_term *t, bool neg) {
  const ast_loc *numloc = &t->loc;
  const char *s = t->text;
  size_t n = t->len;
  bool clean = true; /* else the lexer has complained */
  for (size_t i = 0; i < n && clean; i++)
    clean = (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
            s[i] == '+' || s[i] == '-';
  if (clean && n > 1 && s[0] == '0' && s[1] != '.' && !(n > 2 && (s[1] == 'e' || s[1] == 'E')))
    perr(numloc, "unexpected number token: expected number without leading zero");
  else if (clean)
    switch (number_size(s)) {
    case 1:
      perr(numloc, "unexpected number token: invalid float");
      break;
    case 2:
      perr(numloc, "number too big");
      break;
    }
  if (neg) {
    char *m = rt_alloc(n + 2);
    m[0] = '-';
    memcpy(m + 1, s, n + 1);
    t->text = m;
    t->len = n + 1;
    t->loc = *loc;
  }
  return t;
}

static ast_term *binop(parser *ps, const ast_loc *oploc, const char *op, ast_term *a,
                       ast_term *b) {
  ps->ops++;
  return new_op(ps, oploc, op, a, b);
}

/* At the end of a statement (or query): note whether it could be too deep, start over. */
static void depth_bound(parser *ps) {
  if (ps->ops + ps->lex.max_depth + 16 > 2 * LEX_MAX_NESTING)
    ps->deep = true;
  ps->ops = 0;
  ps->lex.max_depth = ps->lex.depth;
}

static ast_term *var_term(parser *ps, const ast_loc *loc, const char *name) {
  return new_text(ps, AST_VAR, loc, name, strlen(name));
}

/* ---- expressions and bodies ---------------------------------------------------------------- */

static ast_body *make_body(pvec *v, const ast_loc *loc) {
  ast_body *b = rt_alloc(sizeof *b);
  b->loc = v && v->n ? ((ast_expr *)v->v[0])->loc : *loc;
  b->exprs = v ? (ast_expr **)v->v : NULL;
  b->n = v ? v->n : 0;
  return b;
}

static ast_term *comprehension(parser *ps, ast_term_kind k, const ast_loc *loc,
                               ast_term *key, ast_term *head, pvec *body,
                               const ast_loc *bloc) {
  ast_term *t = new_term(ps, k, loc);
  t->key = key;
  t->head = head;
  t->body = make_body(body, bloc);
  return t;
}

static void set_withs(ast_expr *e, pvec *withs) {
  if (!withs)
    return;
  e->nwiths = withs->n;
  e->withs = rt_alloc(sizeof(ast_with) * (size_t)withs->n);
  for (int i = 0; i < withs->n; i++)
    e->withs[i] = *(ast_with *)withs->v[i];
}

/* Keyword identifiers (`else.x`) are refs only where a literal or a rule starts, as OPA
 * reads them; anywhere else the keyword is unexpected. The pending ones sit in source order,
 * so those of the construct ending now are a suffix of the list. */
static void check_kwvars(parser *ps, size_t start, bool allow_at_start) {
  while (ps->kwvars.n > 0) {
    ast_term *t = ps->kwvars.v[ps->kwvars.n - 1];
    if (t->loc.offset < start)
      break;
    ps->kwvars.n--;
    if (!(allow_at_start && t->loc.offset == start))
      perr(&t->loc, "unexpected %s keyword", t->text);
  }
}

/* `with` modifiers after an expression (a group may already carry some). */
static void append_withs(ast_expr *e, pvec *withs) {
  if (!withs)
    return;
  if (!e->nwiths) {
    set_withs(e, withs);
    return;
  }
  ast_with *w = rt_alloc(sizeof(ast_with) * (size_t)(e->nwiths + withs->n));
  memcpy(w, e->withs, sizeof(ast_with) * (size_t)e->nwiths);
  for (int i = 0; i < withs->n; i++)
    w[e->nwiths + i] = *(ast_with *)withs->v[i];
  e->withs = w;
  e->nwiths += withs->n;
}

static ast_expr *logic_expr(parser *ps, ast_expr_kind k, const ast_loc *loc, ast_expr *lhs,
                            ast_expr *rhs) {
  ast_expr *e = new_expr(ps, k, loc);
  e->lhs = lhs;
  e->rhs = rhs;
  return e;
}

static ast_expr *some_literal(parser *ps, const ast_loc *loc, pvec *vars) {
  ast_expr *e = new_expr(ps, AST_EXPR_SOME, loc);
  for (int i = 0; i < vars->n; i++) {
    ast_term *v = vars->v[i];
    if (v->kind == AST_CALL)
      perr(&v->loc, "expected `x in xs` or `x, y in xs` expression");
    else if (v->kind != AST_VAR)
      perr(&v->loc, "unexpected %s token: expected var", ast_value_name(v));
  }
  e->vars = pv_terms(vars);
  e->nvars = vars->n;
  check_kwvars(ps, loc->offset, true);
  return e;
}

/* some [k,] v in domain / every [k,] v in domain { body } */
static ast_expr *in_literal(parser *ps, ast_expr_kind k, const ast_loc *loc, pvec *vars,
                            const ast_loc *inloc, ast_term *domain) {
  ast_expr *e = new_expr(ps, k, loc);
  if (vars->n > 2) {
    if (k == AST_EXPR_EVERY)
      perr(&((ast_term *)vars->v[0])->loc, "expected `x[, y] in xs { ... }` expression");
    else
      perr(inloc, "unexpected in keyword");
  } else {
    e->key = vars->n == 2 ? vars->v[0] : NULL;
    e->value = vars->v[vars->n - 1];
    if (k == AST_EXPR_EVERY) {
      if (e->value->kind != AST_VAR)
        perr(&e->value->loc, "expected value to be a variable");
      else if (e->key && e->key->kind != AST_VAR)
        perr(&e->key->loc, "expected key to be a variable");
    }
  }
  e->domain = domain;
  return e;
}

static ast_with *with_mod(const ast_loc *loc, ast_term *target, ast_term *value) {
  if (target->kind == AST_CALL)
    perr(&target->loc, "expected with target path");
  else if (target->kind != AST_VAR && target->kind != AST_REF)
    perr(&target->loc, "unexpected %s token: expected ident", ast_value_name(target));
  ast_with *w = rt_alloc(sizeof *w);
  w->loc = *loc;
  w->target = target;
  w->value = value;
  return w;
}

static bool is_op_call(const ast_term *t, const char *op) {
  if (t->kind != AST_CALL || t->n != 3)
    return false;
  const ast_term *o = t->items[0];
  if (o->kind == AST_REF && o->n == 1)
    o = o->items[0];
  return is_var(o, op);
}

/* $"...{e}...": the expression must yield a value. */
static void check_template_expr(const ast_expr *e) {
  if (e->negated)
    perr(&e->loc, "unexpected negation ('not') in template-string expression");
  else if (e->kind == AST_EXPR_EVERY)
    perr(&e->loc, "unexpected 'every' in template-string expression");
  else if (e->kind == AST_EXPR_SOME || e->kind == AST_EXPR_SOME_IN)
    perr(&e->loc, "unexpected 'some' in template-string expression");
  else if (e->kind != AST_EXPR_TERM)
    perr(&e->loc, "unexpected %s in template-string expression",
         e->kind == AST_EXPR_AND ? "'and'" : e->kind == AST_EXPR_OR ? "'or'" : "body");
  else if (is_op_call(e->term, "eq"))
    perr(&e->loc, "unexpected unification ('=') in template-string expression");
  else if (is_op_call(e->term, "assign"))
    perr(&e->loc, "unexpected assignment (':=') in template-string expression");
}

/* parts holds the embedded expressions and the strings between them: e, s, e, s, ..., e. */
static ast_term *template(parser *ps, const ast_loc *loc, ast_term *first, pvec *parts,
                          ast_term *last) {
  int n = parts ? parts->n + 2 : 1;
  ast_term *t = new_term(ps, AST_TEMPLATE, loc);
  t->raw = first->raw;
  t->items = rt_alloc(sizeof(ast_term *) * (size_t)n);
  t->exprs = rt_alloc_zero(sizeof(ast_expr *) * (size_t)n);
  t->n = n;
  t->items[0] = first;
  for (int i = 1; i < n - 1; i++) {
    if (i % 2) {
      t->exprs[i] = parts->v[i - 1];
      t->items[i] = t->exprs[i]->term;
      check_template_expr(t->exprs[i]);
    } else {
      t->items[i] = parts->v[i - 1];
    }
  }
  if (n > 1)
    t->items[n - 1] = last;
  return t;
}

/* ---- statements ---------------------------------------------------------------------------- */

static const char *const keywords[] = {"as",  "contains", "default", "else",    "every",
                                       "false", "if",     "import",  "in",      "not",
                                       "null",  "package", "some",   "true",    "with"};

static bool is_keyword(const char *s) {
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
    if (strcmp(keywords[i], s) == 0)
      return true;
  return false;
}

static void note_stmt(parser *ps, const ast_loc *loc, ast_rule *r, bool is_package) {
  depth_bound(ps);
  if (ps->nstmts == 0 && !is_package && !ps->first_failed)
    perr(loc, "package expected");
  ps->nstmts++;
  stmt_ref *s = rt_alloc(sizeof *s);
  s->offset = loc->offset;
  s->rule = r;
  s->is_package = is_package;
  pv_push(&ps->stmts, s);
}

/* Path keys after the first must be strings (`a.b` or `a["b"]`). */
static bool string_keys(const ast_term *ref) {
  for (int i = 1; i < ref->n; i++)
    if (ref->items[i]->kind != AST_STRING) {
      perr(&ref->items[i]->loc, "unexpected %s token: expecting string",
            ast_value_name(ref->items[i]));
      return false;
    }
  return true;
}

static void add_package(parser *ps, const ast_loc *loc, ast_term *path) {
  check_kwvars(ps, loc->offset, false);
  if (ps->nstmts > 0) {
    perr(loc, "unexpected package");
  } else if (string_keys(path)) {
    ps->mod->package = path;
    ps->mod->loc = *loc;
  }
  note_stmt(ps, loc, NULL, true);
}

static void add_import(parser *ps, const ast_loc *loc, ast_term *path, const ast_term *alias) {
  check_kwvars(ps, loc->offset, false);
  note_stmt(ps, loc, NULL, false);
  if (!string_keys(path))
    return;
  const char *root = path->items[0]->text;
  bool future = strcmp(root, "future") == 0, rego = strcmp(root, "rego") == 0;
  if (!future && !rego && strcmp(root, "data") != 0 && strcmp(root, "input") != 0) {
    perr(&path->loc,
          "unexpected import path, must begin with one of: {data, future, input, rego}, got: "
          "%s (hint: if this is unexpected, try updating OPA)",
          root);
    return;
  }
  if (!alias) {
    const ast_term *last = path->items[path->n - 1];
    if ((path->n == 1 || !future) && is_keyword(last->text))
      perr(&last->loc, "unexpected import path, must not end with a keyword, got: %s",
            last->text);
  }
  if (rego && (path->n != 2 || strcmp(path->items[1]->text, "v1") != 0)) {
    perr(&path->loc, "invalid import `%s%s%s`, must be `rego.v1`", root, path->n > 1 ? "." : "",
          path->n > 1 ? path->items[1]->text : "");
    return;
  }
  if (future) {
    if (path->n == 1 || strcmp(path->items[1]->text, "keywords") != 0) {
      perr(&path->loc, "invalid import, must be `future.keywords`");
      return;
    }
    if (alias) {
      perr(&path->loc, "`future` imports cannot be aliased");
      return;
    }
    if (path->n == 3) {
      const char *kw = path->items[2]->text;
      static const char *const known[] = {"and", "contains", "every", "if", "in", "not", "or"};
      bool ok = false;
      for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        ok |= strcmp(kw, known[i]) == 0;
      if (!ok)
        perr(&path->loc,
             "unexpected keyword, must be one of [and contains every if in not or]");
      else
        lex_enable(&ps->lex, kw);
    } else if (path->n == 2) {
      lex_enable(&ps->lex, NULL);
    }
  }
  ast_import imp = {*loc, path, alias ? alias->text : NULL};
  ast_import *p = rt_alloc(sizeof *p);
  *p = imp;
  pv_push(&ps->imports, p);
}

static ast_rule *new_rule(const ast_loc *loc, const rhead *h) {
  ast_rule *r = rt_alloc_zero(sizeof *r);
  r->loc = *loc;
  r->kind = h->func ? AST_RULE_FUNCTION : AST_RULE_COMPLETE;
  r->head = h->ref;
  if (h->func) {
    r->args = pv_terms(h->args);
    r->nargs = h->args ? h->args->n : 0;
  }
  return r;
}

/* A default rule's value may not depend on anything (OPA walks it, skipping closures). */
static void check_default_value(const ast_loc *loc, const ast_term *t) {
  switch (t->kind) {
  case AST_VAR:
  case AST_REF:
  case AST_CALL:
    perr(loc, "illegal default rule (value cannot contain %s)", ast_value_name(t));
    return;
  case AST_ARRAY_COMPR:
  case AST_SET_COMPR:
  case AST_OBJECT_COMPR:
    return;
  default:
    break;
  }
  for (int i = 0; i < t->n; i++) {
    if (t->keys)
      check_default_value(loc, t->keys[i]);
    check_default_value(loc, t->items[i]);
  }
}

static void add_default(parser *ps, const ast_loc *loc, rhead *h, rval *v) {
  check_kwvars(ps, loc->offset, false);
  ast_rule *r = new_rule(loc, h);
  r->is_default = true;
  note_stmt(ps, loc, r, false);
  if (!v || v->contains) {
    perr(loc, "illegal default rule (must have a value)");
  } else {
    check_default_value(loc, v->value);
    r->value = v->value;
    r->assign = v->assign;
  }
  for (int i = 0; i < r->nargs; i++) {
    const ast_term *a = r->args[i];
    if (a->kind != AST_VAR) {
      perr(loc, "illegal default rule (arguments cannot contain %s)", ast_value_name(a));
      continue;
    }
    if (strcmp(a->text, "_") == 0)
      continue; /* wildcards are all distinct */
    for (int j = 0; j < i; j++)
      if (r->args[j]->kind == AST_VAR && strcmp(r->args[j]->text, a->text) == 0) {
        perr(loc, "illegal default rule (arguments cannot be repeated %s)", a->text);
        break;
      }
  }
  pv_push(&ps->rules, r);
}

static void add_rule(parser *ps, const ast_loc *loc, rhead *h, rval *v, ast_term *key,
                     rbodies *b) {
  check_kwvars(ps, loc->offset, false);
  ast_rule *r = new_rule(loc, h);
  note_stmt(ps, loc, r, false);
  const char *what = h->func ? "function" : "rule";
  int nref = h->ref->n;
  if (key) {
    r->kind = AST_RULE_CONTAINS;
    r->key = key;
    if (h->func) {
      r->kind = AST_RULE_FUNCTION;
      perr(loc, "unexpected contains keyword: the contains keyword can only be used with "
                 "multi-value rule definitions");
    }
  }
  if (v) {
    r->value = v->value;
    r->assign = v->assign;
  }
  /* `p[x]` with neither value nor `if` is OPA's old partial set, which v1 rejects */
  bool partial_set = !v && !key && !h->func && nref == 2;
  pv_push(&ps->rules, r);
  if (!b) {
    if (!v && !key && !h->func) {
      if (nref == 1)
        perr(loc, "var cannot be used for rule name");
      else if (nref == 2)
        perr(loc, "`contains` keyword is required for partial set rules");
      else
        perr(loc, "rule must have value assignment and/or body declaration");
    }
    return;
  }
  r->body = b->first->body;
  if (!b->first->has_if) {
    perr(loc, "`if` keyword is required before %s body", what);
    if (partial_set)
      perr(loc, "`contains` keyword is required for partial set rules");
  }
  if (b->elses) {
    rclause *c0 = b->elses->v[0];
    const ast_term *k1 = nref == 2 ? h->ref->items[1] : NULL;
    bool multi = key || (partial_set && (!b->first->has_if || !ast_is_ground(k1) ||
                                         k1->kind == AST_REF));
    if (nref > 1 && !ast_is_ground(h->ref))
      perr(&c0->loc, "else keyword cannot be used on rules with variables in head");
    else if (multi)
      perr(&c0->loc, "else keyword cannot be used on multi-value rules");
    ast_rule *prev = r;
    for (int i = 0; i < b->elses->n; i++) {
      rclause *c = b->elses->v[i];
      if (i > 0 && !((rclause *)b->elses->v[i - 1])->blk)
        perr(&c->loc, "unexpected else keyword");
      ast_rule *e = new_rule(&c->loc, h); /* the head is copied once parsing succeeded */
      e->kind = r->kind;
      if (c->has_val) {
        e->value = c->val.value;
        e->assign = c->val.assign;
      }
      if (c->blk) {
        e->body = c->blk->body;
        if (!c->blk->has_if)
          perr(&c->loc, "`if` keyword is required before %s body", what);
      }
      prev->els = e;
      prev = e;
    }
  }
  for (int i = 0; b->chained && i < b->chained->n; i++) {
    rblock *blk = b->chained->v[i];
    ast_rule *c = rt_alloc(sizeof *c);
    *c = *r; /* same head (copied later), value and key; its own body */
    c->loc = blk->loc;
    c->body = blk->body;
    c->annotation = NULL;
    if (!b->first->has_if)
      perr(&blk->loc, "`if` keyword is required before %s body", what);
    pv_push(&ps->rules, c);
  }
}

static rblock *block(const ast_loc *loc, pvec *body, bool has_if) {
  rblock *b = rt_alloc(sizeof *b);
  b->loc = *loc;
  b->body = make_body(body, loc);
  b->has_if = has_if;
  return b;
}

static rblock *empty_block(const ast_loc *loc, bool has_if) {
  perr(loc, "found empty body");
  return block(loc, NULL, has_if);
}

static rval *value(ast_term *t, bool assign) {
  rval *v = rt_alloc_zero(sizeof *v);
  v->value = t;
  v->assign = assign;
  return v;
}
}

%define api.pure full
%define api.token.prefix {T_}
%define api.location.type {ploc}
%define parse.error custom
%locations
%expect 0
%param {parser *ps}

%initial-action {
  @$.line = 1;
  @$.col = 1;
}

%union {
  ast_term *term;
  const char *kw;
  ast_expr *expr;
  ast_with *with;
  pvec *vec;
  rhead *head;
  rval *val;
  rblock *blk;
  rclause *clause;
  rbodies *bodies;
  const char *op;
}

%token END 0 "end of file"
%token START_MODULE START_QUERY
%token <term> IDENT FIELD NUMBER STRING RAWSTRING TSTR_FULL TSTR_START TSTR_MID TSTR_END
%token <kw> PACKAGE IMPORT AS DEFAULT ELSE NOT SOME WITH TRUE FALSE NULLKW IN EVERY CONTAINS IF
%token <kw> AND OR
%token LBRACK LBRACK_ADJ RBRACK LBRACE LBRACE_BODY LBRACE_GROUP RBRACE LPAREN LPAREN_ADJ RPAREN
%token COMMA COLON SEMI NEWLINE DOT
%token ASSIGN EQ EQUAL NEQ LT GT LTE GTE PLUS MINUS STAR SLASH PERCENT AMP BAR
%token RECOVER LEXERROR

/* Binary operators, loosest first, all left-associative (OPA's precedence climbing, with one
 * nonterminal instead of one per level). TERM sits below `|`: after `[` or `{`, a term followed
 * by `|` starts a comprehension rather than an `or` expression, as OPA decides. LITEXPR sits
 * below `)`: `(x)` is a term, not a group of logic (which it equals, when x is a term). */
%left OR
%left AND
%precedence TERM
%left EQUAL NEQ LT GT LTE GTE
%left BAR
%left AMP
%left PLUS MINUS
%left STAR SLASH PERCENT
%precedence LITEXPR
%precedence RPAREN

%type <term> pkg_ref term primary refx callx number template
%type <term> in_kv in_nokv rel chead
%type <kw> anykw
%type <vec> body list list_tc pairs pairs_tc args args_opt some_list withs withs_opt tparts
%type <expr> literal tpart logic logic_atom
%type <with> with_mod
%type <head> rule_head head_ref
%type <val> rule_val default_val else_val
%type <blk> first_block else_block
%type <clause> else_clause
%type <bodies> rule_bodies
%type <vec> else_list chained

%%

top:
    START_MODULE module
  | START_QUERY query
  ;

module:
    %empty
  | module stmt
  ;

stmt:
    PACKAGE pkg_ref                 { add_package(ps, AT(@1), $2); }
  | IMPORT pkg_ref                  { add_import(ps, AT(@1), $2, NULL); }
  | IMPORT pkg_ref AS IDENT         { add_import(ps, AT(@1), $2, ident($4)); }
  | rule_stmt
  | error RECOVER {
      yyerrok;
      ps->kwvars.n = 0;
      if (ps->nstmts++ == 0)
        ps->first_failed = true;
    }
  ;

/* package and import paths: a name (keywords allowed, as OPA allows them there) and keys */
pkg_ref:
    IDENT                           { $$ = ref1(ps, ident($1)); }
  | anykw                           { $$ = ref1(ps, var_term(ps, AT(@1), $1)); }
  | pkg_ref FIELD                   { ref_append($1, $2); $$ = $1; }
  | pkg_ref LBRACK_ADJ in_kv RBRACK { ref_append($1, $3); $$ = $1; }
  ;

anykw:
    AS | DEFAULT | ELSE | NOT | SOME | WITH | TRUE | FALSE | NULLKW | IN | EVERY | CONTAINS
  | IF | PACKAGE | IMPORT | AND | OR
  ;

/* ---- rules --------------------------------------------------------------------------------- */

rule_stmt:
    DEFAULT rule_head default_val        { add_default(ps, AT(@1), $2, $3); }
  | rule_head rule_val rule_bodies       { add_rule(ps, AT(@1), $1, $2, NULL, $3); }
  | rule_head CONTAINS in_kv rule_bodies { add_rule(ps, AT(@1), $1, NULL, $3, $4); }
  ;

rule_head:
    head_ref
  | head_ref LPAREN_ADJ args_opt RPAREN  { $$ = $1; $$->args = $3; $$->func = $3 != NULL; }
  | IDENT LPAREN args_opt RPAREN {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->ref = ref1(ps, ident($1));
      $$->args = $3;
      $$->func = $3 != NULL; /* as OPA: f() is no function */
    }
  ;

/* OPA allows space between a rule's name and its first key or argument list */
head_ref:
    IDENT {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->ref = ref1(ps, ident($1));
    }
  | IDENT LBRACK in_kv RBRACK {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->ref = ref_start(ps, ident($1), $3);
    }
  | head_ref FIELD                    { ref_append($1->ref, $2); $$ = $1; }
  | head_ref LBRACK_ADJ in_kv RBRACK  { ref_append($1->ref, $3); $$ = $1; }
  ;

default_val:
    %empty                { $$ = NULL; }
  | ASSIGN in_kv          { $$ = value($2, true); }
  | EQ in_kv              { $$ = value($2, false); }
  | CONTAINS in_kv        { $$ = value($2, false); $$->contains = true; }
  ;

rule_val:
    %empty                { $$ = NULL; }
  | ASSIGN in_kv          { $$ = value($2, true); }
  | EQ in_kv              { $$ = value($2, false); }
  ;

rule_bodies:
    %empty                { $$ = NULL; }
  | first_block chained {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->first = $1;
      $$->chained = $2;
    }
  | first_block else_list {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->first = $1;
      $$->elses = $2;
    }
  ;

/* `p if {}` or `p if {k: v | ...}` is a one-literal body holding that term (the lexer tells
 * such braces from a block); an empty block is an error */
first_block:
    IF literal                        { $$ = block(AT(@2), pv_new($2), true); }
  | IF LBRACE_BODY body RBRACE        { $$ = block(AT(@2), $3, true); }
  | LBRACE body RBRACE                { $$ = block(AT(@1), $2, false); }
  | LBRACE RBRACE                     { $$ = empty_block(AT(@1), false); }
  ;

chained:
    %empty                            { $$ = NULL; }
  | chained LBRACE body RBRACE {
      $$ = $1 ? $1 : pv_new(NULL);
      pv_push($$, block(AT(@2), $3, true));
    }
  | chained LBRACE RBRACE {
      $$ = $1 ? $1 : pv_new(NULL);
      pv_push($$, empty_block(AT(@2), true));
    }
  ;

else_list:
    else_clause                       { $$ = pv_new($1); }
  | else_list else_clause             { pv_push($1, $2); $$ = $1; ps->ops++; }
  ;

else_clause:
    ELSE else_val {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->loc = *AT(@1);
      if ($2) {
        $$->val = *$2;
        $$->has_val = true;
      }
    }
  | ELSE else_val else_block {
      $$ = rt_alloc_zero(sizeof *$$);
      $$->loc = *AT(@1);
      if ($2) {
        $$->val = *$2;
        $$->has_val = true;
      }
      $$->blk = $3;
    }
  ;

else_val:
    %empty                { $$ = NULL; }
  | ASSIGN in_kv          { $$ = value($2, true); }
  | EQ in_kv              { $$ = value($2, false); }
  ;

else_block:
    IF literal                        { $$ = block(AT(@2), pv_new($2), true); }
  | IF LBRACE_BODY body RBRACE        { $$ = block(AT(@2), $3, true); }
  | IF LBRACE_BODY RBRACE             { $$ = empty_block(AT(@2), true); }
  | LBRACE body RBRACE                { $$ = block(AT(@1), $2, false); }
  | LBRACE RBRACE                     { $$ = empty_block(AT(@1), false); }
  ;

/* ---- bodies -------------------------------------------------------------------------------- */

query:
    %empty                { ps->query = make_body(NULL, AT(@$)); }
  | body                  { ps->query = make_body($1, AT(@1)); }
  ;

body:
    literal               { $$ = pv_new($1); }
  | body NEWLINE literal  { pv_push($1, $3); $$ = $1; }
  | body SEMI literal     { pv_push($1, $3); $$ = $1; }
  ;

literal:
    logic {
      $$ = $1;
      check_kwvars(ps, AT(@$)->offset, true);
    }
  | logic withs {
      $$ = $1;
      append_withs($$, $2);
      check_kwvars(ps, AT(@$)->offset, true);
    }
  | SOME some_list                    { $$ = some_literal(ps, AT(@$), $2); }
  | SOME some_list IN rel withs_opt {
      $$ = in_literal(ps, AST_EXPR_SOME_IN, AT(@$), $2, AT(@3), $4);
      set_withs($$, $5);
      check_kwvars(ps, AT(@$)->offset, true);
    }
  | EVERY some_list IN rel nl_opt LBRACE body RBRACE withs_opt {
      $$ = in_literal(ps, AST_EXPR_EVERY, AT(@$), $2, AT(@3), $4);
      $$->body = make_body($7, AT(@6));
      set_withs($$, $9);
      check_kwvars(ps, AT(@$)->offset, true);
    }
  | EVERY some_list IN rel nl_opt LBRACE RBRACE withs_opt {
      $$ = in_literal(ps, AST_EXPR_EVERY, AT(@$), $2, AT(@3), $4);
      $$->body = empty_block(AT(@6), false)->body;
      set_withs($$, $8);
      check_kwvars(ps, AT(@$)->offset, true);
    }
  ;

nl_opt: %empty | NEWLINE ;

/* An expression of the experimental logic: `not` binds tighter than `and`, `and` than `or`
 * (precedences above); without those keywords it is a plain (maybe negated) expression. */
logic:
    logic_atom
  | logic OR logic {
      $$ = logic_expr(ps, AST_EXPR_OR, AT(@$), $1, $3);
      ps->ops++;
    }
  | logic AND logic {
      $$ = logic_expr(ps, AST_EXPR_AND, AT(@$), $1, $3);
      ps->ops++;
    }
  | NOT logic_atom {
      $$ = $2;
      if ($$->negated)
        perr(AT(@1), "unexpected not keyword: a double negation needs braces");
      $$->negated = true;
      $$->loc = *AT(@1);
    }
  ;

logic_atom:
    in_kv %prec LITEXPR {
      $$ = new_expr(ps, AST_EXPR_TERM, AT(@1));
      $$->term = $1;
    }
  | in_kv ASSIGN in_kv {
      $$ = new_expr(ps, AST_EXPR_TERM, AT(@1));
      $$->term = binop(ps, AT(@2), "assign", $1, $3);
    }
  | in_kv EQ in_kv {
      $$ = new_expr(ps, AST_EXPR_TERM, AT(@1));
      $$->term = binop(ps, AT(@2), "eq", $1, $3);
    }
  | LBRACE_GROUP body RBRACE {
      $$ = new_expr(ps, AST_EXPR_BODY, AT(@1));
      $$->body = make_body($2, AT(@1));
    }
  | LBRACE_GROUP RBRACE {
      $$ = new_expr(ps, AST_EXPR_BODY, AT(@1));
      $$->body = empty_block(AT(@1), false)->body;
    }
  | lparen logic withs_opt RPAREN {
      $$ = $2;
      append_withs($$, $3);
      if (!ps->lex.logic)
        perr(AT(@1), "non-terminated expression"); /* OPA groups only terms without and/or */
    }
  ;

withs_opt:
    %empty                { $$ = NULL; }
  | withs
  ;

withs:
    with_mod              { $$ = pv_new($1); }
  | withs with_mod        { pv_push($1, $2); $$ = $1; }
  ;

with_mod:
    WITH term AS in_kv    { $$ = with_mod(AT(@1), $2, $4); }
  ;

some_list:
    rel                   { $$ = pv_new($1); }
  | some_list COMMA rel   { pv_push($1, $3); $$ = $1; }
  ;

/* ---- expressions, loosest first ------------------------------------------------------------ */

/* `k, v in xs` is only possible where no list can follow (OPA's keyVal positions) */
in_kv:
    rel
  | rel COMMA rel IN rel  { $$ = new_member(ps, AT(@4), $1, $3, $5); ps->ops++; }
  | in_kv IN rel          { $$ = new_member(ps, AT(@2), NULL, $1, $3); ps->ops++; }
  ;

in_nokv:
    rel
  | in_nokv IN rel        { $$ = new_member(ps, AT(@2), NULL, $1, $3); ps->ops++; }
  ;

rel:
    primary %prec TERM    { $$ = finish_term(ps, $1); }
  | refx %prec TERM
  | callx %prec TERM
  | rel EQUAL rel         { $$ = binop(ps, AT(@2), "equal", $1, $3); }
  | rel NEQ rel           { $$ = binop(ps, AT(@2), "neq", $1, $3); }
  | rel LT rel            { $$ = binop(ps, AT(@2), "lt", $1, $3); }
  | rel GT rel            { $$ = binop(ps, AT(@2), "gt", $1, $3); }
  | rel LTE rel           { $$ = binop(ps, AT(@2), "lte", $1, $3); }
  | rel GTE rel           { $$ = binop(ps, AT(@2), "gte", $1, $3); }
  | rel BAR rel           { $$ = binop(ps, AT(@2), "or", $1, $3); }
  | rel AMP rel           { $$ = binop(ps, AT(@2), "and", $1, $3); }
  | rel PLUS rel          { $$ = binop(ps, AT(@2), "plus", $1, $3); }
  | rel MINUS rel         { $$ = binop(ps, AT(@2), "minus", $1, $3); }
  | rel STAR rel          { $$ = binop(ps, AT(@2), "mul", $1, $3); }
  | rel SLASH rel         { $$ = binop(ps, AT(@2), "div", $1, $3); }
  | rel PERCENT rel       { $$ = binop(ps, AT(@2), "rem", $1, $3); }
  ;

/* ---- terms --------------------------------------------------------------------------------- */

term:
    primary               { $$ = finish_term(ps, $1); }
  | refx
  | callx
  ;

refx:
    primary FIELD                     { $$ = ref_start(ps, $1, $2); }
  | primary LBRACK_ADJ in_kv RBRACK   { $$ = ref_start(ps, $1, $3); }
  | refx FIELD                        { ref_append($1, $2); $$ = $1; }
  | refx LBRACK_ADJ in_kv RBRACK      { ref_append($1, $3); $$ = $1; }
  | callx FIELD                       { $$ = ref_start(ps, $1, $2); }
  | callx LBRACK_ADJ in_kv RBRACK     { $$ = ref_start(ps, $1, $3); }
  ;

callx:
    primary LPAREN_ADJ args_opt RPAREN  { $$ = call(ps, $1, $3, true); }
  | refx LPAREN_ADJ args_opt RPAREN     { $$ = call(ps, $1, $3, false); }
  ;

args_opt:
    %empty                { $$ = NULL; }
  | args
  | args COMMA
  ;

args:
    in_nokv               { $$ = pv_new($1); }
  | args COMMA in_nokv    { pv_push($1, $3); $$ = $1; }
  ;

primary:
    IDENT {
      $$ = $1;
      if ($$->raw)
        pv_push(&ps->kwvars, ident($$));
    }
  | CONTAINS              { $$ = var_term(ps, AT(@1), "contains"); }
  | number
  | STRING
  | RAWSTRING
  | TRUE                  { $$ = new_term(ps, AST_BOOLEAN, AT(@1)); $$->b = true; }
  | FALSE                 { $$ = new_term(ps, AST_BOOLEAN, AT(@1)); }
  | NULLKW                { $$ = new_term(ps, AST_NULL, AT(@1)); }
  | template
  | lbrack RBRACK                     { $$ = collection(ps, AST_ARRAY, AT(@1), NULL); }
  | lbrack list_tc RBRACK             { $$ = collection(ps, AST_ARRAY, AT(@1), $2); }
  | lbrack COMMA list_tc RBRACK       { $$ = collection(ps, AST_ARRAY, AT(@1), $3); }
  | lbrack chead body RBRACK {
      $$ = comprehension(ps, AST_ARRAY_COMPR, AT(@1), NULL, $2, $3, AT(@3));
    }
  | lbrack chead RBRACK {
      $$ = comprehension(ps, AST_ARRAY_COMPR, AT(@1), NULL, $2, NULL, AT(@3));
      perr(AT(@3), "found empty body");
    }
  | LBRACE RBRACE                     { $$ = object(ps, AT(@1), NULL); }
  | LBRACE list_tc RBRACE             { $$ = collection(ps, AST_SET, AT(@1), $2); }
  | LBRACE COMMA list_tc RBRACE       { $$ = collection(ps, AST_SET, AT(@1), $3); }
  | LBRACE pairs_tc RBRACE            { $$ = object(ps, AT(@1), $2); }
  | LBRACE COMMA pairs_tc RBRACE      { $$ = object(ps, AT(@1), $3); }
  | LBRACE chead body RBRACE {
      $$ = comprehension(ps, AST_SET_COMPR, AT(@1), NULL, $2, $3, AT(@3));
    }
  | LBRACE chead RBRACE {
      $$ = comprehension(ps, AST_SET_COMPR, AT(@1), NULL, $2, NULL, AT(@3));
      perr(AT(@3), "found empty body");
    }
  | LBRACE in_nokv COLON chead body RBRACE {
      $$ = comprehension(ps, AST_OBJECT_COMPR, AT(@1), $2, $4, $5, AT(@5));
    }
  | LBRACE in_nokv COLON chead RBRACE {
      $$ = comprehension(ps, AST_OBJECT_COMPR, AT(@1), $2, $4, NULL, AT(@5));
      perr(AT(@5), "found empty body");
    }
  | lparen in_kv RPAREN               { $$ = $2; }
  ;

/* The head of a comprehension, with its `|`: a term directly followed by `|` (see TERM). */
chead:
    primary BAR           { $$ = finish_term(ps, $1); }
  | refx BAR
  | callx BAR
  ;

lbrack: LBRACK | LBRACK_ADJ ;
lparen: LPAREN | LPAREN_ADJ ;

list_tc: list | list COMMA ;

list:
    in_nokv               { $$ = pv_new($1); }
  | list COMMA in_nokv    { pv_push($1, $3); $$ = $1; }
  ;

pairs_tc: pairs | pairs COMMA ;

pairs:
    in_nokv COLON in_nokv             { $$ = pv_new($1); pv_push($$, $3); }
  | pairs COMMA in_nokv COLON in_nokv { pv_push($1, $3); pv_push($1, $5); $$ = $1; }
  ;

number:
    NUMBER                { $$ = number(AT(@1), $1, false); }
  | MINUS NUMBER          { $$ = number(AT(@1), $2, true); }
  ;

template:
    TSTR_FULL                         { $$ = template(ps, AT(@1), $1, NULL, NULL); }
  | TSTR_START tparts TSTR_END        { $$ = template(ps, AT(@1), $1, $2, $3); }
  ;

tparts:
    tpart                             { $$ = pv_new($1); }
  | tparts TSTR_MID tpart {
      pv_push($1, $2);
      pv_push($1, $3);
      $$ = $1;
    }
  ;

tpart: literal ;

%%

static void perr(const ast_loc *loc, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_error(loc, "rego_parse_error", "%s", msg);
}

/* Only Bison's own failures ("memory exhausted") come here; syntax errors go through
 * yyreport_syntax_error. */
static void yyerror(const YYLTYPE *loc, parser *ps, const char *msg) {
  perr(AT(*loc), "%s", msg);
}

static int yylex(YYSTYPE *lval, YYLTYPE *lloc, parser *ps) {
  lex_tok t;
  ast_loc al;
  int k = lex_next(&ps->lex, &t, &al);
  const ast_loc *loc = &al;
  lloc->line = al.line;
  lloc->col = al.col;
  switch (k) {
  case T_IDENT:
    lval->term = new_text(ps, AST_VAR, loc, t.s, t.len);
    lval->term->raw = (t.flags & LEX_F_KEYWORD) != 0;
    break;
  case T_NUMBER:
    lval->term = new_text(ps, AST_NUMBER, loc, t.s, t.len);
    break;
  case T_FIELD:
  case T_STRING:
  case T_RAWSTRING:
  case T_TSTR_FULL:
  case T_TSTR_START:
  case T_TSTR_MID:
  case T_TSTR_END:
    lval->term = new_text(ps, AST_STRING, loc, t.s, t.len);
    lval->term->raw = (t.flags & LEX_F_RAW) != 0;
    break;
  default:
    lval->kw = t.s; /* a keyword's name, or nothing */
    break;
  }
  ps->tok2 = ps->tok1;
  ps->tok1 = k;
  return k;
}

/* How OPA names a token in "unexpected X token" (its tokens.Token strings). */
static const char *token_name(yysymbol_kind_t s, bool *keyword) {
  *keyword = false;
  switch (s) {
  case YYSYMBOL_YYEOF: return "eof";
  case YYSYMBOL_IDENT: return "identifier";
  case YYSYMBOL_FIELD: return ".";
  case YYSYMBOL_DOT: return ".";
  case YYSYMBOL_NUMBER: return "number";
  case YYSYMBOL_STRING:
  case YYSYMBOL_RAWSTRING: return "string";
  case YYSYMBOL_TSTR_FULL:
  case YYSYMBOL_TSTR_START: return "template-string";
  case YYSYMBOL_TSTR_MID: return "template-string-part";
  case YYSYMBOL_TSTR_END: return "template-string-end";
  case YYSYMBOL_LBRACK:
  case YYSYMBOL_LBRACK_ADJ: return "[";
  case YYSYMBOL_RBRACK: return "]";
  case YYSYMBOL_LBRACE:
  case YYSYMBOL_LBRACE_BODY:
  case YYSYMBOL_LBRACE_GROUP: return "{";
  case YYSYMBOL_RBRACE: return "}";
  case YYSYMBOL_LPAREN:
  case YYSYMBOL_LPAREN_ADJ: return "(";
  case YYSYMBOL_RPAREN: return ")";
  case YYSYMBOL_COMMA: return ",";
  case YYSYMBOL_COLON: return ":";
  case YYSYMBOL_SEMI: return ";";
  case YYSYMBOL_NEWLINE: return "\\n";
  case YYSYMBOL_ASSIGN: return "assign";
  case YYSYMBOL_EQ: return "eq";
  case YYSYMBOL_EQUAL: return "equal";
  case YYSYMBOL_NEQ: return "neq";
  case YYSYMBOL_LT: return "lt";
  case YYSYMBOL_GT: return "gt";
  case YYSYMBOL_LTE: return "lte";
  case YYSYMBOL_GTE: return "gte";
  case YYSYMBOL_PLUS: return "plus";
  case YYSYMBOL_MINUS: return "minus";
  case YYSYMBOL_STAR: return "mul";
  case YYSYMBOL_SLASH: return "div";
  case YYSYMBOL_PERCENT: return "rem";
  case YYSYMBOL_AMP: return "and";
  case YYSYMBOL_BAR: return "or";
  default:
    break;
  }
  *keyword = true;
  switch (s) {
  case YYSYMBOL_PACKAGE: return "package";
  case YYSYMBOL_IMPORT: return "import";
  case YYSYMBOL_AS: return "as";
  case YYSYMBOL_DEFAULT: return "default";
  case YYSYMBOL_ELSE: return "else";
  case YYSYMBOL_NOT: return "not";
  case YYSYMBOL_SOME: return "some";
  case YYSYMBOL_WITH: return "with";
  case YYSYMBOL_TRUE: return "true";
  case YYSYMBOL_FALSE: return "false";
  case YYSYMBOL_NULLKW: return "null";
  case YYSYMBOL_IN: return "in";
  case YYSYMBOL_EVERY: return "every";
  case YYSYMBOL_CONTAINS: return "contains";
  case YYSYMBOL_IF: return "if";
  case YYSYMBOL_AND: return "and";
  case YYSYMBOL_OR: return "or";
  default:
    *keyword = false;
    return "illegal";
  }
}

/* "expected" part of a message: OPA's `expected \n or ; or }` where an expression ended
 * without a separator; otherwise the expected tokens when there are few of them. */
static void expected(const yypcontext_t *ctx, parser *ps, char *buf, size_t size) {
  yysymbol_kind_t exp[YYNTOKENS];
  int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
  buf[0] = '\0';
  /* a term can always go on (.x, [x], (x)): saying so helps nobody */
  int m = 0;
  bool semi = false;
  for (int i = 0; i < n; i++) {
    semi |= exp[i] == YYSYMBOL_SEMI;
    if (exp[i] != YYSYMBOL_FIELD && exp[i] != YYSYMBOL_LBRACK_ADJ &&
        exp[i] != YYSYMBOL_LPAREN_ADJ)
      exp[m++] = exp[i];
  }
  n = m;
  for (int i = 0; i < n; i++)
    if (exp[i] == YYSYMBOL_NEWLINE && semi) {
      char c = lex_closer(&ps->lex);
      if (c)
        snprintf(buf, size, ": expected \\n or ; or %c", c);
      else
        snprintf(buf, size, ": expected \\n or ;");
      return;
    }
  /* inside a list: OPA's `expected "," or "]"` */
  char c = lex_closer(&ps->lex);
  yysymbol_kind_t closer = c == ']' ? YYSYMBOL_RBRACK : c == ')' ? YYSYMBOL_RPAREN
                                                                  : YYSYMBOL_RBRACE;
  bool comma = false, close = false;
  for (int i = 0; i < n; i++) {
    comma |= exp[i] == YYSYMBOL_COMMA;
    close |= exp[i] == closer;
  }
  if (c && comma && close) {
    snprintf(buf, size, ": expected \",\" or \"%c\"", c);
    return;
  }
  if (n < 1 || n > 3)
    return;
  size_t len = 0;
  len += (size_t)snprintf(buf + len, size - len, ": expected ");
  for (int i = 0; i < n && len < size; i++) {
    bool kw;
    const char *name = token_name(exp[i], &kw);
    bool word = kw || exp[i] == YYSYMBOL_IDENT || exp[i] == YYSYMBOL_NUMBER ||
                exp[i] == YYSYMBOL_STRING || exp[i] == YYSYMBOL_YYEOF;
    len += (size_t)snprintf(buf + len, size - len, "%s%s%s%s%s", i ? " or " : "",
                            word ? "" : "\"", name, word ? "" : "\"", kw ? " keyword" : "");
  }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, parser *ps) {
  lex_recover(&ps->lex);
  yysymbol_kind_t la = yypcontext_token(ctx);
  if (la == YYSYMBOL_LEXERROR || ps->lex.fatal)
    return 0; /* the lexer has said what is wrong */
  ast_loc loc = *AT(*yypcontext_location(ctx));
  if (ps->lex.nerrors && loc.offset == ps->lex.error_tok)
    return 0; /* the token the lexer complained about: once is enough */
  if ((la == YYSYMBOL_TSTR_MID || la == YYSYMBOL_TSTR_END) &&
      (ps->tok2 == T_TSTR_START || ps->tok2 == T_TSTR_MID)) {
    perr(&loc, "empty template-string expression");
    return 0;
  }
  if (la == YYSYMBOL_NEWLINE)
    la = YYTRANSLATE(ps->lex.held_kind); /* name what starts the next line */
  bool kw;
  const char *name = token_name(la, &kw);
  if ((la == YYSYMBOL_SOME || la == YYSYMBOL_EVERY) && ps->tok2 == T_NOT) {
    perr(&loc, "unexpected %s keyword: illegal negation of '%s'", name, name);
    return 0;
  }
  char exp[200];
  expected(ctx, ps, exp, sizeof exp);
  perr(&loc, "unexpected %s %s%s", name, kw ? "keyword" : "token", exp);
  return 0;
}

/* ---- the run ------------------------------------------------------------------------------- */

/* What follows is in parser.c only: parser_lac.c (the same grammar with api.prefix lacyy, where
 * yyparse is a macro for lacyyparse) lends just its parser. */
#ifndef yyparse

int lacyyparse(parser *ps);

/* Gives each # METADATA block to the statement that follows it. */
static void attach_annotations(parser *ps) {
  ast_module *m = ps->mod;
  lex_finish(&ps->lex);
  m->annotations = ps->lex.annots;
  m->nannotations = ps->lex.nannots;
  int s = 0;
  for (int i = 0; i < m->nannotations; i++) {
    ast_annotation *a = &m->annotations[i];
    while (s < ps->stmts.n && ((stmt_ref *)ps->stmts.v[s])->offset <= a->loc.offset)
      s++;
    if (s == ps->stmts.n)
      break;
    stmt_ref *st = ps->stmts.v[s];
    if (st->rule)
      st->rule->annotation = a;
    else if (st->is_package)
      m->package_annotation = a;
  }
}

/* Else branches and further bodies were built sharing their rule's head; now that the tree is
 * known to be shallow enough to copy, give each its own nodes (later passes rewrite terms in
 * place). */
static void unshare_heads(ast_module *m) {
  for (int i = 0; i < m->nrules; i++) {
    ast_rule *r = m->rules[i];
    if (i > 0 && r->head == m->rules[i - 1]->head) {
      const ast_rule *p = m->rules[i - 1];
      r->head = ast_copy_term(p->head);
      r->value = ast_copy_term(p->value);
      r->key = ast_copy_term(p->key);
      r->args = NULL;
      if (p->nargs) {
        r->args = rt_alloc(sizeof(ast_term *) * (size_t)p->nargs);
        for (int k = 0; k < p->nargs; k++)
          r->args[k] = ast_copy_term(p->args[k]);
      }
    }
    for (ast_rule *e = r->els; e; e = e->els) {
      e->head = ast_copy_term(r->head);
      if (r->nargs) {
        e->args = rt_alloc(sizeof(ast_term *) * (size_t)r->nargs);
        for (int k = 0; k < r->nargs; k++)
          e->args[k] = ast_copy_term(r->args[k]);
      }
    }
  }
}

/* One pass of a parser over f: the plain one (yyparse) or its twin with lookahead correction
 * (lacyyparse, parser_lac.c); then the module is put together and checked as a whole. Returns
 * the parser state; errors go to diag. */
static parser *run(const ast_file *f, int mode, int (*parse)(parser *)) {
  int before = diag_count();
  parser *ps = rt_alloc_zero(sizeof *ps);
  ps->file = f;
  ps->mode = mode;
  lex_init(&ps->lex, f, mode);
  ps->mod = rt_alloc_zero(sizeof *ps->mod);
  ps->mod->file = f;
  ps->mod->loc.file = f;
  ps->mod->loc.line = 1;
  ps->mod->loc.col = 1;
  parse(ps);
  int errors = diag_count() - before;
  ast_loc where;
  if (mode == LEX_MODULE) {
    ast_module *m = ps->mod;
    m->imports = rt_alloc(sizeof(ast_import) * (size_t)(ps->imports.n ? ps->imports.n : 1));
    for (int i = 0; i < ps->imports.n; i++)
      m->imports[i] = *(ast_import *)ps->imports.v[i];
    m->nimports = ps->imports.n;
    m->rules = (ast_rule **)ps->rules.v;
    m->nrules = ps->rules.n;
    attach_annotations(ps);
    if (errors == 0 && ps->nstmts == 0) {
      ast_loc l = {f, 0, 0, 0};
      perr(&l, "empty module");
    } else if (errors == 0 && ps->deep && ast_too_deep(m, NULL, 2 * LEX_MAX_NESTING, &where)) {
      perr(&where, "max parsing recursion depth exceeded (expression nested more than %d deep)",
           2 * LEX_MAX_NESTING);
    }
  } else {
    depth_bound(ps);
    if (errors == 0 && ps->deep && ast_too_deep(NULL, ps->query, 2 * LEX_MAX_NESTING, &where))
      perr(&where, "max parsing recursion depth exceeded (expression nested more than %d deep)",
           2 * LEX_MAX_NESTING);
  }
  return ps;
}

/* Bison's lookahead correction (LAC) makes "expected" lists exact but doubles the cost of every
 * default reduction. So a file is parsed without it first, silently; only if that finds an error
 * (which LAC never changes, only the messages) is it parsed again, by the LAC twin, which
 * reports. */
int parser_run(const ast_file *f, int mode, ast_module **mod, ast_body **query) {
  int before = diag_count();
  diag_mute(true);
  parser *ps = run(f, mode, yyparse);
  if (diag_mute(false) > 0)
    ps = run(f, mode, lacyyparse);
  int errors = diag_count() - before;
  if (mode == LEX_MODULE) {
    if (errors == 0)
      unshare_heads(ps->mod);
    *mod = ps->mod;
  } else {
    *query = ps->query;
  }
  return errors;
}

#endif
