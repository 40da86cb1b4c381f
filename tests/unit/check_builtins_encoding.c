/* check_builtins_encoding.c: unit tests of stdlib/bi_encoding.c (base64, base64url, hex,
 * urlquery, uri): Go's exact outputs and error offsets, binary and invalid UTF-8 data,
 * empty inputs and every error path, beyond what the conformance cases cover.
 */
#include "bi_check.h"

/* A string result holding exactly the n bytes of want (which may contain NULs). */
#define ASSERT_BYTES(v, want, n)                                                                   \
  do {                                                                                             \
    const rt_value *v_ = (v);                                                                      \
    ck_assert_msg(v_ &&rt_is(v_, RT_STRING), "not a string: %s", REGO(v_));                        \
    ck_assert_uint_eq(RT_AS_STR(v_)->len, (n));                                                    \
    ck_assert(memcmp(RT_AS_STR(v_)->s, (want), (n)) == 0);                                         \
  } while (0)

static rt_value *BYTES(const char *s, size_t n) {
  return rt_string_n(s, n);
}

START_TEST(test_base64_encode) {
  ASSERT_TXT(bi_base64_encode(STR("")), "");
  ASSERT_TXT(bi_base64_encode(STR("f")), "Zg==");
  ASSERT_TXT(bi_base64_encode(STR("fo")), "Zm8=");
  ASSERT_TXT(bi_base64_encode(STR("foo")), "Zm9v");
  ASSERT_TXT(bi_base64_encode(STR("foobar")), "Zm9vYmFy");
  ASSERT_TXT(bi_base64_encode(BYTES("\xff\xfe", 2)), "//4=");
  ASSERT_TXT(bi_base64_encode(BYTES("\0", 1)), "AA==");
  ASSERT_TXT(bi_base64url_encode(BYTES("\xff\xfe", 2)), "__4=");
  ASSERT_TXT(bi_base64url_encode(BYTES("\xfb\xff", 2)), "-_8=");
  ASSERT_TXT(bi_base64url_encode_no_pad(BYTES("\xfb\xff", 2)), "-_8");
  ASSERT_TXT(bi_base64url_encode_no_pad(STR("")), "");
  ASSERT_TXT(bi_base64url_encode_no_pad(STR("foo")), "Zm9v");
  ASSERT_TYPE_ERR(bi_base64_encode(J("1")),
                  "base64.encode: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_base64url_encode(J("[]")),
                  "base64url.encode: operand 1 must be string but got array");
  ASSERT_TYPE_ERR(bi_base64url_encode_no_pad(J("null")),
                  "base64url.encode_no_pad: operand 1 must be string but got null");
}
END_TEST

START_TEST(test_base64_decode) {
  ASSERT_TXT(bi_base64_decode(STR("")), "");
  ASSERT_TXT(bi_base64_decode(STR("Zm9v")), "foo");
  ASSERT_TXT(bi_base64_decode(STR("Zg==")), "f");
  ASSERT_TXT(bi_base64_decode(STR("Zm8=")), "fo");
  ASSERT_TXT(bi_base64_decode(STR("Zh==")), "f"); /* trailing bits are not checked */
  ASSERT_TXT(bi_base64_decode(STR("Zm9v\r\nYmFy\n")), "foobar");
  ASSERT_TXT(bi_base64_decode(STR("Zg=\n=")), "f");
  ASSERT_BYTES(bi_base64_decode(STR("//4=")), "\xff\xfe", 2);
  ASSERT_BYTES(bi_base64_decode(STR("AA==")), "\0", 1);
  ASSERT_BI_ERR(bi_base64_decode(STR("Zg")), "base64.decode: illegal base64 data at input byte 0");
  ASSERT_BI_ERR(bi_base64_decode(STR("Zm9vYg")),
                "base64.decode: illegal base64 data at input byte 4");
  ASSERT_BI_ERR(bi_base64_decode(STR("Zg=")), "base64.decode: illegal base64 data at input byte 3");
  ASSERT_BI_ERR(bi_base64_decode(STR("Zm9v!")),
                "base64.decode: illegal base64 data at input byte 4");
  ASSERT_BI_ERR(bi_base64_decode(STR("Z===")),
                "base64.decode: illegal base64 data at input byte 1");
  ASSERT_BI_ERR(bi_base64_decode(STR("Zg==Zg==")),
                "base64.decode: illegal base64 data at input byte 4");
  ASSERT_BI_ERR(bi_base64_decode(STR("Zg=x")),
                "base64.decode: illegal base64 data at input byte 2");
  ASSERT_BI_ERR(bi_base64_decode(STR("-_8=")),
                "base64.decode: illegal base64 data at input byte 0");
  ASSERT_TYPE_ERR(bi_base64_decode(J("{}")),
                  "base64.decode: operand 1 must be string but got object");
  ck_assert(bi_base64_is_valid(STR("Zm9v")) == RT_TRUE);
  ck_assert(bi_base64_is_valid(STR("")) == RT_TRUE);
  ck_assert(bi_base64_is_valid(STR("Zm9")) == RT_FALSE);
  ck_assert(bi_base64_is_valid(STR("Zm9v====")) == RT_FALSE);
  ck_assert(bi_base64_is_valid(J("1")) == RT_FALSE);
  ck_assert(!bi_st.has_error);
}
END_TEST

