/* ast.h: the abstract syntax tree of a Rego v1 module, as the parser builds it.
 *
 * The shape follows OPA's own AST, because the later passes (resolve, rewrite, safety,
 * plan) follow OPA's compiler: every operator is a call term whose operator is a ref naming
 * the builtin (`x + y` is call(plus, x, y), `a = b` is call(eq, a, b), `a := b` is
 * call(assign, a, b)), and a body is a list of expressions. Nodes are allocated from the
 * compilation arena and never freed one by one (as chibicc does).
 *
 * Operator names (the ref of the call, one var term): eq (=), assign (:=), equal (==),
 * neq (!=), lt, lte, gt, gte, plus, minus, mul, div, rem, or (|), and (&),
 * internal.member_2 (x in xs), internal.member_3 (k, v in xs). Unary minus on a number
 * literal folds into the literal ("-1"); on any other term it is call(minus, 0, x).
 */
#ifndef AST_H
#define AST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ast_file {
  const char *name; /* as given on the command line */
  const char *text; /* whole source, NUL-terminated */
  size_t len;
} ast_file;

typedef struct ast_loc {
  const ast_file *file;
  int line, col; /* 1-based; col counts bytes */
  size_t offset; /* byte offset of the start */
} ast_loc;

typedef struct ast_term ast_term;
typedef struct ast_expr ast_expr;
typedef struct ast_body ast_body;
typedef struct ast_rule ast_rule;

typedef enum ast_term_kind {
  AST_NULL,
  AST_BOOLEAN,
  AST_NUMBER,    /* text: the literal as written, with a folded leading '-' */
  AST_STRING,    /* text: the decoded bytes (escapes resolved); raw strings verbatim */
  AST_VAR,       /* text: the name; "_" is the wildcard (renamed later) */
  AST_REF,       /* items[0] = head (a var, or any term for `[1][0]`), items[1..] = keys;
                  * `a.b` gives a string term "b" as key; `a[x]` the term x */
  AST_ARRAY,     /* items */
  AST_SET,       /* items; `set()` is an empty set */
  AST_OBJECT,    /* keys[i] : items[i] */
  AST_CALL,      /* items[0] = operator (a ref, or a var for operators), items[1..] = args */
  AST_ARRAY_COMPR,  /* [head | body] */
  AST_SET_COMPR,    /* {head | body} */
  AST_OBJECT_COMPR, /* {key: head | body} */
  AST_TEMPLATE,  /* $"..{e}.." : items alternate string literals and embedded terms; a
                  * string part has kind AST_STRING, an embedded part is any term */
} ast_term_kind;

struct ast_term {
  /* (fields ordered so that the node packs into 104 bytes: a policy makes one per token) */
  ast_term_kind kind;
  bool b;           /* AST_BOOLEAN */
  bool raw;         /* AST_STRING / AST_TEMPLATE written with backticks */
  int n;            /* count of items (and keys) */
  ast_loc loc;
  const char *text; /* NUMBER, STRING, VAR: NUL-terminated; len excludes the NUL */
  size_t len;
  ast_term **items; /* REF, ARRAY, SET, OBJECT values, CALL, TEMPLATE */
  ast_term **keys;  /* OBJECT keys */
  ast_term *head;   /* comprehension head; object comprehension value */
  ast_term *key;    /* object comprehension key */
  ast_body *body;   /* comprehension body */
  /* Added by the front end: AST_TEMPLATE keeps each embedded part as the expression it was
   * written as, because OPA allows `with` there ($"{a with input as 1}"). exprs[i] is that
   * expression for odd i (its term is items[i]); NULL for the string parts (even i). */
  ast_expr **exprs;
};

typedef struct ast_with {
  ast_loc loc;
  ast_term *target; /* a ref: input..., data..., or a function/builtin name */
  ast_term *value;
} ast_with;

typedef enum ast_expr_kind {
  AST_EXPR_TERM,  /* term: a single term or a call (incl. eq/assign/comparisons) */
  AST_EXPR_SOME,  /* some x, y: vars in `vars` */
  AST_EXPR_SOME_IN, /* some [key,] value in domain: key may be NULL */
  AST_EXPR_EVERY,   /* every [key,] value in domain { body }: key may be NULL */
  /* Added by the front end for OPA's experimental logic (import future.keywords.and / .or /
   * .not): `lhs and rhs`, `lhs or rhs` (operands in lhs, rhs; `with` on the whole), and an
   * explicit body `{ a; b }` used as an expression (an operand, or `not { ... }`), in body.
   * Precedence: not > and > or; parentheses group. They yield no value, only success. */
  AST_EXPR_AND,
  AST_EXPR_OR,
  AST_EXPR_BODY,
} ast_expr_kind;

