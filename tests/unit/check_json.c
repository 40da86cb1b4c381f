/* check_json.c: unit tests of runtime/json_read.c and runtime/json_write.c.
 *
 * The reader is held to Go's encoding/json (what OPA reads input with): every escape,
 * surrogate pairs and lone surrogates, invalid UTF-8 replaced byte by byte, control
 * characters rejected, numbers kept as written, duplicate keys, the depth and size limits,
 * and the line:column and message of every kind of error. The writer is held to what OPA
 * prints: encoding/json's escaping, sorted keys, sets as arrays, non-string keys as their
 * JSON text, MarshalIndent's layout; and Term.String() for the Rego form. The Docker
 * inputs in the shared folder are round-tripped when present. Each test runs in a fresh
 * arena (checked fixture).
 */
#include "rt_internal.h"

#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef REGOC_SRCDIR
#define REGOC_SRCDIR "."
#endif

static rt_arena *arena;

static void setup(void) {
  arena = rt_arena_new(0);
  rt_arena_use(arena);
}

static void teardown(void) {
  rt_arena_use(NULL);
  rt_arena_free(arena);
}

/* ---- helpers ------------------------------------------------------------------------------ */

static rt_value *parse_n(const char *text, size_t len) {
  rt_json_error err = {0, 0, ""};
  rt_value *v = rt_json_parse(text, len, &err);
  ck_assert_msg(v != NULL, "parse failed at %d:%d: %s (input %s)", err.line, err.col,
                err.message, text);
  return v;
}

static rt_value *P(const char *text) {
  return parse_n(text, strlen(text));
}

/* Asserts that parsing fails at line:col with a message starting with `msg`. */
static void fails_n(const char *text, size_t len, int line, int col, const char *msg) {
  rt_json_error err = {0, 0, ""};
  rt_value *v = rt_json_parse(text, len, &err);
  ck_assert_msg(v == NULL, "parsed but should fail: %s", text);
  ck_assert_msg(err.line == line && err.col == col, "%s: error at %d:%d, want %d:%d (%s)",
                text, err.line, err.col, line, col, err.message);
  ck_assert_msg(strncmp(err.message, msg, strlen(msg)) == 0, "%s: message '%s', want '%s'",
                text, err.message, msg);
}

static void fails(const char *text, int line, int col, const char *msg) {
  fails_n(text, strlen(text), line, col, msg);
}

static const char *W(const rt_value *v, int flags) {
  rt_buf b;
  rt_buf_init(&b, 16);
  rt_json_write(&b, v, flags);
  rt_buf_putc(&b, '\0');
  return b.data;
}

static const char *R(const rt_value *v) {
  rt_buf b;
  rt_buf_init(&b, 16);
  rt_rego_write(&b, v);
  rt_buf_putc(&b, '\0');
  return b.data;
}

/* The bytes of a parsed string document. */
static void str_is(const char *json, const char *want, size_t wantlen) {
  rt_value *v = P(json);
  ck_assert_msg(v->type == RT_STRING, "%s: not a string", json);
  rt_string *s = RT_AS_STR(v);
  ck_assert_msg(s->len == wantlen && memcmp(s->s, want, wantlen) == 0,
                "%s decoded to %u bytes '%.*s'", json, s->len, (int)s->len, s->s);
  ck_assert(s->s[s->len] == '\0');
}
#define STR_IS(json, lit) str_is(json, lit, sizeof(lit) - 1)

static rt_value *S(const char *s) {
  return rt_string_z(s);
}

static rt_value *obj(int n, ...) {
  va_list ap;
  rt_value *o = rt_object_new(0);
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    rt_value *k = va_arg(ap, rt_value *);
    rt_value *v = va_arg(ap, rt_value *);
    rt_object_put(o, k, v);
  }
  va_end(ap);
  return o;
}

static rt_value *arr(int n, ...) {
  va_list ap;
  rt_value *a = rt_array_new(0);
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    rt_array_push(a, va_arg(ap, rt_value *));
  va_end(ap);
  return a;
}

static rt_value *set(int n, ...) {
  va_list ap;
  rt_value *s = rt_set_new(0);
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    rt_set_add(s, va_arg(ap, rt_value *));
  va_end(ap);
  return s;
}

/* ---- reader: scalars ---------------------------------------------------------------------- */