START_TEST(test_base64url_decode) {
  ASSERT_TXT(bi_base64url_decode(STR("Zm9v")), "foo");
  ASSERT_TXT(bi_base64url_decode(STR("Zg")), "f");
  ASSERT_TXT(bi_base64url_decode(STR("Zm8")), "fo");
  ASSERT_TXT(bi_base64url_decode(STR("Zm8=")), "fo");
  ASSERT_TXT(bi_base64url_decode(STR("")), "");
  ASSERT_BYTES(bi_base64url_decode(STR("-_8")), "\xfb\xff", 2);
  ASSERT_BI_ERR(bi_base64url_decode(STR("a")), "base64url.decode: illegal base64url string: a");
  ASSERT_BI_ERR(bi_base64url_decode(STR("Zm9vY")),
                "base64url.decode: illegal base64url string: Zm9vY");
  ASSERT_BI_ERR(bi_base64url_decode(STR("Zm+v")),
                "base64url.decode: illegal base64 data at input byte 2");
  ASSERT_BI_ERR(bi_base64url_decode(STR("Zg=")),
                "base64url.decode: illegal base64 data at input byte 3");
  ASSERT_TYPE_ERR(bi_base64url_decode(J("true")),
                  "base64url.decode: operand 1 must be string but got boolean");
}
END_TEST

