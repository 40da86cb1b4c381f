/* emit.c: the C emitter, IR in, one readable C translation unit out.
 *
 * Every IR function becomes a static C function of the same shape (locals lN, input is l0 and
 * data l1); every block becomes a braced region followed by its own end label, and "this
 * statement is undefined" becomes `goto` that label, which is exactly the IR's rule. A scan
 * is a while loop whose body ends in its label, so failing inside it moves to the next
 * element. Constants are static data: strings and numbers as initialised structs, composite
 * constants built once at start-up in the checker's long-lived arena.
 *
 * Nothing from a policy reaches the C source unescaped: strings are written byte by byte with
 * octal escapes for anything but plain printable ASCII, and names of rules only appear in
 * comments after the same escaping (and identifiers are built from [A-Za-z0-9_] only).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bi.h"
#include "compile.h"
#include "diag.h"
#include "emit.h"

/* C names of the builtins, from the same table the library is built from. */
#define BI(name, f, a, flags, decl) #f,
static const char *const bi_cnames[] = {
#include "builtins.def"
};
#undef BI

typedef struct E {
  FILE *o;
  compiler *c;
  ir_policy *pol;
  int label;
  int *labels; /* enclosing block end labels, innermost last */
  int nlabels, caplabels;
  int nlocs, caplocs;
  ast_loc *locs;
  int iters;
  int not_fail; /* failure label of the block around the innermost `not` */
  int not_withs; /* how many `with` blocks were open when that `not` began */
  bool *label_used;
  int caplabel_used;
  int *withs; /* open `with` blocks (their numbers), innermost last */
  char (*with_targets)[24];
  int nwiths, capwiths, with_counter;
  bool *const_emitted;
} E;

/* Writes s as the body of a C string literal. */
static void c_string(FILE *o, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '\\' || ch == '"') fprintf(o, "\\%c", ch);
    else if (ch == '?') fputs("\\?", o); /* no trigraphs */
    else if (ch >= 0x20 && ch < 0x7f) fputc(ch, o);
    else fprintf(o, "\\%03o", ch);
  }
}

/* A comment must not contain the end of a comment: print only safe characters. */
static void c_comment_text(FILE *o, const char *s) {
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '*' && s[1] == '/') fputs("* /", o), s++;
    else if (ch >= 0x20 && ch < 0x7f) fputc(ch, o);
    else fputc('?', o);
  }
}

static int loc_index(E *e, const ast_loc *loc) {
  for (int i = 0; i < e->nlocs; i++)
    if (e->locs[i].file == loc->file && e->locs[i].line == loc->line &&
        e->locs[i].col == loc->col)
      return i;
  if (e->nlocs == e->caplocs) {
    e->caplocs = e->caplocs ? 2 * e->caplocs : 64;
    ast_loc *nl = rt_alloc(sizeof *nl * (size_t)e->caplocs);
    if (e->nlocs) memcpy(nl, e->locs, sizeof *nl * (size_t)e->nlocs);
    e->locs = nl;
  }
  e->locs[e->nlocs] = *loc;
  return e->nlocs++;
}

/* --- constants ------------------------------------------------------------------------------ */

static bool const_is_composite(const rt_value *v) {
  return rt_is(v, RT_ARRAY) || rt_is(v, RT_OBJECT) || rt_is(v, RT_SET);
}

