/* check_builtins_regex.c: unit tests of the regex, glob and template builtins (stdlib/bi_regex*.c,
 * bi_glob.c, bi_template_render.c): Go's syntax and error texts, the differences RE2 must not show
 * (\B inside a character, [kK] and the Kelvin sign, invalid UTF-8), Go's find/split/replace loops,
 * counts, linear time on patterns that make backtrackers explode, globs, glob intersection and the
 * pattern cache. Expected values were checked against Go's regexp where Go has them.
 */
#include <time.h>

#include "bi_check.h"
#include "bi_regex.h"

static rt_value *B(const char *s, size_t n) {
  return rt_string_n(s, n);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

START_TEST(test_match) {
  ck_assert(bi_regex_match(STR("^[a-z]+\\[[0-9]+\\]$"), STR("foo[1]")) == RT_TRUE);
  ck_assert(bi_regex_match(STR(""), STR("")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^$"), STR("x")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("(?i)HELLO"), STR("say hello")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^\\pL+$"), STR("h\xc3\xa9llo")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^\\p{Greek}$"), STR("\xce\xb1")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^\\p{greek}$"), STR("\xce\xb1")) == RT_TRUE); /* Go 1.25 */
  ck_assert(bi_regex_match(STR("^\\p{Letter}$"), STR("x")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^(?P<y>\\d{4})-(?<m>\\d{2})$"), STR("2024-05")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("a.c"), STR("a\nc")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("(?s)a.c"), STR("a\nc")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^b$"), STR("a\nb")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("(?m)^b$"), STR("a\nb")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("a{2}{"), STR("aa{")) == RT_TRUE); /* { not a repeat: literal */
  ck_assert(bi_regex_match(STR("a{,2}"), STR("a{,2}")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("\\Q.*\\E"), STR("x.*")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("\\Q.*\\E"), STR("xy")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("^\\101$"), STR("A")) == RT_TRUE);    /* octal \101 */
  ck_assert(bi_regex_match(STR("^\\0101$"), STR("\b1")) == RT_TRUE); /* \010 then 1 */
  /* Go tries code point boundaries only: \B never matches inside é */
  ck_assert(bi_regex_match(STR("\\B"), STR("a\xc3\xa9"
                                           "b")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("\\B"), STR("\xc3\xa9")) == RT_TRUE);
  /* [kK] is two runes in Go; RE2 alone would also match the Kelvin sign */
  ck_assert(bi_regex_match(STR("^[kK]$"), STR("\xe2\x84\xaa")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("^(?:k|K)$"), STR("\xe2\x84\xaa")) == RT_FALSE);
  ck_assert(bi_regex_match(STR("^(?i)k$"), STR("\xe2\x84\xaa")) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^[sS]$"), STR("\xc5\xbf")) == RT_FALSE);
  /* invalid UTF-8 subjects: each bad byte is one U+FFFD */
  ck_assert(bi_regex_match(STR("^.$"), B("\xff", 1)) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^..$"), B("\xff\xfe", 2)) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^\\x{FFFD}a$"), B("\xff"
                                                  "a",
                                                  2)) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^[^a]$"), B("\xc3", 1)) == RT_TRUE);
  ck_assert(bi_re_match(STR("b+"), STR("abbc")) == RT_TRUE);
  ASSERT_TYPE_ERR(bi_regex_match(J("1"), STR("a")),
                  "regex.match: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_regex_match(STR("a"), J("null")),
                  "regex.match: operand 2 must be string but got null");
  /* non-strict: undefined, nothing recorded */
  bi_st.strict = false;
  ck_assert_ptr_null(bi_regex_match(STR("(("), STR("a")));
  ck_assert(!bi_st.has_error);
}
END_TEST

