/* eval.c: the evaluation services generated code calls: memo epochs, `with` upserts, rule
 * objects built key path by key path, conflicts, and rt_eval, the one entry that runs a plan
 * with error unwinding.
 *
 * Errors unwind with longjmp to rt_eval, which is why nothing here or in generated code
 * holds a resource that needs releasing: all memory comes from the evaluation's arena.
 */
#include <setjmp.h>
#include <string.h>

#include "rt.h"
#include "rt_eval.h"

uint64_t rt_memo_epoch;
uint64_t rt_eval_serial;
rt_value *rt_mock[RT_MOCK_SLOTS];
static uint64_t memo_counter;

uint64_t rt_memo_next(void) {
  return ++memo_counter;
}

static rt_value *object_copy(const rt_value *obj) {
  rt_value *out = rt_object_new(rt_object_len(obj) + 1);
  rt_iter it;
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it)) rt_object_put(out, it.key, it.val);
  return out;
}

rt_value *rt_upsert(rt_value *root, rt_value **path, int n, rt_value *val) {
  if (n == 0) return val;
  bool is_obj = rt_is(root, RT_OBJECT);
  rt_value *out = is_obj ? object_copy(root) : rt_object_new(1);
  rt_value *child = is_obj ? rt_object_get(root, path[0]) : NULL;
  rt_object_put(out, path[0], rt_upsert(child, path + 1, n - 1, val));
  return out;
}

bool rt_insert_path_once(rt_value *obj, rt_value **keys, int n, rt_value *val, bool leaf_set) {
  for (int i = 0; i < n - 1; i++) {
    rt_value *child = rt_object_get(obj, keys[i]);
    if (!child) {
      child = rt_object_new(1);
      child->flags |= RT_F_OPEN;
      rt_object_put(obj, keys[i], child);
    } else if (!rt_is(child, RT_OBJECT) || !(child->flags & RT_F_OPEN)) {
      return false;
    }
    obj = child;
  }
  if (leaf_set) {
    rt_value *s = rt_object_get(obj, keys[n - 1]);
    if (!s) {
      s = rt_set_new(1);
      s->flags |= RT_F_OPEN;
      rt_object_put(obj, keys[n - 1], s);
    } else if (!rt_is(s, RT_SET) || !(s->flags & RT_F_OPEN)) {
      return false;
    }
    rt_set_add(s, val);
    return true;
  }
  return rt_object_put_once(obj, keys[n - 1], val);
}

/* The combination of two values under one key, or NULL when they conflict. */
static rt_value *combine(rt_value *cur, rt_value *val) {
  if (rt_equal(cur, val)) return cur;
  /* only what rules build key by key (open) takes more: a rule's complete value does not */
  if (!(cur->flags & RT_F_OPEN)) return NULL;
  if (rt_is(cur, RT_SET) && rt_is(val, RT_SET)) {
    rt_value *u = rt_set_new(rt_set_len(cur) + rt_set_len(val));
    u->flags |= RT_F_OPEN;
    rt_iter it;
    rt_iter_init(&it, cur);
    while (rt_iter_next(&it)) rt_set_add(u, it.key);
    rt_iter_init(&it, val);
    while (rt_iter_next(&it)) rt_set_add(u, it.key);
    return u;
  }
  if (rt_is(cur, RT_OBJECT) && rt_is(val, RT_OBJECT)) {
    rt_value *m = rt_object_new(rt_object_len(cur) + rt_object_len(val));
    m->flags |= RT_F_OPEN;
    rt_iter it;
    rt_iter_init(&it, cur);
    while (rt_iter_next(&it)) rt_object_put(m, it.key, it.val);
    rt_iter_init(&it, val);
    while (rt_iter_next(&it)) {
      rt_value *old = rt_object_get(m, it.key);
      rt_value *c = old ? combine(old, it.val) : it.val;
      if (!c) return NULL;
      rt_object_put(m, it.key, c);
    }
    return m;
  }
  return NULL;
}

bool rt_object_insert_merge(rt_value *obj, rt_value *key, rt_value *val) {
  rt_value *cur = rt_object_get(obj, key);
  if (!cur) {
    rt_object_put(obj, key, val);
    return true;
  }
  rt_value *c = combine(cur, val);
  if (!c) return false;
  rt_object_put(obj, key, c);
  return true;
}

rt_value *rt_merge_base(rt_value *base, rt_value *virt) {
  if (!rt_is(base, RT_OBJECT) || !rt_is(virt, RT_OBJECT)) return base;
  rt_value *out = rt_object_new(rt_object_len(base) + rt_object_len(virt));
  rt_iter it;
  rt_iter_init(&it, virt);
  while (rt_iter_next(&it)) {
    rt_value *b = rt_object_get(base, it.key);
    rt_object_put(out, it.key, b ? rt_merge_base(b, it.val) : it.val);
  }
  rt_iter_init(&it, base);
  while (rt_iter_next(&it))
    if (!rt_object_get(out, it.key)) rt_object_put(out, it.key, it.val);
  return out;
}

rt_value *rt_get_data(const rt_value *obj, const rt_value *key) {
  rt_value *v = rt_get(obj, key);
  if (v || !rt_is(obj, RT_OBJECT) || !rt_is(key, RT_NUMBER)) return v;
  size_t n;
  const char *text = rt_num_str(key, &n);
  return rt_object_get_str(obj, text, n);
}

_Noreturn void rt_conflict(const rt_loc *loc, const char *msg) {
  rt_cur_loc = loc;
  rt_fatal(RT_ERR_CONFLICT, "%s", msg);
}

void rt_eval(const rt_checker *c, int entry, rt_value *input, rt_value *data, rt_result *out) {
  /* only the flags need clearing: the error text is written only when an error happens */
  rt_eval_state st;
  st.strict = c->strict;
  st.has_error = false;
  jmp_buf jb;
  st.jmp = &jb;
  rt_eval_state *outer = rt_state;
  rt_state = &st;
  rt_cur_loc = NULL;
  rt_memo_epoch = rt_memo_next();
  rt_eval_serial++;
  out->failed = false;
  out->results = rt_array_new(1);
  if (setjmp(jb) == 0) c->entries[entry].fn(input, data, out->results);
  if (st.has_error) {
    out->failed = true;
    out->error = st.error;
  }
  /* memoised values belong to this evaluation only */
  rt_memo_epoch = rt_memo_next();
  rt_state = outer;
}
