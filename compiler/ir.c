/* ir.c: building, printing and checking the planner IR.
 *
 * The printed form (`regoc plan`) is for people and golden tests: one statement per line,
 * nested blocks indented, locals as lN and constants shown by value. The validator checks
 * what the emitter relies on (locals in range, blocks present where statements need them),
 * so a planner bug shows up as a clear message rather than as bad C.
 */
#include <string.h>

#include "bi.h"
#include "ir.h"

ir_block *ir_block_new(void) {
  return rt_alloc_zero(sizeof(ir_block));
}

ir_stmt *ir_emit(ir_block *b, ir_stmt_kind kind, const ast_loc *loc) {
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 8;
    ir_stmt **ns = rt_alloc(sizeof *ns * (size_t)b->cap);
    if (b->n) memcpy(ns, b->stmts, sizeof *ns * (size_t)b->n);
    b->stmts = ns;
  }
  ir_stmt *s = rt_alloc_zero(sizeof *s);
  s->kind = kind;
  if (loc) s->loc = *loc;
  s->target = -1;
  b->stmts[b->n++] = s;
  return s;
}

int ir_const(ir_policy *p, rt_value *v) {
  for (int i = 0; i < p->nconsts; i++)
    if (rt_typeof(p->consts[i]) == rt_typeof(v) && rt_equal(p->consts[i], v)) {
      /* 1 and 1.0 are equal but print differently: keep number texts apart */
      if (rt_is(v, RT_NUMBER)) {
        size_t la, lb;
        const char *a = rt_num_str(p->consts[i], &la), *b = rt_num_str(v, &lb);
        if (la != lb || memcmp(a, b, la) != 0) continue;
      }
      return i;
    }
  if (p->nconsts == p->capconsts) {
    p->capconsts = p->capconsts ? 2 * p->capconsts : 64;
    rt_value **nc = rt_alloc(sizeof *nc * (size_t)p->capconsts);
    if (p->nconsts) memcpy(nc, p->consts, sizeof *nc * (size_t)p->nconsts);
    p->consts = nc;
  }
  p->consts[p->nconsts] = v;
  return p->nconsts++;
}

ir_operand ir_local(int l) {
  return (ir_operand){IR_OP_LOCAL, l};
}

ir_operand ir_constop(int c) {
  return (ir_operand){IR_OP_CONST, c};
}

static const char *stmt_name(ir_stmt_kind k) {
  static const char *names[] = {
      [IR_BLOCK] = "Block",        [IR_NOT] = "Not",  [IR_NOT_DONE] = "NotDone",
      [IR_SCAN] = "Scan",          [IR_WITH] = "With",
      [IR_BREAK] = "Break",        [IR_CALL] = "Call",
      [IR_DOT] = "Dot",            [IR_LEN] = "Len",
      [IR_EQUAL] = "Equal",        [IR_NOT_EQUAL] = "NotEqual",
      [IR_IS_ARRAY] = "IsArray",   [IR_IS_OBJECT] = "IsObject",
      [IR_IS_SET] = "IsSet",       [IR_IS_COLLECTION] = "IsCollection",       [IR_IS_DEFINED] = "IsDefined",
      [IR_IS_UNDEFINED] = "IsUndefined", [IR_ASSIGN] = "AssignVar",
      [IR_ASSIGN_ONCE] = "AssignVarOnce", [IR_RESET] = "ResetLocal",
      [IR_MAKE_ARRAY] = "MakeArray", [IR_MAKE_OBJECT] = "MakeObject",
      [IR_MAKE_SET] = "MakeSet",   [IR_ARRAY_APPEND] = "ArrayAppend",
      [IR_SET_ADD] = "SetAdd",     [IR_OBJECT_INSERT] = "ObjectInsert",
      [IR_OBJECT_INSERT_ONCE] = "ObjectInsertOnce", [IR_OBJECT_MERGE] = "ObjectMerge",
      [IR_RETURN] = "ReturnLocal", [IR_RESULT_ADD] = "ResultSetAdd",
      [IR_PRINT] = "Print",        [IR_SET_LOC] = "SetLoc",
  };
  return names[k];
}

