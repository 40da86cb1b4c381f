/* check_builtins_strings.c: unit tests of the string builtins (stdlib/bi_strings.c):
 * Go's rules for code points, invalid UTF-8, empty inputs and replacement, and OPA's errors.
 */
#include "bi_check.h"

START_TEST(test_concat) {
  ASSERT_TXT(bi_concat(STR(", "), J("[\"a\",\"b\",\"c\"]")), "a, b, c");
  ASSERT_TXT(bi_concat(STR("-"), J("[]")), "");
  ASSERT_TXT(bi_concat(STR("-"), J("[\"x\"]")), "x");
  ASSERT_TXT(bi_concat(STR(""), SET("[\"b\",\"a\",\"c\"]")), "abc");
  ASSERT_TYPE_ERR(bi_concat(STR(","), J("[\"a\",1]")),
                  "concat: operand 2 must be array of strings but got array containing number");
  ASSERT_TYPE_ERR(bi_concat(STR(","), J("[1]")),
                  "concat: operand 2 must be array of strings but got array containing number");
  ASSERT_TYPE_ERR(bi_concat(STR(","), STR("a")),
                  "concat: operand 2 must be one of {set, array} but got string");
  ASSERT_TYPE_ERR(bi_concat(J("1"), J("[]")), "concat: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_contains_prefix_suffix) {
  ck_assert(bi_contains(STR("abc"), STR("bc")) == RT_TRUE);
  ck_assert(bi_contains(STR("abc"), STR("")) == RT_TRUE);
  ck_assert(bi_contains(STR(""), STR("a")) == RT_FALSE);
  ck_assert(bi_startswith(STR("abc"), STR("ab")) == RT_TRUE);
  ck_assert(bi_startswith(STR("abc"), STR("abcd")) == RT_FALSE);
  ck_assert(bi_startswith(STR("abc"), STR("")) == RT_TRUE);
  ck_assert(bi_endswith(STR("abc"), STR("bc")) == RT_TRUE);
  ck_assert(bi_endswith(STR("abc"), STR("ab")) == RT_FALSE);
  ASSERT_TYPE_ERR(bi_contains(J("1"), STR("a")),
                  "contains: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_startswith(STR("a"), J("[]")),
                  "startswith: operand 2 must be string but got array");
  ASSERT_TYPE_ERR(bi_endswith(J("null"), STR("a")),
                  "endswith: operand 1 must be string but got null");
}
END_TEST

START_TEST(test_split) {
  ASSERT_REGO(bi_split(STR("a,b,,c"), STR(",")), "[\"a\", \"b\", \"\", \"c\"]");
  ASSERT_REGO(bi_split(STR("abc"), STR(",")), "[\"abc\"]");
  ASSERT_REGO(bi_split(STR(""), STR(",")), "[\"\"]");
  ASSERT_REGO(bi_split(STR(",a,"), STR(",")), "[\"\", \"a\", \"\"]");
  ASSERT_REGO(bi_split(STR("h\xc3\xa9y"), STR("")), "[\"h\", \"\xc3\xa9\", \"y\"]");
  ASSERT_REGO(bi_split(STR(""), STR("")), "[]");
  ASSERT_REGO(bi_split(STR("a--b--c"), STR("--")), "[\"a\", \"b\", \"c\"]");
  ASSERT_TYPE_ERR(bi_split(STR("a"), J("1")), "split: operand 2 must be string but got number");
}
END_TEST

START_TEST(test_trim) {
  ASSERT_TXT(bi_trim(STR("xxhixx"), STR("x")), "hi");
  ASSERT_TXT(bi_trim(STR("  hi  "), STR(" ")), "hi");
  ASSERT_TXT(bi_trim(STR("abchicba"), STR("abc")), "hi");
  ASSERT_TXT(bi_trim(STR("hi"), STR("")), "hi");
  ASSERT_TXT(bi_trim(STR("xxx"), STR("x")), "");
  ASSERT_TXT(bi_trim(STR("\xc3\xa9hi\xc3\xa9"), STR("\xc3\xa9")), "hi");
  ASSERT_TXT(bi_trim_left(STR("xxhixx"), STR("x")), "hixx");
  ASSERT_TXT(bi_trim_right(STR("xxhixx"), STR("x")), "xxhi");
  ASSERT_TXT(bi_trim_prefix(STR("prefix-x"), STR("prefix-")), "x");
  ASSERT_TXT(bi_trim_prefix(STR("x"), STR("prefix-")), "x");
  ASSERT_TXT(bi_trim_suffix(STR("x.rego"), STR(".rego")), "x");
  ASSERT_TXT(bi_trim_suffix(STR("x.rego"), STR("")), "x.rego");
  ASSERT_TXT(bi_trim_space(STR(" \t\n hi \r\n")), "hi");
  ASSERT_TXT(bi_trim_space(STR("\xc2\xa0hi\xe3\x80\x80")), "hi"); /* U+00A0, U+3000 */
  ASSERT_TXT(bi_trim_space(STR("")), "");
  ASSERT_TXT(bi_trim_space(STR("\xff ")), "\xff");
  ASSERT_TYPE_ERR(bi_trim(J("1"), STR("x")), "trim: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_trim_left(STR("x"), J("1")),
                  "trim_left: operand 2 must be string but got number");
  ASSERT_TYPE_ERR(bi_trim_space(J("1")), "trim_space: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_trim_suffix(STR("x"), J("[]")),
                  "trim_suffix: operand 2 must be string but got array");
}
END_TEST

START_TEST(test_case) {
  ASSERT_TXT(bi_lower(STR("AbC")), "abc");
  ASSERT_TXT(bi_upper(STR("AbC")), "ABC");
  ASSERT_TXT(bi_lower(STR("\xc3\x89T\xc3\x89")), "\xc3\xa9t\xc3\xa9"); /* ÉTÉ */
  ASSERT_TXT(bi_upper(STR("stra\xc3\x9f"
                          "e")),
             "STRA\xc3\x9f"
             "E");                                                   /* ß stays */
  ASSERT_TXT(bi_lower(STR("\xc4\xb0")), "i");                        /* İ: simple */
  ASSERT_TXT(bi_upper(STR("\xce\xb1\xcf\x89")), "\xce\x91\xce\xa9"); /* αω */
  ASSERT_TXT(bi_lower(STR("a\xff")), "a\xef\xbf\xbd");               /* Go re-encodes: U+FFFD */
  ASSERT_TXT(bi_lower(STR("")), "");
  ASSERT_TYPE_ERR(bi_upper(J("{}")), "upper: operand 1 must be string but got object");
}
END_TEST

START_TEST(test_replace) {
  ASSERT_TXT(bi_replace(STR("a.b.c"), STR("."), STR("/")), "a/b/c");
  ASSERT_TXT(bi_replace(STR("aaaa"), STR("aa"), STR("b")), "bb");
  ASSERT_TXT(bi_replace(STR("abc"), STR("x"), STR("y")), "abc");
  ASSERT_TXT(bi_replace(STR("ab"), STR(""), STR("-")), "-a-b-");
  ASSERT_TXT(bi_replace(STR("\xc3\xa9"), STR(""), STR("-")), "-\xc3-\xa9-"); /* byte-wise */
  ASSERT_TXT(bi_replace(STR(""), STR(""), STR("x")), "x");
  ASSERT_TYPE_ERR(bi_replace(STR("a"), STR("b"), J("1")),
                  "replace: operand 3 must be string but got number");
  ASSERT_TXT(bi_strings_replace_n(J("{\"a\":\"1\",\"ab\":\"2\"}"), STR("abab")), "1b1b");
  ASSERT_TXT(bi_strings_replace_n(J("{\"ab\":\"x\",\"b\":\"y\"}"), STR("abb")), "xy");
  ASSERT_TXT(bi_strings_replace_n(J("{}"), STR("abc")), "abc");
  ASSERT_TXT(bi_strings_replace_n(J("{\"\":\"-\",\"a\":\"b\"}"), STR("a")), "-b-");
  ASSERT_TYPE_ERR(bi_strings_replace_n(J("{\"a\":1}"), STR("a")),
                  "strings.replace_n: operand 1 non-string value found in pattern object");
  ASSERT_TYPE_ERR(bi_strings_replace_n(J("{\"a\":\"b\"}"), J("1")),
                  "strings.replace_n: operand 2 must be string but got number");
  ASSERT_TYPE_ERR(bi_strings_replace_n(J("[]"), STR("a")),
                  "strings.replace_n: operand 1 must be object but got array");
  rt_value *o = rt_object_new(0);
  rt_object_put(o, J("1"), STR("x"));
  ASSERT_TYPE_ERR(bi_strings_replace_n(o, STR("1")),
                  "strings.replace_n: operand 1 non-string key found in pattern object");
}
END_TEST

START_TEST(test_indexof) {
  ASSERT_REGO(bi_indexof(STR("hello"), STR("l")), "2");
  ASSERT_REGO(bi_indexof(STR("hello"), STR("z")), "-1");
  ASSERT_REGO(bi_indexof(STR("h\xc3\xa9llo"), STR("l")), "2"); /* code points */
  ASSERT_REGO(bi_indexof(STR("\xc3\xa9\xc3\xa9x"), STR("\xc3\xa9x")), "1");
  ASSERT_REGO(bi_indexof(STR(""), STR("a")), "-1");
  ASSERT_BI_ERR(bi_indexof(STR("a"), STR("")), "indexof: empty search character");
  ASSERT_TYPE_ERR(bi_indexof(J("1"), STR("a")), "indexof: operand 1 must be string but got number");
  ASSERT_REGO(bi_indexof_n(STR("aaa"), STR("aa")), "[0, 1]");
  ASSERT_REGO(bi_indexof_n(STR("h\xc3\xa9l\xc3\xa9"), STR("\xc3\xa9")), "[1, 3]");
  ASSERT_REGO(bi_indexof_n(STR("abc"), STR("z")), "[]");
  ASSERT_BI_ERR(bi_indexof_n(STR("a"), STR("")), "indexof_n: empty search character");
}
END_TEST

START_TEST(test_substring) {
  ASSERT_TXT(bi_substring(STR("abcdef"), J("1"), J("3")), "bcd");
  ASSERT_TXT(bi_substring(STR("abcdef"), J("2"), J("-1")), "cdef");
  ASSERT_TXT(bi_substring(STR("abcdef"), J("4"), J("100")), "ef");
  ASSERT_TXT(bi_substring(STR("abc"), J("3"), J("1")), "");
  ASSERT_TXT(bi_substring(STR("abc"), J("10"), J("1")), "");
  ASSERT_TXT(bi_substring(STR(""), J("0"), J("1")), "");
  ASSERT_TXT(bi_substring(STR("h\xc3\xa9llo"), J("1"), J("2")), "\xc3\xa9l");
  ASSERT_TXT(bi_substring(STR("h\xc3\xa9llo"), J("0"), J("99")), "h\xc3\xa9llo");
  ASSERT_TXT(bi_substring(STR("\xff\xc3\xa9"), J("0"), J("1")), "\xef\xbf\xbd");
  ASSERT_BI_ERR(bi_substring(STR("abc"), J("-1"), J("1")), "substring: negative offset");
  ASSERT_TYPE_ERR(bi_substring(STR("abc"), J("1.5"), J("1")),
                  "substring: operand 2 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_substring(STR("abc"), J("1"), STR("1")),
                  "substring: operand 3 must be number but got string");
  ASSERT_TYPE_ERR(bi_substring(J("1"), J("1"), J("1")),
                  "substring: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_format_int) {
  ASSERT_TXT(bi_format_int(J("255"), J("16")), "ff");
  ASSERT_TXT(bi_format_int(J("255"), J("2")), "11111111");
  ASSERT_TXT(bi_format_int(J("8"), J("8")), "10");
  ASSERT_TXT(bi_format_int(J("-42"), J("10")), "-42");
  ASSERT_TXT(bi_format_int(J("3.9"), J("10")), "3"); /* Go's Float.Int truncates */
  ASSERT_TXT(bi_format_int(J("-3.9"), J("10")), "-3");
  ASSERT_TXT(bi_format_int(J("-255.5"), J("16")), "-ff");
  ASSERT_TXT(bi_format_int(J("18446744073709551616"), J("16")), "10000000000000000");
  ASSERT_TXT(bi_format_int(J("0"), J("2")), "0");
  ASSERT_TYPE_ERR(bi_format_int(J("1"), J("3")),
                  "format_int: operand 2 must be one of {2, 8, 10, 16}");
  ASSERT_TYPE_ERR(bi_format_int(STR("1"), J("10")),
                  "format_int: operand 1 must be number but got string");
}
END_TEST

START_TEST(test_reverse_count) {
  ASSERT_TXT(bi_strings_reverse(STR("abc")), "cba");
  ASSERT_TXT(bi_strings_reverse(STR("h\xc3\xa9")), "\xc3\xa9h");
  ASSERT_TXT(bi_strings_reverse(STR("")), "");
  ASSERT_TXT(bi_strings_reverse(STR("a\xff")), "\xef\xbf\xbd"
                                               "a");
  ASSERT_TYPE_ERR(bi_strings_reverse(J("{}")),
                  "strings.reverse: operand 1 must be string but got object");
  ASSERT_REGO(bi_strings_count(STR("cheese"), STR("e")), "3");
  ASSERT_REGO(bi_strings_count(STR("aaaa"), STR("aa")), "2");
  ASSERT_REGO(bi_strings_count(STR("h\xc3\xa9"), STR("")), "3");
  ASSERT_TYPE_ERR(bi_strings_count(STR("a"), J("1")),
                  "strings.count: operand 2 must be string but got number");
}
END_TEST

START_TEST(test_any_match) {
  ck_assert(bi_strings_any_prefix_match(STR("foobar"), STR("foo")) == RT_TRUE);
  ck_assert(bi_strings_any_prefix_match(J("[\"a\",\"foobar\"]"), SET("[\"x\",\"foo\"]")) ==
            RT_TRUE);
  ck_assert(bi_strings_any_prefix_match(J("[]"), STR("")) == RT_FALSE);
  ck_assert(bi_strings_any_suffix_match(STR("foobar"), J("[\"bar\"]")) == RT_TRUE);
  ck_assert(bi_strings_any_suffix_match(STR("foobar"), J("[\"foo\"]")) == RT_FALSE);
  ASSERT_TYPE_ERR(bi_strings_any_prefix_match(J("1"), STR("a")),
                  "strings.any_prefix_match: operand 1 must be one of {string, set, array} but "
                  "got number");
  ASSERT_TYPE_ERR(bi_strings_any_suffix_match(STR("a"), J("[1]")),
                  "strings.any_suffix_match: operand 2 must be array of strings but got array "
                  "containing number");
}
END_TEST

BI_SUITE_MAIN("builtins_strings", test_concat, test_contains_prefix_suffix, test_split, test_trim,
              test_case, test_replace, test_indexof, test_substring, test_format_int,
              test_reverse_count, test_any_match)