/* Go's parse errors, first error in the pattern, worded as Go words them. */
START_TEST(test_errors) {
  static const char *const cases[][2] = {
      {"$^[[[", "missing closing ]: `[[[`"},
      {"a**", "invalid nested repetition operator: `**`"},
      {"a*?*", "invalid nested repetition operator: `*?*`"},
      {"a{2}{3}", "invalid nested repetition operator: `{2}{3}`"},
      {"*", "missing argument to repetition operator: `*`"},
      {"(|+)", "missing argument to repetition operator: `+`"},
      {"x{1001}", "invalid repeat count: `{1001}`"},
      {"(?:a{100}){100}", "invalid repeat count: `{100}`"},
      {"a)", "unexpected ): `a)`"},
      {"(a", "missing closing ): `(a`"},
      {"\\", "trailing backslash at end of expression: ``"},
      {"\\C", "invalid escape sequence: `\\C`"},
      {"\\Z", "invalid escape sequence: `\\Z`"},
      {"\\1", "invalid escape sequence: `\\1`"},
      {"\\8", "invalid escape sequence: `\\8`"},
      {"\\x{110000}", "invalid escape sequence: `\\x{110000`"},
      {"\\xg1", "invalid escape sequence: `\\xg1`"},
      {"[\\b]", "invalid escape sequence: `\\b`"},
      {"(?=a)", "invalid or unsupported Perl syntax: `(?=`"},
      {"(?<=a)b", "invalid named capture: `(?<=a)b`"},
      {"(?!a)", "invalid or unsupported Perl syntax: `(?!`"},
      {"(?P=n)", "invalid or unsupported Perl syntax: `(?P`"},
      {"(?i", "invalid or unsupported Perl syntax: `(?i`"},
      {"(?-)", "invalid or unsupported Perl syntax: `(?-)`"},
      {"(?P<1a-b>x)", "invalid named capture: `(?P<1a-b>`"},
      {"(?P<n", "invalid named capture: `(?P<n`"},
      {"[z-a]", "invalid character class range: `z-a`"},
      {"[[:foo:]]", "invalid character class range: `[:foo:]`"},
      {"\\p{Foo}", "invalid character class range: `\\p{Foo}`"},
      {"\\pX", "invalid character class range: `\\pX`"},
      {"\\p{Greek", "invalid character class range: `\\p{Greek`"},
      {"[a", "missing closing ]: `[a`"},
      {"[]", "missing closing ]: `[]`"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char want[256];
    snprintf(want, sizeof want, "regex.match: error parsing regexp: %s", cases[i][1]);
    ASSERT_BI_ERR(bi_regex_match(STR(cases[i][0]), STR("x")), want);
    ck_assert_msg(bi_regex_is_valid(STR(cases[i][0])) == RT_FALSE, "%s", cases[i][0]);
  }
  /* invalid UTF-8 in a pattern: Go names the rest of the pattern from the bad byte */
  ASSERT_BI_ERR(bi_regex_match(B("a\xff"
                                 "b",
                                 3),
                               STR("x")),
                "regex.match: error parsing regexp: invalid UTF-8: `\xff"
                "b`");
  /* too deep */
  rt_buf b;
  rt_buf_init(&b, 4096);
  for (int i = 0; i < 1001; i++)
    rt_buf_putc(&b, '(');
  rt_buf_putc(&b, 'a');
  for (int i = 0; i < 1001; i++)
    rt_buf_putc(&b, ')');
  rt_value *deep = rt_buf_string(&b);
  ck_assert_ptr_null(bi_regex_match(deep, STR("a")));
  ck_assert(strstr(bi_st.error.message, "expression nests too deeply") != NULL);
  bi_st.has_error = false;
  /* a valid pattern regoc cannot translate: valid, but an error when used */
  ck_assert(bi_regex_is_valid(STR("\\p{Cn}")) == RT_TRUE);
  ck_assert_ptr_null(bi_regex_match(STR("\\p{Cn}"), STR("x")));
  ck_assert(strstr(bi_st.error.message, "regoc does not support") != NULL);
  bi_st.has_error = false;
}
END_TEST

START_TEST(test_is_valid) {
  ck_assert(bi_regex_is_valid(STR("^a+$")) == RT_TRUE);
  ck_assert(bi_regex_is_valid(STR("")) == RT_TRUE);
  ck_assert(bi_regex_is_valid(STR("++")) == RT_FALSE);
  ck_assert(bi_regex_is_valid(STR("(?<name>x)")) == RT_TRUE);
  ck_assert(bi_regex_is_valid(STR("a*(?i)*")) == RT_TRUE); /* no item between: not nested */
  ck_assert(bi_regex_is_valid(J("1")) == RT_FALSE);        /* not an error */
  ck_assert(!bi_st.has_error);
}
END_TEST

START_TEST(test_split_find) {
  ASSERT_REGO(bi_regex_split(STR("a"), STR("banana")), "[\"b\", \"n\", \"n\", \"\"]");
  ASSERT_REGO(bi_regex_split(STR("z+"), STR("pizza")), "[\"pi\", \"a\"]");
  ASSERT_REGO(bi_regex_split(STR("^[a-z ]+$"), STR("foobar baz")), "[\"\", \"\"]");
  ASSERT_REGO(bi_regex_split(STR("x"), STR("")), "[\"\"]");
  ASSERT_REGO(bi_regex_split(STR(""), STR("")), "[]");
  ASSERT_REGO(bi_regex_split(STR(""), STR("\xc3\xa9x")), "[\"\xc3\xa9\", \"x\"]");
  ASSERT_REGO(bi_regex_find_n(STR("a."), STR("paranormal"), J("-1")), "[\"ar\", \"an\", \"al\"]");
  ASSERT_REGO(bi_regex_find_n(STR("a."), STR("paranormal"), J("2")), "[\"ar\", \"an\"]");
  ASSERT_REGO(bi_regex_find_n(STR("a."), STR("paranormal"), J("0")), "[]");
  ASSERT_REGO(bi_regex_find_n(STR("a."), STR("paranormal"), J("1000000000000000000")),
              "[\"ar\", \"an\", \"al\"]");
  ASSERT_REGO(bi_regex_find_n(STR("a."), STR("paranormal"), J("-7")), "[\"ar\", \"an\", \"al\"]");
  ASSERT_REGO(bi_regex_find_n(STR("x*"), STR("\xe6\x97\xa5"), J("-1")), "[\"\", \"\"]");
  ASSERT_REGO(bi_regex_find_n(STR("a|"), STR("xa"), J("-1")), "[\"\", \"a\"]");
  /* matches keep the subject's own bytes, invalid ones included */
  rt_value *r = bi_regex_find_n(STR("[^a]+"),
                                B("a\xff\xfe"
                                  "a\xc3\xa9",
                                  6),
                                J("-1"));
  ck_assert_uint_eq(rt_array_len(r), 2);
  ck_assert_uint_eq(RT_AS_STR(rt_array_at(r, 0))->len, 2);
  ck_assert_mem_eq(RT_AS_STR(rt_array_at(r, 0))->s, "\xff\xfe", 2);
  ck_assert_mem_eq(RT_AS_STR(rt_array_at(r, 1))->s, "\xc3\xa9", 2);
  ASSERT_TYPE_ERR(bi_regex_find_n(STR("a"), STR("a"), J("1.5")),
                  "regex.find_n: operand 3 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_regex_find_n(STR("a"), STR("a"), STR("1")),
                  "regex.find_n: operand 3 must be number but got string");
  ASSERT_TYPE_ERR(bi_regex_split(STR("a"), J("[]")),
                  "regex.split: operand 2 must be string but got array");
  ASSERT_REGO(bi_regex_find_all_string_submatch_n(STR("a(x*)b"), STR("-ab-axb-"), J("-1")),
              "[[\"ab\", \"\"], [\"axb\", \"x\"]]");
  ASSERT_REGO(bi_regex_find_all_string_submatch_n(STR("(a)|b"), STR("ab"), J("-1")),
              "[[\"a\", \"a\"], [\"b\", \"\"]]");
  ASSERT_REGO(bi_regex_find_all_string_submatch_n(STR("(?U)a+"), STR("aaa"), J("2")),
              "[[\"a\"], [\"a\"]]");
  ASSERT_BI_ERR(bi_regex_find_all_string_submatch_n(STR("("), STR(""), J("1")),
                "regex.find_all_string_submatch_n: error parsing regexp: missing closing ): `(`");
}
END_TEST

START_TEST(test_replace) {
  ASSERT_TXT(bi_regex_replace(STR("baaac"), STR("a*"), STR("-")), "-b-c-");
  ASSERT_TXT(bi_regex_replace(STR("hello world"), STR("(?P<w>\\w+) (?P<x>\\w+)"),
                              STR("${x} $w $$ ${w $1x ${1}x")),
             "world hello $ ${w  hellox");
  ASSERT_TXT(bi_regex_replace(STR("b"), STR("(a)|b"), STR("[$1]")), "[]");
  ASSERT_TXT(bi_regex_replace(STR("x\xc3\xa9"), STR(""), STR("-")), "-x-\xc3\xa9-");
  ASSERT_TXT(bi_regex_replace(STR("a.b.c"), STR("\\."), STR("/")), "a/b/c");
  rt_value *base = STR("unchanged");
  ck_assert_ptr_eq(bi_regex_replace(base, STR("z"), STR("y")), base);
  /* invalid bytes stay as they are around replacements */
  rt_value *r = bi_regex_replace(B("\xff"
                                   "a\xfe",
                                   3),
                                 STR("a"), STR("b"));
  ck_assert_uint_eq(RT_AS_STR(r)->len, 3);
  ck_assert_mem_eq(RT_AS_STR(r)->s,
                   "\xff"
                   "b\xfe",
                   3);
  ASSERT_TYPE_ERR(bi_regex_replace(STR("a"), J("{}"), STR("b")),
                  "regex.replace: operand 2 must be string but got object");
  ASSERT_BI_ERR(bi_regex_replace(STR("a"), STR("["), STR("b")),
                "regex.replace: error parsing regexp: missing closing ]: `[`");
}
END_TEST

START_TEST(test_template_match) {
  ck_assert(bi_regex_template_match(STR("urn:foo:<.*>"), STR("urn:foo:bar:baz"), STR("<"),
                                    STR(">")) == RT_TRUE);
  ck_assert(bi_regex_template_match(STR("urn:foo.bar:<[0-9]{2}>"), STR("urn:foo.bar:42"), STR("<"),
                                    STR(">")) == RT_TRUE);
  ck_assert(bi_regex_template_match(STR("urn:foo.bar:<[0-9]{2}>"), STR("urn:fooxbar:42"), STR("<"),
                                    STR(">")) == RT_FALSE);
  ck_assert(bi_regex_template_match(STR("a{b}c"), STR("abc"), STR("{"), STR("}")) == RT_TRUE);
  ASSERT_BI_ERR(bi_regex_template_match(STR("a"), STR("a"), STR("<<"), STR(">")),
                "regex.template_match: start delimiter has to be exactly one character long but "
                "is 2 long");
  /* OPA reports the start delimiter's length for the end one too */
  ASSERT_BI_ERR(bi_regex_template_match(STR("a"), STR("a"), STR("<"), STR("")),
                "regex.template_match: end delimiter has to be exactly one character long but is "
                "1 long");
  ASSERT_BI_ERR(bi_regex_template_match(STR("a<b\"c"), STR("a"), STR("<"), STR(">")),
                "regex.template_match: unbalanced braces in \"a<b\\\"c\"");
  ASSERT_BI_ERR(bi_regex_template_match(STR("a>"), STR("a"), STR("<"), STR(">")),
                "regex.template_match: unbalanced braces in \"a>\"");
  ASSERT_BI_ERR(bi_regex_template_match(STR("x<[a>"), STR("a"), STR("<"), STR(">")),
                "regex.template_match: error parsing regexp: missing closing ]: `[a$`");
  ASSERT_TYPE_ERR(bi_regex_template_match(STR("x"), STR("a"), STR("<"), J("1")),
                  "regex.template_match: operand 4 must be string but got number");
}
END_TEST

/* Patterns that make backtracking engines take exponential time stay linear. */
START_TEST(test_linear_time) {
  size_t n = 100000;
  char *a = rt_alloc(n + 1);
  memset(a, 'a', n);
  a[n] = '\0';
  double t0 = now();
  ck_assert(bi_regex_match(STR("(a*)*b"), B(a, n)) == RT_FALSE);
  ck_assert(bi_regex_match(STR("^(a|aa)+$"), B(a, n)) == RT_TRUE);
  ck_assert(bi_regex_match(STR("^(a+)+c"), B(a, n)) == RT_FALSE);
  ASSERT_REGO(bi_regex_find_n(STR("(a*)*b"), B(a, n), J("-1")), "[]");
  ck_assert(bi_glob_match(STR("*a*a*a*a*a*a*a*b"), J("null"), B(a, n)) == RT_FALSE);
  double dt = now() - t0;
  ck_assert_msg(dt < 2.0, "took %.2f s", dt);
}
END_TEST

START_TEST(test_glob_match) {
  ck_assert(bi_glob_match(STR("*.github.com"), J("[\".\"]"), STR("api.github.com")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("*.github.com"), J("[\".\"]"), STR("a.b.github.com")) == RT_FALSE);
  ck_assert(bi_glob_match(STR("**.github.com"), J("[\".\"]"), STR("a.b.github.com")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("*"), J("[]"), STR("foo.bar")) == RT_FALSE); /* [] means ["."] */
  ck_assert(bi_glob_match(STR("*"), J("null"), STR("foo.bar")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("?at"), J("[\"f\"]"), STR("fat")) == RT_FALSE);
  ck_assert(bi_glob_match(STR("[!abc]at"), J("[]"), STR("cat")) == RT_FALSE);
  ck_assert(bi_glob_match(STR("[!a]"), J("[\".\"]"), STR(".")) ==
            RT_TRUE); /* classes ignore seps */
  ck_assert(bi_glob_match(STR("[a-c]at"), J("[]"), STR("bat")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("{cat,bat,[fr]at}"), J("[]"), STR("rat")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("{a,{b,c}}x"), J("[]"), STR("cx")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("{,a}b"), J("[]"), STR("b")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("a,b}"), J("[]"), STR("a,b}")) == RT_TRUE); /* plain outside {} */
  ck_assert(bi_glob_match(STR("{a,b"), J("[]"), STR("b")) == RT_TRUE);    /* closed at the end */
  ck_assert(bi_glob_match(STR("\\*x"), J("[]"), STR("*x")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("\\*x"), J("[]"), STR("ax")) == RT_FALSE);
  ck_assert(bi_glob_match(STR("a\\"), J("[]"), STR("a")) == RT_TRUE); /* trailing \ dropped */
  /* gobwas reads NUL as its end-of-input rune: dropped inside text, the end after an item */
  ck_assert(bi_glob_match(B("a\0b", 3), J("[]"), STR("ab")) == RT_TRUE);
  ck_assert(bi_glob_match(B("?\0b", 3), J("[]"), STR("x")) == RT_TRUE);
  ck_assert(bi_glob_match(STR(""), J("[]"), STR("")) == RT_TRUE);
  ck_assert(bi_glob_match(STR(""), J("[]"), STR("a")) == RT_FALSE);
  ck_assert(bi_glob_match(STR("[kK]"), J("null"), STR("\xe2\x84\xaa")) == RT_FALSE);
  ck_assert(bi_glob_match(STR("a?c"), J("null"),
                          B("a\xff"
                            "c",
                            3)) == RT_TRUE);
  rt_value *bad_sep = rt_array_new(1); /* an invalid byte separator is U+FFFD */
  rt_array_push(bad_sep, B("\xff", 1));
  ck_assert(bi_glob_match(STR("a*c"), bad_sep,
                          B("a\xfe"
                            "c",
                            3)) == RT_FALSE);
  ck_assert(bi_glob_match(STR("a*c"), bad_sep, STR("abc")) == RT_TRUE);
  ck_assert(bi_glob_match(STR("\xc3\xa9*"), J("null"), STR("\xc3\xa9t\xc3\xa9")) == RT_TRUE);
  ASSERT_BI_ERR(bi_glob_match(STR("[abc"), J("[]"), STR("a")),
                "glob.match: unexpected end of input");
  ASSERT_BI_ERR(bi_glob_match(STR("[a-"), J("[]"), STR("a")),
                "glob.match: unexpected end of input");
  ASSERT_BI_ERR(bi_glob_match(STR("[]"), J("[]"), STR("a")), "glob.match: could not parse range");
  ASSERT_BI_ERR(bi_glob_match(STR("[!]"), J("[]"), STR("a")), "glob.match: could not parse range");
  ASSERT_BI_ERR(bi_glob_match(STR("[z-a]"), J("[]"), STR("a")),
                "glob.match: hi character 'a' should be greater than lo 'z'");
  ASSERT_BI_ERR(bi_glob_match(STR("[a-bc]"), J("[]"), STR("a")),
                "glob.match: expected close range character");
  ASSERT_BI_ERR(bi_glob_match(B("a\xff", 2), J("[]"), STR("a")), "glob.match: could not read rune");
  ASSERT_BI_ERR(bi_glob_match(STR("a\xef\xbf\xbd"), J("[]"), STR("a")),
                "glob.match: could not read rune");
  ASSERT_TYPE_ERR(bi_glob_match(STR("a"), J("{}"), STR("a")),
                  "glob.match: operand 2 must be one of {array, null} but got object");
  ASSERT_TYPE_ERR(bi_glob_match(STR("a"), J("[1]"), STR("a")),
                  "glob.match: operand 2 must be array of strings but got array containing number");
  ASSERT_TYPE_ERR(bi_glob_match(STR("a"), J("[\"ab\"]"), STR("a")),
                  "glob.match: operand 2 must be array of runes but got array containing string");
  ASSERT_TYPE_ERR(bi_glob_match(J("1"), J("[]"), STR("a")),
                  "glob.match: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_glob_match(STR("a"), J("[]"), J("1")),
                  "glob.match: operand 3 must be string but got number");
}
END_TEST

START_TEST(test_quote_meta) {
  ASSERT_TXT(bi_glob_quote_meta(STR("*.{a,b}[c]?\\")), "\\*.\\{a,b\\}\\[c\\]\\?\\\\");
  ASSERT_TXT(bi_glob_quote_meta(STR("plain.text")), "plain.text");
  ASSERT_TXT(bi_glob_quote_meta(STR("")), "");
  ck_assert(bi_glob_match(bi_glob_quote_meta(STR("*x?")), J("null"), STR("*x?")) == RT_TRUE);
  ASSERT_TYPE_ERR(bi_glob_quote_meta(J("true")),
                  "glob.quote_meta: operand 1 must be string but got boolean");
}
END_TEST

START_TEST(test_globs_match) {
  ck_assert(bi_regex_globs_match(STR("a.a.[0-9]+z"), STR(".b.b2359825792*594823z")) == RT_TRUE);
  ck_assert(bi_regex_globs_match(STR("[a-z]+\\[[0-9]+\\]"), STR("foo\\[1\\]")) == RT_TRUE);
  ck_assert(bi_regex_globs_match(STR("b.*"), STR("bar")) == RT_TRUE);
  ck_assert(bi_regex_globs_match(STR("b.*"), STR("car")) == RT_FALSE);
  ck_assert(bi_regex_globs_match(STR("a+"), STR("aaa")) == RT_TRUE);
  ck_assert(bi_regex_globs_match(STR("a*"), STR("b")) == RT_FALSE);
  ck_assert(bi_regex_globs_match(STR(""), STR("")) == RT_TRUE);
  ck_assert(bi_regex_globs_match(STR("[ab]"), STR("[bc]")) == RT_TRUE);
  ck_assert(bi_regex_globs_match(STR("[ab]"), STR("[cd]")) == RT_FALSE);
  ck_assert(bi_regex_globs_match(STR("x.*y"), STR("x[a-c]*y")) == RT_TRUE);
  ASSERT_BI_ERR(bi_regex_globs_match(STR("pqrs]"), STR("[a-b]+")),
                "regex.globs_match: input:pqrs], pos:5, set-close ']' with no preceding '[': the "
                "input provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("a"), STR("*a")),
                "regex.globs_match: input:*a, pos:1, flag '*' must be preceded by a non-flag: the "
                "input provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("a\\"), STR("a")),
                "regex.globs_match: input:a\\, pos:1, input ends with a \\ (escape) character: the "
                "input provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("[ab"), STR("a")),
                "regex.globs_match: input:[ab, pos:3, found [ without matching ]: the input "
                "provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("[-a]"), STR("a")),
                "regex.globs_match: input:[-a], pos:2, range character '-' must be preceded by a "
                "Unicode character: the input provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("[z-a]"), STR("a")),
                "regex.globs_match: input:[z-a], pos:4, range is out of order: 'a' comes before "
                "'z' in Unicode: the input provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("[a-]"), STR("a")),
                "regex.globs_match: input:[a-], pos:3, range character '-' must be followed by a "
                "Unicode character: the input provided is invalid");
  ASSERT_BI_ERR(bi_regex_globs_match(STR("[a-]]"), STR("a")),
                "regex.globs_match: input:[a-]], pos:4, range character '-' cannot be followed by "
                "a special symbol: the input provided is invalid");
  ASSERT_TYPE_ERR(bi_regex_globs_match(STR("a"), J("2")),
                  "regex.globs_match: operand 2 must be string but got number");
  /* many stars: the memoised walk stays fast */
  rt_buf b;
  rt_buf_init(&b, 4096);
  for (int i = 0; i < 300; i++)
    rt_buf_puts(&b, i % 2 ? "a*" : ".*");
  rt_buf_putc(&b, 'z');
  rt_buf o;
  rt_buf_init(&o, 4096);
  for (int i = 0; i < 300; i++)
    rt_buf_puts(&o, i % 3 ? "a" : "[ab]*");
  rt_buf_putc(&o, 'z');
  double t0 = now();
  ck_assert_ptr_nonnull(bi_regex_globs_match(rt_buf_string(&b), rt_buf_string(&o)));
  ck_assert_msg(now() - t0 < 2.0, "took %.2f s", now() - t0);
}
END_TEST

START_TEST(test_cache) {
  char pat[32];
  for (int i = 0; i < BI_RE_CACHE_MAX + 50; i++) {
    snprintf(pat, sizeof pat, "^x%d$", i);
    ck_assert(bi_regex_match(STR(pat), STR(pat + 1)) == RT_FALSE);
  }
  ck_assert_uint_le(bi_re_cache_size(), BI_RE_CACHE_MAX);
  /* an evicted pattern compiles again, an invalid one keeps its error */
  ck_assert(bi_regex_match(STR("^x0$"), STR("x0")) == RT_TRUE);
  ASSERT_BI_ERR(bi_regex_match(STR("(("), STR("x")),
                "regex.match: error parsing regexp: missing closing ): `((`");
  ASSERT_BI_ERR(bi_regex_match(STR("(("), STR("x")),
                "regex.match: error parsing regexp: missing closing ): `((`");
}
END_TEST

/* strings.render_template: expected texts are Go text/template's (checked against Go). */
START_TEST(test_render_template) {
  ASSERT_TXT(bi_strings_render_template(STR("{{.test}}"), J("{\"test\":2023}")), "2023");
  ASSERT_TXT(bi_strings_render_template(
                 STR("{{range $i, $name := .n}}{{if $i}},{{end}}hello {{$name}}{{end}}"),
                 J("{\"n\":[\"rohan\",\"john doe\"]}")),
             "hello rohan,hello john doe");
  ASSERT_TXT(bi_strings_render_template(STR("test {{.foo}} {{.baz}}"), J("{\"baz\":1}")),
             "test <undefined> 1");
  ASSERT_TXT(bi_strings_render_template(
                 STR("{{.a.b}} {{.x}} {{ .n }} {{if .n}}yes{{end}} {{range $i, $v := .l}}"
                     "{{if $i}},{{end}}{{$v}}{{end}}"),
                 J("{\"a\":{\"b\":\"B\"},\"n\":0,\"l\":[1,\"x\",null,[1,2],{\"k\":true}]}")),
             "B <undefined> 0 yes 1,x,<undefined>,[1 2],map[k:true]");
  ASSERT_TXT(
      bi_strings_render_template(STR("{{- \"a\" -}}  \n  {{/* c */}} {{len .l}} "
                                     "{{index .l 1}} {{eq .s \"str\"}} {{print 1 2 \"a\" 3}}"),
                                 J("{\"l\":[5,6],\"s\":\"str\"}")),
      "a 2 6 true 1 2a3");
  ASSERT_TXT(bi_strings_render_template(STR("{{range $k, $v := .m}}{{$k}}={{$v}} {{end}}"),
                                        J("{\"m\":{\"z\":1,\"a\":[2]}}")),
             "a=[2] z=1 ");
  ASSERT_TXT(bi_strings_render_template(STR("{{range .l}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}"
                                            "{{end}}{{range .e}}x{{else}}E{{end}}"),
                                        J("{\"l\":[\"a\",\"b\",\"c\"],\"e\":[]}")),
             "aE");
  ASSERT_BI_ERR(bi_strings_render_template(STR("a\n{{.x.y.z}}"), J("{\"x\":{\"y\":\"s\"}}")),
                "strings.render_template: template: template:2:4: executing \"template\" at "
                "<.x.y.z>: can't evaluate field z in type interface {}");
  ASSERT_BI_ERR(bi_strings_render_template(STR("{{if eq .n 1}}one{{end}}"), J("{\"n\":1}")),
                "strings.render_template: template: template:1:5: executing \"template\" at "
                "<eq .n 1>: error calling eq: incompatible types for comparison");
  ASSERT_BI_ERR(bi_strings_render_template(STR("{{if .a}}x"), J("{}")),
                "strings.render_template: template: template:1: unexpected EOF");
  ASSERT_BI_ERR(bi_strings_render_template(STR("{{foo}}"), J("{}")),
                "strings.render_template: template: template:1: function \"foo\" not defined");
  ASSERT_BI_ERR(bi_strings_render_template(STR("{{printf \"%d\" 1}}"), J("{}")),
                "strings.render_template: regoc does not support this function in templates");
  ASSERT_TYPE_ERR(bi_strings_render_template(STR("{{.}}"), SET("[1]")),
                  "strings.render_template: operand 2 must be object but got set");
  rt_value *withset = J("{\"s\":1}");
  rt_object_put(withset, STR("s"), SET("[1]"));
  ASSERT_BI_ERR(bi_strings_render_template(STR("{{.}}"), withset),
                "strings.render_template: template variables must be JSON (no sets, no non-string "
                "keys)");
  ASSERT_TYPE_ERR(bi_strings_render_template(J("1"), J("{}")),
                  "strings.render_template: operand 1 must be string but got number");
}
END_TEST

BI_SUITE_MAIN("builtins_regex", test_match, test_errors, test_is_valid, test_split_find,
              test_replace, test_template_match, test_linear_time, test_glob_match, test_quote_meta,
              test_globs_match, test_cache, test_render_template)