static void print_operand(FILE *f, const ir_policy *p, ir_operand op) {
  if (op.kind == IR_OP_LOCAL) {
    fprintf(f, "l%d", op.v);
    return;
  }
  if (op.kind == IR_OP_SLOT) {
    fprintf(f, "mock%d", op.v);
    return;
  }
  rt_buf b;
  rt_buf_init(&b, 64);
  rt_rego_write(&b, p->consts[op.v]);
  if (b.len > 60) {
    b.len = 57;
    rt_buf_puts(&b, "...");
  }
  fprintf(f, "%.*s", (int)b.len, b.data);
}

static const char *callee_name(const ir_policy *p, int func) {
  if (func >= 0) return p->funcs[func]->name;
  int bi = -1 - func;
  return bi < (int)bi_table_len ? bi_table[bi].name : "?";
}

static void print_block(FILE *f, const ir_policy *p, const ir_block *b, int depth);

static void print_stmt(FILE *f, const ir_policy *p, const ir_stmt *s, int depth) {
  fprintf(f, "%*s%s", depth * 2, "", stmt_name(s->kind));
  switch (s->kind) {
  case IR_BLOCK:
    fputs("\n", f);
    for (int i = 0; i < s->nblocks; i++) print_block(f, p, s->blocks[i], depth + 1);
    return;
  case IR_NOT:
    fputs("\n", f);
    print_block(f, p, s->block, depth + 1);
    return;
  case IR_SCAN:
    fputs(" ", f);
    print_operand(f, p, s->a);
    fprintf(f, " -> l%d, l%d\n", s->key, s->value);
    print_block(f, p, s->block, depth + 1);
    return;
  case IR_WITH:
    if (s->target < -1) fprintf(f, " mock%d", -2 - s->target);
    else fprintf(f, " l%d", s->target);
    for (int i = 0; i < s->npath; i++) {
      fputs(i ? "." : " path ", f);
      print_operand(f, p, ir_constop(s->path[i]));
    }
    fputs(" = ", f);
    print_operand(f, p, s->a);
    fputs("\n", f);
    print_block(f, p, s->block, depth + 1);
    return;
  case IR_CALL:
  case IR_PRINT:
    if (s->kind == IR_CALL) fprintf(f, " %s", callee_name(p, s->func));
    fputs("(", f);
    for (int i = 0; i < s->nargs; i++) {
      if (i) fputs(", ", f);
      print_operand(f, p, s->args[i]);
    }
    fputs(")", f);
    if (s->target >= 0) fprintf(f, " -> l%d", s->target);
    break;
  case IR_BREAK:
    fprintf(f, " %d", s->n);
    break;
  case IR_OBJECT_INSERT_ONCE:
    fprintf(f, " l%d", s->target);
    for (int i = 0; i < s->nargs; i++) {
      fputs("[", f);
      print_operand(f, p, s->args[i]);
      fputs("]", f);
    }
    fputs(" = ", f);
    print_operand(f, p, s->b);
    if (s->n == 1) fputs(" (set)", f);
    if (s->n == 2) fputs(" (merge)", f);
    break;
  default:
    if (s->kind == IR_DOT || s->kind == IR_LEN || s->kind == IR_EQUAL ||
        s->kind == IR_NOT_EQUAL || s->kind == IR_IS_ARRAY || s->kind == IR_IS_OBJECT ||
        s->kind == IR_IS_SET || s->kind == IR_IS_COLLECTION || s->kind == IR_ASSIGN || s->kind == IR_ASSIGN_ONCE ||
        s->kind == IR_ARRAY_APPEND || s->kind == IR_SET_ADD || s->kind == IR_OBJECT_INSERT ||
        s->kind == IR_OBJECT_MERGE || s->kind == IR_RETURN || s->kind == IR_RESULT_ADD) {
      fputs(" ", f);
      print_operand(f, p, s->a);
    }
    if (s->kind == IR_DOT || s->kind == IR_EQUAL || s->kind == IR_NOT_EQUAL ||
        s->kind == IR_OBJECT_INSERT || s->kind == IR_OBJECT_MERGE) {
      fputs(", ", f);
      print_operand(f, p, s->b);
    }
    if (s->target >= 0) fprintf(f, " -> l%d", s->target);
  }
  fputs("\n", f);
}