START_TEST(test_scalars) {
  ck_assert_ptr_eq(P("null"), RT_NULLV);
  ck_assert_ptr_eq(P("true"), RT_TRUE);
  ck_assert_ptr_eq(P(" \t\r\nfalse\n"), RT_FALSE);
  struct {
    const char *json;
    bool is_int;
    int64_t i;
  } nums[] = {
      {"0", true, 0},
      {"42", true, 42},
      {"-17", true, -17},
      {"1234567890123456789", true, 1234567890123456789},
      {"9223372036854775807", true, INT64_MAX},
      {"-9223372036854775808", true, INT64_MIN},
      {"9223372036854775808", false, 0},
      {"-9223372036854775809", false, 0},
      {"99999999999999999999", false, 0},
      {"18446744073709551617", false, 0},
      {"-0", false, 0},
      {"1.0", false, 0},
      {"0.1", false, 0},
      {"1e400", false, 0},
      {"1E+2", false, 0},
      {"-2.5e-3", false, 0},
      {"0e0", false, 0},
  };
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
    rt_value *v = P(nums[i].json);
    ck_assert_int_eq(v->type, RT_NUMBER);
    ck_assert_msg(((v->flags & RT_F_INT) != 0) == nums[i].is_int, "%s", nums[i].json);
    if (nums[i].is_int)
      ck_assert(RT_AS_NUM(v)->i == nums[i].i);
    else
      ck_assert_str_eq(RT_AS_NUM(v)->text, nums[i].json); /* kept exactly as written */
    ck_assert_str_eq(W(v, 0), nums[i].json);
  }
  /* the input need not be NUL-terminated */
  rt_value *v = parse_n("123456", 3);
  ck_assert(RT_AS_NUM(v)->i == 123);
  v = parse_n("1.50000", 3);
  ck_assert_str_eq(RT_AS_NUM(v)->text, "1.5");
  ck_assert_int_eq(RT_AS_NUM(v)->len, 3);
}
END_TEST

START_TEST(test_strings) {
  STR_IS("\"\"", "");
  STR_IS("\"abc\"", "abc");
  STR_IS("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t");
  STR_IS("\"\\u0041\\u00e9\\u00E9\\u20ac\"", "A\xc3\xa9\xc3\xa9\xe2\x82\xac");
  STR_IS("\"\\u0000x\"", "\0x");
  STR_IS("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80");
  STR_IS("\"\\uD83D\\uDE00\"", "\xf0\x9f\x98\x80");
  /* lone surrogates become U+FFFD; the escape after an unpaired one stands alone */
  STR_IS("\"\\ud800\"", "\xef\xbf\xbd");
  STR_IS("\"\\udc00\"", "\xef\xbf\xbd");
  STR_IS("\"\\ud800x\"", "\xef\xbf\xbdx");
  STR_IS("\"\\ud800\\u0041\"", "\xef\xbf\xbd"
                               "A");
  STR_IS("\"\\ud800\\ud800\"", "\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\\udc00\\ud800\\udc00\"", "\xef\xbf\xbd\xf0\x90\x80\x80");
  STR_IS("\"\\ud800\\n\"", "\xef\xbf\xbd\n");
  /* raw UTF-8 is kept */
  STR_IS("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  STR_IS("\"\xef\xbf\xbd\"", "\xef\xbf\xbd");
  STR_IS("\"\x7f\"", "\x7f");
  /* each invalid byte becomes U+FFFD, as Go's utf8.DecodeRune reports it */
  STR_IS("\"\xff\"", "\xef\xbf\xbd");
  STR_IS("\"a\xc3\"", "a\xef\xbf\xbd");
  STR_IS("\"\xe2\x82\"", "\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\xed\xa0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\xc0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\xe0\x80\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\xf4\x90\x80\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\xf0\x9f\x98\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  STR_IS("\"\x80\\n\xc3\xa9\"", "\xef\xbf\xbd\n\xc3\xa9");
  STR_IS("\"\\n\xfe\"", "\n\xef\xbf\xbd");
  /* the word-at-a-time scanner: specials at every offset of a long string */
  for (int pos = 0; pos < 40; pos++) {
    char in[64], want[64];
    memset(in, 'a', sizeof in);
    memset(want, 'a', sizeof want);
    in[0] = '"';
    in[pos + 1] = '\\';
    in[pos + 2] = 'n';
    in[45] = '"';
    in[46] = '\0';
    want[pos] = '\n';
    str_is(in, want, 43);
    in[pos + 1] = (char)0xc3;
    in[pos + 2] = (char)0xa9;
    want[pos] = (char)0xc3;
    want[pos + 1] = (char)0xa9;
    str_is(in, want, 44);
    in[pos + 1] = '"'; /* a string that ends here */
    rt_value *v = parse_n(in, (size_t)pos + 2);
    ck_assert_uint_eq(RT_AS_STR(v)->len, (uint32_t)pos);
  }
}
END_TEST

