/* check_builtins_json.c: unit tests of stdlib/bi_json.c, bi_yaml.c and bi_jsonpatch.c:
 * encoding/json's escaping and indentation, its decoder's verdicts and messages, go-yaml v2's
 * output (quoting, literal blocks, key order, number forms, folding), and json.filter,
 * json.remove and json.patch on objects, arrays and sets, including their failure paths.
 */
#include "bi_check.h"

/* ---- json.marshal / json.marshal_with_options ------------------------------------------------ */

START_TEST(test_json_marshal) {
  ASSERT_TXT(bi_json_marshal(J("{\"b\": [1, {\"c\": null}], \"a\": true}")),
             "{\"a\":true,\"b\":[1,{\"c\":null}]}");
  ASSERT_TXT(bi_json_marshal(SET("[3, 1, 2]")), "[1,2,3]");
  ASSERT_TXT(bi_json_marshal(STR("<a&b>")), "\"\\u003ca\\u0026b\\u003e\"");
  ASSERT_TXT(bi_json_marshal(rt_string_n("\xff", 1)), "\"\\ufffd\"");
  ASSERT_TXT(bi_json_marshal(STR("")), "\"\"");
  ASSERT_TXT(bi_json_marshal(J("[]")), "[]");
}
END_TEST

START_TEST(test_json_marshal_with_options) {
  rt_value *doc = J("{\"a\": [1, 2], \"b\": {}, \"c\": []}");
  ASSERT_TXT(bi_json_marshal_with_options(doc, J("{}")), "{\"a\":[1,2],\"b\":{},\"c\":[]}");
  ASSERT_TXT(bi_json_marshal_with_options(doc, J("{\"indent\": \"  \"}")),
             "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}");
  ASSERT_TXT(bi_json_marshal_with_options(J("[1]"), J("{\"prefix\": \"> \"}")), "> [\n> \t1\n> ]");
  ASSERT_TXT(bi_json_marshal_with_options(J("[1]"), J("{\"pretty\": true}")), "[\n\t1\n]");
  ASSERT_TXT(bi_json_marshal_with_options(J("[1]"), J("{\"pretty\": false, \"indent\": \"x\"}")),
             "[1]");
  ASSERT_TXT(bi_json_marshal_with_options(J("\"a:b,c\""), J("{\"pretty\": true}")), "\"a:b,c\"");
  ASSERT_TXT(bi_json_marshal_with_options(J("{\"k\": \"{[,:]}\"}"), J("{\"indent\": \" \"}")),
             "{\n \"k\": \"{[,:]}\"\n}");
  ASSERT_TYPE_ERR(bi_json_marshal_with_options(J("[]"), J("{\"pretty\": 1}")),
                  "json.marshal_with_options: operand 2 key \"pretty\" failed cast to bool");
  ASSERT_TYPE_ERR(bi_json_marshal_with_options(J("[]"), J("{\"indent\": \"\", \"prefix\": 1}")),
                  "json.marshal_with_options: operand 2 key \"prefix\" failed cast to string: "
                  "operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_json_marshal_with_options(J("[]"), J("{\"aaa\": 1, \"indent\": 2}")),
                  "json.marshal_with_options: operand 2 object contained unknown key \"aaa\"");
  rt_value *opts = rt_object_new(1);
  rt_object_put(opts, J("7"), STR("x"));
  ASSERT_TYPE_ERR(bi_json_marshal_with_options(J("[]"), opts),
                  "json.marshal_with_options: operand 2 failed to stringify key 7 at index 0: "
                  "operand 0 must be string but got number");
  ASSERT_TYPE_ERR(bi_json_marshal_with_options(J("[]"), J("[]")),
                  "json.marshal_with_options: operand 2 must be object but got array");
}
END_TEST

/* ---- json.unmarshal / json.is_valid -----------------------------------------------------------
 */

