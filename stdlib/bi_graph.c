/* bi_graph.c: graph.reachable and graph.reachable_paths (topdown/reachable.go).
 *
 * A graph is an object from node to its neighbours, given as an array or a set (anything
 * else counts as no neighbours). reachable is a breadth-first search from the initial nodes
 * (an array or set); a node is reached only if the graph has an entry for it.
 * reachable_paths follows OPA's pathBuilder exactly: each path from an initial node ends
 * where the graph has no entry for the next node (which is then left out), where a node
 * has no neighbours, or where a neighbour is already on the path (a cycle; the path stops
 * before repeating it). Both return sets, so visiting order does not matter.
 */
#include "bi_util.h"

/* Neighbours of an edges value as an array (sets in sorted order); NULL for non-collections. */
static rt_value *vertices(rt_value *edges) {
  if (rt_is(edges, RT_ARRAY)) return edges;
  if (rt_is(edges, RT_SET)) return rt_sorted_keys(edges);
  return NULL;
}

static bool operands(const char *name, rt_value *g, rt_value *initial) {
  if (!rt_is(g, RT_OBJECT)) {
    bi_type_err(name, 1, g, "object");
    return false;
  }
  if (!rt_is(initial, RT_ARRAY) && !rt_is(initial, RT_SET)) {
    bi_type_err(name, 2, initial, "{array, set}");
    return false;
  }
  return true;
}

rt_value *bi_graph_reachable(rt_value *g, rt_value *initial) {
  rt_value *queue, *reached;
  if (!operands("graph.reachable", g, initial)) return NULL;
  queue = rt_array_new(8);
  reached = rt_set_new(8);
  rt_value *init = vertices(initial);
  for (uint32_t i = 0; i < rt_array_len(init); i++)
    rt_array_push(queue, rt_array_at(init, i));
  for (uint32_t head = 0; head < rt_array_len(queue); head++) {
    rt_value *node = rt_array_at(queue, head), *edges = rt_object_get(g, node), *nb;
    if (!edges) continue;
    if ((nb = vertices(edges)))
      for (uint32_t i = 0; i < rt_array_len(nb); i++)
        if (!rt_set_has(reached, rt_array_at(nb, i))) rt_array_push(queue, rt_array_at(nb, i));
    rt_set_add(reached, node);
  }
  return reached;
}

static rt_value *path_copy(rt_value **path, uint32_t n) {
  rt_value *a = rt_array_new(n);
  for (uint32_t i = 0; i < n; i++)
    rt_array_push(a, path[i]);
  return a;
}

/* OPA's pathBuilder; path[0..n-1] leads to root, on holds the nodes of the path. */
static void build(rt_value *g, rt_value *root, rt_value ***path, uint32_t n, uint32_t *cap,
                  rt_value *on, rt_value *out) {
  rt_value *edges = rt_object_get(g, root), *nb;
  if (!edges) {
    rt_set_add(out, path_copy(*path, n));
    return;
  }
  if (n + 1 > *cap) {
    rt_value **bigger = rt_alloc(*cap * 2 * sizeof *bigger);
    for (uint32_t i = 0; i < n; i++)
      bigger[i] = (*path)[i];
    *path = bigger;
    *cap *= 2;
  }
  (*path)[n++] = root;
  nb = vertices(edges);
  if (!nb || rt_array_len(nb) == 0) {
    rt_set_add(out, path_copy(*path, n));
    return;
  }
  bool added = !rt_set_has(on, root);
  if (added) rt_set_add(on, root);
  for (uint32_t i = 0; i < rt_array_len(nb); i++) {
    rt_value *next = rt_array_at(nb, i);
    if (rt_set_has(on, next))
      rt_set_add(out, path_copy(*path, n));
    else
      build(g, next, path, n, cap, on, out);
  }
  if (added) rt_set_remove(on, root);
}

rt_value *bi_graph_reachable_paths(rt_value *g, rt_value *initial) {
  rt_value *out, *init, **path, *on;
  uint32_t cap = 16;
  if (!operands("graph.reachable_paths", g, initial)) return NULL;
  out = rt_set_new(8);
  init = vertices(initial);
  path = rt_alloc(cap * sizeof *path);
  on = rt_set_new(8);
  for (uint32_t i = 0; i < rt_array_len(init); i++) {
    rt_value *node = rt_array_at(init, i), *edges = rt_object_get(g, node), *nb;
    if (!edges) continue;
    nb = vertices(edges);
    if (nb && rt_array_len(nb) >= 1) {
      for (uint32_t j = 0; j < rt_array_len(nb); j++) {
        path[0] = node;
        rt_set_add(on, node);
        build(g, rt_array_at(nb, j), &path, 1, &cap, on, out);
        rt_set_remove(on, node);
      }
    } else {
      rt_value *one = rt_array_new(1);
      rt_array_push(one, node);
      rt_set_add(out, one);
    }
  }
  return out;
}