START_TEST(test_string_errors) {
  fails("\"a\nb\"", 1, 3, "invalid control character U+000A in string");
  fails("\"\x01\"", 1, 2, "invalid control character U+0001 in string");
  fails("[\"abcdefghijkl\x1fmnop\"]", 1, 15, "invalid control character U+001F");
  fails("\"\\n\t\"", 1, 4, "invalid control character U+0009");
  fails("\"abc", 1, 1, "unterminated string");
  fails("[1,\n  \"abcdefghijklmnopqrstuvwxyz", 2, 3, "unterminated string");
  fails("\"abc\\", 1, 1, "unterminated string");
  fails("\"abc\\u12", 1, 1, "unterminated string");
  fails("\"\xc3\xa9\\", 1, 1, "unterminated string");
  fails("\"\\x\"", 1, 2, "invalid escape '\\x' in string");
  fails("\"ab\\'\"", 1, 4, "invalid escape '\\'' in string");
  fails("\"\\\x01\"", 1, 2, "invalid escape in string");
  fails("\"\\u12G4\"", 1, 2, "invalid \\u escape in string");
  fails("\"\\u12\"", 1, 2, "invalid \\u escape in string");
  fails("\"\\u12x", 1, 2, "invalid \\u escape in string");
  fails("\"\\ud800\\uZZZZ\"", 1, 8, "invalid \\u escape in string");
}
END_TEST

/* ---- reader: structure -------------------------------------------------------------------- */

START_TEST(test_containers) {
  rt_value *v = P("[]");
  ck_assert_int_eq(v->type, RT_ARRAY);
  ck_assert_uint_eq(rt_array_len(v), 0);
  v = P("{}");
  ck_assert_int_eq(v->type, RT_OBJECT);
  ck_assert_uint_eq(rt_object_len(v), 0);
  v = P(" { \"a\" : [ 1 , 2.5 , \"x\" , { } , [ ] ] , \"b\" :null } ");
  ck_assert_uint_eq(rt_object_len(v), 2);
  rt_value *a = rt_object_get_str(v, "a", 1);
  ck_assert_uint_eq(rt_array_len(a), 5);
  ck_assert(RT_AS_NUM(rt_array_at(a, 0))->i == 1);
  ck_assert_str_eq(RT_AS_NUM(rt_array_at(a, 1))->text, "2.5");
  ck_assert_ptr_eq(rt_object_get_str(v, "b", 1), RT_NULLV);
  ck_assert(rt_equal(v, obj(2, S("a"), arr(5, rt_int(1), rt_number_text("2.5", 3), S("x"),
                                             rt_object_new(0), rt_array_new(0)),
                            S("b"), RT_NULLV)));
  /* duplicate keys: the last value wins */
  v = P("{\"a\":1,\"b\":2,\"a\":3}");
  ck_assert_uint_eq(rt_object_len(v), 2);
  ck_assert(RT_AS_NUM(rt_object_get_str(v, "a", 1))->i == 3);
  ck_assert(RT_AS_NUM(rt_object_get_str(v, "b", 1))->i == 2);
  v = P("{\"k\":{\"x\":1},\"k\":[true]}");
  ck_assert(rt_equal(rt_object_get_str(v, "k", 1), arr(1, RT_TRUE)));
  /* escaped and plain spellings of one key are the same key */
  v = P("{\"\\u0061\":1,\"a\":2}");
  ck_assert_uint_eq(rt_object_len(v), 1);
  /* a long array and an object with many keys (value stack growth) */
  rt_buf b;
  rt_buf_init(&b, 1 << 16);
  rt_buf_putc(&b, '[');
  for (int i = 0; i < 5000; i++)
    rt_buf_printf(&b, "%s[%d,{\"k%d\":\"v\"}]", i ? "," : "", i, i);
  rt_buf_putc(&b, ']');
  v = parse_n(b.data, b.len);
  ck_assert_uint_eq(rt_array_len(v), 5000);
  ck_assert(RT_AS_NUM(rt_array_at(rt_array_at(v, 4321), 0))->i == 4321);
  rt_buf_init(&b, 1 << 16);
  rt_buf_putc(&b, '{');
  for (int i = 0; i < 3000; i++)
    rt_buf_printf(&b, "%s\"key%d\":%d", i ? "," : "", i, i);
  rt_buf_putc(&b, '}');
  v = parse_n(b.data, b.len);
  ck_assert_uint_eq(rt_object_len(v), 3000);
  ck_assert(RT_AS_NUM(rt_object_get_str(v, "key2999", 7))->i == 2999);
  /* a long string with escapes (scratch growth) */
  rt_buf_init(&b, 1 << 16);
  rt_buf_putc(&b, '"');
  for (int i = 0; i < 4000; i++)
    rt_buf_puts(&b, "ab\\n\\u00e9");
  rt_buf_putc(&b, '"');
  v = parse_n(b.data, b.len);
  ck_assert_uint_eq(RT_AS_STR(v)->len, 4000 * 5);
}
END_TEST