START_TEST(test_json_unmarshal) {
  ASSERT_REGO(bi_json_unmarshal(STR(" {\"a\": [1, 2.50, \"x\"]} ")), "{\"a\": [1, 2.50, \"x\"]}");
  ASSERT_REGO(bi_json_unmarshal(STR("12345678901234567890123")), "12345678901234567890123");
  ASSERT_REGO(bi_json_unmarshal(STR("\"\\u00e9\\ud83d\\ude00\"")), "\"\xc3\xa9\xf0\x9f\x98\x80\"");
  ASSERT_REGO(bi_json_unmarshal(rt_string_n("\"\xff\"", 3)), "\"\xef\xbf\xbd\"");
  ASSERT_REGO(bi_json_unmarshal(STR("1 null")), "1"); /* Token() takes null for the end */
  ASSERT_BI_ERR(bi_json_unmarshal(STR("")), "json.unmarshal: EOF");
  ASSERT_BI_ERR(bi_json_unmarshal(STR(" \n")), "json.unmarshal: EOF");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("[1, 2")), "json.unmarshal: unexpected EOF");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("\"abc")), "json.unmarshal: unexpected EOF");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("[1 2]")),
                "json.unmarshal: invalid character '2' after array element");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("{1: 2}")),
                "json.unmarshal: invalid character '1' looking for beginning of object key string");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("{\"a\" 2}")),
                "json.unmarshal: invalid character '2' after object key");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("{\"a\": 2 \"b\"}")),
                "json.unmarshal: invalid character '\"' after object key:value pair");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("nul")), "json.unmarshal: unexpected EOF");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("nulx")),
                "json.unmarshal: invalid character 'x' in literal null (expecting 'l')");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("-x")),
                "json.unmarshal: invalid character 'x' in numeric literal");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1.e5")),
                "json.unmarshal: invalid character 'e' after decimal point in numeric literal");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1e+")), "json.unmarshal: unexpected EOF");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("\"\\x\"")),
                "json.unmarshal: invalid character 'x' in string escape code");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("\"\\u12g4\"")),
                "json.unmarshal: invalid character 'g' in \\u hexadecimal character escape");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("\"a\tb\"")),
                "json.unmarshal: invalid character '\\t' in string literal");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("'a'")),
                "json.unmarshal: invalid character '\\'' looking for beginning of value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1 2")),
                "json.unmarshal: error: invalid character '2' after top-level value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("{} [")),
                "json.unmarshal: error: invalid character '[' after top-level value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1 \"x\\ny\"")),
                "json.unmarshal: error: invalid character 'x\ny' after top-level value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1 true")),
                "json.unmarshal: error: invalid character 'true' after top-level value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("[] ]")),
                "json.unmarshal: invalid character ']' looking for beginning of value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1 x")),
                "json.unmarshal: invalid character 'x' looking for beginning of value");
  ASSERT_BI_ERR(bi_json_unmarshal(STR("1 [")),
                "json.unmarshal: error: invalid character '[' after top-level value");
  ASSERT_TYPE_ERR(bi_json_unmarshal(J("1")),
                  "json.unmarshal: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_json_is_valid) {
  ck_assert(bi_json_is_valid(STR("{\"a\": [1, -0.5e-3, true, null]}")) == RT_TRUE);
  ck_assert(bi_json_is_valid(STR(" 1 ")) == RT_TRUE);
  ck_assert(bi_json_is_valid(rt_string_n("\"\xff\"", 3)) == RT_TRUE); /* as json.Valid */
  ck_assert(bi_json_is_valid(STR("")) == RT_FALSE);
  ck_assert(bi_json_is_valid(STR("1 null")) == RT_FALSE);
  ck_assert(bi_json_is_valid(STR("[1,]")) == RT_FALSE);
  ck_assert(bi_json_is_valid(STR("01")) == RT_FALSE);
  ck_assert(bi_json_is_valid(STR("{'a': 1}")) == RT_FALSE);
  ck_assert(bi_json_is_valid(J("[]")) == RT_FALSE);
  ck_assert(!bi_st.has_error);
}
END_TEST

/* ---- yaml ---------------------------------------------------------------------------------- */

