/* check_builtins_bits.c: unit tests of stdlib/bi_bits.c, bi_units.c and bi_semver.c:
 * two's-complement results on negative and big integers (with BigIntOperand's rounding to a
 * 64-bit mantissa), shift counts taken modulo 2^64 and the shift limit, units' exact milli
 * and ten-decimal results, parse_bytes' truncation, every error message, and OPA's lenient
 * SemVer parsing and pre-release ordering.
 */
#include "bi_check.h"

/* The value of a number result equals the number written as JSON. */
#define ASSERT_NUM(v, json)                                                                        \
  do {                                                                                             \
    const rt_value *v_ = (v);                                                                      \
    ck_assert_msg(v_ &&rt_is(v_, RT_NUMBER), "not a number: %s (error: %s)", REGO(v_),             \
                  bi_st.has_error ? bi_st.error.message : "none");                                 \
    ck_assert_msg(rt_num_cmp(v_, J(json)) == 0, "%s != %s", REGO(v_), json);                       \
  } while (0)

START_TEST(test_bits_logic) {
  ASSERT_NUM(bi_bits_and(J("5"), J("3")), "1");
  ASSERT_NUM(bi_bits_or(J("5"), J("3")), "7");
  ASSERT_NUM(bi_bits_xor(J("5"), J("3")), "6");
  ASSERT_NUM(bi_bits_negate(J("5")), "-6");
  ASSERT_NUM(bi_bits_negate(J("-1")), "0");
  ASSERT_NUM(bi_bits_and(J("-1"), J("255")), "255");
  ASSERT_NUM(bi_bits_and(J("-8"), J("7")), "0");
  ASSERT_NUM(bi_bits_or(J("-8"), J("7")), "-1");
  ASSERT_NUM(bi_bits_xor(J("-1"), J("5")), "-6");
  ASSERT_NUM(bi_bits_and(J("1e3"), J("1000.0")), "1000");
  ASSERT_NUM(bi_bits_or(J("18446744073709551616"), J("1")), "18446744073709551617");
  ASSERT_NUM(bi_bits_negate(J("18446744073709551616")), "-18446744073709551617");
  /* 2^70+5 and 2^70+3 need 71 bits: both round to 2^70 first, as in OPA */
  ASSERT_NUM(bi_bits_and(J("1180591620717411303429"), J("1180591620717411303427")),
             "1180591620717411303424");
  ASSERT_TYPE_ERR(bi_bits_and(J("7.2"), J("42")),
                  "bits.and: operand 1 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_bits_or(J("1"), J("1e-30")),
                  "bits.or: operand 2 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_bits_xor(STR("1"), J("1")),
                  "bits.xor: operand 1 must be integer but got string");
  ASSERT_TYPE_ERR(bi_bits_negate(J("null")), "bits.negate: operand 1 must be integer but got null");
}
END_TEST

START_TEST(test_bits_shift) {
  ASSERT_NUM(bi_bits_lsh(J("1"), J("3")), "8");
  ASSERT_NUM(bi_bits_lsh(J("1"), J("64")), "18446744073709551616");
  ASSERT_NUM(bi_bits_lsh(J("9223372036854775807"), J("1")), "18446744073709551614");
  ASSERT_NUM(bi_bits_lsh(J("-3"), J("2")), "-12");
  ASSERT_NUM(bi_bits_lsh(J("0"), J("1099511627776")), "0");
  ASSERT_NUM(bi_bits_rsh(J("5"), J("1")), "2");
  ASSERT_NUM(bi_bits_rsh(J("-5"), J("1")), "-3");
  ASSERT_NUM(bi_bits_rsh(J("-1"), J("100")), "-1");
  ASSERT_NUM(bi_bits_rsh(J("12345"), J("1000000000000")), "0");
  /* big.Int.Uint64 keeps the low 64 bits of the count: 2^64 + 2 shifts by 2; 2^64 + 1 is
   * rounded to 2^64 first (65 significant bits), so it shifts by 0 */
  ASSERT_NUM(bi_bits_rsh(J("8"), J("18446744073709551618")), "2");
  ASSERT_NUM(bi_bits_rsh(J("8"), J("18446744073709551617")), "8");
  ASSERT_BI_ERR(bi_bits_lsh(J("1"), J("1073741824")), "bits.lsh: shift count 1073741824 too large");
  ASSERT_TYPE_ERR(
      bi_bits_lsh(J("7"), J("-1")),
      "bits.lsh: operand 2 must be an unsigned integer number but got a negative integer");
  ASSERT_TYPE_ERR(
      bi_bits_rsh(J("7"), J("-1")),
      "bits.rsh: operand 2 must be an unsigned integer number but got a negative integer");
  ASSERT_TYPE_ERR(bi_bits_rsh(J("7.5"), J("1")),
                  "bits.rsh: operand 1 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_bits_lsh(J("7"), STR("1")),
                  "bits.lsh: operand 2 must be integer but got string");
}
END_TEST

