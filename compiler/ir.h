/* ir.h: regoc's planner IR, modelled on OPA's (plans, functions, blocks, statements).
 *
 * The one rule to remember: a statement that is undefined ends its innermost block, and
 * control continues after that block. Inside a scan body that means "next element". There is
 * no other failure mechanism, which is what lets the C emitter turn Rego's backtracking into
 * nested loops and gotos. Locals 0 and 1 of every function are input and data; a function's
 * own arguments follow. Operands are locals or constants (any ground Rego value, kept in the
 * policy's constant table and emitted as static data).
 */
#ifndef IR_H
#define IR_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"
#include "rt.h"

typedef enum ir_operand_kind {
  IR_OP_LOCAL,
  IR_OP_CONST,
  IR_OP_SLOT, /* a mock slot: the value a `with` gave a replaced function (rt_mock[v]) */
} ir_operand_kind;

typedef struct ir_operand {
  ir_operand_kind kind;
  int v; /* local number or constant index */
} ir_operand;

typedef struct ir_block ir_block;

typedef enum ir_stmt_kind {
  IR_BLOCK,          /* blocks: each runs on its own; a failure ends only that block */
  IR_NOT,            /* block: defined iff the block never reaches its IR_NOT_DONE */
  IR_NOT_DONE,       /* the negated expression succeeded (for some iteration): the
                      * innermost enclosing IR_NOT is undefined */
  IR_SCAN,           /* a (source), key, value locals, block */
  IR_WITH,           /* target local (or mock slot -2 - target), path (const indices),
                      * a = value, block */
  IR_BREAK,          /* n: leave n+1 enclosing blocks */
  IR_CALL,           /* func (>= 0: planned function; < 0: builtin -1-index), args, target */
  IR_DOT,            /* target = a[b]; n = 1: in a data document (number keys find strings) */
  IR_LEN,            /* target = count(a) */
  IR_EQUAL,          /* a == b */
  IR_NOT_EQUAL,      /* a != b */
  IR_IS_ARRAY,       /* a */
  IR_IS_OBJECT,      /* a */
  IR_IS_SET,         /* a */
  IR_IS_COLLECTION,  /* a is an array, object or set */
  IR_IS_DEFINED,     /* local target */
  IR_IS_UNDEFINED,   /* local target */
  IR_ASSIGN,         /* target = a */
  IR_ASSIGN_ONCE,    /* target = a, conflict error if already set to another value */
  IR_RESET,          /* target = undefined */
  IR_MAKE_ARRAY,     /* target = [] (n = capacity hint) */
  IR_MAKE_OBJECT,    /* target = {} */
  IR_MAKE_SET,       /* target = set() */
  IR_ARRAY_APPEND,   /* target.append(a) */
  IR_SET_ADD,        /* target.add(a) */
  IR_OBJECT_INSERT,  /* target[a] = b */
  IR_OBJECT_INSERT_ONCE, /* target[args...] = b, conflict error on another value; n = 1: the
                          * leaf is a set b joins; n = 2: merge with what is there */
  IR_OBJECT_MERGE,   /* target = merge(a, b) (undefined on conflict) */
  IR_RETURN,         /* return a */
  IR_RESULT_ADD,     /* add a to the plan's result set */
  IR_PRINT,          /* args (locals; may be undefined) printed by print() */
  IR_SET_LOC,        /* rt_cur_loc = location (before calls that may fail) */
} ir_stmt_kind;

typedef struct ir_stmt {
  ir_stmt_kind kind;
  ast_loc loc;
  ir_operand a, b;
  int target;      /* local */
  int key, value;  /* SCAN locals */
  int n;           /* BREAK depth, MAKE_ARRAY capacity */
  int func;        /* CALL */
  ir_operand *args; /* CALL, PRINT */
  int nargs;
  int *path;       /* WITH: constant indices of the path keys */
  int npath;
  ir_block **blocks; /* BLOCK */
  int nblocks;
  ir_block *block;   /* NOT, SCAN, WITH */
  const char *msg;   /* ASSIGN_ONCE / OBJECT_INSERT_ONCE conflict message */
} ir_stmt;

struct ir_block {
  ir_stmt **stmts;
  int n, cap;
};

typedef struct ir_func {
  int id;
  const char *name;  /* e.g. "data.docker.decision" or a generated name */
  const char *cname; /* C identifier */
  int nparams;       /* including input and data */
  int nlocals;
  int ret;           /* return local */
  bool memo;         /* zero-argument rule: memoised per evaluation */
  ir_block **blocks;
  int nblocks;
  ast_loc loc;
} ir_func;

typedef struct ir_plan {
  const char *name; /* entrypoint, e.g. "docker/decision" */
  const char *query_text;
  int nlocals;
  ir_block **blocks;
  int nblocks;
  bool is_query; /* result set of bindings (a query) rather than a single value */
} ir_plan;

typedef struct ir_policy {
  rt_value **consts; /* constant table */
  int nconsts, capconsts;
  ir_func **funcs;
  int nfuncs, capfuncs;
  ir_plan **plans;
  int nplans, capplans;
  const char **builtins_used; /* names, for `info` */
  int nbuiltins_used;
} ir_policy;

ir_block *ir_block_new(void);
ir_stmt *ir_emit(ir_block *b, ir_stmt_kind kind, const ast_loc *loc);
int ir_const(ir_policy *p, rt_value *v); /* interned by value */
ir_operand ir_local(int l);
ir_operand ir_constop(int c);
/* Prints the policy in a readable text form (regoc plan). */
void ir_print(FILE *f, const ir_policy *p);
/* Checks structural invariants (locals in range, break depths, ...); returns the number of
 * problems found, each printed to f. */
int ir_validate(FILE *f, const ir_policy *p);

#endif /* IR_H */
