/* bi_sets.c: set operators and (`&`) and or (`|`), and intersection/union of a set of sets.
 *
 * Errors follow OPA's topdown/binary.go and sets.go: each operand must be a set, and the
 * members of intersection's and union's argument are checked as "operand 1" too.
 */
#include "bi_util.h"

/* Members of a that are also in b (iterating the smaller one). */
static rt_value *intersect(const rt_value *a, const rt_value *b) {
  rt_value *out;
  rt_iter it;
  if (rt_set_len(b) < rt_set_len(a)) {
    const rt_value *t = a;
    a = b;
    b = t;
  }
  out = rt_set_new(rt_set_len(a));
  rt_iter_init(&it, a);
  while (rt_iter_next(&it))
    if (rt_set_has(b, it.key)) rt_set_add(out, it.key);
  return out;
}

static void add_all(rt_value *out, const rt_value *s) {
  rt_iter it;
  rt_iter_init(&it, s);
  while (rt_iter_next(&it))
    rt_set_add(out, it.key);
}

rt_value *bi_and(rt_value *a, rt_value *b) {
  if (!rt_is(a, RT_SET)) return bi_type_err("and", 1, a, "set");
  if (!rt_is(b, RT_SET)) return bi_type_err("and", 2, b, "set");
  return intersect(a, b);
}

rt_value *bi_or(rt_value *a, rt_value *b) {
  rt_value *out;
  if (!rt_is(a, RT_SET)) return bi_type_err("or", 1, a, "set");
  if (!rt_is(b, RT_SET)) return bi_type_err("or", 2, b, "set");
  if (rt_set_len(b) == 0) return a;
  if (rt_set_len(a) == 0) return b;
  out = rt_set_new(rt_set_len(a) + rt_set_len(b));
  add_all(out, a);
  add_all(out, b);
  return out;
}

/* The member OPA reports: the first that is not a set, in sorted order. */
static rt_value *first_non_set(rt_value *sets) {
  rt_value *sorted = rt_sorted_keys(sets);
  for (uint32_t i = 0; i < rt_array_len(sorted); i++)
    if (!rt_is(rt_array_at(sorted, i), RT_SET)) return rt_array_at(sorted, i);
  return NULL;
}

rt_value *bi_intersection(rt_value *sets) {
  rt_value *acc = NULL;
  rt_iter it;
  if (!rt_is(sets, RT_SET)) return bi_type_err("intersection", 1, sets, "set");
  rt_iter_init(&it, sets);
  while (rt_iter_next(&it)) {
    if (!rt_is(it.key, RT_SET)) return bi_type_err("intersection", 1, first_non_set(sets), "set");
    acc = acc ? intersect(acc, it.key) : it.key;
  }
  return acc ? acc : rt_set_new(0);
}

rt_value *bi_union(rt_value *sets) {
  rt_value *out;
  rt_iter it;
  if (!rt_is(sets, RT_SET)) return bi_type_err("union", 1, sets, "set");
  out = rt_set_new(0);
  rt_iter_init(&it, sets);
  while (rt_iter_next(&it)) {
    if (!rt_is(it.key, RT_SET)) return bi_type_err("union", 1, first_non_set(sets), "set");
    add_all(out, it.key);
  }
  return out;
}
