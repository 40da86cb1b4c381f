/* check_builtins_net.c: unit tests of stdlib/bi_net.c: Go's address syntax (no leading
 * zeros, one "::", embedded IPv4, no zones), IPv4-mapped addresses, IPv6 printing, CIDR
 * containment and intersection, expansion (and its limit), merging with OPA's quirks, and
 * every error, including the "operand 1" that OPA reports for either operand.
 */
#include "bi_check.h"

#define T(x) ck_assert_msg((x) == RT_TRUE, "%s is not true", #x)
#define F(x) ck_assert_msg((x) == RT_FALSE, "%s is not false", #x)

START_TEST(test_cidr_is_valid) {
  T(bi_net_cidr_is_valid(STR("10.0.0.0/8")));
  T(bi_net_cidr_is_valid(STR("1.2.3.4/024")));
  T(bi_net_cidr_is_valid(STR("::/0")));
  T(bi_net_cidr_is_valid(STR("::ffff:1.2.3.4/128")));
  T(bi_net_cidr_is_valid(STR("2001:DB8::1/64")));
  F(bi_net_cidr_is_valid(STR("01.2.3.4/8")));
  F(bi_net_cidr_is_valid(STR("1.2.3.4/33")));
  F(bi_net_cidr_is_valid(STR("::1/129")));
  F(bi_net_cidr_is_valid(STR("1.2.3.4")));
  F(bi_net_cidr_is_valid(STR("1.2.3.4/")));
  F(bi_net_cidr_is_valid(STR("1.2.3.4/-1")));
  F(bi_net_cidr_is_valid(STR("1.2.3/8")));
  F(bi_net_cidr_is_valid(STR("256.1.1.1/8")));
  F(bi_net_cidr_is_valid(STR("fe80::1%eth0/64")));
  F(bi_net_cidr_is_valid(STR("1::2::3/64")));
  F(bi_net_cidr_is_valid(STR("1:2:3:4:5:6:7:8:9/64")));
  F(bi_net_cidr_is_valid(STR("12345::/64")));
  F(bi_net_cidr_is_valid(STR("1:2:3:4:5:6:7::8/64"))); /* :: must stand for a zero field */
  F(bi_net_cidr_is_valid(STR("1.2.3.4::/64")));
  F(bi_net_cidr_is_valid(J("1")));
  ck_assert(!bi_st.has_error);
}
END_TEST