START_TEST(test_hex) {
  ASSERT_TXT(bi_hex_encode(STR("")), "");
  ASSERT_TXT(bi_hex_encode(BYTES("\0\x0f\xff", 3)), "000fff");
  ASSERT_TXT(bi_hex_encode(STR("lorem")), "6c6f72656d");
  ASSERT_TXT(bi_hex_decode(STR("")), "");
  ASSERT_BYTES(bi_hex_decode(STR("00fF0a")), "\0\xff\n", 3);
  ASSERT_BI_ERR(bi_hex_decode(STR("abc")), "hex.decode: encoding/hex: odd length hex string");
  ASSERT_BI_ERR(bi_hex_decode(STR("zz")), "hex.decode: encoding/hex: invalid byte: U+007A 'z'");
  ASSERT_BI_ERR(bi_hex_decode(STR("0g")), "hex.decode: encoding/hex: invalid byte: U+0067 'g'");
  ASSERT_BI_ERR(bi_hex_decode(STR("abg")), "hex.decode: encoding/hex: invalid byte: U+0067 'g'");
  ASSERT_BI_ERR(bi_hex_decode(BYTES("\x01\x02", 2)),
                "hex.decode: encoding/hex: invalid byte: U+0001");
  ASSERT_BI_ERR(bi_hex_decode(STR("\xc3\xa9")),
                "hex.decode: encoding/hex: invalid byte: U+00C3 '\xc3\x83'");
  ASSERT_TYPE_ERR(bi_hex_encode(J("1")), "hex.encode: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_hex_decode(J("1")), "hex.decode: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_urlquery) {
  ASSERT_TXT(bi_urlquery_encode(STR("")), "");
  ASSERT_TXT(bi_urlquery_encode(STR("a b&c=d/\xc3\xa9")), "a+b%26c%3Dd%2F%C3%A9");
  ASSERT_TXT(bi_urlquery_encode(STR("~-_.AZaz09")), "~-_.AZaz09");
  ASSERT_TXT(bi_urlquery_encode(STR("?#+%")), "%3F%23%2B%25");
  ASSERT_TXT(bi_urlquery_decode(STR("a+b%26%3d")), "a b&=");
  ASSERT_TXT(bi_urlquery_decode(STR("plain")), "plain");
  ASSERT_BYTES(bi_urlquery_decode(STR("%e9")), "\xe9", 1);
  ASSERT_BI_ERR(bi_urlquery_decode(STR("%zz")), "urlquery.decode: invalid URL escape \"%zz\"");
  ASSERT_BI_ERR(bi_urlquery_decode(STR("ab%")), "urlquery.decode: invalid URL escape \"%\"");
  ASSERT_BI_ERR(bi_urlquery_decode(STR("%4")), "urlquery.decode: invalid URL escape \"%4\"");
  ASSERT_BI_ERR(bi_urlquery_decode(STR("%4g1")), "urlquery.decode: invalid URL escape \"%4g\"");
  ASSERT_TYPE_ERR(bi_urlquery_encode(J("1")),
                  "urlquery.encode: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_urlquery_decode(J("1")),
                  "urlquery.decode: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_urlquery_objects) {
  rt_value *obj = J("{\"b\": [\"2\", \"1\"], \"a\": \"x y\", \"c\": [], \"a b\": \"&\"}");
  ASSERT_TXT(bi_urlquery_encode_object(obj), "a=x+y&a+b=%26&b=2&b=1");
  ASSERT_TXT(bi_urlquery_encode_object(J("{}")), "");
  obj = rt_object_new(2);
  rt_object_put(obj, STR("s"), SET("[\"z\", \"y\"]"));
  rt_object_put(obj, J("1"), STR("one"));
  ASSERT_TXT(bi_urlquery_encode_object(obj), "1=one&s=y&s=z");
  ASSERT_TYPE_ERR(bi_urlquery_encode_object(J("{\"a\": 1}")),
                  "urlquery.encode_object: operand 1 values must be string, array[string], or "
                  "set[string]");
  ASSERT_TYPE_ERR(bi_urlquery_encode_object(J("{\"a\": [\"x\", 1]}")),
                  "urlquery.encode_object: operand 1 values must be string, array[string], or "
                  "set[string]");
  ASSERT_TYPE_ERR(bi_urlquery_encode_object(J("[]")),
                  "urlquery.encode_object: operand 1 must be object but got array");
  ASSERT_REGO(bi_urlquery_decode_object(STR("a=1&a=2&b")),
              "{\"a\": [\"1\", \"2\"], \"b\": [\"\"]}");
  ASSERT_REGO(bi_urlquery_decode_object(STR("&&a=1&")), "{\"a\": [\"1\"]}");
  ASSERT_REGO(bi_urlquery_decode_object(STR("=1&x+y=%20")), "{\"\": [\"1\"], \"x y\": [\" \"]}");
  ASSERT_REGO(bi_urlquery_decode_object(STR("")), "{}");
  ASSERT_BI_ERR(bi_urlquery_decode_object(STR("a=1;b=2")),
                "urlquery.decode_object: invalid semicolon separator in query");
  ASSERT_BI_ERR(bi_urlquery_decode_object(STR("a=%zz&b=1")),
                "urlquery.decode_object: invalid URL escape \"%zz\"");
  /* a later semicolon error replaces an earlier escape error, as in net/url */
  ASSERT_BI_ERR(bi_urlquery_decode_object(STR("a=%zz&b;c")),
                "urlquery.decode_object: invalid semicolon separator in query");
  ASSERT_TYPE_ERR(bi_urlquery_decode_object(J("null")),
                  "urlquery.decode_object: operand 1 must be string but got null");
}
END_TEST

START_TEST(test_uri_parse) {
  ASSERT_REGO(
      bi_uri_parse(STR("https://example.com:8080/api?q=1#top")),
      "{\"fragment\": \"top\", \"hostname\": \"example.com\", \"path\": \"/api\", \"port\": "
      "\"8080\", \"raw_path\": \"/api\", \"raw_query\": \"q=1\", \"scheme\": \"https\"}");
  ASSERT_REGO(bi_uri_parse(STR("HTTP://user:pa%20ss@HOST:80/p?#f%20x")),
              "{\"fragment\": \"f x\", \"hostname\": \"HOST\", \"path\": \"/p\", \"port\": \"80\", "
              "\"raw_path\": \"/p\", \"scheme\": \"http\"}");
  ASSERT_REGO(bi_uri_parse(STR("//host/a%2fb")),
              "{\"hostname\": \"host\", \"path\": \"/a/b\", \"raw_path\": \"/a%2fb\"}");
  ASSERT_REGO(bi_uri_parse(STR("/just/path")),
              "{\"path\": \"/just/path\", \"raw_path\": \"/just/path\"}");
  ASSERT_REGO(bi_uri_parse(STR("http://[fe80::1%25en0]:8080/")),
              "{\"hostname\": \"fe80::1%en0\", \"path\": \"/\", \"port\": \"8080\", \"raw_path\": "
              "\"/\", \"scheme\": \"http\"}");
  ASSERT_REGO(
      bi_uri_parse(STR("http://host:/x")),
      "{\"hostname\": \"host\", \"path\": \"/x\", \"raw_path\": \"/x\", \"scheme\": \"http\"}");
  ASSERT_REGO(bi_uri_parse(STR("a:b/c:d")), "{\"scheme\": \"a\"}");
  ASSERT_REGO(bi_uri_parse(STR("*")), "{\"path\": \"*\", \"raw_path\": \"*\"}");
  ASSERT_REGO(bi_uri_parse(STR("http://x/\xc3\xa9")),
              "{\"hostname\": \"x\", \"path\": \"/\xc3\xa9\", \"raw_path\": \"/\xc3\xa9\", "
              "\"scheme\": \"http\"}");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://[::1")),
                "uri.parse: parse \"http://[::1\": missing ']' in host");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://host:port/")),
                "uri.parse: parse \"http://host:port/\": invalid port \":port\" after host");
  ASSERT_BI_ERR(bi_uri_parse(STR(":foo")), "uri.parse: parse \":foo\": missing protocol scheme");
  ASSERT_BI_ERR(bi_uri_parse(STR("1a:b")),
                "uri.parse: parse \"1a:b\": first path segment in URL cannot contain colon");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://a\x01")),
                "uri.parse: parse \"http://a\\x01\": net/url: invalid control character in URL");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://h/%zz")),
                "uri.parse: parse \"http://h/%zz\": invalid URL escape \"%zz\"");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://h/#%zz")),
                "uri.parse: parse \"http://h/#%zz\": invalid URL escape \"%zz\"");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://a b/")),
                "uri.parse: parse \"http://a b/\": invalid character \" \" in host name");
  ASSERT_BI_ERR(bi_uri_parse(STR("http://u%zz@h/")),
                "uri.parse: parse \"http://u%zz@h/\": invalid URL escape \"%zz\"");
  ASSERT_TYPE_ERR(bi_uri_parse(J("1")), "uri.parse: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_uri_is_valid) {
  ck_assert(bi_uri_is_valid(STR("http://x")) == RT_TRUE);
  ck_assert(bi_uri_is_valid(STR("relative/path")) == RT_TRUE);
  ck_assert(bi_uri_is_valid(STR("")) == RT_FALSE);
  ck_assert(bi_uri_is_valid(STR("%")) == RT_FALSE);
  ck_assert(bi_uri_is_valid(STR("http://x:y")) == RT_FALSE);
  ck_assert(bi_uri_is_valid(J("5")) == RT_FALSE);
  ck_assert(!bi_st.has_error);
}
END_TEST

BI_SUITE_MAIN("builtins_encoding", test_base64_encode, test_base64_decode, test_base64url_decode,
              test_hex, test_urlquery, test_urlquery_objects, test_uri_parse, test_uri_is_valid)
