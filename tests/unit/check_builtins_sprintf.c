/* check_builtins_sprintf.c: unit tests of sprintf (stdlib/bi_sprintf.c) against what Go's
 * fmt.Sprintf prints for the Go values OPA passes it: int, *big.Int, float64 and string
 * (every other Rego value arrives as the string of its Rego syntax).
 */
#include "bi_check.h"

/* sprintf(fmt, args) with args as a JSON array. */
static const char *F(const char *fmt, const char *args) {
  return TXT(bi_sprintf(STR(fmt), J(args)));
}

#define EQ(fmt, args, want) ck_assert_str_eq(F(fmt, args), want)

START_TEST(test_conformance_cases) {
  EQ("hi", "[]", "hi");
  EQ("hi %02d", "[5]", "hi 05");
  EQ("hi %02X.%02X", "[127, 1]", "hi 7F.01");
  EQ("hi %v", "[2e308]", "hi 2e308");
  EQ("hi %v", "[[\"there\", 5, 3.14]]", "hi [\"there\", 5, 3.14]");
  EQ("%s/%d", "[\"p\", 3]", "p/3");
  EQ("%v", "[18446744073709551618]", "18446744073709551618");
}
END_TEST

START_TEST(test_type_mismatch) {
  EQ("%s", "[1]", "%!s(int=1)");
  EQ("%d", "[\"x\"]", "%!d(string=x)");
  EQ("%d", "[1.5]", "%!d(float64=1.5)");
  EQ("%t", "[true]", "%!t(string=true)"); /* booleans arrive as strings */
  EQ("%v", "[true]", "true");
  EQ("%v", "[null]", "null");
  EQ("%f", "[5]", "%!f(int=5)");
  EQ("%z", "[1]", "%!z(int=1)");
  EQ("%5t|", "[\"x\"]", "%!t(string=    x)|"); /* the flags apply inside */
  EQ("%+s", "[5]", "%!s(int=+5)");
  EQ("%q", "[18446744073709551617]", "%!q(big.Int=18446744073709551617)");
}
END_TEST

START_TEST(test_missing_extra) {
  EQ("%d %d", "[1]", "1 %!d(MISSING)");
  EQ("%d", "[1, 2]", "1%!(EXTRA int=2)");
  EQ("x", "[\"a\", 1.5, 18446744073709551617]",
     "x%!(EXTRA string=a, float64=1.5, *big.Int=18446744073709551617)");
  EQ("%", "[]", "%!(NOVERB)");
  EQ("%-", "[1]", "%!(NOVERB)%!(EXTRA int=1)");
  EQ("100%%", "[]", "100%");
  EQ("%5%", "[]", "%");
  EQ("%!", "[]", "%!!(MISSING)");
  EQ("%\xc3\xa9", "[1]", "%!\xc3\xa9(int=1)");
}
END_TEST

START_TEST(test_arg_index) {
  EQ("%[2]d %[1]d", "[1, 2]", "2 1");
  EQ("%[3]d", "[1]", "%!d(BADINDEX)");
  EQ("%[1]d %d", "[1, 2]", "1 2");
  EQ("%[x]d", "[1]", "%!d(BADINDEX)");
  EQ("%[2]*[1]d", "[12, 2]", "12");
  EQ("%*d", "[5, 42]", "   42");
  EQ("%-*d|", "[5, 42]", "42   |");
  EQ("%*d|", "[-5, 42]", "42   |");
  EQ("%*d", "[\"x\", 42]", "%!(BADWIDTH)42");
  EQ("%.*f", "[2, 3.14159]", "3.14");
  EQ("%.*d", "[-1, 7]", "%!(BADPREC)7");
}
END_TEST