START_TEST(test_units_parse) {
  ASSERT_NUM(bi_units_parse(STR("10K")), "10000");
  ASSERT_NUM(bi_units_parse(STR("10k")), "10000");
  ASSERT_NUM(bi_units_parse(STR("10Ki")), "10240");
  ASSERT_NUM(bi_units_parse(STR("10ki")), "10240");
  ASSERT_NUM(bi_units_parse(STR("1.5M")), "1500000");
  ASSERT_NUM(bi_units_parse(STR("2mi")), "2097152");
  ASSERT_NUM(bi_units_parse(STR("2MI")), "2097152");
  ASSERT_NUM(bi_units_parse(STR("1e3")), "1000");
  ASSERT_NUM(bi_units_parse(STR("1E")), "1000000000000000000");
  ASSERT_NUM(bi_units_parse(STR("1Ei")), "1152921504606846976");
  ASSERT_NUM(bi_units_parse(STR("-2k")), "-2000");
  ASSERT_NUM(bi_units_parse(STR("\"10Mi\"")), "10485760");
  ASSERT_NUM(bi_units_parse(STR("1.5")), "1.5");
  /* milli is the float64 0.001: results have ten decimals */
  ASSERT_REGO(bi_units_parse(STR("500m")), "0.5000000000");
  ASSERT_REGO(bi_units_parse(STR("1m")), "0.0010000000");
  ASSERT_REGO(bi_units_parse(STR("0.0005K")), "0.5000000000");
  ASSERT_REGO(bi_units_parse(STR("1000m")), "1.0000000000");
  ASSERT_REGO(bi_units_parse(STR("-1m")), "-0.0010000000");
  ASSERT_REGO(bi_units_parse(STR("0m")), "0");
  ASSERT_REGO(bi_units_parse(STR("1.00000000005")), "1.0000000001");
  ASSERT_BI_ERR(bi_units_parse(STR("")), "units.parse: units.parse: no amount provided");
  ASSERT_BI_ERR(bi_units_parse(STR("Ki")), "units.parse: units.parse: no amount provided");
  ASSERT_BI_ERR(bi_units_parse(STR("1 k")),
                "units.parse: units.parse: spaces not allowed in resource strings");
  ASSERT_BI_ERR(bi_units_parse(STR("1e1234567k")), "units.parse: units.parse: exponent too large");
  ASSERT_BI_ERR(bi_units_parse(STR("1..2")),
                "units.parse: units.parse: could not parse amount to a number");
  ASSERT_BI_ERR(bi_units_parse(STR("1-2k")),
                "units.parse: units.parse: could not parse amount to a number");
  ASSERT_BI_ERR(bi_units_parse(STR("5x")), "units.parse: units.parse: unit x not recognized");
  ASSERT_BI_ERR(bi_units_parse(STR("5MIB")), "units.parse: units.parse: unit Mib not recognized");
  ASSERT_BI_ERR(bi_units_parse(STR("1..2x")), "units.parse: units.parse: unit x not recognized");
  ASSERT_TYPE_ERR(bi_units_parse(J("1")), "units.parse: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_units_parse_bytes) {
  ASSERT_NUM(bi_units_parse_bytes(STR("10KB")), "10000");
  ASSERT_NUM(bi_units_parse_bytes(STR("10kib")), "10240");
  ASSERT_NUM(bi_units_parse_bytes(STR("1.1KiB")), "1126");
  ASSERT_NUM(bi_units_parse_bytes(STR("-1.5kb")), "-1500");
  ASSERT_NUM(bi_units_parse_bytes(STR("0.5")), "0");
  ASSERT_NUM(bi_units_parse_bytes(STR("-0.5")), "0");
  ASSERT_NUM(bi_units_parse_bytes(STR(".5KB")), "500");
  ASSERT_NUM(bi_units_parse_bytes(STR("1e3")), "1000");
  ASSERT_NUM(bi_units_parse_bytes(STR("1E")), "1000000000000000000");
  ASSERT_NUM(bi_units_parse_bytes(STR("\"100TIB\"")), "109951162777600");
  ASSERT_NUM(bi_units_parse_bytes(STR("16eib")), "18446744073709551616");
  ASSERT_BI_ERR(bi_units_parse_bytes(STR("1 kb")),
                "units.parse_bytes: units.parse_bytes: spaces not allowed in resource strings");
  ASSERT_BI_ERR(bi_units_parse_bytes(STR("kb")),
                "units.parse_bytes: units.parse_bytes: no byte amount provided");
  ASSERT_BI_ERR(bi_units_parse_bytes(STR("5XB")),
                "units.parse_bytes: units.parse_bytes: byte unit xb not recognized");
  ASSERT_BI_ERR(bi_units_parse_bytes(STR("1.2.3")),
                "units.parse_bytes: units.parse_bytes: could not parse byte amount to a number");
  ASSERT_BI_ERR(bi_units_parse_bytes(STR("1e1234567")),
                "units.parse_bytes: units.parse_bytes: exponent too large");
  ASSERT_TYPE_ERR(bi_units_parse_bytes(J("[]")),
                  "units.parse_bytes: operand 1 must be string but got array");
}
END_TEST

START_TEST(test_semver_is_valid) {
  const char *good[] = {"1.0.0",  "v1.0.0", "1.0.0-alpha.1+build.5", "1.0.0-",
                        "1.0.0+", "01.2.3", "1.2.3-a-b--c",          "0.0.0"};
  const char *bad[] = {"1.0",
                       "1.2.3.4",
                       "a.b.c",
                       "-1.2.3",
                       "1.0.0-al$pha",
                       "1.0.0-a..b",
                       "1.0.0+b.",
                       "",
                       "v",
                       "1.2.x",
                       "1.2.99999999999999999999"};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++)
    ck_assert_msg(bi_semver_is_valid(STR(good[i])) == RT_TRUE, "%s", good[i]);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    ck_assert_msg(bi_semver_is_valid(STR(bad[i])) == RT_FALSE, "%s", bad[i]);
  ck_assert(bi_semver_is_valid(J("1")) == RT_FALSE);
  ck_assert(!bi_st.has_error);
}
END_TEST

