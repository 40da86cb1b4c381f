/* check_utf8.c: unit tests of runtime/utf8.c — Go-compatible UTF-8 decoding (each invalid
 * byte is one U+FFFD), encoding, code point offsets, and the rt_buf byte buffer.
 *
 * The expected values for invalid input are what Go's unicode/utf8 gives (RuneCountInString,
 * DecodeRuneInString, EncodeRune), since OPA's string builtins are built on it. A round trip
 * over every scalar value checks encoder and decoder against each other.
 */
#include "rt.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static rt_arena *arena;

static void setup(void) {
  arena = rt_arena_new(0);
  rt_arena_use(arena);
}

static void teardown(void) {
  rt_arena_use(NULL);
  rt_arena_free(arena);
}

#define VALID(lit) rt_utf8_valid(lit, sizeof(lit) - 1)
#define COUNT(lit) rt_utf8_count(lit, sizeof(lit) - 1)

START_TEST(test_valid) {
  ck_assert(VALID(""));
  ck_assert(VALID("plain ascii"));
  ck_assert(VALID("a\0b")); /* NUL is a valid code point */
  ck_assert(VALID("\x7f"));
  ck_assert(VALID("\xc2\x80"));         /* U+0080 */
  ck_assert(VALID("\xdf\xbf"));         /* U+07FF */
  ck_assert(VALID("\xe0\xa0\x80"));     /* U+0800 */
  ck_assert(VALID("\xed\x9f\xbf"));     /* U+D7FF */
  ck_assert(VALID("\xee\x80\x80"));     /* U+E000 */
  ck_assert(VALID("\xef\xbf\xbd"));     /* U+FFFD itself */
  ck_assert(VALID("\xef\xbf\xbf"));     /* U+FFFF */
  ck_assert(VALID("\xf0\x90\x80\x80")); /* U+10000 */
  ck_assert(VALID("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
  ck_assert(VALID("h\xc3\xa9llo w\xc3\xb6rld \xf0\x9f\x98\x80"));
  ck_assert(!VALID("\x80")); /* lone continuation */
  ck_assert(!VALID("\xbf"));
  ck_assert(!VALID("\xc0\x80"));         /* overlong NUL */
  ck_assert(!VALID("\xc1\xbf"));         /* overlong */
  ck_assert(!VALID("\xe0\x80\x80"));     /* overlong */
  ck_assert(!VALID("\xe0\x9f\xbf"));     /* overlong */
  ck_assert(!VALID("\xf0\x8f\xbf\xbf")); /* overlong */
  ck_assert(!VALID("\xed\xa0\x80"));     /* surrogate U+D800 */
  ck_assert(!VALID("\xed\xbf\xbf"));     /* surrogate U+DFFF */
  ck_assert(!VALID("\xf4\x90\x80\x80")); /* U+110000 */
  ck_assert(!VALID("\xf5\x80\x80\x80"));
  ck_assert(!VALID("\xff"));
  ck_assert(!VALID("\xe2\x82"));  /* truncated */
  ck_assert(!VALID("\xe2\x82x")); /* bad continuation */
  ck_assert(!VALID("\xf0\x9f\x98"));
  ck_assert(!VALID("abc\xc3"));
  /* The length bounds the scan: a sequence cut by len is invalid. */
  ck_assert(!rt_utf8_valid("\xc3\xa9", 1));
  ck_assert(rt_utf8_valid("\xc3\xa9\xff", 2));
}
END_TEST

START_TEST(test_count) {
  ck_assert_uint_eq(COUNT(""), 0);
  ck_assert_uint_eq(COUNT("abc"), 3);
  ck_assert_uint_eq(COUNT("h\xc3\xa9llo"), 5);
  ck_assert_uint_eq(COUNT("\xf0\x9f\x98\x80!"), 2);
  ck_assert_uint_eq(COUNT("\xff\xfe"), 2);
  ck_assert_uint_eq(COUNT("\xe2\x82"), 2);     /* truncated: each byte on its own */
  ck_assert_uint_eq(COUNT("\xe2\x82\xac"), 1); /* euro sign */
  ck_assert_uint_eq(COUNT("\xed\xa0\x80"), 3); /* surrogate: three errors */
  ck_assert_uint_eq(COUNT("a\xc0\x80z"), 4);
  ck_assert_uint_eq(COUNT("\xf4\x90\x80\x80"), 4);
}
END_TEST

START_TEST(test_next) {
  const char s[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff\xe2\x82"
                   "b\xef\xbf\xbd";
  size_t len = sizeof s - 1, i = 0;
  struct {
    uint32_t cp;
    size_t at;
  } want[] = {{'a', 1},     {0xE9, 3},    {0x20AC, 6}, {0x1F600, 10}, {0xFFFD, 11},
              {0xFFFD, 12}, {0xFFFD, 13}, {'b', 14},   {0xFFFD, 17}};
  for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
    ck_assert_uint_eq(rt_utf8_next(s, len, &i), want[k].cp);
    ck_assert_uint_eq(i, want[k].at);
  }
  ck_assert_uint_eq(i, len);
  /* A multi-byte sequence cut by the length is an error of one byte. */
  i = 0;
  ck_assert_uint_eq(rt_utf8_next("\xc3\xa9", 1, &i), 0xFFFD);
  ck_assert_uint_eq(i, 1);
}
END_TEST

START_TEST(test_encode) {
  char out[4];
  ck_assert_uint_eq(rt_utf8_encode(0, out), 1);
  ck_assert_int_eq(out[0], 0);
  ck_assert_uint_eq(rt_utf8_encode('A', out), 1);
  ck_assert_int_eq(out[0], 'A');
  ck_assert_uint_eq(rt_utf8_encode(0xE9, out), 2);
  ck_assert_int_eq(memcmp(out, "\xc3\xa9", 2), 0);
  ck_assert_uint_eq(rt_utf8_encode(0x20AC, out), 3);
  ck_assert_int_eq(memcmp(out, "\xe2\x82\xac", 3), 0);
  ck_assert_uint_eq(rt_utf8_encode(0x10FFFF, out), 4);
  ck_assert_int_eq(memcmp(out, "\xf4\x8f\xbf\xbf", 4), 0);
  /* Surrogates and values beyond U+10FFFF encode U+FFFD, as Go's EncodeRune does. */
  ck_assert_uint_eq(rt_utf8_encode(0xD800, out), 3);
  ck_assert_int_eq(memcmp(out, "\xef\xbf\xbd", 3), 0);
  ck_assert_uint_eq(rt_utf8_encode(0x110000, out), 3);
  ck_assert_int_eq(memcmp(out, "\xef\xbf\xbd", 3), 0);
  ck_assert_uint_eq(rt_utf8_encode(UINT32_MAX, out), 3);
}
END_TEST

START_TEST(test_roundtrip) {
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    char out[4];
    size_t n = rt_utf8_encode(cp, out), i = 0;
    size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    /* Plain checks: Check's per-assertion bookkeeping would dominate 1.1M iterations. */
    if (n != want || !rt_utf8_valid(out, n) || rt_utf8_count(out, n) != 1 ||
        rt_utf8_next(out, n, &i) != cp || i != n)
      ck_abort_msg("round trip of U+%04X failed", (unsigned)cp);
  }
}
END_TEST

START_TEST(test_offset) {
  const char s[] = "h\xc3\xa9llo\xff!";
  size_t len = sizeof s - 1;
  ck_assert_uint_eq(rt_utf8_offset(s, len, 0), 0);
  ck_assert_uint_eq(rt_utf8_offset(s, len, 1), 1);
  ck_assert_uint_eq(rt_utf8_offset(s, len, 2), 3);
  ck_assert_uint_eq(rt_utf8_offset(s, len, 5), 6);
  ck_assert_uint_eq(rt_utf8_offset(s, len, 6), 7); /* after the invalid byte */
  ck_assert_uint_eq(rt_utf8_offset(s, len, 7), len);
  ck_assert_uint_eq(rt_utf8_offset(s, len, 100), len);
  ck_assert_uint_eq(rt_utf8_offset("", 0, 3), 0);
}
END_TEST

/* ---- rt_buf ------------------------------------------------------------------------------- */

START_TEST(test_buf) {
  rt_buf b;
  rt_buf_init(&b, 0);
  ck_assert_uint_eq(b.len, 0);
  rt_buf_puts(&b, "abc");
  rt_buf_putc(&b, '-');
  rt_buf_put(&b, "x\0y", 3);
  rt_buf_put(&b, NULL, 0);
  rt_buf_printf(&b, "%d:%s", 42, "z");
  ck_assert_uint_eq(b.len, 11);
  ck_assert_int_eq(memcmp(b.data, "abc-x\0y42:z", 11), 0);
  rt_value *s = rt_buf_string(&b);
  ck_assert_int_eq(RT_AS_STR(s)->len, 11);
  ck_assert_int_eq(RT_AS_STR(s)->s[11], '\0');
  ck_assert_ptr_eq(RT_AS_STR(s)->s, b.data); /* no copy */
}
END_TEST

START_TEST(test_buf_growth) {
  rt_buf b = {0}; /* a zeroed buffer works without rt_buf_init */
  char big[3000];
  memset(big, 'q', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  for (int i = 0; i < 1000; i++)
    rt_buf_putc(&b, (char)('a' + i % 26));
  rt_buf_printf(&b, "[%s]", big); /* longer than the space left: formatted twice */
  rt_buf_printf(&b, "%s", "");
  ck_assert_uint_eq(b.len, 1000 + 2 + 2999);
  ck_assert_int_eq(b.data[999], 'a' + 999 % 26);
  ck_assert_int_eq(b.data[1000], '[');
  ck_assert_int_eq(b.data[1001 + 2998], 'q');
  ck_assert_int_eq(b.data[b.len - 1], ']');
  rt_value *s = rt_buf_string(&b);
  ck_assert_uint_eq(strlen(RT_AS_STR(s)->s), b.len);
  rt_buf c;
  rt_buf_init(&c, 100);
  ck_assert_uint_gt(c.cap, 100);
  rt_value *e = rt_buf_string(&c);
  ck_assert_int_eq(RT_AS_STR(e)->len, 0);
  ck_assert_str_eq(RT_AS_STR(e)->s, "");
}
END_TEST

int main(void) {
  SRunner *sr = srunner_create(NULL);
  Suite *s = suite_create("utf8");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_valid);
  tcase_add_test(tc, test_count);
  tcase_add_test(tc, test_next);
  tcase_add_test(tc, test_encode);
  tcase_add_test(tc, test_roundtrip);
  tcase_add_test(tc, test_offset);
  tcase_add_test(tc, test_buf);
  tcase_add_test(tc, test_buf_growth);
  suite_add_tcase(s, tc);
  srunner_add_suite(sr, s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