struct ast_expr {
  /* (fields ordered so that the node packs into 112 bytes) */
  ast_expr_kind kind;
  bool negated; /* `not` */
  int nvars;
  int nwiths;
  ast_loc loc;
  ast_term *term;
  ast_term **vars; /* SOME */
  ast_term *key, *value, *domain; /* SOME_IN, EVERY */
  ast_body *body;                 /* EVERY, BODY */
  ast_with *withs;
  ast_expr *lhs, *rhs; /* AST_EXPR_AND, AST_EXPR_OR (added by the front end) */
};

struct ast_body {
  ast_loc loc;
  ast_expr **exprs;
  int n;
};

typedef enum ast_rule_kind {
  AST_RULE_COMPLETE, /* head ref [= or := value] [if body]; value NULL means true */
  AST_RULE_CONTAINS, /* head ref contains key [if body] (partial set) */
  AST_RULE_FUNCTION, /* head ref(args) [= or := value] [if body] */
} ast_rule_kind;

typedef struct ast_annotation {
  ast_loc loc;
  const char *text; /* the comment block's text after "# METADATA", '#' prefixes removed */
  size_t len;
} ast_annotation;

struct ast_rule {
  ast_rule_kind kind;
  ast_loc loc;
  bool is_default;
  bool assign;     /* value given with := (else =, or none) */
  ast_term *head;  /* AST_REF (a one-element ref for a plain name `p`) */
  ast_term **args; /* functions */
  int nargs;
  ast_term *value; /* COMPLETE/FUNCTION value, NULL when omitted (true) */
  ast_term *key;   /* CONTAINS element */
  ast_body *body;  /* NULL when the rule has no body */
  ast_rule *els;   /* else chain: each element has value (NULL = true) and body */
  ast_annotation *annotation; /* preceding # METADATA block, or NULL */
};

typedef struct ast_import {
  ast_loc loc;
  ast_term *path;    /* a ref: data..., input..., rego.v1, future.keywords[.x] */
  const char *alias; /* NULL unless `as name` */
} ast_import;

typedef struct ast_module {
  const ast_file *file;
  ast_loc loc;
  ast_term *package; /* the ref after `package`, without the `data.` prefix */
  ast_annotation *package_annotation;
  ast_import *imports;
  int nimports;
  ast_rule **rules;
  int nrules;
  ast_annotation *annotations; /* every # METADATA block, in order */
  int nannotations;
} ast_module;

/* ---- helpers (ast.c) ----------------------------------------------------------------------
 * Added by the front end. Nodes come from the current arena (rt_alloc); text arguments must be
 * arena memory, NUL-terminated, and are taken over, not copied. */

ast_term *ast_new_term(ast_term_kind kind, const ast_loc *loc);
ast_term *ast_new_text(ast_term_kind kind, const ast_loc *loc, const char *text, size_t len);
ast_term *ast_new_bool(const ast_loc *loc, bool b);
/* call(op, a, b) for an operator named op (eq, plus, ...): located at a, op at oploc. */
ast_term *ast_new_op(const ast_loc *oploc, const char *op, ast_term *a, ast_term *b);
/* internal.member_2(v, dom), or internal.member_3(k, v, dom) when k is not NULL. */
ast_term *ast_new_member(const ast_loc *inloc, ast_term *k, ast_term *v, ast_term *dom);
/* Deep copies. */
ast_term *ast_copy_term(const ast_term *t);
ast_body *ast_copy_body(const ast_body *b);
/* OPA's notion of a ground term: no variables (a ref's head does not count). */
bool ast_is_ground(const ast_term *t);
/* OPA's name for the kind of a term in messages: "var", "ref", "string", "call", ... */
const char *ast_value_name(const ast_term *t);
/* Whether some term of m (or of the body b) sits deeper than max terms (and/or operands count
 * as levels too), or some else chain is longer than max; if so *where is its location. Iterative, so any input is safe to check;
 * recursive walkers may rely on the bound once this has passed. */
bool ast_too_deep(const ast_module *m, const ast_body *b, int max, ast_loc *where);

#endif /* AST_H */
