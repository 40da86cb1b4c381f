/* check_builtins_uuid.c: unit tests of stdlib/bi_uuid.c and bi_rand.c: the shape of random
 * v4 UUIDs, one value per argument per evaluation (and a new one after rt_eval_serial
 * moves), google/uuid's accepted spellings and decoded fields, and rand.intn's range, cache
 * key (|n|) and errors.
 */
#include <regex.h>

#include "bi_check.h"
#include "rt_eval.h"

static bool is_v4(const char *s) {
  regex_t re;
  int rc;
  regcomp(&re, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
          REG_EXTENDED | REG_NOSUB);
  rc = regexec(&re, s, 0, NULL, 0);
  regfree(&re);
  return rc == 0;
}

START_TEST(test_uuid_rfc4122) {
  const char *a = TXT(bi_uuid_rfc4122(STR("k")));
  ck_assert_msg(is_v4(a), "%s", a);
  ASSERT_TXT(bi_uuid_rfc4122(STR("k")), a);
  const char *b = TXT(bi_uuid_rfc4122(STR("other")));
  ck_assert_msg(is_v4(b), "%s", b);
  ck_assert_str_ne(a, b);
  /* any value is a key; equal values share the UUID */
  const char *n = TXT(bi_uuid_rfc4122(J("[1, {\"x\": 2}]")));
  ASSERT_TXT(bi_uuid_rfc4122(J("[1, {\"x\": 2}]")), n);
  /* the cache survives the caller's arena and ends with the evaluation */
  rt_arena_mark m = rt_arena_save(bi_arena);
  const char *c = rt_strndup(TXT(bi_uuid_rfc4122(STR("c"))), 36);
  rt_arena_restore(bi_arena, m);
  rt_value *again = bi_uuid_rfc4122(STR("c"));
  ck_assert(memcmp(RT_AS_STR(again)->s, c, 36) == 0);
  rt_eval_serial++;
  const char *d = TXT(bi_uuid_rfc4122(STR("k")));
  ck_assert_msg(is_v4(d), "%s", d);
  ck_assert_str_ne(a, d);
}
END_TEST

START_TEST(test_uuid_parse) {
  const char *v4 = "{\"variant\": \"RFC4122\", \"version\": 4}";
  ASSERT_REGO(bi_uuid_parse(STR("00000000-0000-4000-8000-000000000000")), v4);
  ASSERT_REGO(bi_uuid_parse(STR("{00000000-0000-4000-8000-000000000000}")), v4);
  ASSERT_REGO(bi_uuid_parse(STR("(00000000-0000-4000-8000-000000000000)")), v4);
  ASSERT_REGO(bi_uuid_parse(STR("URN:Uuid:00000000-0000-4000-8000-000000000000")), v4);
  ASSERT_REGO(bi_uuid_parse(STR("00000000000040008000000000000000")), v4);
  ASSERT_REGO(bi_uuid_parse(STR("6bea8ef2d3d33cd184e09bab06a52ece")),
              "{\"variant\": \"RFC4122\", \"version\": 3}");
  ASSERT_REGO(bi_uuid_parse(STR("00000000-0000-5000-c000-000000000000")),
              "{\"variant\": \"Microsoft\", \"version\": 5}");
  ASSERT_REGO(bi_uuid_parse(STR("00000000-0000-0000-e000-000000000000")),
              "{\"variant\": \"Future\", \"version\": 0}");
  ASSERT_REGO(bi_uuid_parse(STR("00000000-0000-f000-0000-000000000000")),
              "{\"variant\": \"Reserved\", \"version\": 15}");
  ASSERT_REGO(
      bi_uuid_parse(STR("000003e8-48b9-21ee-b200-325096b39f47")),
      "{\"clocksequence\": 12800, \"domain\": \"Person\", \"id\": 1000, \"macvariables\": "
      "\"local:unicast\", \"nodeid\": \"32-50-96-b3-9f-47\", \"time\": 1693566990121469600, "
      "\"variant\": \"RFC4122\", \"version\": 2}");
  ASSERT_REGO(
      bi_uuid_parse(STR("000003e8-48b9-21ee-b207-035096b39f47")),
      "{\"clocksequence\": 12807, \"domain\": \"Domain7\", \"id\": 1000, \"macvariables\": "
      "\"local:multicast\", \"nodeid\": \"03-50-96-b3-9f-47\", \"time\": 1693566990121469600, "
      "\"variant\": \"RFC4122\", \"version\": 2}");
  ASSERT_REGO(bi_uuid_parse(STR("00000000-0000-1000-8000-000000000000")),
              "{\"clocksequence\": 0, \"macvariables\": \"global:unicast\", \"nodeid\": "
              "\"00-00-00-00-00-00\", \"time\": 6227451273709551616, \"variant\": \"RFC4122\", "
              "\"version\": 1}");
  /* not a UUID: undefined, no error */
  ck_assert(bi_uuid_parse(STR("00000000-0000-4000-8000-00000000000")) == NULL);
  ck_assert(bi_uuid_parse(STR("00000000x0000-4000-8000-000000000000")) == NULL);
  ck_assert(bi_uuid_parse(STR("0000000g-0000-4000-8000-000000000000")) == NULL);
  ck_assert(bi_uuid_parse(STR("urn:uuix:00000000-0000-4000-8000-000000000000")) == NULL);
  ck_assert(bi_uuid_parse(STR("")) == NULL);
  ck_assert(!bi_st.has_error);
  ASSERT_TYPE_ERR(bi_uuid_parse(J("1")), "uuid.parse: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_rand_intn) {
  for (int i = 0; i < 50; i++) {
    char key[16];
    int64_t v;
    snprintf(key, sizeof key, "k%d", i);
    rt_value *r = bi_rand_intn(STR(key), J("10"));
    ck_assert(r && rt_num_to_int64(r, &v) && v >= 0 && v < 10);
    ck_assert(rt_equal(bi_rand_intn(STR(key), J("10")), r));
    ck_assert(rt_equal(bi_rand_intn(STR(key), J("-10")), r)); /* keyed by |n| */
  }
  ASSERT_REGO(bi_rand_intn(STR("x"), J("0")), "0");
  ASSERT_REGO(bi_rand_intn(STR("x"), J("1")), "0");
  ASSERT_REGO(bi_rand_intn(STR("x"), J("-1")), "0");
  rt_value *big = bi_rand_intn(STR("big"), J("9223372036854775807"));
  int64_t v;
  ck_assert(big && rt_num_to_int64(big, &v) && v >= 0);
  ck_assert(bi_rand_intn(STR("min"), J("-9223372036854775808")) != NULL);
  rt_eval_serial++;
  ck_assert(!rt_equal(bi_rand_intn(STR("big"), J("9223372036854775807")), big));
  ASSERT_TYPE_ERR(bi_rand_intn(J("1"), J("10")),
                  "rand.intn: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_rand_intn(STR("x"), J("1.5")),
                  "rand.intn: operand 2 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_rand_intn(STR("x"), STR("1")),
                  "rand.intn: operand 2 must be number but got string");
}
END_TEST

BI_SUITE_MAIN("builtins_uuid", test_uuid_rfc4122, test_uuid_parse, test_rand_intn)
