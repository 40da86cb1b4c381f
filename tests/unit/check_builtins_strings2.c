/* check_builtins_strings2.c: unit tests of strings.split_n and trace (stdlib/bi_strings2.c)
 * and of format_int on numbers beyond 64 bits (stdlib/bi_strings.c).
 *
 * split_n's expectations are OPA's conformance cases (first n parts, last -n parts, none
 * for 0) plus Go's Split rules for empty inputs, invalid UTF-8 and overlapping delimiters.
 * format_int's are Go's: integer text exactly through big.Int, other numbers through a
 * 64-bit big.Float truncated towards zero. trace's note is checked on a captured stderr.
 */
#define _GNU_SOURCE /* setenv, unsetenv */
#include <stdio.h>
#include <unistd.h>

#include "bi_check.h"

START_TEST(test_split_n_positive) {
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("2")), "[\"a\", \"b\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("1")), "[\"a\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("4")), "[\"a\", \"b\", \"c\", \"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("10")),
              "[\"a\", \"b\", \"c\", \"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("9223372036854775807")),
              "[\"a\", \"b\", \"c\", \"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a::b::"), STR("::"), J("3")), "[\"a\", \"b\", \"\"]");
  ASSERT_REGO(bi_strings_split_n(STR("abc"), STR("."), J("2")), "[\"abc\"]");
  ASSERT_REGO(bi_strings_split_n(STR(""), STR("."), J("2")), "[\"\"]");
}
END_TEST

START_TEST(test_split_n_zero_and_negative) {
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("0")), "[]");
  ASSERT_REGO(bi_strings_split_n(STR(""), STR("."), J("0")), "[]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("-2")), "[\"c\", \"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("-1")), "[\"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("-4")),
              "[\"a\", \"b\", \"c\", \"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b.c.d"), STR("."), J("-10")),
              "[\"a\", \"b\", \"c\", \"d\"]");
  ASSERT_REGO(bi_strings_split_n(STR("a.b"), STR("."), J("-9223372036854775808")),
              "[\"a\", \"b\"]");
  ASSERT_REGO(bi_strings_split_n(STR("abc"), STR("."), J("-2")), "[\"abc\"]");
  /* matches are found from the left, as Split finds them: "aaa" at "aa" is ["", "a"] */
  ASSERT_REGO(bi_strings_split_n(STR("aaa"), STR("aa"), J("-1")), "[\"a\"]");
  ASSERT_REGO(bi_strings_split_n(STR("aaa"), STR("aa"), J("-5")), "[\"\", \"a\"]");
}
END_TEST

START_TEST(test_split_n_empty_delimiter) {
  ASSERT_REGO(bi_strings_split_n(STR("abc"), STR(""), J("2")), "[\"a\", \"b\"]");
  ASSERT_REGO(bi_strings_split_n(STR("abc"), STR(""), J("-2")), "[\"b\", \"c\"]");
  ASSERT_REGO(bi_strings_split_n(STR("abc"), STR(""), J("-1")), "[\"c\"]");
  ASSERT_REGO(bi_strings_split_n(STR("h\xc3\xa9\xe2\x82\xac"), STR(""), J("5")),
              "[\"h\", \"\xc3\xa9\", \"\xe2\x82\xac\"]");
  ASSERT_REGO(bi_strings_split_n(STR(""), STR(""), J("3")), "[]");
  ASSERT_REGO(bi_strings_split_n(STR(""), STR(""), J("-3")), "[]");
  /* an invalid byte is a part of its own, kept as it is (Go's explode) */
  rt_value *r = bi_strings_split_n(STR("a\xff\x62"), STR(""), J("-1"));
  ck_assert_uint_eq(rt_array_len(r), 1);
  ASSERT_TXT(rt_array_at(r, 0), "b");
  r = bi_strings_split_n(STR("a\xff\x62"), STR(""), J("3"));
  ck_assert_uint_eq(rt_array_len(r), 3);
  ASSERT_TXT(rt_array_at(r, 1), "\xff");
}
END_TEST

START_TEST(test_split_n_shares_argument) {
  rt_value *s = STR("no delimiter here");
  rt_value *r = bi_strings_split_n(s, STR(";"), J("3"));
  ck_assert_uint_eq(rt_array_len(r), 1);
  ck_assert_ptr_eq(rt_array_at(r, 0), s);
}
END_TEST