START_TEST(test_yaml_marshal_structure) {
  ASSERT_TXT(bi_yaml_marshal(J("{\"a\": 1}")), "a: 1\n");
  ASSERT_TXT(bi_yaml_marshal(J("{\"a\": {\"b\": {\"c\": [1, 2]}}}")),
             "a:\n  b:\n    c:\n    - 1\n    - 2\n");
  ASSERT_TXT(bi_yaml_marshal(J("[{\"a\": 1, \"b\": [true]}, [null, []]]")),
             "- a: 1\n  b:\n  - true\n- - null\n  - []\n");
  ASSERT_TXT(bi_yaml_marshal(J("{\"e\": {}, \"f\": []}")), "e: {}\nf: []\n");
  ASSERT_TXT(bi_yaml_marshal(J("[]")), "[]\n");
  ASSERT_TXT(bi_yaml_marshal(J("{}")), "{}\n");
  ASSERT_TXT(bi_yaml_marshal(J("null")), "null\n");
  ASSERT_TXT(bi_yaml_marshal(SET("[2, 1]")), "- 1\n- 2\n");
  /* keys: go-yaml's natural order, digits before letters */
  ASSERT_TXT(bi_yaml_marshal(J("{\"b\": 1, \"a\": 2, \"10\": 3, \"9\": 4, \"a10\": 5, \"a9\": 6}")),
             "\"9\": 4\n\"10\": 3\na: 2\na9: 6\na10: 5\nb: 1\n");
  rt_value *obj = rt_object_new(1);
  rt_object_put(obj, J("1"), STR("one"));
  ASSERT_TXT(bi_yaml_marshal(obj), "\"1\": one\n");
  char key[131];
  memset(key, 'k', 130);
  key[130] = '\0';
  obj = rt_object_new(1);
  rt_object_put(obj, STR(key), J("1"));
  char want[140];
  snprintf(want, sizeof want, "? %s\n: 1\n", key);
  ASSERT_TXT(bi_yaml_marshal(obj), want);
}
END_TEST