static void emit_const_decl(E *e, int i) {
  rt_value *v = e->pol->consts[i];
  FILE *o = e->o;
  switch (rt_typeof(v)) {
  case RT_NULL:
    fprintf(o, "#define C%d RT_NULLV\n", i);
    break;
  case RT_BOOLEAN:
    fprintf(o, "#define C%d %s\n", i, RT_AS_BOOL(v) ? "RT_TRUE" : "RT_FALSE");
    break;
  case RT_NUMBER: {
    int64_t iv;
    if ((v->flags & RT_F_INT) && rt_num_to_int64(v, &iv)) {
      if (iv == INT64_MIN)
        fprintf(o, "RT_UNUSED static rt_number K%d = RT_STATIC_INT(INT64_MIN);\n", i);
      else
        fprintf(o, "RT_UNUSED static rt_number K%d = RT_STATIC_INT(%" PRId64 "LL);\n", i, iv);
    } else {
      size_t n;
      const char *t = rt_num_str(v, &n);
      fprintf(o, "RT_UNUSED static rt_number K%d = RT_STATIC_NUMTEXT(\"", i);
      c_string(o, t, n);
      fprintf(o, "\", %zu);\n", n);
    }
    fprintf(o, "#define C%d ((rt_value *)&K%d)\n", i, i);
    break;
  }
  case RT_STRING: {
    rt_string *s = RT_AS_STR(v);
    /* the hash is the runtime's own (deterministic), computed here once */
    fprintf(o, "RT_UNUSED static rt_string K%d = RT_STATIC_STRING_H(\"", i);
    c_string(o, s->s, s->len);
    fprintf(o, "\", %u, 0x%016" PRIx64 "ULL);\n", s->len, rt_hash(v));
    fprintf(o, "#define C%d ((rt_value *)&K%d)\n", i, i);
    break;
  }
  default:
    fprintf(o, "RT_UNUSED static rt_value *K%d;\n#define C%d K%d\n", i, i, i);
  }
}

/* Composite constants are built from their elements, which are constants too. */
static void emit_const_build(E *e, int i) {
  if (e->const_emitted[i]) return;
  e->const_emitted[i] = true;
  rt_value *v = e->pol->consts[i];
  if (!const_is_composite(v)) return;
  int n = (int)rt_length(v);
  int *ks = rt_alloc(sizeof(int) * (size_t)(n + 1));
  int *vs = rt_alloc(sizeof(int) * (size_t)(n + 1));
  int k = 0;
  rt_iter it;
  rt_iter_init(&it, v);
  while (rt_iter_next(&it)) {
    ks[k] = ir_const(e->pol, it.key);
    vs[k] = ir_const(e->pol, it.val);
    k++;
  }
  for (int j = 0; j < k; j++) {
    if (rt_is(v, RT_OBJECT)) emit_const_build(e, ks[j]);
    emit_const_build(e, vs[j]);
  }
  FILE *o = e->o;
  if (rt_is(v, RT_ARRAY)) {
    fprintf(o, "  K%d = rt_array_new(%d);\n", i, n);
    for (int j = 0; j < k; j++) fprintf(o, "  rt_array_push(K%d, C%d);\n", i, vs[j]);
  } else if (rt_is(v, RT_SET)) {
    fprintf(o, "  K%d = rt_set_new(%d);\n", i, n);
    for (int j = 0; j < k; j++) fprintf(o, "  rt_set_add(K%d, C%d);\n", i, vs[j]);
  } else {
    fprintf(o, "  K%d = rt_object_new(%d);\n", i, n);
    for (int j = 0; j < k; j++) fprintf(o, "  rt_object_put(K%d, C%d, C%d);\n", i, ks[j], vs[j]);
  }
}

/* --- statements ----------------------------------------------------------------------------- */

static void push_label(E *e, int l) {
  if (e->nlabels == e->caplabels) {
    e->caplabels = e->caplabels ? 2 * e->caplabels : 32;
    int *nl = rt_alloc(sizeof(int) * (size_t)e->caplabels);
    if (e->nlabels) memcpy(nl, e->labels, sizeof(int) * (size_t)e->nlabels);
    e->labels = nl;
  }
  e->labels[e->nlabels++] = l;
}

static int fail_label(const E *e) {
  return e->labels[e->nlabels - 1];
}

static void indent(E *e, int d);

/* Labels are printed only where some goto uses them (every goto comes before its label:
 * failures jump forward to the end of an enclosing block), so the C is warning-free. */
static int use_label(E *e, int l) {
  if (l >= e->caplabel_used) {
    int cap = e->caplabel_used ? 2 * e->caplabel_used : 256;
    while (cap <= l) cap *= 2;
    bool *nu = rt_alloc_zero(sizeof(bool) * (size_t)cap);
    if (e->caplabel_used) memcpy(nu, e->label_used, sizeof(bool) * (size_t)e->caplabel_used);
    e->label_used = nu;
    e->caplabel_used = cap;
  }
  e->label_used[l] = true;
  return l;
}

