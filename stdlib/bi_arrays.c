/* bi_arrays.c: array.concat, array.slice, array.reverse, array.flatten.
 *
 * As OPA's topdown/array.go: slice clamps its bounds (negative to 0, past the end to the
 * length, start past stop to stop) and needs integral indexes; flatten splices elements
 * that are arrays one level deep and keeps the others.
 */
#include "bi_util.h"

static void push_all(rt_value *out, const rt_value *a) {
  uint32_t n = rt_array_len(a);
  for (uint32_t i = 0; i < n; i++)
    rt_array_push(out, rt_array_at(a, i));
}

rt_value *bi_array_concat(rt_value *a, rt_value *b) {
  rt_value *out;
  if (!rt_is(a, RT_ARRAY)) return bi_type_err("array.concat", 1, a, "array");
  if (!rt_is(b, RT_ARRAY)) return bi_type_err("array.concat", 2, b, "array");
  if (rt_array_len(b) == 0) return a;
  if (rt_array_len(a) == 0) return b;
  out = rt_array_new(rt_array_len(a) + rt_array_len(b));
  push_all(out, a);
  push_all(out, b);
  return out;
}

rt_value *bi_array_slice(rt_value *a, rt_value *start, rt_value *stop) {
  int64_t i, j, n;
  rt_value *out;
  if (!rt_is(a, RT_ARRAY)) return bi_type_err("array.slice", 1, a, "array");
  if (!bi_int_operand("array.slice", 2, start, &i) || !bi_int_operand("array.slice", 3, stop, &j))
    return NULL;
  n = rt_array_len(a);
  if (j < 0)
    j = 0;
  else if (j > n)
    j = n;
  if (i < 0)
    i = 0;
  else if (i > j)
    i = j;
  if (i == 0 && j == n) return a;
  out = rt_array_new((uint32_t)(j - i));
  for (; i < j; i++)
    rt_array_push(out, rt_array_at(a, (uint32_t)i));
  return out;
}

rt_value *bi_array_reverse(rt_value *a) {
  rt_value *out;
  uint32_t n;
  if (!rt_is(a, RT_ARRAY)) return bi_type_err("array.reverse", 1, a, "array");
  n = rt_array_len(a);
  out = rt_array_new(n);
  while (n > 0)
    rt_array_push(out, rt_array_at(a, --n));
  return out;
}

rt_value *bi_array_flatten(rt_value *a) {
  rt_value *out;
  uint32_t n;
  if (!rt_is(a, RT_ARRAY)) return bi_type_err("array.flatten", 1, a, "array");
  n = rt_array_len(a);
  out = rt_array_new(n);
  for (uint32_t i = 0; i < n; i++) {
    rt_value *x = rt_array_at(a, i);
    if (rt_is(x, RT_ARRAY))
      push_all(out, x);
    else
      rt_array_push(out, x);
  }
  return out;
}