START_TEST(test_syntax_errors) {
  fails("", 1, 1, "unexpected end of input");
  fails("   ", 1, 4, "unexpected end of input");
  fails("\n\n", 3, 1, "unexpected end of input");
  fails("[1,2", 1, 5, "unexpected end of input");
  fails("[1,", 1, 4, "unexpected end of input");
  fails("{\"a\"", 1, 5, "unexpected end of input");
  fails("{\"a\":", 1, 6, "unexpected end of input");
  fails("{", 1, 2, "unexpected end of input");
  fails("[1 2]", 1, 4, "unexpected character '2', expected ',' or ']'");
  fails("{\"a\":1 \"b\":2}", 1, 8, "unexpected character '\"', expected ',' or '}'");
  fails("{\"a\" 1}", 1, 6, "unexpected character '1', expected ':'");
  fails("{1:2}", 1, 2, "unexpected character '1', expected a string (object key)");
  fails("{\"a\":1,}", 1, 8, "unexpected character '}', expected a string");
  fails("[1,]", 1, 4, "unexpected character ']', expected a value");
  fails("[,1]", 1, 2, "unexpected character ',', expected a value");
  fails("[1]x", 1, 4, "unexpected character 'x', expected end of input after the document");
  fails("1 2", 1, 3, "unexpected character '2'");
  fails("{} {}", 1, 4, "unexpected character '{'");
  fails("\n\n  @", 3, 3, "unexpected character '@', expected a value");
  fails("{\"a\":\n [1,\n  tru]}", 3, 3, "invalid literal");
  fails("nul", 1, 4, "unexpected end of input");
  fails("True", 1, 1, "unexpected character 'T'");
  fails("nulL", 1, 1, "invalid literal");
  fails("01", 1, 1, "invalid number: leading zero");
  fails("-01", 1, 1, "invalid number: leading zero");
  fails("-", 1, 2, "unexpected end of input");
  fails("-a", 1, 1, "invalid number");
  fails("[-]", 1, 1 + 1, "invalid number");
  fails("1.", 1, 3, "unexpected end of input");
  fails("1.x", 1, 1, "invalid number: digit expected after '.'");
  fails("[1.e5]", 1, 2, "invalid number: digit expected after '.'");
  fails("1e", 1, 3, "unexpected end of input");
  fails("1e+", 1, 4, "unexpected end of input");
  fails("1e+x", 1, 1, "invalid number: digit expected in exponent");
  fails(".5", 1, 1, "unexpected character '.'");
  fails("+1", 1, 1, "unexpected character '+'");
  fails("[NaN]", 1, 2, "unexpected character 'N'");
  fails("\xef\xbb\xbf{}", 1, 1, "unexpected byte 0xef");
  fails("'a'", 1, 1, "unexpected character '''");
  fails_n("[1]\0", 4, 1, 4, "unexpected byte 0x00");
  fails_n("[\0]", 3, 1, 2, "unexpected byte 0x00");
  /* columns count bytes; lines count LF */
  fails("\"\xc3\xa9\" x", 1, 6, "unexpected character 'x'");
  fails("[\"a\",\r\n 1,\r\n \"b\" :", 3, 6, "unexpected character ':'");
  /* no error record: still NULL, no crash */
  ck_assert_ptr_null(rt_json_parse("[1,", 3, NULL));
  ck_assert_ptr_null(rt_json_parse("\"\\x\"", 4, NULL));
}
END_TEST

