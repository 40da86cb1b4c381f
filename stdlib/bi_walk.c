/* bi_walk.c: walk, OPA's relation builtin over a document's nodes.
 *
 * OPA's walk(x, [path, value]) yields one pair per node, the root first ([[], x]), then
 * each child before its own children: arrays by index, objects by key and sets by member in
 * Rego's sort order (OPA's ast.Object keeps keys sorted; sets iterate sorted), a set
 * member's path element being the member itself. A relation cannot be a C function that
 * yields, so bi_walk returns the whole relation as an array of [path, value] pairs in that
 * order; the compiler scans the array as it would the relation. Each path is its own array.
 */
#include "bi_util.h"

/* Appends the pairs of v (whose path is prefix[0..depth-1]) to out. */
static void walk(rt_value *out, rt_value *v, rt_value **prefix, uint32_t depth, uint32_t *cap) {
  rt_value *path = rt_array_new(depth), *pair = rt_array_new(2), *keys;
  for (uint32_t i = 0; i < depth; i++)
    rt_array_push(path, prefix[i]);
  rt_array_push(pair, path);
  rt_array_push(pair, v);
  rt_array_push(out, pair);
  if (!rt_is(v, RT_ARRAY) && !rt_is(v, RT_OBJECT) && !rt_is(v, RT_SET)) return;
  if (depth + 1 > *cap) return; /* the caller sized prefix for the deepest node */
  if (rt_is(v, RT_ARRAY)) {
    for (uint32_t i = 0; i < rt_array_len(v); i++) {
      prefix[depth] = rt_int(i);
      walk(out, rt_array_at(v, i), prefix, depth + 1, cap);
    }
    return;
  }
  keys = rt_sorted_keys(v);
  for (uint32_t i = 0; i < rt_array_len(keys); i++) {
    rt_value *k = rt_array_at(keys, i);
    prefix[depth] = k;
    walk(out, rt_is(v, RT_SET) ? k : rt_object_get(v, k), prefix, depth + 1, cap);
  }
}

/* Nodes and depth of v, to size the result and the path buffer. */
static void measure(const rt_value *v, uint32_t depth, uint64_t *nodes, uint32_t *maxdepth) {
  rt_iter it;
  (*nodes)++;
  if (depth > *maxdepth) *maxdepth = depth;
  rt_iter_init(&it, v);
  while (rt_iter_next(&it))
    measure(it.val, depth + 1, nodes, maxdepth);
}

rt_value *bi_walk(rt_value *x) {
  uint64_t nodes = 0;
  uint32_t maxdepth = 0, cap;
  rt_value *out, **prefix;
  measure(x, 0, &nodes, &maxdepth);
  if (nodes > UINT32_MAX)
    return rt_builtin_fail(RT_ERR_BUILTIN, "walk", "document too large to walk");
  out = rt_array_new((uint32_t)nodes);
  cap = maxdepth + 1;
  prefix = rt_alloc(cap * sizeof *prefix);
  walk(out, x, prefix, 0, &cap);
  return out;
}
