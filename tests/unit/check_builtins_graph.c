/* check_builtins_graph.c: unit tests of stdlib/bi_walk.c and bi_graph.c: walk's pairs and
 * their order (sorted keys and members, root first), graph.reachable's search and
 * graph.reachable_paths' path rules (missing nodes, no-neighbour nodes, cycles, self loops).
 */
#include "bi_check.h"

START_TEST(test_walk) {
  ASSERT_REGO(bi_walk(J("1")), "[[[], 1]]");
  ASSERT_REGO(bi_walk(J("[]")), "[[[], []]]");
  rt_value *doc = rt_object_new(2);
  rt_object_put(doc, STR("b"), J("[1, [2]]"));
  rt_object_put(doc, STR("a"), SET("[3, \"x\"]"));
  ASSERT_REGO(
      bi_walk(doc),
      "[[[], {\"a\": {3, \"x\"}, \"b\": [1, [2]]}], [[\"a\"], {3, \"x\"}], [[\"a\", 3], 3], "
      "[[\"a\", \"x\"], \"x\"], [[\"b\"], [1, [2]]], [[\"b\", 0], 1], [[\"b\", 1], [2]], "
      "[[\"b\", 1, 0], 2]]");
  rt_value *keys = rt_object_new(2);
  rt_object_put(keys, J("2"), STR("two"));
  rt_object_put(keys, J("[1]"), STR("arr"));
  ASSERT_REGO(bi_walk(keys),
              "[[[], {2: \"two\", [1]: \"arr\"}], [[2], \"two\"], [[[1]], \"arr\"]]");
}
END_TEST

START_TEST(test_reachable) {
  rt_value *g = J("{\"a\": [\"b\"], \"b\": [\"c\", \"zz\"], \"c\": [\"a\"], \"d\": [\"e\"], "
                  "\"n\": null}");
  ASSERT_REGO(bi_graph_reachable(g, J("[\"a\"]")), "{\"a\", \"b\", \"c\"}");
  ASSERT_REGO(bi_graph_reachable(g, SET("[\"d\", \"n\"]")), "{\"d\", \"n\"}");
  ASSERT_REGO(bi_graph_reachable(g, J("[\"missing\"]")), "set()");
  ASSERT_REGO(bi_graph_reachable(J("{}"), J("[]")), "set()");
  rt_value *sets = rt_object_new(2);
  rt_object_put(sets, STR("a"), SET("[\"b\"]"));
  rt_object_put(sets, STR("b"), SET("[]"));
  ASSERT_REGO(bi_graph_reachable(sets, SET("[\"a\"]")), "{\"a\", \"b\"}");
  ASSERT_TYPE_ERR(bi_graph_reachable(J("[]"), J("[]")),
                  "graph.reachable: operand 1 must be object but got array");
  ASSERT_TYPE_ERR(bi_graph_reachable(g, STR("a")),
                  "graph.reachable: operand 2 must be {array, set} but got string");
}
END_TEST

START_TEST(test_reachable_paths) {
  rt_value *g = J("{\"a\": [\"b\", \"c\"], \"b\": [\"c\"], \"c\": []}");
  ASSERT_REGO(bi_graph_reachable_paths(g, J("[\"a\"]")), "{[\"a\", \"b\", \"c\"], [\"a\", \"c\"]}");
  ASSERT_REGO(
      bi_graph_reachable_paths(J("{\"a\": [\"b\"], \"b\": [\"c\"], \"c\": [\"a\"]}"), J("[\"a\"]")),
      "{[\"a\", \"b\", \"c\"]}");
  /* the next node has no entry: the path ends before it */
  ASSERT_REGO(bi_graph_reachable_paths(J("{\"a\": [\"b\"]}"), J("[\"a\"]")), "{[\"a\"]}");
  ASSERT_REGO(bi_graph_reachable_paths(J("{\"a\": null}"), J("[\"a\"]")), "{[\"a\"]}");
  ASSERT_REGO(bi_graph_reachable_paths(J("{\"x\": [\"x\"]}"), J("[\"x\"]")), "{[\"x\", \"x\"]}");
  ASSERT_REGO(bi_graph_reachable_paths(J("{}"), J("[\"a\"]")), "set()");
  ASSERT_REGO(
      bi_graph_reachable_paths(J("{\"1\": [], \"2\": [\"1\"], \"3\": [\"2\"], \"4\": [\"3\", "
                                 "\"2\"], \"5\": [\"4\"]}"),
                               J("[\"5\"]")),
      "{[\"5\", \"4\", \"2\", \"1\"], [\"5\", \"4\", \"3\", \"2\", \"1\"]}");
  ASSERT_TYPE_ERR(bi_graph_reachable_paths(J("1"), J("[1]")),
                  "graph.reachable_paths: operand 1 must be object but got number");
  ASSERT_TYPE_ERR(bi_graph_reachable_paths(J("{}"), J("{}")),
                  "graph.reachable_paths: operand 2 must be {array, set} but got object");
}
END_TEST

BI_SUITE_MAIN("builtins_graph", test_walk, test_reachable, test_reachable_paths)