static char *nested(int depth, const char *open, const char *close, const char *inner) {
  size_t lo = strlen(open), lc = strlen(close), li = strlen(inner);
  char *s = malloc((size_t)depth * (lo + lc) + li + 1), *p = s;
  for (int i = 0; i < depth; i++, p += lo)
    memcpy(p, open, lo);
  memcpy(p, inner, li);
  p += li;
  for (int i = 0; i < depth; i++, p += lc)
    memcpy(p, close, lc);
  *p = '\0';
  return s;
}

START_TEST(test_depth_limit) {
  char *s = nested(RT_JSON_MAX_DEPTH, "[", "]", "1");
  rt_value *v = P(s);
  for (int i = 0; i < RT_JSON_MAX_DEPTH - 1; i++)
    v = rt_array_at(v, 0);
  ck_assert(RT_AS_NUM(rt_array_at(v, 0))->i == 1);
  free(s);
  s = nested(RT_JSON_MAX_DEPTH, "[", "]", "");
  P(s); /* the innermost one is empty */
  free(s);
  s = nested(RT_JSON_MAX_DEPTH, "{\"a\":", "}", "[]");
  fails(s, 1, RT_JSON_MAX_DEPTH * 5 + 1, "nesting deeper than 1000");
  free(s);
  s = nested(RT_JSON_MAX_DEPTH + 1, "[", "]", "");
  fails(s, 1, RT_JSON_MAX_DEPTH + 1, "nesting deeper than 1000");
  free(s);
  s = nested(RT_JSON_MAX_DEPTH - 1, "{\"a\":", "}", "{}");
  P(s);
  free(s);
  /* far deeper input fails the same way, without using the C stack */
  s = nested(200000, "[", "]", "");
  fails(s, 1, RT_JSON_MAX_DEPTH + 1, "nesting deeper than 1000");
  free(s);
}
END_TEST

START_TEST(test_size_limit) {
  /* the size is checked before a byte is read */
  static const char small[] = "[]";
  fails_n(small, RT_JSON_MAX_SIZE + 1, 1, 1, "document larger than 1073741824 bytes");
}
END_TEST

/* ---- writer ------------------------------------------------------------------------------- */

START_TEST(test_write_compact) {
  ck_assert_str_eq(W(RT_NULLV, 0), "null");
  ck_assert_str_eq(W(RT_TRUE, 0), "true");
  ck_assert_str_eq(W(RT_FALSE, 0), "false");
  ck_assert_str_eq(W(rt_int(-42), 0), "-42");
  ck_assert_str_eq(W(rt_int(INT64_MIN), 0), "-9223372036854775808");
  ck_assert_str_eq(W(rt_number_text("1.0", 3), 0), "1.0");
  ck_assert_str_eq(W(rt_number_text("1e400", 5), 0), "1e400");
  /* number texts JSON lacks are written in JSON form */
  const char *odd[][2] = {{"+5", "5"},     {".5", "0.5"},     {"-.5e3", "-0.5e3"}, {"5.", "5"},
                          {"007", "7"},    {"-00.10", "-0.10"}, {"000", "0"},     {"+0.e1", "0e1"},
                          {"1.5E+3", "1.5E+3"}, {"-0", "-0"}};
  for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
    rt_value *num = rt_number_text(odd[i][0], strlen(odd[i][0]));
    ck_assert_str_eq(W(num, 0), odd[i][1]);
    ck_assert_str_eq(R(num), odd[i][0]); /* Term.String() prints the text as it is */
  }
  ck_assert_str_eq(W(rt_array_new(0), 0), "[]");
  ck_assert_str_eq(W(rt_object_new(0), 0), "{}");
  ck_assert_str_eq(W(rt_set_new(0), 0), "[]");
  rt_value *v = obj(3, S("b"), arr(2, rt_int(1), rt_int(2)), S("a"), S("x"), S("A"), RT_NULLV);
  ck_assert_str_eq(W(v, 0), "{\"A\":null,\"a\":\"x\",\"b\":[1,2]}");
  /* sets become arrays in Rego's order: null < bool < number < string < array < object */
  v = set(7, S("s"), rt_int(3), RT_TRUE, RT_NULLV, arr(0), rt_number_text("1.5", 3),
          obj(1, S("k"), rt_int(1)));
  ck_assert_str_eq(W(v, 0), "[null,true,1.5,3,\"s\",[],{\"k\":1}]");
  ck_assert_str_eq(W(set(2, set(1, rt_int(2)), set(0)), 0), "[[],[2]]");
  /* round trip of a parsed document */
  const char *doc = "{\"a\":[1,2.50,-0,1e400,{\"z\":\"\\u00e9\",\"y\":[]}],\"b\":{}}";
  ck_assert_str_eq(W(P(doc), 0),
                   "{\"a\":[1,2.50,-0,1e400,{\"y\":[],\"z\":\"\xc3\xa9\"}],\"b\":{}}");
}
END_TEST