static void put_label(E *e, int l, int d) {
  if (l >= e->caplabel_used || !e->label_used[l]) return;
  indent(e, d);
  fprintf(e->o, "L%d:;\n", l);
}

static void op(E *e, ir_operand o) {
  if (o.kind == IR_OP_LOCAL) fprintf(e->o, "l%d", o.v);
  else if (o.kind == IR_OP_SLOT) fprintf(e->o, "rt_mock[%d]", o.v);
  else fprintf(e->o, "C%d", o.v);
}

static void indent(E *e, int d) {
  fprintf(e->o, "%*s", 2 * d, "");
}

static void emit_block(E *e, const ir_block *b, int d);

static void set_loc(E *e, const ir_stmt *s, int d) {
  indent(e, d);
  fprintf(e->o, "rt_cur_loc = &LOC[%d];\n", loc_index(e, &s->loc));
}

static void emit_operand_array(E *e, const ir_operand *args, int n) {
  fputs("(rt_value *[]){", e->o);
  for (int i = 0; i < n; i++) {
    if (i) fputs(", ", e->o);
    op(e, args[i]);
  }
  if (n == 0) fputs("NULL", e->o);
  fputs("}", e->o);
}

static void emit_stmt(E *e, const ir_stmt *s, int d) {
  FILE *o = e->o;
  int fl = fail_label(e);
  switch (s->kind) {
  case IR_BLOCK:
    for (int i = 0; i < s->nblocks; i++) emit_block(e, s->blocks[i], d);
    return;
  case IR_NOT: {
    /* The inner expression's success (NotDone, possibly deep inside scans) jumps to this
     * block's failure; running out of elements or failing ends at `inner`: not defined. */
    int inner = ++e->label;
    int saved_not = e->not_fail, saved_not_withs = e->not_withs;
    e->not_fail = fl;
    e->not_withs = e->nwiths;
    indent(e, d);
    fputs("{ /* not */\n", o);
    push_label(e, inner);
    for (int i = 0; i < s->block->n; i++) emit_stmt(e, s->block->stmts[i], d + 1);
    e->nlabels--;
    e->not_fail = saved_not;
    e->not_withs = saved_not_withs;
    indent(e, d);
    fprintf(o, "}\n");
    put_label(e, inner, d);
    return;
  }
  case IR_NOT_DONE:
    /* leaving `with` blocks opened inside the `not`: put their documents back first */
    for (int k = e->nwiths - 1; k >= e->not_withs; k--) {
      indent(e, d);
      fprintf(o, "%s = saved%d;\n", e->with_targets[k], e->withs[k]);
      indent(e, d);
      fprintf(o, "rt_memo_epoch = saved_epoch%d;\n", e->withs[k]);
    }
    indent(e, d);
    fprintf(o, "goto L%d;\n", use_label(e, e->not_fail));
    return;
  case IR_SCAN: {
    int it = ++e->iters;
    int body = ++e->label;
    indent(e, d);
    fprintf(o, "rt_iter_init(&it%d, ", it);
    op(e, s->a);
    fputs(");\n", o);
    indent(e, d);
    fprintf(o, "while (rt_iter_next(&it%d)) {\n", it);
    indent(e, d + 1);
    fprintf(o, "l%d = it%d.key;\n", s->key, it);
    indent(e, d + 1);
    fprintf(o, "l%d = it%d.val;\n", s->value, it);
    push_label(e, body);
    for (int i = 0; i < s->block->n; i++) emit_stmt(e, s->block->stmts[i], d + 1);
    e->nlabels--;
    put_label(e, body, d);
    indent(e, d);
    fputs("}\n", o);
    return;
  }
  case IR_WITH: {
    int body = ++e->label;
    char tgt[24];
    if (s->target < -1) snprintf(tgt, sizeof tgt, "rt_mock[%d]", -2 - s->target);
    else snprintf(tgt, sizeof tgt, "l%d", s->target);
    int wn = ++e->with_counter;
    indent(e, d);
    fprintf(o, "{ /* with */\n");
    indent(e, d + 1);
    fprintf(o, "rt_value *saved%d = %s;\n", wn, tgt);
    indent(e, d + 1);
    fprintf(o, "uint64_t saved_epoch%d = rt_memo_epoch;\n", wn);
    indent(e, d + 1);
    if (s->npath == 0) {
      fprintf(o, "%s = ", tgt);
      op(e, s->a);
      fputs(";\n", o);
    } else {
      fprintf(o, "%s = rt_upsert(%s, (rt_value *[]){", tgt, tgt);
      for (int i = 0; i < s->npath; i++) fprintf(o, "%sC%d", i ? ", " : "", s->path[i]);
      fprintf(o, "}, %d, ", s->npath);
      op(e, s->a);
      fputs(");\n", o);
    }
    indent(e, d + 1);
    fputs("rt_memo_epoch = rt_memo_next();\n", o);
    push_label(e, body);
    if (e->nwiths == e->capwiths) {
      e->capwiths = e->capwiths ? 2 * e->capwiths : 16;
      int *nw = rt_alloc(sizeof(int) * (size_t)e->capwiths);
      char(*nt)[24] = rt_alloc(sizeof(*nt) * (size_t)e->capwiths);
      if (e->nwiths) {
        memcpy(nw, e->withs, sizeof(int) * (size_t)e->nwiths);
        memcpy(nt, e->with_targets, sizeof(*nt) * (size_t)e->nwiths);
      }
      e->withs = nw;
      e->with_targets = nt;
    }
    e->withs[e->nwiths] = wn;
    snprintf(e->with_targets[e->nwiths], sizeof e->with_targets[0], "%s", tgt);
    e->nwiths++;
    indent(e, d + 1);
    fputs("{\n", o);
    for (int i = 0; i < s->block->n; i++) emit_stmt(e, s->block->stmts[i], d + 2);
    indent(e, d + 1);
    fputs("}\n", o);
    e->nwiths--;
    e->nlabels--;
    put_label(e, body, d);
    indent(e, d + 1);
    fprintf(o, "%s = saved%d;\n", tgt, wn);
    indent(e, d + 1);
    fprintf(o, "rt_memo_epoch = saved_epoch%d;\n", wn);
    indent(e, d);
    fputs("}\n", o);
    return;
  }
  case IR_BREAK:
    indent(e, d);
    fprintf(o, "goto L%d;\n", use_label(e, e->labels[e->nlabels - 1 - s->n]));
    return;
  case IR_CALL: {
    if (s->func < 0) set_loc(e, s, d);
    indent(e, d);
    if (s->target >= 0) fprintf(o, "l%d = ", s->target);
    if (s->func >= 0) {
      fprintf(o, "f%d(", s->func);
    } else {
      fprintf(o, "%s(", bi_cnames[-1 - s->func]);
    }
    for (int i = 0; i < s->nargs; i++) {
      if (i) fputs(", ", o);
      op(e, s->args[i]);
    }
    fputs(");\n", o);
    if (s->target >= 0) {
      indent(e, d);
      fprintf(o, "if (!l%d) goto L%d;\n", s->target, use_label(e, fl));
    }
    return;
  }
  case IR_DOT:
    indent(e, d);
    fprintf(o, "l%d = %s(", s->target, s->n == 1 ? "rt_get_data" : "rt_get");
    op(e, s->a);
    fputs(", ", o);
    op(e, s->b);
    fprintf(o, ");\n");
    indent(e, d);
    fprintf(o, "if (!l%d) goto L%d;\n", s->target, use_label(e, fl));
    return;
  case IR_LEN:
    indent(e, d);
    fprintf(o, "l%d = rt_int(rt_length(", s->target);
    op(e, s->a);
    fputs("));\n", o);
    return;
  case IR_EQUAL:
  case IR_NOT_EQUAL:
    indent(e, d);
    fprintf(o, "if (%srt_equal(", s->kind == IR_EQUAL ? "!" : "");
    op(e, s->a);
    fputs(", ", o);
    op(e, s->b);
    fprintf(o, ")) goto L%d;\n", use_label(e, fl));
    return;
  case IR_IS_ARRAY:
  case IR_IS_OBJECT:
  case IR_IS_SET:
    indent(e, d);
    fputs("if (!rt_is(", o);
    op(e, s->a);
    fprintf(o, ", %s)) goto L%d;\n",
            s->kind == IR_IS_ARRAY ? "RT_ARRAY" : s->kind == IR_IS_SET ? "RT_SET" : "RT_OBJECT",
            use_label(e, fl));
    return;
  case IR_IS_COLLECTION:
    indent(e, d);
    fputs("if (!rt_is_collection(", o);
    op(e, s->a);
    fprintf(o, ")) goto L%d;\n", use_label(e, fl));
    return;
  case IR_IS_DEFINED:
    indent(e, d);
    fprintf(o, "if (!l%d) goto L%d;\n", s->target, use_label(e, fl));
    return;
  case IR_IS_UNDEFINED:
    indent(e, d);
    fprintf(o, "if (l%d) goto L%d;\n", s->target, use_label(e, fl));
    return;
  case IR_ASSIGN:
    indent(e, d);
    fprintf(o, "l%d = ", s->target);
    op(e, s->a);
    fputs(";\n", o);
    return;
  case IR_ASSIGN_ONCE:
    indent(e, d);
    fprintf(o, "if (l%d && !rt_equal(l%d, ", s->target, s->target);
    op(e, s->a);
    fprintf(o, ")) rt_conflict(&LOC[%d], \"%s\");\n", loc_index(e, &s->loc), s->msg);
    indent(e, d);
    fprintf(o, "l%d = ", s->target);
    op(e, s->a);
    fputs(";\n", o);
    return;
  case IR_RESET:
    indent(e, d);
    fprintf(o, "l%d = NULL;\n", s->target);
    return;
  case IR_MAKE_ARRAY:
    indent(e, d);
    fprintf(o, "l%d = rt_array_new(%d);\n", s->target, s->n > 0 ? s->n : 0);
    return;
  case IR_MAKE_OBJECT:
    indent(e, d);
    fprintf(o, "l%d = rt_object_new(%d);\n", s->target, s->n > 0 ? s->n : 0);
    return;
  case IR_MAKE_SET:
    indent(e, d);
    fprintf(o, "l%d = rt_set_new(%d);\n", s->target, s->n > 0 ? s->n : 0);
    return;
  case IR_ARRAY_APPEND:
  case IR_SET_ADD:
    indent(e, d);
    fprintf(o, "%s(l%d, ", s->kind == IR_ARRAY_APPEND ? "rt_array_push" : "rt_set_add",
            s->target);
    op(e, s->a);
    fputs(");\n", o);
    return;
  case IR_OBJECT_INSERT:
    indent(e, d);
    fprintf(o, "rt_object_put(l%d, ", s->target);
    op(e, s->a);
    fputs(", ", o);
    op(e, s->b);
    fputs(");\n", o);
    return;
  case IR_OBJECT_INSERT_ONCE:
    indent(e, d);
    if (s->nargs == 1 && !s->n) {
      fprintf(o, "if (!rt_object_put_once(l%d, ", s->target);
      op(e, s->args[0]);
      fputs(", ", o);
      op(e, s->b);
    } else if (s->nargs == 1 && s->n == 2) {
      fprintf(o, "if (!rt_object_insert_merge(l%d, ", s->target);
      op(e, s->args[0]);
      fputs(", ", o);
      op(e, s->b);
    } else {
      fprintf(o, "if (!rt_insert_path_once(l%d, ", s->target);
      emit_operand_array(e, s->args, s->nargs);
      fprintf(o, ", %d, ", s->nargs);
      op(e, s->b);
      fprintf(o, ", %s", s->n == 1 ? "true" : "false");
    }
    fprintf(o, ")) rt_conflict(&LOC[%d], \"%s\");\n", loc_index(e, &s->loc), s->msg);
    return;
  case IR_OBJECT_MERGE:
    /* the target keeps its value when the merge fails (base data conflicting with rules) */
    indent(e, d);
    fputs("{\n", o);
    indent(e, d + 1);
    fputs("rt_value *merged = rt_merge_base(", o);
    op(e, s->a);
    fputs(", ", o);
    op(e, s->b);
    fputs(");\n", o);
    indent(e, d + 1);
    fprintf(o, "if (!merged) goto L%d;\n", use_label(e, fl));
    indent(e, d + 1);
    fprintf(o, "l%d = merged;\n", s->target);
    indent(e, d);
    fputs("}\n", o);
    return;
  case IR_RETURN:
    return;
  case IR_RESULT_ADD:
    indent(e, d);
    fputs("rt_array_push(results, ", o);
    op(e, s->a);
    fputs(");\n", o);
    return;
  case IR_PRINT:
    set_loc(e, s, d);
    indent(e, d);
    fputs("bi_print_n(", o);
    emit_operand_array(e, s->args, s->nargs);
    fprintf(o, ", %d);\n", s->nargs);
    return;
  case IR_SET_LOC:
    set_loc(e, s, d);
    return;
  }
}

