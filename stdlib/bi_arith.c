/* bi_arith.c: arithmetic operators (plus minus mul div rem) and abs, ceil, floor, round.
 *
 * The number work itself (exact integers of any size, arbitrary precision otherwise) is the
 * runtime's (rt_num_*); these functions check operand types and word errors as OPA's
 * topdown/arithmetic.go does. minus doubles as set difference, as in OPA.
 */
#include "bi_util.h"

/* Both operands must be numbers; reports OPA's error for the first that is not. */
static bool numbers2(const char *name, const rt_value *a, const rt_value *b) {
  if (!rt_is(a, RT_NUMBER)) {
    bi_type_err(name, 1, a, "number");
    return false;
  }
  if (!rt_is(b, RT_NUMBER)) {
    bi_type_err(name, 2, b, "number");
    return false;
  }
  return true;
}

rt_value *bi_plus(rt_value *a, rt_value *b) {
  if (rt_typeof(a) == RT_NUMBER && rt_typeof(b) == RT_NUMBER) return rt_num_add(a, b);
  numbers2("plus", a, b);
  return NULL;
}

rt_value *bi_mul(rt_value *a, rt_value *b) {
  if (!numbers2("mul", a, b)) return NULL;
  return rt_num_mul(a, b);
}

rt_value *bi_div(rt_value *a, rt_value *b) {
  const char *err = NULL;
  rt_value *r;
  if (!numbers2("div", a, b)) return NULL;
  r = rt_num_div(a, b, &err);
  if (!r) return rt_builtin_fail(RT_ERR_BUILTIN, "div", "%s", err ? err : "divide by zero");
  return r;
}

rt_value *bi_rem(rt_value *a, rt_value *b) {
  const char *err = NULL;
  rt_value *r;
  if (!numbers2("rem", a, b)) return NULL;
  r = rt_num_rem(a, b, &err);
  if (!r) return rt_builtin_fail(RT_ERR_BUILTIN, "rem", "%s", err ? err : "modulo by zero");
  return r;
}

/* Members of a that are not in b. */
static rt_value *set_diff(const rt_value *a, const rt_value *b) {
  rt_value *out = rt_set_new(rt_set_len(a));
  rt_iter it;
  rt_iter_init(&it, a);
  while (rt_iter_next(&it))
    if (!rt_set_has(b, it.key)) rt_set_add(out, it.key);
  return out;
}

rt_value *bi_minus(rt_value *a, rt_value *b) {
  rt_type ta = rt_typeof(a), tb = rt_typeof(b);
  if (ta == RT_NUMBER && tb == RT_NUMBER) return rt_num_sub(a, b);
  if (ta == RT_SET && tb == RT_SET) return set_diff(a, b);
  if (ta != RT_NUMBER && ta != RT_SET) return bi_type_err("minus", 1, a, "one of {number, set}");
  if (tb == RT_NUMBER) return bi_type_err("minus", 2, b, "set");
  return bi_type_err("minus", 2, b, "number");
}

rt_value *bi_abs(rt_value *a) {
  if (!rt_is(a, RT_NUMBER)) return bi_type_err("abs", 1, a, "number");
  return rt_num_abs(a);
}

rt_value *bi_round(rt_value *a) {
  if (!rt_is(a, RT_NUMBER)) return bi_type_err("round", 1, a, "number");
  return rt_num_round(a);
}

rt_value *bi_ceil(rt_value *a) {
  if (!rt_is(a, RT_NUMBER)) return bi_type_err("ceil", 1, a, "number");
  return rt_num_ceil(a);
}

rt_value *bi_floor(rt_value *a) {
  if (!rt_is(a, RT_NUMBER)) return bi_type_err("floor", 1, a, "number");
  return rt_num_floor(a);
}
