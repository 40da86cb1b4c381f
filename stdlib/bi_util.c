/* bi_util.c: OPA's operand error shapes and small helpers used across stdlib/. */
#include <inttypes.h>
#include <stdio.h>

#include "bi_util.h"

rt_value *bi_type_err(const char *name, int pos, const rt_value *got, const char *want) {
  return rt_builtin_fail(RT_ERR_TYPE, name, "operand %d must be %s but got %s", pos, want,
                         rt_type_name(got));
}

rt_value *bi_elem_err(const char *name, int pos, const rt_value *coll, const rt_value *got,
                      const char *want) {
  const char *kind = rt_type_name(coll);
  return rt_builtin_fail(RT_ERR_TYPE, name, "operand %d must be %s of %ss but got %s containing %s",
                         pos, kind, want, kind, rt_type_name(got));
}

rt_value *bi_int_err(const char *name, int pos) {
  return rt_builtin_fail(RT_ERR_TYPE, name,
                         "operand %d must be integer number but got floating-point number", pos);
}

bool bi_int_operand(const char *name, int pos, const rt_value *v, int64_t *out) {
  if (!rt_is(v, RT_NUMBER)) {
    bi_type_err(name, pos, v, "number");
    return false;
  }
  if (!rt_num_to_int64(v, out)) {
    bi_int_err(name, pos);
    return false;
  }
  return true;
}

const char *bi_num_text(const rt_value *n, char *buf, size_t *len) {
  const rt_number *num = (const rt_number *)n;
  if (num->hdr.flags & RT_F_INT) {
    int k = snprintf(buf, 24, "%" PRId64, num->i);
    *len = (size_t)k;
    return buf;
  }
  *len = num->len;
  return num->text;
}

rt_value *bi_str_ref(const char *s, size_t len) {
  rt_string *v = rt_alloc(sizeof *v);
  v->hdr.type = RT_STRING;
  v->hdr.flags = 0;
  v->len = (uint32_t)len;
  v->s = s;
  v->hash = 0;
  return (rt_value *)v;
}