START_TEST(test_write_escapes) {
  ck_assert_str_eq(W(S("plain / text"), 0), "\"plain / text\"");
  ck_assert_str_eq(W(S("q\"b\\"), 0), "\"q\\\"b\\\\\"");
  ck_assert_str_eq(W(S("\b\f\n\r\t"), 0), "\"\\b\\f\\n\\r\\t\"");
  ck_assert_str_eq(W(S("\x01\x1f\x0b"), 0), "\"\\u0001\\u001f\\u000b\"");
  ck_assert_str_eq(W(rt_string_n("a\0b", 3), 0), "\"a\\u0000b\"");
  ck_assert_str_eq(W(S("\x7f"), 0), "\"\x7f\"");
  ck_assert_str_eq(W(S("<a href='x'>&amp;</a>"), 0),
                   "\"\\u003ca href='x'\\u003e\\u0026amp;\\u003c/a\\u003e\"");
  ck_assert_str_eq(W(S("<&>"), 0x02 /* RT_JSON_NO_HTML_ESCAPE */), "\"<&>\"");
  ck_assert_str_eq(W(S("\xe2\x80\xa8|\xe2\x80\xa9|\xe2\x80\xaa"), 0),
                   "\"\\u2028|\\u2029|\xe2\x80\xaa\"");
  ck_assert_str_eq(W(S("\xc3\xa9\xf0\x9f\x98\x80"), 0), "\"\xc3\xa9\xf0\x9f\x98\x80\"");
  /* invalid UTF-8: one \ufffd per bad byte */
  ck_assert_str_eq(W(S("a\xff" "b"), 0), "\"a\\ufffdb\"");
  ck_assert_str_eq(W(S("\xe2\x82"), 0), "\"\\ufffd\\ufffd\"");
  ck_assert_str_eq(W(S("\xed\xa0\x80"), 0), "\"\\ufffd\\ufffd\\ufffd\"");
  ck_assert_str_eq(W(S("\xf0\x9f\x98"), 0), "\"\\ufffd\\ufffd\\ufffd\"");
  ck_assert_str_eq(W(S("\xc0\xaf"), 0), "\"\\ufffd\\ufffd\"");
  /* escapes in keys too */
  ck_assert_str_eq(W(obj(1, S("<k>\n"), rt_int(1)), 0), "{\"\\u003ck\\u003e\\n\":1}");
}
END_TEST

