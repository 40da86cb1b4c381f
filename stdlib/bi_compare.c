/* bi_compare.c: equal, neq, lt, lte, gt, gte on any two values.
 *
 * OPA compares any values with one total order (topdown/comparison.go over ast.Compare):
 * types first (null < boolean < number < string < array < object < set), numbers by value.
 * rt_compare implements that order, so these never fail.
 */
#include "bi_util.h"

rt_value *bi_equal(rt_value *a, rt_value *b) {
  return RT_BOOL(rt_equal(a, b));
}

rt_value *bi_neq(rt_value *a, rt_value *b) {
  return RT_BOOL(!rt_equal(a, b));
}

rt_value *bi_lt(rt_value *a, rt_value *b) {
  return RT_BOOL(rt_compare(a, b) < 0);
}

rt_value *bi_lte(rt_value *a, rt_value *b) {
  return RT_BOOL(rt_compare(a, b) <= 0);
}

rt_value *bi_gt(rt_value *a, rt_value *b) {
  return RT_BOOL(rt_compare(a, b) > 0);
}

rt_value *bi_gte(rt_value *a, rt_value *b) {
  return RT_BOOL(rt_compare(a, b) >= 0);
}
