/* compile.h: what the middle of the compiler shares: the loaded bundle, the rule tree, the
 * scopes that tell a local variable from a rule or an import, and the entry points of the
 * passes (load, rule tree, safety, plan, emit).
 *
 * The passes follow OPA's compiler closely enough that its error messages and semantics carry
 * over, but they do not rewrite the AST into a second AST: names are resolved and bodies
 * ordered on the fly, and the planner lowers straight to the IR (ir.h).
 */
#ifndef COMPILE_H
#define COMPILE_H

#include <stdbool.h>

#include "ast.h"
#include "ir.h"
#include "rt.h"

typedef enum target_kind {
  TARGET_OPA,
  TARGET_BUILDX,
} target_kind;

/* A rule together with where it lives. */
typedef struct crule {
  ast_rule *rule;
  ast_module *module;
  struct rnode *node;
  ast_term **path;  /* full ref of the head: data, package keys, head keys */
  int npath;
  int ground;       /* number of leading ground keys of path (the node's depth + 1) */
} crule;

/* Kinds of what lives at a rule-tree node. */
typedef enum rnode_kind {
  RNODE_NONE,     /* no rules here (an interior node or a leaf of base data) */
  RNODE_COMPLETE, /* single-valued rules (p := v, p if ...) whose ref ends here */
  RNODE_SET,      /* multi-valued (contains) rules */
  RNODE_OBJECT,   /* rules whose ref goes past this node with a variable key */
  RNODE_FUNCTION, /* functions */
} rnode_kind;

typedef struct rnode {
  rt_value *key; /* path element; NULL for the root (data) */
  struct rnode *parent;
  struct rnode **children;
  int nchildren, capchildren;
  crule **rules;
  int nrules, caprules;
  rnode_kind kind;
  crule *default_rule;
  const char *path_text; /* "data.a.b", for messages and function names */
  int arity;             /* functions */
  bool package;          /* a package's path: a document even without rules */
} rnode;

/* A generation: the rule-tree paths shadowed and the functions replaced by `with`, under
 * which rules are planned anew. Generation 0 is the plain policy. */
typedef struct mock {
  rnode *node;     /* a rule or function node replaced */
  const char *builtin; /* or a builtin replaced (by name) */
  ast_term *value; /* the replacement: a function ref or a value term */
  bool is_value;   /* replaced by a value */
  ir_operand op;   /* that value: a constant, or a mock slot set by the `with` */
} mock;

typedef struct generation {
  int id;
  struct generation *parent;
  mock *mocks;
  int nmocks;
  rnode **shadowed; /* paths whose rules are hidden: reads go to base data instead */
  int nshadowed;
  struct generation *nomock; /* this generation without its function mocks (cached) */
} generation;

typedef struct entrypoint {
  const char *name; /* data path text ("data.docker.decision") or the query text */
  ast_term *ref;    /* for a path entry */
  ast_body *query;  /* for a query entry */
  bool capture;     /* bind bare expressions' values to __expr<i> (regoc eval) */
  ast_expr **orig_exprs; /* with capture: the query's expressions as written */
  int nexprs;
} entrypoint;

typedef struct compiler {
  ast_module **modules;
  int nmodules, capmodules;
  rt_value *data; /* base document (object), from data files */
  rnode *root;
  target_kind target;
  bool strict;
  entrypoint *entries;
  int nentries, capentries;
  ir_policy *policy;
  /* planner state shared across functions */
  struct planfn **planned; /* (node, generation) -> function */
  int nplanned, capplanned;
  generation *gen0;
  int next_gen;
  int next_slot; /* mock slots handed out to `with f as <computed value>` */
  rt_value *input_const; /* an input compiled in (tests), or NULL */
} compiler;

/* --- load.c --- */
/* Loads a .rego file, a data file (.json, .yaml/.yml) or a directory (recursively, data files
 * placed at their directory path as OPA's bundle loader does). Reports through diag. */
bool load_path(compiler *c, const char *path);
bool load_module_text(compiler *c, const char *name, const char *text, size_t len);
bool load_data_text(compiler *c, const char *name, const char *text, size_t len,
                    rt_value **keys, int nkeys);

/* --- ruletree.c --- */
bool ruletree_build(compiler *c);
/* Finds the node for a ground path (keys after data); NULL if absent. */
rnode *ruletree_find(rnode *root, rt_value **keys, int n);
rnode *ruletree_child(const rnode *n, const rt_value *key);
bool rnode_has_rules_below(const rnode *n);
/* The ground value of a term (scalar or composite without variables), or NULL. */
rt_value *term_ground_value(const ast_term *t);
char *ref_text(const ast_term *ref);

/* --- resolve.c --- */
/* Resolves rule and import names to refs and renames local variables to unique names. */
bool resolve_modules(compiler *c);
/* Resolves a query body in the context of a module (or none). */
ast_body *resolve_query(compiler *c, ast_module *ctx, ast_body *q);

/* --- plan.c --- */
bool plan_policy(compiler *c);


#endif /* COMPILE_H */