START_TEST(test_write_nonstring_keys) {
  /* ast.JSON makes a non-string key its JSON text; Go then sorts keys as strings */
  rt_value *v = obj(2, rt_int(1), S("a"), S("b"), rt_int(2));
  ck_assert_str_eq(W(v, 0), "{\"1\":\"a\",\"b\":2}");
  v = obj(3, rt_int(10), rt_int(1), rt_int(9), rt_int(2), rt_number_text("1.5", 3), RT_TRUE);
  ck_assert_str_eq(W(v, 0), "{\"1.5\":true,\"10\":1,\"9\":2}");
  v = obj(1, arr(2, rt_int(1), S("x<")), RT_TRUE);
  /* the key text is [1,"x\u003c"] (a default encoder escapes HTML), then quoted */
  ck_assert_str_eq(W(v, 0), "{\"[1,\\\"x\\\\u003c\\\"]\":true}");
  ck_assert_str_eq(W(v, 0x02), "{\"[1,\\\"x\\\\u003c\\\"]\":true}");
  v = obj(3, RT_NULLV, rt_int(0), RT_FALSE, rt_int(1), set(2, rt_int(2), rt_int(1)), rt_int(2));
  ck_assert_str_eq(W(v, 0), "{\"[1,2]\":2,\"false\":1,\"null\":0}");
  v = obj(1, obj(1, S("b"), rt_int(1)), rt_int(3));
  ck_assert_str_eq(W(v, 0), "{\"{\\\"b\\\":1}\":3}");
  /* colliding texts: the last key in Rego's order (the string) wins */
  v = obj(2, rt_int(1), S("num"), S("1"), S("str"));
  ck_assert_str_eq(W(v, 0), "{\"1\":\"str\"}");
  v = obj(2, S("1"), S("str"), rt_int(1), S("num"));
  ck_assert_str_eq(W(v, 0), "{\"1\":\"str\"}");
  v = obj(3, rt_int(1), S("int"), rt_number_text("1.0", 3), S("float"), S("x"), S("y"));
  ck_assert_uint_eq(rt_object_len(v), 2); /* 1 and 1.0 are one key */
  ck_assert_str_eq(W(v, RT_JSON_PRETTY), "{\n  \"1\": \"float\",\n  \"x\": \"y\"\n}");
}
END_TEST

START_TEST(test_write_pretty) {
  rt_value *v = obj(3, S("b"), arr(0), S("a"), arr(2, rt_int(1), rt_object_new(0)), S("c"),
                    obj(1, S("d"), set(2, S("y"), S("x"))));
  ck_assert_str_eq(W(v, RT_JSON_PRETTY), "{\n"
                                         "  \"a\": [\n"
                                         "    1,\n"
                                         "    {}\n"
                                         "  ],\n"
                                         "  \"b\": [],\n"
                                         "  \"c\": {\n"
                                         "    \"d\": [\n"
                                         "      \"x\",\n"
                                         "      \"y\"\n"
                                         "    ]\n"
                                         "  }\n"
                                         "}");
  ck_assert_str_eq(W(rt_int(1), RT_JSON_PRETTY), "1");
  ck_assert_str_eq(W(S("<"), RT_JSON_PRETTY), "\"\\u003c\"");
  ck_assert_str_eq(W(rt_object_new(0), RT_JSON_PRETTY), "{}");
  ck_assert_str_eq(W(set(0), RT_JSON_PRETTY), "[]");
  ck_assert_str_eq(W(arr(1, arr(0)), RT_JSON_PRETTY), "[\n  []\n]");
}
END_TEST

