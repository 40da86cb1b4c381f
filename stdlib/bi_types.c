/* bi_types.c: the type predicates is_number ... is_null and type_name.
 *
 * As in OPA (topdown/type.go) the predicates are true for their type and false otherwise;
 * type_name gives OPA's names. All results are static values: nothing is allocated.
 */
#include "bi_util.h"

#define BI_IS(fn, t)                                                                               \
  rt_value *fn(rt_value *a) {                                                                      \
    return RT_BOOL(rt_typeof(a) == (t));                                                           \
  }

BI_IS(bi_is_number, RT_NUMBER)
BI_IS(bi_is_string, RT_STRING)
BI_IS(bi_is_boolean, RT_BOOLEAN)
BI_IS(bi_is_array, RT_ARRAY)
BI_IS(bi_is_set, RT_SET)
BI_IS(bi_is_object, RT_OBJECT)
BI_IS(bi_is_null, RT_NULL)

static rt_string type_names[] = {
    RT_STATIC_STRING("", 0),       RT_STATIC_STRING("null", 4),   RT_STATIC_STRING("boolean", 7),
    RT_STATIC_STRING("number", 6), RT_STATIC_STRING("string", 6), RT_STATIC_STRING("array", 5),
    RT_STATIC_STRING("object", 6), RT_STATIC_STRING("set", 3),
};

rt_value *bi_type_name(rt_value *a) {
  return (rt_value *)&type_names[rt_typeof(a)];
}
