/* bi_print.c: print and internal.print.
 *
 * print(x1, ..., xn) writes one line: the location prefix "FILE:ROW: " (as buildx's print
 * hook shows it, spec section 4.4), then the arguments joined by spaces, strings raw and
 * other values in Rego syntax, an undefined argument as <undefined>. OPA rewrites print
 * into internal.print([{x1}, ..., {xn}]) where each argument is a set of its values, and
 * prints one line per combination (topdown/print.go); both forms are here.
 */
#include "bi_util.h"

FILE *bi_print_stream;

static void put_value(rt_buf *b, const rt_value *v) {
  if (!v)
    rt_buf_puts(b, "<undefined>");
  else if (rt_is(v, RT_STRING))
    rt_buf_put(b, RT_AS_STR(v)->s, RT_AS_STR(v)->len);
  else
    rt_rego_write(b, v);
}

static void emit(rt_value **vals, int n) {
  FILE *out = bi_print_stream ? bi_print_stream : stderr;
  rt_buf b;
  rt_buf_init(&b, 128);
  if (rt_cur_loc && rt_cur_loc->file)
    rt_buf_printf(&b, "%s:%d: ", rt_cur_loc->file, rt_cur_loc->row);
  for (int i = 0; i < n; i++) {
    if (i > 0) rt_buf_putc(&b, ' ');
    put_value(&b, vals[i]);
  }
  rt_buf_putc(&b, '\n');
  fwrite(b.data, 1, b.len, out);
  fflush(out);
}

void bi_print_n(rt_value **args, int n) {
  /* The line is built in the arena and dropped at once: print may run in a loop. */
  rt_arena *a = rt_arena_current();
  rt_arena_mark m;
  if (a) m = rt_arena_save(a);
  emit(args, n);
  if (a) rt_arena_restore(a, m);
}

/* One line per combination of the members of sets[i..n-1], in sorted order. */
static void cross(rt_value **sets, rt_value **vals, int i, int n) {
  rt_value *members;
  uint32_t k;
  if (i == n) {
    emit(vals, n);
    return;
  }
  if (!rt_is(sets[i], RT_SET)) {
    vals[i] = sets[i]; /* OPA lets scalars through as they are */
    cross(sets, vals, i + 1, n);
    return;
  }
  if (rt_set_len(sets[i]) == 0) {
    vals[i] = NULL;
    cross(sets, vals, i + 1, n);
    return;
  }
  members = rt_sorted_keys(sets[i]);
  k = rt_array_len(members);
  for (uint32_t j = 0; j < k; j++) {
    vals[i] = rt_array_at(members, j);
    cross(sets, vals, i + 1, n);
  }
}

rt_value *bi_internal_print(rt_value *args) {
  uint32_t n;
  rt_value **vals;
  if (!rt_is(args, RT_ARRAY)) return bi_type_err("internal.print", 1, args, "array");
  n = rt_array_len(args);
  for (uint32_t i = 0; i < n; i++) {
    rt_type t = rt_typeof(rt_array_at(args, i));
    if (t == RT_ARRAY || t == RT_OBJECT)
      rt_fatal(RT_ERR_INTERNAL, "illegal argument type: %s", rt_type_name(rt_array_at(args, i)));
  }
  vals = rt_alloc((n + 1) * sizeof *vals);
  cross(RT_AS_ARR(args)->items, vals, 0, (int)n);
  return RT_TRUE;
}
