/* bi_jsonpatch.c: json.patch, RFC 6902 as OPA implements it (topdown/json.go over
 * internal/edittree).
 *
 * Values are immutable, so each operation rebuilds the spine from the root to the place it
 * changes and shares everything else. The rules are the edit tree's:
 *   - a path is a JSON pointer string ("/a/b~1c": leading slashes dropped, ~1 is '/', ~0 is
 *     '~') or an array of segments used as they are; "" (or []) is the whole document;
 *   - objects are entered by key (values compared as Rego values), sets by member (a member
 *     edited in place is replaced by its new value), arrays by index: an integer number, or
 *     a string holding a decimal integer without leading zeros, or "-" (one past the end);
 *   - add inserts into arrays (index 0..len) and objects (replacing), and into sets only a
 *     value equal to the last segment; remove needs the target to exist; replace is remove
 *     then add; move and copy read "from" first; test compares with Rego equality.
 * Any failure, bad operation objects included, makes the call undefined without an error,
 * as OPA's builtin does; only a non-array operand 2 is a type error.
 */
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* A path operand as an array of segments, or NULL. */
static rt_value *patch_path(rt_value *p) {
  rt_value *out;
  if (rt_is(p, RT_ARRAY)) return p;
  if (!rt_is(p, RT_STRING)) return NULL;
  out = rt_array_new(4);
  if (N(p) == 0) return out;
  const char *s = S(p), *end = s + N(p);
  while (s < end && *s == '/')
    s++;
  for (;;) {
    const char *slash = memchr(s, '/', (size_t)(end - s)), *stop = slash ? slash : end;
    char *seg = rt_alloc((size_t)(stop - s) + 1);
    size_t k = 0;
    for (const char *q = s; q < stop; q++) {
      if (*q == '~' && q + 1 < stop && (q[1] == '1' || q[1] == '0')) {
        seg[k++] = q[1] == '1' ? '/' : '~';
        q++;
      } else {
        seg[k++] = *q;
      }
    }
    seg[k] = '\0';
    rt_array_push(out, rt_string_own(seg, k));
    if (!slash) break;
    s = slash + 1;
  }
  return out;
}

/* strconv.ParseInt(s, 10, 64) into a long. */
static bool parse_dec(const char *s, size_t n, int64_t *out) {
  size_t i = 0;
  bool neg = false;
  uint64_t v = 0;
  if (n && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == n) return false;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    if (v > (UINT64_MAX - 9) / 10) return false;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v > (uint64_t)INT64_MAX + (neg ? 1 : 0)) return false;
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return true;
}

/* The edit tree's toIndex: an array index from a path segment. */
static bool to_index(uint32_t len, const rt_value *key, int64_t *idx) {
  if (rt_is(key, RT_NUMBER)) {
    char buf[24];
    size_t n;
    const char *t = bi_num_text(key, buf, &n);
    return parse_dec(t, n, idx);
  }
  if (!rt_is(key, RT_STRING)) return false;
  if (N(key) == 1 && S(key)[0] == '-') {
    *idx = len;
    return true;
  }
  if (!parse_dec(S(key), N(key), idx)) return false;
  return !(N(key) > 1 && S(key)[0] == '0');
}

/* The child of v under key, or NULL. */
static rt_value *child(rt_value *v, rt_value *key) {
  int64_t i;
  switch (rt_typeof(v)) {
  case RT_OBJECT:
    return rt_object_get(v, key);
  case RT_SET:
    return rt_set_has(v, key) ? key : NULL;
  case RT_ARRAY:
    if (!to_index(rt_array_len(v), key, &i) || i < 0 || i >= rt_array_len(v)) return NULL;
    return rt_array_at(v, (uint32_t)i);
  default:
    return NULL;
  }
}

static rt_value *copy_object_without(rt_value *obj, rt_value *key) {
  rt_value *out = rt_object_new(rt_object_len(obj) + 1);
  rt_iter it;
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it))
    if (!key || !rt_equal(it.key, key)) rt_object_put(out, it.key, it.val);
  return out;
}

static rt_value *copy_set_without(rt_value *set, rt_value *member) {
  rt_value *out = rt_set_new(rt_set_len(set) + 1);
  rt_iter it;
  rt_iter_init(&it, set);
  while (rt_iter_next(&it))
    if (!member || !rt_equal(it.key, member)) rt_set_add(out, it.key);
  return out;
}

/* v with the child under key replaced by c (key known to exist). */
static rt_value *with_child(rt_value *v, rt_value *key, rt_value *c) {
  rt_value *out;
  int64_t idx;
  switch (rt_typeof(v)) {
  case RT_OBJECT:
    out = copy_object_without(v, key);
    rt_object_put(out, key, c);
    return out;
  case RT_SET:
    out = copy_set_without(v, key);
    rt_set_add(out, c);
    return out;
  default:
    to_index(rt_array_len(v), key, &idx);
    out = rt_array_new(rt_array_len(v));
    for (uint32_t i = 0; i < rt_array_len(v); i++)
      rt_array_push(out, i == idx ? c : rt_array_at(v, i));
    return out;
  }
}

