/* safety.h: variable sets, readiness of expressions and the body ordering of safety.c, shared
 * with the planner so that both agree on where each variable gets bound. */
#ifndef SAFETY_H
#define SAFETY_H

#include "compile.h"

/* A small set of variable names (unique names from resolve.c). */
typedef struct names {
  const char **v;
  int n, cap;
} names;

void names_add(names *s, const char *n);
bool names_has(const names *s, const char *n);
void names_copy(names *dst, const names *src);

bool is_root_var(const ast_term *t);  /* input or data */
bool is_local_var(const ast_term *t); /* any other var */

/* Variables of a term or expression; `deep` also enters closures. */
void term_vars(const ast_term *t, names *out, bool deep);
void expr_vars(const ast_expr *e, names *out, bool deep);

/* Dotted name of a call operator ("count", "strings.replace_n", "data.a.f"), or NULL. */
const char *operator_name(const ast_term *op);
/* Declared arity of a builtin or of a function of the rule tree; -1 if unknown. */
int operator_arity(compiler *c, const ast_term *op);

/* Can `a = b` run under `bound` (b NULL: a matched against a computed value)? If so adds
 * what it binds to `bound`. */
bool unify_ok(compiler *c, const names *body_vars, const ast_term *a, const ast_term *b,
              names *bound);

/* Orders body so every variable is bound before use; `bound` holds the names bound on entry
 * and receives those the body binds. Reports unsafe variables and returns NULL if it cannot.
 * body_vars_out (optional) receives the body's own variables. */
ast_expr **safety_order_body(compiler *c, ast_body *body, names *bound, names *body_vars_out);
/* Reports the variables of a head term the body did not bind; false if any. */
bool head_safe(compiler *c, const ast_term *t, const names *bound);
/* Can t be evaluated under `bound`? Adds what its refs bind by iteration. */
bool term_eval_ok(compiler *c, const names *body_vars, const ast_term *t, names *bound);
/* An order in which terms[0..n) can each be evaluated (order[k] is the k-th to plan); false
 * if some never can. */
bool terms_order(compiler *c, const names *body_vars, ast_term *const *terms, int n,
                 names *bound, int *order);
/* The element pairs of two literal arrays of one length, or two literal objects with the
 * same ground keys; -1 when a and b are not such a pair. */
int literal_pairs(const ast_term *a, const ast_term *b, ast_term ***pa, ast_term ***pb);
const ast_term *find_var_occurrence(const ast_expr *e, const char *v);
/* `with f as g` where g names a builtin or a function (not a value to evaluate). */
bool with_value_is_function(compiler *c, const ast_with *w);

#endif /* SAFETY_H */