START_TEST(test_ints) {
  EQ("%d|%v", "[-42, -42]", "-42|-42");
  EQ("%+d|% d|%+d", "[5, 5, -5]", "+5| 5|-5");
  EQ("%05d|%-5d|%5d", "[-42, 42, 42]", "-0042|42   |   42");
  EQ("%.3d|%.0d|%5.0d|", "[7, 0, 0]", "007||     |");
  EQ("%08.3d|%-05d|", "[5, 5]", "     005|5    |");
  EQ("%x|%X|%#x|%#X", "[255, 255, 255, 255]", "ff|FF|0xff|0XFF");
  EQ("%x", "[-255]", "-ff");
  EQ("%o|%#o|%O|%b|%#b", "[8, 8, 8, 5, 5]", "10|010|0o10|101|0b101");
  EQ("%c|%c|%c", "[65, 233, 1114112]", "A|\xc3\xa9|\xef\xbf\xbd");
  EQ("%q|%+q|%q", "[65, 233, 10]", "'A'|'\\u00e9'|'\\n'");
  EQ("%U|%#U|%#U", "[128512, 128512, 10]", "U+1F600|U+1F600 '\xf0\x9f\x98\x80'|U+000A");
  EQ("%+v|%#v", "[5, 5]", "5|5");
  EQ("%d", "[9223372036854775807]", "9223372036854775807");
  EQ("%d", "[-9223372036854775808]", "-9223372036854775808");
}
END_TEST

START_TEST(test_big_ints) {
  EQ("%d", "[18446744073709551617]", "18446744073709551617");
  EQ("%x|%X|%#x", "[18446744073709551617, 18446744073709551617, 18446744073709551617]",
     "10000000000000001|10000000000000001|0x10000000000000001");
  EQ("%s|%v|%+d", "[18446744073709551617, -18446744073709551617, 18446744073709551617]",
     "18446744073709551617|-18446744073709551617|+18446744073709551617");
  EQ("%25d|", "[18446744073709551617]", "     18446744073709551617|");
  EQ("%-25d|", "[18446744073709551617]", "18446744073709551617     |");
  EQ("%025d", "[-18446744073709551617]", "-000018446744073709551617");
  EQ("%b", "[36893488147419103232]",
     "100000000000000000000000000000000000000000000000000000000000000000");
  EQ("%O|%#o", "[18446744073709551616, 18446744073709551616]",
     "0o2000000000000000000000|02000000000000000000000");
  EQ("%+v", "[18446744073709551617]", "+18446744073709551617");
}
END_TEST

START_TEST(test_floats) {
  EQ("%v|%v|%v", "[1.5, 3.14, 0.1]", "1.5|3.14|0.1");
  EQ("%v|%v", "[1.0, 1e21]", "1|1e+21");
  EQ("%v|%v|%v", "[1234567.5, 0.0001, 0.00001]", "1.2345675e+06|0.0001|1e-05");
  EQ("%f|%.2f|%.0f", "[3.14, 3.14159, 2.5]", "3.140000|3.14|2");
  EQ("%e|%E|%.2e", "[1234.5678, 1234.5678, 0.000123]", "1.234568e+03|1.234568E+03|1.23e-04");
  EQ("%g|%g|%G", "[1234.5678, 0.00001234, 1.5e-7]", "1234.5678|1.234e-05|1.5E-07");
  EQ("%.3g|%.10g|%.1g", "[3.14159, 3.14159, 12.5]", "3.14|3.14159|1e+01");
  EQ("%8.3f|%-8.3f|%08.3f", "[3.14159, 3.14159, -3.14159]", "   3.142|3.142   |-003.142");
  EQ("%+.1f|% .1f|%+v", "[2.5, 2.5, 2.5]", "+2.5| 2.5|2.5");
  EQ("%#g|%#.3g|%#.0f|%#e", "[1.5, 2.0, 3.0, 1.5]", "1.50000|2.00|3.|1.500000e+00");
  EQ("%F", "[2.5]", "2.500000");
  EQ("%x|%X", "[1.5, 1.5]", "0x1.8p+00|0X1.8P+00");
  EQ("%b", "[1.0]", "4503599627370496p-52");
  EQ("%6.2v|", "[1.5]", "   1.5|");
  EQ("%s", "[1e400]", "1e400"); /* beyond float64: OPA passes the text */
  EQ("%d", "[1e400]", "%!d(string=1e400)");
}
END_TEST

