/* bi_numbers.c: numbers.range and numbers.range_step.
 *
 * As OPA's topdown/numbers.go: the bounds are integers of any size, the range includes both
 * ends and runs downwards when the first bound is larger; the step must be positive. Errors
 * keep OPA's wording, including the doubled prefix of the step error (OPA's message already
 * names the builtin, and the error wrapper names it again).
 */
#include "bi_util.h"

/* BigIntOperand: a number with an integral value, any size. */
static bool big_int_operand(const char *name, int pos, const rt_value *v) {
  if (!rt_is(v, RT_NUMBER)) {
    bi_type_err(name, pos, v, "integer");
    return false;
  }
  if (!rt_num_is_int(v)) {
    bi_int_err(name, pos);
    return false;
  }
  return true;
}

static rt_value *range(rt_value *from, rt_value *to, rt_value *step) {
  int64_t x, y, s;
  rt_value *out;
  if (rt_num_to_int64(from, &x) && rt_num_to_int64(to, &y) && rt_num_to_int64(step, &s)) {
    uint64_t n = (x <= y ? (uint64_t)y - (uint64_t)x : (uint64_t)x - (uint64_t)y) / (uint64_t)s;
    out = rt_array_new((uint32_t)(n + 1));
    for (uint64_t i = 0; i <= n; i++) {
      uint64_t d = i * (uint64_t)s;
      rt_array_push(out, rt_int(x <= y ? (int64_t)((uint64_t)x + d) : (int64_t)((uint64_t)x - d)));
    }
    return out;
  }
  /* Bounds beyond 64 bits: exact arithmetic through the runtime. */
  out = rt_array_new(0);
  if (rt_num_cmp(from, to) <= 0) {
    for (rt_value *i = from; rt_num_cmp(i, to) <= 0; i = rt_num_add(i, step))
      rt_array_push(out, i);
  } else {
    for (rt_value *i = from; rt_num_cmp(i, to) >= 0; i = rt_num_sub(i, step))
      rt_array_push(out, i);
  }
  return out;
}

rt_value *bi_numbers_range(rt_value *from, rt_value *to) {
  static rt_number one = RT_STATIC_INT(1);
  if (!big_int_operand("numbers.range", 1, from) || !big_int_operand("numbers.range", 2, to))
    return NULL;
  return range(from, to, (rt_value *)&one);
}

rt_value *bi_numbers_range_step(rt_value *from, rt_value *to, rt_value *step) {
  static rt_number zero = RT_STATIC_INT(0);
  const char *name = "numbers.range_step";
  int64_t s;
  /* OPA checks a small step's sign before the other operands. */
  bool small = rt_is(from, RT_NUMBER) && rt_is(to, RT_NUMBER) && rt_is(step, RT_NUMBER) &&
               rt_num_to_int64(from, &s) && rt_num_to_int64(to, &s) && rt_num_to_int64(step, &s);
  if (!small && (!big_int_operand(name, 1, from) || !big_int_operand(name, 2, to) ||
                 !big_int_operand(name, 3, step)))
    return NULL;
  if (rt_num_cmp(step, (rt_value *)&zero) <= 0)
    return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s: step must be a positive integer", name);
  return range(from, to, step);
}