START_TEST(test_cidr_contains) {
  T(bi_net_cidr_contains(STR("10.0.0.0/8"), STR("10.1.2.3")));
  F(bi_net_cidr_contains(STR("10.0.0.0/8"), STR("11.0.0.1")));
  T(bi_net_cidr_contains(STR("10.0.0.0/8"), STR("10.255.0.0/16")));
  F(bi_net_cidr_contains(STR("10.0.0.0/8"), STR("10.0.0.0/7")));
  T(bi_net_cidr_contains(STR("1.2.3.4/32"), STR("1.2.3.4")));
  T(bi_net_cidr_contains(STR("2001:db8::/32"), STR("2001:db8:ffff::1")));
  T(bi_net_cidr_contains(STR("2001:db8::/32"), STR("2001:db8::/48")));
  F(bi_net_cidr_contains(STR("2001:db8::/32"), STR("2001:db9::1")));
  /* an IPv4-mapped network holds IPv4 addresses; 0.0.0.0/0 holds no IPv6 ones */
  T(bi_net_cidr_contains(STR("::ffff:0:0/96"), STR("1.2.3.4")));
  F(bi_net_cidr_contains(STR("0.0.0.0/0"), STR("::1")));
  T(bi_net_cidr_contains(STR("0.0.0.0/0"), STR("::ffff:1.2.3.4")));
  T(bi_net_cidr_overlap(STR("10.0.0.0/8"), STR("10.1.2.3")));
  ASSERT_BI_ERR(bi_net_cidr_contains(STR("x"), STR("1.2.3.4")),
                "net.cidr_contains: invalid CIDR address: x");
  ASSERT_BI_ERR(
      bi_net_cidr_contains(STR("10.0.0.0/8"), STR("x")),
      "net.cidr_contains: not a valid textual representation of an IP address or CIDR: x");
  ASSERT_TYPE_ERR(bi_net_cidr_contains(J("1"), STR("x")),
                  "net.cidr_contains: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_net_cidr_contains(STR("10.0.0.0/8"), J("1")),
                  "net.cidr_contains: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_cidr_intersects) {
  T(bi_net_cidr_intersects(STR("10.0.0.0/8"), STR("10.1.0.0/16")));
  T(bi_net_cidr_intersects(STR("10.1.0.0/16"), STR("10.0.0.0/8")));
  F(bi_net_cidr_intersects(STR("10.0.0.0/16"), STR("10.1.0.0/16")));
  F(bi_net_cidr_intersects(STR("fd00::/8"), STR("10.0.0.0/8")));
  ASSERT_BI_ERR(bi_net_cidr_intersects(STR("10.0.0.0/8"), STR("bad")),
                "net.cidr_intersects: invalid CIDR address: bad");
  ASSERT_TYPE_ERR(bi_net_cidr_intersects(STR("10.0.0.0/8"), J("[]")),
                  "net.cidr_intersects: operand 1 must be string but got array");
}
END_TEST

START_TEST(test_cidr_contains_matches) {
  ASSERT_REGO(bi_net_cidr_contains_matches(STR("1.1.1.0/24"), STR("1.1.1.1")),
              "{[\"1.1.1.0/24\", \"1.1.1.1\"]}");
  ASSERT_REGO(bi_net_cidr_contains_matches(J("[\"1.1.2.0/24\", [\"1.1.1.0/24\", \"x\"]]"),
                                           J("{\"a\": \"1.1.1.1\", \"b\": [\"1.1.2.1\", 5]}")),
              "{[0, \"b\"], [1, \"a\"]}");
  ASSERT_REGO(bi_net_cidr_contains_matches(J("1"), STR("1.1.1.1")), "set()");
  ASSERT_REGO(bi_net_cidr_contains_matches(STR("1.1.1.0/24"), J("null")), "set()");
  ASSERT_BI_ERR(bi_net_cidr_contains_matches(STR("1.1.1.0/24"), J("[\"1.1.1.1\", []]")),
                "net.cidr_contains_matches: operand 2: element must be string or non-empty array");
  ASSERT_BI_ERR(bi_net_cidr_contains_matches(J("[1]"), STR("1.1.1.1")),
                "net.cidr_contains_matches: operand 1: element must be string or non-empty array");
  /* elements are checked as OPA reaches them: the bad CIDR comes first here */
  ASSERT_BI_ERR(bi_net_cidr_contains_matches(J("[\"bad\", 1]"), STR("1.1.1.1")),
                "net.cidr_contains_matches: invalid CIDR address: bad");
  ASSERT_TYPE_ERR(bi_net_cidr_contains_matches(J("[[1]]"), STR("1.1.1.1")),
                  "net.cidr_contains_matches: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_cidr_expand) {
  ASSERT_REGO(bi_net_cidr_expand(STR("192.168.1.1/30")),
              "{\"192.168.1.0\", \"192.168.1.1\", \"192.168.1.2\", \"192.168.1.3\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("255.255.255.255/32")), "{\"255.255.255.255\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("2001:db8::/126")),
              "{\"2001:db8::\", \"2001:db8::1\", \"2001:db8::2\", \"2001:db8::3\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("::ffff:1.2.3.0/127")), "{\"1.2.3.0\", \"1.2.3.1\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("1:0:0:1:0:0:0:1/128")), "{\"1:0:0:1::1\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("1:0:0:2:3:0:0:1/128")), "{\"1::2:3:0:0:1\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("0:0:1:2:3:4:5:6/128")), "{\"::1:2:3:4:5:6\"}");
  ASSERT_REGO(bi_net_cidr_expand(STR("1:2:3:4:5:6:7:0/128")), "{\"1:2:3:4:5:6:7:0\"}");
  ck_assert_int_eq(rt_set_len(bi_net_cidr_expand(STR("10.0.0.0/20"))), 4096);
  ASSERT_BI_ERR(bi_net_cidr_expand(STR("10.0.0.0/8")),
                "net.cidr_expand: too many addresses to expand: 2^24 (at most 4194304)");
  ASSERT_BI_ERR(bi_net_cidr_expand(STR("192.168.1.1/33")),
                "net.cidr_expand: invalid CIDR address: 192.168.1.1/33");
  ASSERT_TYPE_ERR(bi_net_cidr_expand(J("1")),
                  "net.cidr_expand: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_cidr_merge) {
  ASSERT_REGO(bi_net_cidr_merge(J("[\"192.0.128.0/24\", \"192.0.129.0/24\"]")),
              "{\"192.0.128.0/23\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"10.0.0.0/24\", \"10.0.1.0/24\", \"10.0.2.0/24\"]")),
              "{\"10.0.0.0/23\", \"10.0.2.0/24\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"10.0.0.1/32\", \"10.0.0.3/32\", \"10.0.0.2/32\"]")),
              "{\"10.0.0.1/32\", \"10.0.0.2/31\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"10.0.0.0/8\", \"10.1.0.0/16\", \"11.0.0.0/8\"]")),
              "{\"10.0.0.0/7\"}");
  ASSERT_REGO(bi_net_cidr_merge(SET("[\"10.0.0.0/24\", \"12.0.0.0/24\"]")),
              "{\"10.0.0.0/24\", \"12.0.0.0/24\"}");
  /* a bare IPv4 address takes its class's mask and, left alone, keeps its host bits */
  ASSERT_REGO(bi_net_cidr_merge(J("[\"1.2.3.4\"]")), "{\"1.2.3.4/8\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"1.2.3.4\", \"1.2.3.4\"]")), "{\"1.0.0.0/8\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"192.168.7.9\"]")), "{\"192.168.7.9/24\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"2001:db8::/33\", \"2001:db8:8000::/33\"]")),
              "{\"2001:db8::/32\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"::/1\", \"8000::/1\"]")), "{\"::/0\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[\"0.0.0.0/1\", \"128.0.0.0/1\"]")), "{\"0.0.0.0/0\"}");
  ASSERT_REGO(bi_net_cidr_merge(J("[]")), "set()");
  ASSERT_BI_ERR(bi_net_cidr_merge(J("[1]")), "net.cidr_merge: element must be string");
  ASSERT_BI_ERR(bi_net_cidr_merge(J("[\"::1\"]")),
                "net.cidr_merge: IPv6 invalid: needs prefix length");
  ASSERT_BI_ERR(bi_net_cidr_merge(J("[\"10.0.0.0/8\", \"x\"]")),
                "net.cidr_merge: invalid CIDR address: x");
  ASSERT_BI_ERR(bi_net_cidr_merge(STR("10.0.0.0/8")), "net.cidr_merge: operand must be an array");
}
END_TEST

BI_SUITE_MAIN("builtins_net", test_cidr_is_valid, test_cidr_contains, test_cidr_intersects,
              test_cidr_contains_matches, test_cidr_expand, test_cidr_merge)