START_TEST(test_strings) {
  EQ("%s|%v|%10s|%-10s|", "[\"a\", \"b\", \"c\", \"d\"]", "a|b|         c|d         |");
  EQ("%.2s|%5.1s|", "[\"h\xc3\xa9llo\", \"abc\"]", "h\xc3\xa9|    a|");
  EQ("%7v|", "[\"h\xc3\xa9llo\"]", "  h\xc3\xa9llo|"); /* width counts code points */
  EQ("%05s", "[\"ab\"]", "000ab");
  EQ("%-05s|", "[\"ab\"]", "ab   |");
  EQ("%q", "[\"a\\\"b\\n\"]", "\"a\\\"b\\n\"");
  EQ("%+q|%q", "[\"\xc3\xa9\", \"\xc3\xa9\"]", "\"\\u00e9\"|\"\xc3\xa9\"");
  EQ("%#q|%#q", "[\"abc\", \"a`b\"]", "`abc`|\"a`b\"");
  EQ("%#v", "[\"a\"]", "\"a\"");
  EQ("%x|% x|%#x|% #x|%X", "[\"hi\", \"hi\", \"hi\", \"hi\", \"hi\"]",
     "6869|68 69|0x6869|0x68 0x69|6869");
  EQ("%.1x|%6x|", "[\"hi\", \"hi\"]", "68|  6869|");
  EQ("%x|%5x|", "[\"\", \"\"]", "|     |");
  EQ("%q", "[\"\\u0000\\u007f\\u00a0\"]", "\"\\x00\\x7f\\u00a0\"");
  EQ("%s", "[\"\"]", "");
  EQ("%T|%T|%T|%T", "[1, 1.5, \"s\", 18446744073709551617]", "int|float64|string|*big.Int");
}
END_TEST

START_TEST(test_composites) {
  EQ("%v", "[{\"b\": [1, {\"a\": null}], \"a\": \"x\"}]",
     "{\"a\": \"x\", \"b\": [1, {\"a\": null}]}");
  EQ("%s", "[[]]", "[]");
  EQ("%d", "[[1]]", "%!d(string=[1])");
  EQ("%q", "[[\"a\"]]", "\"[\\\"a\\\"]\"");
  rt_value *args = rt_array_new(1);
  rt_array_push(args, SET("[2, 1]"));
  ASSERT_TXT(bi_sprintf(STR("%v"), args), "{1, 2}");
  args = rt_array_new(1);
  rt_array_push(args, SET("[]"));
  ASSERT_TXT(bi_sprintf(STR("%v"), args), "set()");
}
END_TEST

START_TEST(test_invalid_utf8) {
  EQ("%s", "[\"x\"]", "x");
  rt_value *args = rt_array_new(1);
  rt_array_push(args, rt_string_n("a\xff", 2));
  ASSERT_TXT(bi_sprintf(STR("%q|%[1]x|%[1]s"), args), "\"a\\xff\"|61ff|a\xff");
  ASSERT_TXT(bi_sprintf(rt_string_n("\xff%d", 3), J("[1]")), "\xff"
                                                             "1");
}
END_TEST

START_TEST(test_errors) {
  ASSERT_TYPE_ERR(bi_sprintf(J("1"), J("[]")), "sprintf: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_sprintf(STR("%d"), J("1")), "sprintf: operand 2 must be array but got number");
  ASSERT_TYPE_ERR(bi_sprintf(STR("%d"), SET("[1]")),
                  "sprintf: operand 2 must be array but got set");
}
END_TEST

BI_SUITE_MAIN("builtins_sprintf", test_conformance_cases, test_type_mismatch, test_missing_extra,
              test_arg_index, test_ints, test_big_ints, test_floats, test_strings, test_composites,
              test_invalid_utf8, test_errors)
