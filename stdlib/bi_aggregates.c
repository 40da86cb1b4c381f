/* bi_aggregates.c: count, sum, product, max, min, sort (and the deprecated any/all are left
 * to the table as unimplemented: v1 policies cannot call them).
 *
 * Semantics and errors follow OPA's topdown/aggregates.go: count of a string counts code
 * points; sum and product accept arrays and sets of numbers (exact, via rt_num_*); max and
 * min of an empty collection are undefined; sort returns a sorted array.
 */
#include <stdlib.h>

#include "bi_util.h"

rt_value *bi_count(rt_value *a) {
  switch (rt_typeof(a)) {
  case RT_STRING:
    return rt_int((int64_t)rt_utf8_count(RT_AS_STR(a)->s, RT_AS_STR(a)->len));
  case RT_ARRAY:
    return rt_int(rt_array_len(a));
  case RT_OBJECT:
    return rt_int(rt_object_len(a));
  case RT_SET:
    return rt_int(rt_set_len(a));
  default:
    return bi_type_err("count", 1, a, "one of {array, object, set, string}");
  }
}

/* The element OPA reports: for a set, the first non-number in sorted order (OPA iterates
 * sets sorted); for an array, the one found. */
static rt_value *first_bad(rt_value *a, rt_value *found) {
  rt_value *sorted;
  if (!rt_is(a, RT_SET)) return found;
  sorted = rt_sorted_keys(a);
  for (uint32_t i = 0; i < rt_array_len(sorted); i++)
    if (!rt_is(rt_array_at(sorted, i), RT_NUMBER)) return rt_array_at(sorted, i);
  return found;
}

/* Folds a collection of numbers with op; NULL (and OPA's error) on a non-number. */
static rt_value *fold(const char *name, rt_value *a, int64_t init,
                      rt_value *(*op)(const rt_value *, const rt_value *)) {
  rt_value *acc = rt_int(init);
  rt_iter it;
  if (!rt_is(a, RT_ARRAY) && !rt_is(a, RT_SET))
    return bi_type_err(name, 1, a, "one of {set, array}");
  /* OPA checks every element before it computes. */
  rt_iter_init(&it, a);
  while (rt_iter_next(&it))
    if (!rt_is(it.val, RT_NUMBER)) return bi_elem_err(name, 1, a, first_bad(a, it.val), "number");
  rt_iter_init(&it, a);
  while (rt_iter_next(&it))
    acc = op(acc, it.val);
  return acc;
}

rt_value *bi_sum(rt_value *a) {
  /* Fast path: small integers that do not overflow. */
  if (rt_is(a, RT_ARRAY)) {
    int64_t s = 0;
    uint32_t i, n = rt_array_len(a);
    for (i = 0; i < n; i++) {
      const rt_value *x = rt_array_at(a, i);
      if (!rt_is(x, RT_NUMBER) || !(x->flags & RT_F_INT) ||
          __builtin_add_overflow(s, RT_AS_NUM(x)->i, &s))
        break;
    }
    if (i == n) return rt_int(s);
  }
  return fold("sum", a, 0, rt_num_add);
}

rt_value *bi_product(rt_value *a) {
  return fold("product", a, 1, rt_num_mul);
}

rt_value *bi_max(rt_value *a) {
  rt_value *best = NULL;
  rt_iter it;
  if (!rt_is(a, RT_ARRAY) && !rt_is(a, RT_SET))
    return bi_type_err("max", 1, a, "one of {set, array}");
  rt_iter_init(&it, a);
  while (rt_iter_next(&it))
    if (!best || rt_compare(best, it.val) <= 0) best = it.val;
  return best;
}

rt_value *bi_min(rt_value *a) {
  rt_value *best = NULL;
  rt_iter it;
  if (!rt_is(a, RT_ARRAY) && !rt_is(a, RT_SET))
    return bi_type_err("min", 1, a, "one of {set, array}");
  rt_iter_init(&it, a);
  while (rt_iter_next(&it))
    if (!best || rt_compare(best, it.val) >= 0) best = it.val;
  return best;
}

static int cmp_values(const void *x, const void *y) {
  return rt_compare(*(rt_value *const *)x, *(rt_value *const *)y);
}

rt_value *bi_sort(rt_value *a) {
  rt_value *out;
  uint32_t n;
  if (rt_is(a, RT_SET)) return rt_sorted_keys(a);
  if (!rt_is(a, RT_ARRAY)) return bi_type_err("sort", 1, a, "one of {set, array}");
  n = rt_array_len(a);
  out = rt_array_new(n);
  for (uint32_t i = 0; i < n; i++)
    rt_array_push(out, rt_array_at(a, i));
  if (n > 1) qsort(RT_AS_ARR(out)->items, n, sizeof(rt_value *), cmp_values);
  return out;
}