static void emit_block(E *e, const ir_block *b, int d) {
  int l = ++e->label;
  indent(e, d);
  fputs("{\n", e->o);
  push_label(e, l);
  for (int i = 0; i < b->n; i++) emit_stmt(e, b->stmts[i], d + 1);
  e->nlabels--;
  indent(e, d);
  fputs("}\n", e->o);
  put_label(e, l, d);
}

/* Declares locals l<first>..l<n-1> and one iterator per scan in the blocks. */
static int count_scans(const ir_block *b) {
  int n = 0;
  for (int i = 0; i < b->n; i++) {
    const ir_stmt *s = b->stmts[i];
    if (s->kind == IR_SCAN) n++;
    if (s->block) n += count_scans(s->block);
    for (int k = 0; k < s->nblocks; k++) n += count_scans(s->blocks[k]);
  }
  return n;
}

static void emit_locals(E *e, int first, int n, ir_block **blocks, int nblocks) {
  for (int i = first; i < n; i++) fprintf(e->o, "  rt_value *l%d = NULL;\n", i);
  /* some locals are only ever written (a scan's key nobody reads) */
  for (int i = first; i < n; i++) fprintf(e->o, "  (void)l%d;\n", i);
  int scans = 0;
  for (int i = 0; i < nblocks; i++) scans += count_scans(blocks[i]);
  for (int i = 1; i <= scans; i++) fprintf(e->o, "  rt_iter it%d;\n", e->iters + i);
  if (n > first || scans) fputs("  (void)0;\n", e->o);
}