START_TEST(test_split_n_errors) {
  ASSERT_TYPE_ERR(bi_strings_split_n(STR("a.b.c"), STR("."), J("1.5")),
                  "strings.split_n: operand 3 must be integer number but got floating-point "
                  "number");
  ASSERT_TYPE_ERR(bi_strings_split_n(STR("a.b.c"), STR("."), J("18446744073709551616")),
                  "strings.split_n: operand 3 must be integer number but got floating-point "
                  "number");
  ASSERT_TYPE_ERR(bi_strings_split_n(STR("a.b.c"), STR("."), STR("2")),
                  "strings.split_n: operand 3 must be number but got string");
  ASSERT_TYPE_ERR(bi_strings_split_n(J("1"), STR("."), J("2")),
                  "strings.split_n: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_strings_split_n(STR("a"), J("[]"), J("2")),
                  "strings.split_n: operand 2 must be string but got array");
}
END_TEST

START_TEST(test_format_int_bignum) {
  rt_value *big = J("18446744073709551617"), *neg = J("-18446744073709551617");
  ASSERT_TXT(bi_format_int(big, J("16")), "10000000000000001");
  ASSERT_TXT(bi_format_int(big, J("10")), "18446744073709551617");
  ASSERT_TXT(bi_format_int(big, J("8")), "2000000000000000000001");
  ASSERT_TXT(bi_format_int(big, J("2")),
             "10000000000000000000000000000000000000000000000000000000000000001");
  ASSERT_TXT(bi_format_int(neg, J("16")), "-10000000000000001");
  ASSERT_TXT(bi_format_int(neg, J("10")), "-18446744073709551617");
  ASSERT_TXT(bi_format_int(J("-9223372036854775808"), J("16")), "-8000000000000000");
  ASSERT_TXT(bi_format_int(J("-9223372036854775809"), J("10")), "-9223372036854775809");
  ASSERT_TXT(bi_format_int(J("123456789012345678901234567890123456789"), J("10")),
             "123456789012345678901234567890123456789");
  ASSERT_TXT(bi_format_int(J("15.9"), J("16")), "f");
  ASSERT_TXT(bi_format_int(J("-15.9"), J("16")), "-f");
  ASSERT_TXT(bi_format_int(J("-0.5"), J("10")), "0"); /* truncation, not ceil */
  ASSERT_TXT(bi_format_int(J("0.999"), J("2")), "0");
  /* exponents and fractions go through Go's 64-bit big.Float, rounding beyond 2^64 */
  ASSERT_TXT(bi_format_int(J("1e30"), J("10")), "1000000000000000000024696061952");
  ASSERT_TXT(bi_format_int(J("-1e30"), J("16")), "-c9f2c9cd04674edf000000000");
  ASSERT_TXT(bi_format_int(J("1e20"), J("16")), "56bc75e2d63100000");
  ASSERT_TXT(bi_format_int(J("18446744073709551617.5"), J("10")), "18446744073709551618");
  ASSERT_TYPE_ERR(bi_format_int(big, J("3")),
                  "format_int: operand 2 must be one of {2, 8, 10, 16}");
}
END_TEST

/* Runs trace(note) with stderr sent to a temporary file; returns what it wrote. */
static const char *traced(rt_value *note, rt_value **res) {
  static char got[256];
  FILE *tmp = tmpfile();
  int saved = dup(2);
  size_t n;
  ck_assert(tmp != NULL && saved >= 0);
  fflush(stderr);
  dup2(fileno(tmp), 2);
  *res = bi_trace(note);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(tmp);
  n = fread(got, 1, sizeof got - 1, tmp);
  got[n] = '\0';
  fclose(tmp);
  return got;
}

START_TEST(test_trace) {
  rt_value *r;
  unsetenv("REGOC_TRACE");
  ck_assert_str_eq(traced(STR("quiet"), &r), "");
  ck_assert_ptr_eq(r, RT_TRUE);
  setenv("REGOC_TRACE", "", 1);
  ck_assert_str_eq(traced(STR("still quiet"), &r), "");
  ck_assert_ptr_eq(r, RT_TRUE);
  setenv("REGOC_TRACE", "1", 1);
  ck_assert_str_eq(traced(STR("x is 1"), &r), "Note: x is 1\n");
  ck_assert_ptr_eq(r, RT_TRUE);
  ck_assert_str_eq(traced(STR(""), &r), "Note: \n");
  unsetenv("REGOC_TRACE");
  ASSERT_TYPE_ERR(bi_trace(J("1")), "trace: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_trace(J("{}")), "trace: operand 1 must be string but got object");
}
END_TEST

BI_SUITE_MAIN("builtins_strings2", test_split_n_positive, test_split_n_zero_and_negative,
              test_split_n_empty_delimiter, test_split_n_shares_argument, test_split_n_errors,
              test_format_int_bignum, test_trace)