START_TEST(test_yaml_marshal_scalars) {
  ASSERT_TXT(bi_yaml_marshal(STR("plain text")), "plain text\n");
  ASSERT_TXT(bi_yaml_marshal(STR("")), "\"\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("true")), "\"true\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("Off")), "\"Off\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("~")), "\"~\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("1.5")), "\"1.5\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("0x1F")), "\"0x1F\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("1_000")), "\"1_000\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR(".inf")), "\".inf\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("1:20")), "\"1:20\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("2006-01-02")), "\"2006-01-02\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("2006-01-02T15:04:05Z")), "\"2006-01-02T15:04:05Z\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("2006-02-30")), "2006-02-30\n"); /* not a date */
  ASSERT_TXT(bi_yaml_marshal(STR("1e400")), "1e400\n"); /* overflows float64: stays a string */
  ASSERT_TXT(bi_yaml_marshal(STR("<<")), "<<\n");
  ASSERT_TXT(bi_yaml_marshal(STR("key: value")), "'key: value'\n");
  ASSERT_TXT(bi_yaml_marshal(STR("- item")), "'- item'\n");
  ASSERT_TXT(bi_yaml_marshal(STR("-")), "'-'\n");
  ASSERT_TXT(bi_yaml_marshal(STR("#x")), "'#x'\n");
  ASSERT_TXT(bi_yaml_marshal(STR("a #b")), "'a #b'\n");
  ASSERT_TXT(bi_yaml_marshal(STR("a#b")), "a#b\n");
  ASSERT_TXT(bi_yaml_marshal(STR(" lead")), "' lead'\n");
  ASSERT_TXT(bi_yaml_marshal(STR("it's")), "it's\n");
  ASSERT_TXT(bi_yaml_marshal(STR("'q'")), "'''q'''\n");
  ASSERT_TXT(bi_yaml_marshal(STR("tab\there")), "\"tab\\there\"\n");
  ASSERT_TXT(bi_yaml_marshal(STR("h\xc3\xa9llo")), "h\xc3\xa9llo\n");
  ASSERT_TXT(bi_yaml_marshal(STR("\xf0\x9f\x98\x80")), "\"\\U0001F600\"\n");
  ASSERT_TXT(bi_yaml_marshal(rt_string_n("a\xff", 2)), "a\xef\xbf\xbd\n");
  ASSERT_TXT(bi_yaml_marshal(STR("two\nlines")), "|-\n  two\n  lines\n");
  ASSERT_TXT(bi_yaml_marshal(J("{\"k\": \"x\\n\"}")), "k: |\n  x\n");
  ASSERT_TXT(bi_yaml_marshal(J("{\"k\": \"x\\n\\n\"}")), "k: |+\n  x\n\n");
  ASSERT_TXT(bi_yaml_marshal(J("[\" x\\ny\"]")), "- |2-\n   x\n  y\n");
  ASSERT_TXT(bi_yaml_marshal(J("[\"x \\ny\"]")), "- \"x \\ny\"\n");
}
END_TEST

START_TEST(test_yaml_marshal_numbers) {
  ASSERT_TXT(bi_yaml_marshal(J("[1, -0, 1.0, 1.5, 100000, 1e6, 1e21, 0.0001, 0.00001]")),
             "- 1\n- 0\n- 1\n- 1.5\n- 100000\n- 1e+06\n- 1e+21\n- 0.0001\n- 1e-05\n");
  ASSERT_TXT(bi_yaml_marshal(J("[12345678901234567890, 123456789012345678901234, 1e400]")),
             "- 12345678901234567890\n- 1.2345678901234569e+23\n- 1e400\n");
  ASSERT_TXT(bi_yaml_marshal(J("[1234567.5, -2.5e-7, 9007199254740993]")),
             "- 1.2345675e+06\n- -2.5e-07\n- 9007199254740993\n");
}
END_TEST

START_TEST(test_yaml_marshal_folding) {
  const char *words = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn "
                      "oooo pppp qqqq rrrr";
  rt_value *obj = rt_object_new(1);
  rt_object_put(obj, STR("text"), STR(words));
  ASSERT_TXT(bi_yaml_marshal(obj), "text: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk "
                                   "llll mmmm nnnn oooo pppp\n  qqqq rrrr\n");
  obj = rt_object_new(1);
  rt_object_put(obj, STR("t"),
                STR("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll "
                    "mmmm nnnn oooo: pppp qqqq"));
  ASSERT_TXT(bi_yaml_marshal(obj),
             "t: 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll "
             "mmmm nnnn oooo: pppp\n  qqqq'\n");
}
END_TEST

START_TEST(test_yaml_unmarshal) {
  ASSERT_REGO(bi_yaml_unmarshal(STR("a: 1\nb: [x, yes]\n")), "{\"a\": 1, \"b\": [\"x\", true]}");
  ASSERT_REGO(bi_yaml_unmarshal(STR("- a\n- b\n")), "[\"a\", \"b\"]");
  ASSERT_REGO(bi_yaml_unmarshal(STR("")), "null");
  ASSERT_REGO(bi_yaml_unmarshal(STR("a: 1\n---\nb: 2\n")), "{\"a\": 1}");
  ASSERT_BI_ERR(bi_yaml_unmarshal(STR("[1,2,3")),
                "yaml.unmarshal: error converting YAML to JSON: yaml: line 1: did not find "
                "expected ',' or ']'");
  ASSERT_BI_ERR(bi_yaml_unmarshal(STR("a: b: c")),
                "yaml.unmarshal: error converting YAML to JSON: yaml: mapping values are not "
                "allowed in this context");
  ASSERT_BI_ERR(bi_yaml_unmarshal(STR("a:\n\t- b")),
                "yaml.unmarshal: error converting YAML to JSON: yaml: line 2: found character "
                "that cannot start any token");
  ASSERT_TYPE_ERR(bi_yaml_unmarshal(J("[]")),
                  "yaml.unmarshal: operand 1 must be string but got array");
  ck_assert(bi_yaml_is_valid(STR("a: [1, 2]")) == RT_TRUE);
  ck_assert(bi_yaml_is_valid(STR("a: [1, 2")) == RT_FALSE);
  ck_assert(bi_yaml_is_valid(J("1")) == RT_FALSE);
  ck_assert(!bi_st.has_error);
}
END_TEST

/* ---- json.filter / json.remove ----------------------------------------------------------------
 */

START_TEST(test_json_filter) {
  rt_value *doc = J("{\"a\": {\"b\": [{\"c\": 1, \"d\": 2}, {\"e\": 3}]}, \"f~/g\": 4, \"h\": 5}");
  ASSERT_REGO(bi_json_filter(doc, SET("[\"a/b/0/c\", \"f~0~1g\"]")),
              "{\"a\": {\"b\": [{\"c\": 1}]}, \"f~/g\": 4}");
  ASSERT_REGO(bi_json_filter(doc, J("[[\"a\", \"b\", \"1\"], \"//h\"]")),
              "{\"a\": {\"b\": [{\"e\": 3}]}, \"h\": 5}");
  /* array indexes given as numbers match nothing, as in OPA */
  ASSERT_REGO(bi_json_filter(doc, J("[[\"a\", \"b\", 0]]")), "{\"a\": {\"b\": []}}");
  ASSERT_REGO(bi_json_filter(doc, J("[\"a\", \"a/b\"]")),
              "{\"a\": {\"b\": [{\"c\": 1, \"d\": 2}, {\"e\": 3}]}}");
  ASSERT_REGO(bi_json_filter(doc, J("[\"\"]")), "{}");
  ASSERT_REGO(bi_json_filter(J("{\"s\": [1]}"), J("[\"s/0\"]")), "{\"s\": [1]}");
  rt_value *withset = rt_object_new(1);
  rt_object_put(withset, STR("s"), SET("[\"x\", \"y\"]"));
  ASSERT_REGO(bi_json_filter(withset, J("[\"s/x\"]")), "{\"s\": {\"x\"}}");
  ASSERT_TYPE_ERR(bi_json_filter(J("[]"), J("[]")),
                  "json.filter: operand 1 must be object but got array");
  ASSERT_TYPE_ERR(bi_json_filter(doc, STR("a")),
                  "json.filter: operand 2 must be one of {set, array} but got string");
  ASSERT_TYPE_ERR(bi_json_filter(doc, J("[{}]")),
                  "json.filter: operand 2 must be one of {set, array} containing string paths or "
                  "array of path segments but got object");
}
END_TEST

START_TEST(test_json_remove) {
  rt_value *doc = J("{\"a\": {\"b\": [{\"c\": 1, \"d\": 2}, {\"e\": 3}]}, \"h\": 5}");
  ASSERT_REGO(bi_json_remove(doc, J("[\"a/b/0/c\", \"h\"]")),
              "{\"a\": {\"b\": [{\"d\": 2}, {\"e\": 3}]}}");
  ASSERT_REGO(bi_json_remove(doc, J("[\"a/b/1\"]")),
              "{\"a\": {\"b\": [{\"c\": 1, \"d\": 2}]}, \"h\": 5}");
  ASSERT_REGO(bi_json_remove(doc, J("[\"x/y\", \"a/b/9\"]")), REGO(doc));
  ASSERT_REGO(bi_json_remove(doc, J("[]")), REGO(doc));
  rt_value *withset = rt_object_new(1);
  rt_object_put(withset, STR("s"), SET("[\"x\", \"y\"]"));
  ASSERT_REGO(bi_json_remove(withset, SET("[\"s/x\"]")), "{\"s\": {\"y\"}}");
  ASSERT_TYPE_ERR(bi_json_remove(J("1"), J("[]")),
                  "json.remove: operand 1 must be object but got number");
  ASSERT_TYPE_ERR(bi_json_remove(doc, J("[1]")),
                  "json.remove: operand 2 must be one of {set, array} containing string paths or "
                  "array of path segments but got number");
}
END_TEST

/* ---- json.patch ---------------------------------------------------------------------------------
 */

static rt_value *patch(const char *doc, const char *ops) {
  return bi_json_patch(J(doc), J(ops));
}

START_TEST(test_json_patch) {
  ASSERT_REGO(patch("{\"a\": [1, 2]}", "[{\"op\": \"add\", \"path\": \"/a/-\", \"value\": 3}]"),
              "{\"a\": [1, 2, 3]}");
  ASSERT_REGO(patch("{\"a\": [1, 2]}", "[{\"op\": \"add\", \"path\": \"/a/0\", \"value\": 0}]"),
              "{\"a\": [0, 1, 2]}");
  ASSERT_REGO(patch("{\"a\": [1, 2]}", "[{\"op\": \"add\", \"path\": [\"a\", 2], \"value\": 3}]"),
              "{\"a\": [1, 2, 3]}");
  ASSERT_REGO(patch("{\"a\": [1, 2]}", "[{\"op\": \"remove\", \"path\": \"/a/0\"}]"),
              "{\"a\": [2]}");
  ASSERT_REGO(patch("{\"a\": 1}", "[{\"op\": \"replace\", \"path\": \"/a\", \"value\": [9]}]"),
              "{\"a\": [9]}");
  ASSERT_REGO(patch("{\"a\": {\"b\": 1}, \"c\": {}}",
                    "[{\"op\": \"move\", \"from\": \"/a/b\", \"path\": \"/c/d\"}]"),
              "{\"a\": {}, \"c\": {\"d\": 1}}");
  ASSERT_REGO(
      patch("{\"a\": {\"b\": 1}}", "[{\"op\": \"copy\", \"from\": \"/a\", \"path\": \"/z\"}]"),
      "{\"a\": {\"b\": 1}, \"z\": {\"b\": 1}}");
  ASSERT_REGO(patch("{\"a\": 1.0}", "[{\"op\": \"test\", \"path\": \"/a\", \"value\": 1}]"),
              "{\"a\": 1.0}");
  ASSERT_REGO(patch("{\"a\": 1}", "[{\"op\": \"add\", \"path\": \"\", \"value\": [1]}]"), "[1]");
  ASSERT_REGO(patch("{\"a\": 1}", "[{\"op\": \"remove\", \"path\": \"\"}, {\"op\": \"add\", "
                                  "\"path\": \"\", \"value\": 2}]"),
              "2");
  ASSERT_REGO(patch("[]", "[]"), "[]");
  ASSERT_REGO(patch("5", "[]"), "5");
  /* failures are undefined, with no error */
  ck_assert(patch("{\"a\": [1]}", "[{\"op\": \"add\", \"path\": \"/a/2\", \"value\": 3}]") == NULL);
  ck_assert(patch("{\"a\": [1]}", "[{\"op\": \"add\", \"path\": \"/a/01\", \"value\": 3}]") ==
            NULL);
  ck_assert(patch("{\"a\": [1]}", "[{\"op\": \"remove\", \"path\": \"/a/-\"}]") == NULL);
  ck_assert(patch("{\"a\": [1]}", "[{\"op\": \"remove\", \"path\": \"/a/-1\"}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"remove\", \"path\": \"/b\"}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": 1}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"test\", \"path\": \"/a\", \"value\": \"1\"}]") ==
            NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"jump\", \"path\": \"/a\"}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": 1, \"path\": \"/a\"}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"add\", \"path\": \"/b\"}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"move\", \"path\": \"/b\"}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[{\"op\": \"add\", \"path\": 1, \"value\": 1}]") == NULL);
  ck_assert(patch("{\"a\": 1}", "[1]") == NULL);
  ck_assert(patch("{\"a\": {\"b\": 1}}",
                  "[{\"op\": \"move\", \"from\": \"/a\", \"path\": \"/a/c\"}]") == NULL);
  ck_assert(!bi_st.has_error);
  ASSERT_TYPE_ERR(patch("{}", "{}"), "json.patch: operand 2 must be array but got object");
}
END_TEST