START_TEST(test_semver_compare) {
  ASSERT_NUM(bi_semver_compare(STR("1.0.0"), STR("1.0.1")), "-1");
  ASSERT_NUM(bi_semver_compare(STR("2.0.0"), STR("1.9.9")), "1");
  ASSERT_NUM(bi_semver_compare(STR("1.10.0"), STR("1.9.0")), "1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0-alpha"), STR("1.0.0")), "-1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0"), STR("1.0.0-rc.1")), "1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0-alpha"), STR("1.0.0-alpha.1")), "-1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0-alpha.1"), STR("1.0.0-alpha.beta")), "-1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0-beta.11"), STR("1.0.0-beta.2")), "1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0-rc.1"), STR("1.0.0-beta.11")), "1");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0+a"), STR("1.0.0+b")), "0");
  ASSERT_NUM(bi_semver_compare(STR("v1.0.0"), STR("1.0.0")), "0");
  ASSERT_NUM(bi_semver_compare(STR("1.0.0-01"), STR("1.0.0-1")), "0");
  ASSERT_BI_ERR(bi_semver_compare(STR("1.0"), STR("1.0.0")),
                "semver.compare: operand 1: string \"1.0\" is not a valid SemVer");
  ASSERT_BI_ERR(bi_semver_compare(STR("1.0.0"), STR("x\ty")),
                "semver.compare: operand 2: string \"x\\ty\" is not a valid SemVer");
  ASSERT_TYPE_ERR(bi_semver_compare(J("1"), STR("1.0.0")),
                  "semver.compare: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_semver_compare(STR("1.0.0"), J("{}")),
                  "semver.compare: operand 2 must be string but got object");
}
END_TEST

BI_SUITE_MAIN("builtins_bits", test_bits_logic, test_bits_shift, test_units_parse,
              test_units_parse_bytes, test_semver_is_valid, test_semver_compare)
