/* bi_objects.c: object.union, object.union_n, object.get, object.keys, object.remove,
 * object.filter, object.subset.
 *
 * Behaviour and error wording follow OPA's topdown/object.go and subset.go. Inputs are
 * never modified: every result is a fresh object (or one of the arguments unchanged).
 */
#include "bi_util.h"

static void put_all(rt_value *out, const rt_value *obj) {
  rt_iter it;
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it))
    rt_object_put(out, it.key, it.val);
}

/* a's keys and b's keys; where both hold objects they merge, otherwise b's value wins. */
static rt_value *merge(const rt_value *a, const rt_value *b) {
  rt_value *out = rt_object_new(rt_object_len(a) + rt_object_len(b));
  rt_iter it;
  put_all(out, a);
  rt_iter_init(&it, b);
  while (rt_iter_next(&it)) {
    rt_value *old = rt_object_get(a, it.key);
    if (old && rt_is(old, RT_OBJECT) && rt_is(it.val, RT_OBJECT))
      rt_object_put(out, it.key, merge(old, it.val));
    else
      rt_object_put(out, it.key, it.val);
  }
  return out;
}

rt_value *bi_object_union(rt_value *a, rt_value *b) {
  if (!rt_is(a, RT_OBJECT)) return bi_type_err("object.union", 1, a, "object");
  if (!rt_is(b, RT_OBJECT)) return bi_type_err("object.union", 2, b, "object");
  if (rt_object_len(b) == 0 || rt_equal(a, b)) return a;
  if (rt_object_len(a) == 0) return b;
  return merge(a, b);
}

rt_value *bi_object_union_n(rt_value *arr) {
  rt_value *acc;
  uint32_t n;
  if (!rt_is(arr, RT_ARRAY)) return bi_type_err("object.union_n", 1, arr, "array");
  n = rt_array_len(arr);
  /* OPA walks the array back to front, so the last non-object is the one reported. */
  for (uint32_t i = n; i > 0; i--)
    if (!rt_is(rt_array_at(arr, i - 1), RT_OBJECT))
      return bi_elem_err("object.union_n", 1, arr, rt_array_at(arr, i - 1), "object");
  acc = rt_object_new(0);
  for (uint32_t i = 0; i < n; i++)
    acc = merge(acc, rt_array_at(arr, i));
  return acc;
}

rt_value *bi_object_get(rt_value *obj, rt_value *key, rt_value *dflt) {
  rt_value *cur;
  uint32_t n;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("object.get", 1, obj, "object");
  if (!rt_is(key, RT_ARRAY)) {
    rt_value *v = rt_object_get(obj, key);
    return v ? v : dflt;
  }
  /* A path: each element selects an object key, an array index or a set member. */
  cur = obj;
  n = rt_array_len(key);
  for (uint32_t i = 0; i < n && cur; i++)
    cur = rt_get(cur, rt_array_at(key, i));
  return cur ? cur : dflt;
}

rt_value *bi_object_keys(rt_value *obj) {
  rt_value *out;
  rt_iter it;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("object.keys", 1, obj, "object");
  out = rt_set_new(rt_object_len(obj));
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it))
    rt_set_add(out, it.key);
  return out;
}

/* The keys named by an array (elements), set (members) or object (keys), as a set. */
static rt_value *key_set(const char *name, const rt_value *keys) {
  rt_value *out;
  rt_iter it;
  switch (rt_typeof(keys)) {
  case RT_SET:
    return (rt_value *)keys;
  case RT_ARRAY:
  case RT_OBJECT:
    out = rt_set_new(0);
    rt_iter_init(&it, keys);
    while (rt_iter_next(&it))
      rt_set_add(out, rt_is(keys, RT_ARRAY) ? it.val : it.key);
    return out;
  default:
    return bi_type_err(name, 2, keys, "one of {object, set, array}");
  }
}

rt_value *bi_object_remove(rt_value *obj, rt_value *keys) {
  rt_value *drop, *out;
  rt_iter it;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("object.remove", 1, obj, "object");
  if (!(drop = key_set("object.remove", keys))) return NULL;
  out = rt_object_new(rt_object_len(obj));
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it))
    if (!rt_set_has(drop, it.key)) rt_object_put(out, it.key, it.val);
  return out;
}

rt_value *bi_object_filter(rt_value *obj, rt_value *keys) {
  rt_value *keep, *out;
  rt_iter it;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("object.filter", 1, obj, "object");
  if (!(keep = key_set("object.filter", keys))) return NULL;
  out = rt_object_new(rt_set_len(keep));
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it))
    if (rt_set_has(keep, it.key)) rt_object_put(out, it.key, it.val);
  return out;
}

static bool subset(const rt_value *super, const rt_value *sub);

static bool object_subset(const rt_value *super, const rt_value *sub) {
  rt_iter it;
  rt_iter_init(&it, sub);
  while (rt_iter_next(&it)) {
    rt_value *sv = rt_object_get(super, it.key);
    if (!sv) return false;
    if (rt_equal(sv, it.val)) continue;
    if (rt_typeof(sv) != rt_typeof(it.val) || rt_is(sv, RT_NULL) || rt_typeof(sv) < RT_ARRAY)
      return false;
    if (!subset(sv, it.val)) return false;
  }
  return true;
}

static bool set_subset(const rt_value *super, const rt_value *sub) {
  rt_iter it;
  rt_iter_init(&it, sub);
  while (rt_iter_next(&it))
    if (!rt_set_has(super, it.key)) return false;
  return true;
}

/* The whole of sub appears, in order and contiguous, in super. */
static bool array_subset(const rt_value *super, const rt_value *sub) {
  uint32_t np = rt_array_len(super), nb = rt_array_len(sub), i = 0, j = 0;
  if (nb > np) return false;
  for (;;) {
    if (j == nb) return true;
    if (i + j == np) return false;
    if (rt_compare(rt_array_at(super, i + j), rt_array_at(sub, j)) == 0) {
      j++;
    } else {
      i++;
      j = 0;
    }
  }
}

/* Every member of sub occurs among super's elements (OPA's counting, duplicates and all). */
static bool array_set_subset(const rt_value *super, const rt_value *sub) {
  uint32_t unmatched = rt_set_len(sub), n = rt_array_len(super);
  for (uint32_t i = 0; i < n; i++) {
    if (rt_set_has(sub, rt_array_at(super, i))) unmatched--;
    if (unmatched == 0) return true;
  }
  return false;
}

/* Same-typed object, set or array pairs. */
static bool subset(const rt_value *super, const rt_value *sub) {
  switch (rt_typeof(super)) {
  case RT_OBJECT:
    return object_subset(super, sub);
  case RT_SET:
    return set_subset(super, sub);
  default:
    return array_subset(super, sub);
  }
}

rt_value *bi_object_subset(rt_value *super, rt_value *sub) {
  rt_type a = rt_typeof(super), b = rt_typeof(sub);
  if (a == b && (a == RT_OBJECT || a == RT_SET || a == RT_ARRAY))
    return RT_BOOL(subset(super, sub));
  if (a == RT_ARRAY && b == RT_SET) return RT_BOOL(array_set_subset(super, sub));
  return rt_builtin_fail(RT_ERR_TYPE, "object.subset",
                         "both arguments object.subset must be of the same type or array and set");
}