START_TEST(test_json_patch_sets) {
  rt_value *doc = rt_object_new(1), *ops;
  rt_object_put(doc, STR("s"), SET("[\"a\", \"b\"]"));
  ops = J("[{\"op\": \"add\", \"path\": \"/s/c\", \"value\": \"c\"}, {\"op\": \"remove\", "
          "\"path\": \"/s/a\"}]");
  ASSERT_REGO(bi_json_patch(doc, ops), "{\"s\": {\"b\", \"c\"}}");
  ck_assert(bi_json_patch(doc, J("[{\"op\": \"add\", \"path\": \"/s/c\", \"value\": \"d\"}]")) ==
            NULL);
  ck_assert(bi_json_patch(doc, J("[{\"op\": \"remove\", \"path\": \"/s/z\"}]")) == NULL);
  /* a member edited in place is replaced by the edited value */
  rt_value *set = SET("[[1], \"a\"]");
  ASSERT_REGO(bi_json_patch(set, J("[{\"op\": \"add\", \"path\": [[1], 1], \"value\": 2}]")),
              "{\"a\", [1, 2]}");
}
END_TEST

BI_SUITE_MAIN("builtins_json", test_json_marshal, test_json_marshal_with_options,
              test_json_unmarshal, test_json_is_valid, test_yaml_marshal_structure,
              test_yaml_marshal_scalars, test_yaml_marshal_numbers, test_yaml_marshal_folding,
              test_yaml_unmarshal, test_json_filter, test_json_remove, test_json_patch,
              test_json_patch_sets)