static void emit_signature(E *e, const ir_func *f) {
  fprintf(e->o, "static rt_value *f%d(rt_value *l0, rt_value *l1", f->id);
  for (int i = 2; i < f->nparams; i++) fprintf(e->o, ", rt_value *l%d", i);
  fputs(")", e->o);
}

static void emit_func(E *e, const ir_func *f) {
  FILE *o = e->o;
  fputs("/* ", o);
  c_comment_text(o, f->name);
  if (f->loc.file) {
    fputs(" at ", o);
    c_comment_text(o, f->loc.file->name);
    fprintf(o, ":%d", f->loc.line);
  }
  fputs(" */\n", o);
  emit_signature(e, f);
  fputs(" {\n", o);
  if (f->memo) {
    fputs("  static rt_value *memo;\n  static uint64_t memo_epoch;\n", o);
    fputs("  if (memo_epoch == rt_memo_epoch) return memo;\n", o);
  }
  int base_iters = e->iters;
  emit_locals(e, f->nparams, f->nlocals, f->blocks, f->nblocks);
  e->iters = base_iters;
  for (int i = 0; i < f->nblocks; i++) emit_block(e, f->blocks[i], 1);
  if (f->memo) fprintf(o, "  memo = l%d;\n  memo_epoch = rt_memo_epoch;\n", f->ret);
  fprintf(o, "  (void)l0;\n  (void)l1;\n  return l%d;\n}\n\n", f->ret);
}