static void print_block(FILE *f, const ir_policy *p, const ir_block *b, int depth) {
  fprintf(f, "%*sblock\n", depth * 2, "");
  for (int i = 0; i < b->n; i++) print_stmt(f, p, b->stmts[i], depth + 1);
}

void ir_print(FILE *f, const ir_policy *p) {
  for (int i = 0; i < p->nplans; i++) {
    const ir_plan *pl = p->plans[i];
    fprintf(f, "plan %s (%d locals)\n", pl->name, pl->nlocals);
    for (int k = 0; k < pl->nblocks; k++) print_block(f, p, pl->blocks[k], 1);
  }
  for (int i = 0; i < p->nfuncs; i++) {
    const ir_func *fn = p->funcs[i];
    fprintf(f, "func %s %s (params %d, locals %d, return l%d%s)\n", fn->cname, fn->name,
            fn->nparams, fn->nlocals, fn->ret, fn->memo ? ", memoised" : "");
    for (int k = 0; k < fn->nblocks; k++) print_block(f, p, fn->blocks[k], 1);
  }
}

/* --- validation --------------------------------------------------------------------------- */

typedef struct vctx {
  FILE *f;
  const ir_policy *p;
  const char *where;
  int nlocals;
  int problems;
} vctx;

static void vproblem(vctx *v, const char *what, const ir_stmt *s) {
  fprintf(v->f, "ir: %s: %s in %s\n", v->where, what, stmt_name(s->kind));
  v->problems++;
}

static void vop(vctx *v, ir_operand op, const ir_stmt *s) {
  if (op.kind == IR_OP_LOCAL && (op.v < 0 || op.v >= v->nlocals)) vproblem(v, "bad local", s);
  if (op.kind == IR_OP_CONST && (op.v < 0 || op.v >= v->p->nconsts))
    vproblem(v, "bad constant", s);
}

static void vblock(vctx *v, const ir_block *b);

static void vstmt(vctx *v, const ir_stmt *s) {
  if (s->target >= v->nlocals) vproblem(v, "target out of range", s);
  switch (s->kind) {
  case IR_BLOCK:
    for (int i = 0; i < s->nblocks; i++) vblock(v, s->blocks[i]);
    return;
  case IR_NOT:
  case IR_WITH:
  case IR_SCAN:
    if (!s->block) vproblem(v, "missing block", s);
    else vblock(v, s->block);
    vop(v, s->a, s);
    return;
  case IR_CALL:
    if (s->func >= v->p->nfuncs || -1 - s->func >= (int)bi_table_len) vproblem(v, "bad callee", s);
    for (int i = 0; i < s->nargs; i++) vop(v, s->args[i], s);
    return;
  default:
    vop(v, s->a, s);
    vop(v, s->b, s);
    for (int i = 0; i < s->nargs; i++) vop(v, s->args[i], s);
  }
}

static void vblock(vctx *v, const ir_block *b) {
  for (int i = 0; i < b->n; i++) vstmt(v, b->stmts[i]);
}

int ir_validate(FILE *f, const ir_policy *p) {
  vctx v = {f, p, NULL, 0, 0};
  for (int i = 0; i < p->nplans; i++) {
    v.where = p->plans[i]->name;
    v.nlocals = p->plans[i]->nlocals;
    for (int k = 0; k < p->plans[i]->nblocks; k++) vblock(&v, p->plans[i]->blocks[k]);
  }
  for (int i = 0; i < p->nfuncs; i++) {
    v.where = p->funcs[i]->name;
    v.nlocals = p->funcs[i]->nlocals;
    for (int k = 0; k < p->funcs[i]->nblocks; k++) vblock(&v, p->funcs[i]->blocks[k]);
  }
  return v.problems;
}