static rt_value *insert_child(rt_value *v, rt_value *key, rt_value *val) {
  rt_value *out;
  int64_t idx;
  uint32_t n;
  switch (rt_typeof(v)) {
  case RT_OBJECT:
    out = copy_object_without(v, key);
    rt_object_put(out, key, val);
    return out;
  case RT_SET:
    if (!rt_equal(key, val)) return NULL;
    out = copy_set_without(v, NULL);
    rt_set_add(out, val);
    return out;
  case RT_ARRAY:
    n = rt_array_len(v);
    if (!to_index(n, key, &idx) || idx < 0 || idx > n) return NULL;
    out = rt_array_new(n + 1);
    for (uint32_t i = 0; i <= n; i++) {
      if (i == idx) rt_array_push(out, val);
      if (i < n) rt_array_push(out, rt_array_at(v, i));
    }
    return out;
  default:
    return NULL;
  }
}

static rt_value *delete_child(rt_value *v, rt_value *key) {
  rt_value *out;
  int64_t idx;
  uint32_t n;
  switch (rt_typeof(v)) {
  case RT_OBJECT:
    return rt_object_get(v, key) ? copy_object_without(v, key) : NULL;
  case RT_SET:
    return rt_set_has(v, key) ? copy_set_without(v, key) : NULL;
  case RT_ARRAY:
    n = rt_array_len(v);
    if (!to_index(n, key, &idx) || idx < 0 || idx >= n) return NULL;
    out = rt_array_new(n);
    for (uint32_t i = 0; i < n; i++)
      if (i != idx) rt_array_push(out, rt_array_at(v, i));
    return out;
  default:
    return NULL;
  }
}

/* The value at path[from..], or NULL. */
static rt_value *get_at(rt_value *v, rt_value *path, uint32_t from) {
  for (uint32_t i = from; v && i < rt_array_len(path); i++)
    v = child(v, rt_array_at(path, i));
  return v;
}

/* v with val inserted (insert) or the target removed (!insert) at path[d..]; NULL on error.
 * path has at least one segment left. */
static rt_value *edit(rt_value *v, rt_value *path, uint32_t d, bool insert, rt_value *val) {
  rt_value *key = rt_array_at(path, d), *c, *nc;
  if (d + 1 == rt_array_len(path)) return insert ? insert_child(v, key, val) : delete_child(v, key);
  if (!(c = child(v, key))) return NULL;
  if (!(nc = edit(c, path, d + 1, insert, val))) return NULL;
  return with_child(v, key, nc);
}

/* Applies one operation to *doc (NULL: the document was removed); false on any error. */
static bool apply(rt_value **doc, rt_value *op) {
  static const char *const ops[] = {"add", "remove", "replace", "move", "copy", "test", NULL};
  rt_value *name, *path, *from = NULL, *val = NULL, *cur = *doc;
  int k;
  if (!rt_is(op, RT_OBJECT)) return false;
  name = rt_object_get_str(op, "op", 2);
  if (!name || !rt_is(name, RT_STRING)) return false;
  for (k = 0; ops[k]; k++)
    if (strlen(ops[k]) == N(name) && memcmp(ops[k], S(name), N(name)) == 0) break;
  if (!ops[k] || !(path = rt_object_get_str(op, "path", 4))) return false;
  if (k == 3 || k == 4) {
    if (!(from = rt_object_get_str(op, "from", 4))) return false;
  }
  if (k == 0 || k == 2 || k == 5) {
    if (!(val = rt_object_get_str(op, "value", 5))) return false;
  }
  if (!(path = patch_path(path))) return false;
  if (from && !(from = patch_path(from))) return false;
  bool root = rt_array_len(path) == 0;
  if (k == 5) { /* test */
    rt_value *got = cur ? get_at(cur, path, 0) : NULL;
    return got && rt_equal(got, val);
  }
  if (k == 3 || k == 4) { /* move, copy: read from, then (move) remove it */
    if (!cur || !(val = get_at(cur, from, 0))) return false;
    if (k == 3) {
      if (rt_array_len(from) == 0)
        cur = NULL;
      else if (!(cur = edit(cur, from, 0, false, NULL)))
        return false;
    }
  }
  if (k == 1 || k == 2) { /* remove, replace: the target must exist */
    if (!cur) return false;
    if (root)
      cur = NULL;
    else if (!(cur = edit(cur, path, 0, false, NULL)))
      return false;
  }
  if (k != 1) { /* add, replace, move, copy: insert the value */
    if (root)
      cur = val;
    else if (!cur || !(cur = edit(cur, path, 0, true, val)))
      return false;
  }
  *doc = cur;
  return true;
}

rt_value *bi_json_patch(rt_value *doc, rt_value *ops) {
  if (!rt_is(ops, RT_ARRAY)) return bi_type_err("json.patch", 2, ops, "array");
  for (uint32_t i = 0; i < rt_array_len(ops); i++)
    if (!apply(&doc, rt_array_at(ops, i))) return NULL;
  return doc;
}