START_TEST(test_write_rego) {
  ck_assert_str_eq(R(RT_NULLV), "null");
  ck_assert_str_eq(R(RT_TRUE), "true");
  ck_assert_str_eq(R(RT_FALSE), "false");
  ck_assert_str_eq(R(rt_int(-3)), "-3");
  ck_assert_str_eq(R(rt_number_text("1e3", 3)), "1e3");
  ck_assert_str_eq(R(S("hi")), "\"hi\"");
  /* strconv.Quote */
  ck_assert_str_eq(R(S("a\"b\\c")), "\"a\\\"b\\\\c\"");
  ck_assert_str_eq(R(S("\a\b\f\n\r\t\v")), "\"\\a\\b\\f\\n\\r\\t\\v\"");
  ck_assert_str_eq(R(S("\x01\x1f\x7f")), "\"\\x01\\x1f\\x7f\"");
  ck_assert_str_eq(R(rt_string_n("\0", 1)), "\"\\x00\"");
  ck_assert_str_eq(R(S("<&>'/")), "\"<&>'/\"");
  ck_assert_str_eq(R(S("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")),
                   "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
  ck_assert_str_eq(R(S("\xc2\xa0")), "\"\\u00a0\"");          /* NBSP is not printable */
  ck_assert_str_eq(R(S("\xc2\x85")), "\"\\u0085\"");          /* C1 control */
  ck_assert_str_eq(R(S("\xe2\x80\xa8")), "\"\\u2028\"");      /* line separator */
  ck_assert_str_eq(R(S("\xee\x80\x80")), "\"\\ue000\"");      /* private use */
  ck_assert_str_eq(R(S("\xf4\x8f\xbf\xbf")), "\"\\U0010ffff\""); /* noncharacter */
  ck_assert_str_eq(R(S("\xf0\x9d\x90\x80")), "\"\xf0\x9d\x90\x80\""); /* math bold A */
  ck_assert_str_eq(R(S("\xef\xbf\xbd")), "\"\xef\xbf\xbd\"");
  ck_assert_str_eq(R(S("a\xff" "b\xe2\x82")), "\"a\\xffb\\xe2\\x82\"");
  ck_assert_str_eq(R(S("\xcc\x81")), "\"\xcc\x81\""); /* combining mark: printable */
  /* composites */
  ck_assert_str_eq(R(arr(0)), "[]");
  ck_assert_str_eq(R(arr(3, rt_int(1), S("a"), arr(2, RT_TRUE, RT_NULLV))),
                   "[1, \"a\", [true, null]]");
  ck_assert_str_eq(R(set(0)), "set()");
  ck_assert_str_eq(R(set(3, S("a"), rt_int(2), rt_int(1))), "{1, 2, \"a\"}");
  ck_assert_str_eq(R(set(1, set(0))), "{set()}");
  ck_assert_str_eq(R(rt_object_new(0)), "{}");
  ck_assert_str_eq(R(obj(2, S("b"), rt_int(1), S("a"), arr(1, rt_int(1)))),
                   "{\"a\": [1], \"b\": 1}");
  ck_assert_str_eq(R(obj(2, rt_int(1), rt_int(2), arr(1, S("k")), set(1, RT_FALSE))),
                   "{1: 2, [\"k\"]: {false}}");
}
END_TEST

/* ---- round trips -------------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  ck_assert_uint_eq(got, (size_t)n);
  *len = (size_t)n;
  return buf;
}

START_TEST(test_docker_inputs_round_trip) {
  const char *dir = REGOC_SRCDIR "/../shared/spec/docker/inputs";
  DIR *d = opendir(dir);
  if (!d)
    return; /* the shared folder is optional */
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 5, ".json") != 0)
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    size_t len;
    char *text = slurp(path, &len);
    ck_assert_ptr_nonnull(text);
    rt_value *v = parse_n(text, len);
    for (int flags = 0; flags <= RT_JSON_PRETTY; flags++) {
      const char *out = W(v, flags);
      rt_value *back = P(out);
      ck_assert_msg(rt_equal(v, back), "%s does not round-trip (flags %d)", path, flags);
      ck_assert_str_eq(W(back, flags), out); /* writing is deterministic */
    }
    free(text);
    n++;
  }
  closedir(d);
  ck_assert_int_gt(n, 0);
}
END_TEST

START_TEST(test_random_round_trip) {
  /* random strings of arbitrary bytes: write then read gives the bytes back, with each
   * invalid UTF-8 byte turned into U+FFFD (so valid UTF-8 round-trips exactly) */
  srand(11);
  for (int iter = 0; iter < 3000; iter++) {
    char buf[64];
    size_t n = (size_t)(rand() % 40);
    bool ascii = iter % 2;
    for (size_t i = 0; i < n; i++)
      buf[i] = (char)(ascii ? rand() % 128 : rand() % 256);
    rt_value *s = rt_string_n(buf, n);
    rt_value *back = P(W(s, iter % 3 == 0 ? 0x02 : 0));
    if (rt_utf8_valid(buf, n)) {
      ck_assert(rt_equal(s, back));
    } else {
      ck_assert(rt_utf8_valid(RT_AS_STR(back)->s, RT_AS_STR(back)->len));
      ck_assert(rt_equal(P(W(back, 0)), back)); /* stable after one pass */
    }
  }
}
END_TEST

static Suite *json_suite(void) {
  Suite *s = suite_create("json");
  TCase *tc = tcase_create("json");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_scalars);
  tcase_add_test(tc, test_strings);
  tcase_add_test(tc, test_string_errors);
  tcase_add_test(tc, test_containers);
  tcase_add_test(tc, test_syntax_errors);
  tcase_add_test(tc, test_depth_limit);
  tcase_add_test(tc, test_size_limit);
  tcase_add_test(tc, test_write_compact);
  tcase_add_test(tc, test_write_escapes);
  tcase_add_test(tc, test_write_nonstring_keys);
  tcase_add_test(tc, test_write_pretty);
  tcase_add_test(tc, test_write_rego);
  tcase_add_test(tc, test_docker_inputs_round_trip);
  tcase_add_test(tc, test_random_round_trip);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(json_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