static void emit_plan(E *e, int idx, const ir_plan *pl) {
  FILE *o = e->o;
  fprintf(o, "/* entry point: ");
  c_comment_text(o, pl->name);
  fprintf(o, " */\nstatic void plan%d(rt_value *l0, rt_value *l1, rt_value *results) {\n", idx);
  int base_iters = e->iters;
  emit_locals(e, 2, pl->nlocals, pl->blocks, pl->nblocks);
  e->iters = base_iters;
  for (int i = 0; i < pl->nblocks; i++) emit_block(e, pl->blocks[i], 1);
  fputs("  (void)l0;\n  (void)l1;\n  (void)results;\n}\n\n", o);
}

/* The builtins the emitted code calls, for the checker's `info`. */
static void collect_builtins(ir_policy *pol, const ir_block *b) {
  for (int i = 0; i < b->n; i++) {
    const ir_stmt *s = b->stmts[i];
    const char *name = NULL;
    if (s->kind == IR_CALL && s->func < 0) name = bi_table[-1 - s->func].name;
    if (s->kind == IR_PRINT) name = "print";
    if (name) {
      bool seen = false;
      for (int k = 0; k < pol->nbuiltins_used && !seen; k++)
        seen = strcmp(pol->builtins_used[k], name) == 0;
      if (!seen) {
        const char **nb = rt_alloc(sizeof(char *) * (size_t)(pol->nbuiltins_used + 1));
        if (pol->nbuiltins_used)
          memcpy(nb, pol->builtins_used, sizeof(char *) * (size_t)pol->nbuiltins_used);
        nb[pol->nbuiltins_used++] = name;
        pol->builtins_used = nb;
      }
    }
    if (s->block) collect_builtins(pol, s->block);
    for (int k = 0; k < s->nblocks; k++) collect_builtins(pol, s->blocks[k]);
  }
}

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool emit_c(compiler *c, FILE *out, const emit_options *opts) {
  E e = {0};
  e.o = out;
  e.c = c;
  e.pol = c->policy;
  ir_policy *pol = c->policy;
  fprintf(out, "/* Generated by regoc %s. Do not edit: edit the policy and rebuild. */\n",
          opts->version);
  fputs("#include <stdint.h>\n#include \"rt.h\"\n#include \"rt_eval.h\"\n#include \"bi.h\"\n\n", out);
  fputs("#define RT_UNUSED __attribute__((unused))\n\n", out);
  int input_const = opts->input ? ir_const(pol, opts->input) : -1;
  pol->nbuiltins_used = 0;
  for (int i = 0; i < pol->nplans; i++)
    for (int k = 0; k < pol->plans[i]->nblocks; k++) collect_builtins(pol, pol->plans[i]->blocks[k]);
  for (int i = 0; i < pol->nfuncs; i++)
    if (!opts->reachable || opts->reachable[i])
      for (int k = 0; k < pol->funcs[i]->nblocks; k++) collect_builtins(pol, pol->funcs[i]->blocks[k]);
  if (pol->nbuiltins_used)
    qsort(pol->builtins_used, (size_t)pol->nbuiltins_used, sizeof(char *), cmp_cstr);
  /* Bodies first, into memory: they may intern more constants and locations. */
  char *body = NULL;
  size_t body_len = 0;
  FILE *bo = open_memstream(&body, &body_len);
  e.o = bo;
  for (int i = 0; i < pol->nfuncs; i++) {
    if (!opts->reachable || opts->reachable[i]) {
      emit_signature(&e, pol->funcs[i]);
      fputs(";\n", bo);
    }
  }
  fputs("\n", bo);
  for (int i = 0; i < pol->nfuncs; i++)
    if (!opts->reachable || opts->reachable[i]) emit_func(&e, pol->funcs[i]);
  for (int i = 0; i < pol->nplans; i++) emit_plan(&e, i, pol->plans[i]);
  fclose(bo);
  /* constants: every element of a composite constant is a constant of its own, interned
   * before anything is written so that the table no longer grows */
  for (int i = 0; i < pol->nconsts; i++) {
    rt_value *v = pol->consts[i];
    if (!const_is_composite(v)) continue;
    rt_iter it;
    rt_iter_init(&it, v);
    while (rt_iter_next(&it)) {
      ir_const(pol, it.key);
      ir_const(pol, it.val);
    }
  }
  char *init = NULL;
  size_t init_len = 0;
  FILE *io = open_memstream(&init, &init_len);
  e.o = io;
  e.const_emitted = rt_alloc_zero(sizeof(bool) * (size_t)(pol->nconsts + 1));
  for (int i = 0; i < pol->nconsts; i++) emit_const_build(&e, i);
  fclose(io);
  e.o = out;
  for (int i = 0; i < pol->nconsts; i++) emit_const_decl(&e, i);
  fputs("\nstatic void init_consts(void) {\n", out);
  fwrite(init, 1, init_len, out);
  fputs("}\n\n", out);
  free(init);
  /* locations used by errors and print */
  fprintf(out, "RT_UNUSED static const rt_loc LOC[] = {\n");
  for (int i = 0; i < e.nlocs; i++) {
    fputs("  {\"", out);
    const char *fname = e.locs[i].file ? e.locs[i].file->name : "";
    c_string(out, fname, strlen(fname));
    fprintf(out, "\", %d, %d},\n", e.locs[i].line, e.locs[i].col);
  }
  if (e.nlocs == 0) fputs("  {\"\", 0, 0},\n", out);
  fputs("};\n\n", out);
  fwrite(body, 1, body_len, out);
  free(body);
  /* the checker's description */
  fputs("static const rt_entrypoint ENTRIES[] = {\n", out);
  for (int i = 0; i < pol->nplans; i++) {
    fputs("  {\"", out);
    c_string(out, pol->plans[i]->name, strlen(pol->plans[i]->name));
    fprintf(out, "\", plan%d, %s},\n", i, pol->plans[i]->is_query ? "true" : "false");
  }
  fputs("};\n\n", out);
  fputs("static const char DATA_JSON[] = \"", out);
  rt_buf db;
  rt_buf_init(&db, 256);
  rt_json_write(&db, c->data ? c->data : rt_object_new(0), 0);
  c_string(out, db.data, db.len);
  fputs("\";\n\n", out);
  fputs("static const char *const BUILTINS[] = {\n", out);
  for (int i = 0; i < pol->nbuiltins_used; i++) {
    fputs("  \"", out);
    c_string(out, pol->builtins_used[i], strlen(pol->builtins_used[i]));
    fputs("\",\n", out);
  }
  fputs("  NULL\n};\n\n", out);
  if (input_const >= 0)
    fprintf(out, "static rt_value *default_input(void) {\n  return C%d;\n}\n\n", input_const);
  fprintf(out,
          "static const rt_checker CHECKER = {\n"
          "  .compiler_version = \"regoc %s\",\n"
          "  .policy_digest = \"%s\",\n"
          "  .entries = ENTRIES,\n"
          "  .nentries = %d,\n"
          "  .data_json = DATA_JSON,\n"
          "  .data_json_len = sizeof DATA_JSON - 1,\n"
          "  .builtins = BUILTINS,\n"
          "  .init = init_consts,\n"
          "  .buildx = %s,\n"
          "  .strict = %s,\n"
          "  .default_input = %s,\n"
          "};\n\n"
          "int main(int argc, char **argv) {\n"
          "  return rt_checker_main(argc, argv, &CHECKER);\n"
          "}\n",
          opts->version, opts->digest, pol->nplans, opts->buildx ? "true" : "false",
          c->strict ? "true" : "false", input_const >= 0 ? "default_input" : "NULL");
  return true;
}
