/* bi_template.c: internal.template_string, what template strings ($"a{x}b") compile to.
 *
 * The compiler passes the literal parts as strings and each embedded expression as the set
 * of its values, as OPA does: an empty set prints "<undefined>", one value prints as print()
 * shows it (strings raw, anything else in Rego syntax), and more than one value is a conflict,
 * since a template string must have exactly one value.
 */
#include "bi.h"

rt_value *bi_internal_template_string(rt_value *parts) {
  if (!rt_is(parts, RT_ARRAY))
    return rt_builtin_fail(RT_ERR_TYPE, "internal.template_string",
                           "operand 1 must be array but got %s", rt_type_name(parts));
  rt_buf b;
  rt_buf_init(&b, 64);
  for (uint32_t i = 0; i < rt_array_len(parts); i++) {
    rt_value *p = rt_array_at(parts, i);
    if (rt_is(p, RT_SET)) {
      uint32_t n = rt_set_len(p);
      if (n == 0) {
        rt_buf_puts(&b, "<undefined>");
        continue;
      }
      if (n > 1) rt_fatal(RT_ERR_CONFLICT, "template-strings must not produce multiple outputs");
      rt_iter it;
      rt_iter_init(&it, p);
      rt_iter_next(&it);
      p = it.val;
    }
    if (rt_is(p, RT_STRING)) rt_buf_put(&b, RT_AS_STR(p)->s, RT_AS_STR(p)->len);
    else rt_rego_write(&b, p);
  }
  return rt_buf_string(&b);
}
