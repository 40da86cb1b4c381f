/* bi_member.c: internal.member_2 (`x in xs`) and internal.member_3 (`k, v in xs`).
 *
 * As in OPA (topdown/aggregates.go): member_2 looks at set members, array elements and
 * object values, and is false for any other collection (a string is not searched);
 * member_3 matches a key and its value (for a set, key and value are the member).
 */
#include "bi_util.h"

rt_value *bi_internal_member_2(rt_value *x, rt_value *xs) {
  rt_iter it;
  switch (rt_typeof(xs)) {
  case RT_SET:
    return RT_BOOL(rt_set_has(xs, x));
  case RT_ARRAY: {
    uint32_t n = rt_array_len(xs);
    for (uint32_t i = 0; i < n; i++)
      if (rt_equal(rt_array_at(xs, i), x)) return RT_TRUE;
    return RT_FALSE;
  }
  case RT_OBJECT:
    rt_iter_init(&it, xs);
    while (rt_iter_next(&it))
      if (rt_equal(it.val, x)) return RT_TRUE;
    return RT_FALSE;
  default:
    return RT_FALSE;
  }
}

rt_value *bi_internal_member_3(rt_value *k, rt_value *v, rt_value *xs) {
  rt_value *got;
  switch (rt_typeof(xs)) {
  case RT_SET:
    return RT_BOOL(rt_set_has(xs, k) && rt_equal(k, v));
  case RT_ARRAY:
  case RT_OBJECT:
    got = rt_get(xs, k);
    return RT_BOOL(got && rt_equal(got, v));
  default:
    return RT_FALSE;
  }
}
