/* check_number.c: unit tests of runtime/number.c — number construction, queries,
 * comparison and hashing, and every arithmetic operation with OPA's semantics.
 *
 * The expected texts are what OPA 1.x prints for the same operation (Go's math/big at a
 * 64-bit mantissa for non-integers, exact big integers for +, -, * and %); several come
 * straight from OPA's conformance cases (arithmetic/, aggregates/bignum). Each table row
 * names its operation and operands so a failure says which one broke. Every test runs in a
 * fresh arena (checked fixture).
 */
#include "rt_internal.h"

#include <check.h>
#include <math.h>
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

static rt_value *N(const char *text) {
  rt_value *v = rt_number_text(text, strlen(text));
  ck_assert_msg(v != NULL, "not a number: %s", text);
  return v;
}

/* The printed form of v, NUL-terminated in the arena. */
static const char *str(const rt_value *v) {
  size_t n;
  const char *s = rt_num_str(v, &n);
  return rt_strndup(s, n);
}

/* ---- construction and queries ------------------------------------------------------------ */

START_TEST(test_int_constructor) {
  int64_t samples[] = {0, 1, -1, -128, 1023, 1024, -129, INT64_MAX, INT64_MIN, 1234567890123};
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    rt_value *v = rt_int(samples[i]);
    ck_assert_int_eq(v->type, RT_NUMBER);
    ck_assert(v->flags & RT_F_INT);
    ck_assert(RT_AS_NUM(v)->i == samples[i]);
    int64_t back;
    ck_assert(rt_num_to_int64(v, &back) && back == samples[i]);
    ck_assert(rt_num_is_int(v));
  }
  /* small ints are shared static values */
  ck_assert_ptr_eq(rt_int(7), rt_int(7));
  ck_assert(rt_int(7)->flags & RT_F_STATIC);
  ck_assert(!(rt_int(100000)->flags & RT_F_STATIC));
  ck_assert_str_eq(str(rt_int(INT64_MIN)), "-9223372036854775808");
  ck_assert_str_eq(str(rt_int(INT64_MAX)), "9223372036854775807");
  ck_assert_str_eq(str(rt_int(-5)), "-5");
}
END_TEST

START_TEST(test_number_text) {
  /* canonical int64 text becomes an int; everything else keeps its text */
  struct {
    const char *text;
    bool is_int_repr;
  } cases[] = {
      {"0", true},
      {"42", true},
      {"-7", true},
      {"9223372036854775807", true},
      {"-9223372036854775808", true},
      {"9223372036854775808", false},
      {"-0", false},
      {"1.0", false},
      {"1e3", false},
      {"1E3", false},
      {"007", false},
      {"+5", false},
      {"0.1", false},
      {"18446744073709551617", false},
      {"1e400", false},
      {"-1.5e-7", false},
      {".5", false},
      {"5.", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rt_value *v = N(cases[i].text);
    ck_assert_msg(((v->flags & RT_F_INT) != 0) == cases[i].is_int_repr, "%s", cases[i].text);
    ck_assert_str_eq(str(v), cases[i].text); /* printed as written */
  }
  const char *bad[] = {"",    "-",   "+",    ".",  "e5", "1e",    "1e+", "1.2.3", "abc",
                       "inf", "NaN", "0x10", " 1", "1 ", "1_000", "--1", "1e5.5", "-.e1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    ck_assert_msg(rt_number_text(bad[i], strlen(bad[i])) == NULL, "accepted %s", bad[i]);
  ck_assert_ptr_null(rt_number_text(NULL, 0));
  /* the length is honoured: no NUL needed */
  rt_value *v = rt_number_text("12345", 3);
  ck_assert(v->flags & RT_F_INT);
  ck_assert(RT_AS_NUM(v)->i == 123);
  /* the text is copied */
  char buf[8] = "2.5";
  v = rt_number_text(buf, 3);
  buf[0] = '9';
  ck_assert_str_eq(str(v), "2.5");
}
END_TEST

START_TEST(test_is_int_and_to_int64) {
  struct {
    const char *text;
    bool is_int, fits;
    int64_t value;
  } cases[] = {
      {"1.0", true, true, 1},
      {"1e3", true, true, 1000},
      {"100e-2", true, true, 1},
      {"-0", true, true, 0},
      {"0.000", true, true, 0},
      {"12345678901234567890e-1", true, true, 1234567890123456789},
      {"9223372036854775807", true, true, INT64_MAX},
      {"-9223372036854775808", true, true, INT64_MIN},
      {"-9223372036854775808.0", true, true, INT64_MIN},
      {"9223372036854775808", true, false, 0},
      {"-9223372036854775809", true, false, 0},
      {"1e18", true, true, 1000000000000000000},
      {"1e19", true, false, 0},
      {"1e400", true, false, 0},
      {"18446744073709551617", true, false, 0},
      {"1.5", false, false, 0},
      {"0.1", false, false, 0},
      {"1e-400", false, false, 0},
      {"1.0000000000000000000000001", false, false, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rt_value *v = N(cases[i].text);
    int64_t out = -12345;
    ck_assert_msg(rt_num_is_int(v) == cases[i].is_int, "is_int %s", cases[i].text);
    ck_assert_msg(rt_num_to_int64(v, &out) == cases[i].fits, "to_int64 %s", cases[i].text);
    if (cases[i].fits)
      ck_assert_msg(out == cases[i].value, "to_int64 %s gave %lld", cases[i].text, (long long)out);
  }
}
END_TEST

START_TEST(test_to_double) {
  ck_assert(rt_num_to_double(rt_int(-3)) == -3.0);
  ck_assert(rt_num_to_double(N("0.1")) == 0.1);
  ck_assert(rt_num_to_double(N("1e3")) == 1000.0);
  ck_assert(rt_num_to_double(N("-2.5e-3")) == -0.0025);
  ck_assert(rt_num_to_double(N("18446744073709551617")) == 18446744073709551616.0);
  ck_assert(isinf(rt_num_to_double(N("1e400"))));
  ck_assert(rt_num_to_double(N("1e-400")) == 0.0);
  /* a long text (heap path) */
  char big[200];
  memset(big, '1', 150);
  strcpy(big + 150, ".5");
  ck_assert(rt_num_to_double(N(big)) > 1e149);
}
END_TEST

START_TEST(test_double_constructor) {
  /* strconv.FormatFloat(f, 'g', -1, 64), as ast.FloatNumberTerm prints */
  struct {
    double d;
    const char *text;
  } cases[] = {
      {0.1, "0.1"},
      {1.5, "1.5"},
      {3.0, "3"},
      {-2.0, "-2"},
      {123456.25, "123456.25"},
      {1000000.5, "1.0000005e+06"},
      {1e21, "1e+21"},
      {1.5e-7, "1.5e-07"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {-0.0, "-0"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {0.30000000000000004, "0.30000000000000004"},
      {9007199254740993.0, "9.007199254740992e+15"},
      {999999.0, "999999"},
      {1000000.0, "1e+06"},
      {-1000000.0, "-1e+06"},
      {1e100, "1e+100"},
      {123456789.0, "1.23456789e+08"},
      {1.2345678901234567e+19, "1.2345678901234567e+19"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rt_value *v = rt_double(cases[i].d);
    ck_assert_msg(v != NULL, "%g", cases[i].d);
    ck_assert_msg(strcmp(str(v), cases[i].text) == 0, "%.17g printed %s, want %s", cases[i].d,
                  str(v), cases[i].text);
  }
  ck_assert(rt_double(42.0)->flags & RT_F_INT);
  ck_assert_ptr_null(rt_double(NAN));
  ck_assert_ptr_null(rt_double(INFINITY));
  ck_assert_ptr_null(rt_double(-INFINITY));
  /* every double reads back exactly from its shortest text */
  srand(7);
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^ (uint64_t)rand();
    double d;
    memcpy(&d, &bits, sizeof d);
    if (!isfinite(d)) continue;
    rt_value *v = rt_double(d);
    ck_assert(v != NULL);
    ck_assert_msg(rt_num_to_double(v) == d, "%.17g -> %s", d, str(v));
  }
}
END_TEST

/* ---- comparison and hashing -------------------------------------------------------------- */

START_TEST(test_compare) {
  /* each row: a < b */
  static const char *const less[][2] = {
      {"1", "2"},
      {"-2", "-1"},
      {"-1", "0"},
      {"0", "0.0000001"},
      {"-0.0000001", "-0"},
      {"0.1", "0.10000000000000000001"},
      {"0.3", "0.30000000000000004"},
      {"9", "10"},
      {"9.99", "10"},
      {"99", "1e2"},
      {"1e399", "1e400"},
      {"1e400", "1.0000000000000000001e400"},
      {"-1e400", "-1e399"},
      {"-1e400", "1e-400"},
      {"0", "1e-400"},
      {"18446744073709551616", "18446744073709551617"},
      {"9223372036854775807", "9223372036854775808"},
      {"-9223372036854775809", "-9223372036854775808"},
      {"123456789012345678901234567890", "1e30"},
      {"2", "10.0"},
  };
  for (size_t i = 0; i < sizeof less / sizeof less[0]; i++) {
    rt_value *a = N(less[i][0]), *b = N(less[i][1]);
    ck_assert_msg(rt_num_cmp(a, b) < 0, "%s < %s", less[i][0], less[i][1]);
    ck_assert_msg(rt_num_cmp(b, a) > 0, "%s > %s", less[i][1], less[i][0]);
  }
  /* groups of equal numbers; each must also hash alike */
  const char *equal[][6] = {
      {"1", "1.0", "1e0", "100e-2", "0.01e2", "1.000"},
      {"0", "-0", "0.0", "0e5", "-0.0e-3", "00"},
      {"1000", "1e3", "1E3", "1e+3", "10e2", "1000.00"},
      {"-2.5", "-25e-1", "-0.25e1", "-2.50", "-2.5", "-2.500e0"},
      {"18446744073709551617", "18446744073709551617.0", "1.8446744073709551617e19",
       "184467440737095516170e-1", "18446744073709551617", "18446744073709551617"},
      {"1e400", "10e399", "0.1e401", "1e400", "1.0e400", "1E+400"},
      {"9223372036854775807", "9.223372036854775807e18", "9223372036854775807.0",
       "9223372036854775807", "9223372036854775807", "9223372036854775807"},
  };
  for (size_t g = 0; g < sizeof equal / sizeof equal[0]; g++) {
    rt_value *first = N(equal[g][0]);
    for (size_t i = 0; i < 6; i++) {
      rt_value *v = N(equal[g][i]);
      ck_assert_msg(rt_num_cmp(first, v) == 0, "%s == %s", equal[g][0], equal[g][i]);
      ck_assert_msg(rt_num_hash(first) == rt_num_hash(v), "hash %s == %s", equal[g][0],
                    equal[g][i]);
    }
  }
  /* int and text forms of the same value */
  ck_assert_int_eq(rt_num_cmp(rt_int(1000), N("1e3")), 0);
  ck_assert(rt_num_hash(rt_int(1000)) == rt_num_hash(N("1e3")));
  ck_assert(rt_num_hash(rt_int(INT64_MIN)) == rt_num_hash(N("-9223372036854775808.0")));
  ck_assert(rt_num_hash(rt_int(0)) == rt_num_hash(N("-0")));
  ck_assert_int_lt(rt_num_cmp(rt_int(INT64_MIN), rt_int(INT64_MAX)), 0);
  ck_assert_int_gt(rt_num_cmp(rt_int(3), rt_int(-3)), 0);
  ck_assert_int_gt(rt_num_cmp(N("1e400"), rt_int(INT64_MAX)), 0);
  ck_assert_int_lt(rt_num_cmp(N("-1e400"), rt_int(INT64_MIN)), 0);
  /* different values hash differently (no collisions among these) */
  const char *distinct[] = {"1",
                            "2",
                            "0.1",
                            "0.01",
                            "10",
                            "1e400",
                            "1e401",
                            "-1",
                            "-0.1",
                            "18446744073709551617",
                            "18446744073709551616",
                            "1.5"};
  size_t nd = sizeof distinct / sizeof distinct[0];
  for (size_t i = 0; i < nd; i++)
    for (size_t j = i + 1; j < nd; j++)
      ck_assert_msg(rt_num_hash(N(distinct[i])) != rt_num_hash(N(distinct[j])), "%s vs %s",
                    distinct[i], distinct[j]);
}
END_TEST

/* ---- arithmetic -------------------------------------------------------------------------- */

typedef enum { ADD, SUB, MUL, DIV, REM } op2;

static rt_value *apply2(op2 op, rt_value *a, rt_value *b, const char **err) {
  switch (op) {
  case ADD:
    return rt_num_add(a, b);
  case SUB:
    return rt_num_sub(a, b);
  case MUL:
    return rt_num_mul(a, b);
  case DIV:
    return rt_num_div(a, b, err);
  default:
    return rt_num_rem(a, b, err);
  }
}

typedef struct case2 {
  op2 op;
  const char *a, *b;
  const char *want; /* printed result, or the error message when err is set */
  bool err;
} case2;

static void run2(const case2 *cases, size_t n) {
  static const char *names[] = {"+", "-", "*", "/", "%"};
  for (size_t i = 0; i < n; i++) {
    const case2 *c = &cases[i];
    const char *err = NULL;
    rt_value *r = apply2(c->op, N(c->a), N(c->b), &err);
    if (c->err) {
      ck_assert_msg(r == NULL, "%s %s %s: want error %s, got %s", c->a, names[c->op], c->b, c->want,
                    r ? str(r) : "");
      ck_assert_msg(err && strcmp(err, c->want) == 0, "%s %s %s: error %s, want %s", c->a,
                    names[c->op], c->b, err ? err : "(none)", c->want);
    } else {
      ck_assert_msg(r != NULL, "%s %s %s: unexpected error %s", c->a, names[c->op], c->b,
                    err ? err : "");
      ck_assert_msg(strcmp(str(r), c->want) == 0, "%s %s %s = %s, want %s", c->a, names[c->op],
                    c->b, str(r), c->want);
      /* results that fit an int are ints, and ints print canonically */
      int64_t iv;
      bool canon = strcmp(c->want, "-0") != 0 && rt_num_to_int64(r, &iv) &&
                   strchr(c->want, '.') == NULL && strchr(c->want, 'e') == NULL;
      ck_assert_msg(((r->flags & RT_F_INT) != 0) == canon, "%s %s %s: int flag", c->a, names[c->op],
                    c->b);
    }
  }
}

START_TEST(test_add_sub_mul) {
  static const case2 cases[] = {
      {ADD, "1", "2", "3", false},
      {ADD, "-5", "3", "-2", false},
      {SUB, "3", "5", "-2", false},
      {MUL, "6", "7", "42", false},
      {ADD, "49649733057", "1", "49649733058", false}, /* OPA bug 2469 */
      /* int64 overflow goes exact */
      {ADD, "9223372036854775807", "1", "9223372036854775808", false},
      {SUB, "-9223372036854775808", "1", "-9223372036854775809", false},
      {ADD, "9223372036854775806", "1", "9223372036854775807", false},
      {MUL, "-9223372036854775808", "-1", "9223372036854775808", false},
      {MUL, "4294967296", "4294967296", "18446744073709551616", false},
      {MUL, "3037000499", "3037000499", "9223372030926249001", false},
      {SUB, "-9223372036854775808", "-9223372036854775808", "0", false},
      /* bignum exact (conformance arithmetic/bignum) */
      {ADD, "18446744073709551617", "1", "18446744073709551618", false},
      {SUB, "18446744073709551617", "1", "18446744073709551616", false},
      {MUL, "18446744073709551617", "2", "36893488147419103234", false},
      {ADD, "123456789012345678901234567890", "1", "123456789012345678901234567891", false},
      {SUB, "-18446744073709551617", "1", "-18446744073709551618", false},
      {SUB, "18446744073709551616", "18446744073709551616", "0", false},
      /* integral texts are integers */
      {ADD, "1e3", "1", "1001", false},
      {ADD, "2.0", "3", "5", false},
      {ADD, "1e20", "1", "100000000000000000001", false},
      {ADD, "1e400", "-1e400", "0", false},
      {MUL, "-0", "5", "0", false},
      {ADD, "-0", "-0", "0", false},
      /* the 64-bit float path */
      {ADD, "1.5", "2.5", "4", false},
      {ADD, "1", "2.5", "3.5", false},
      {MUL, "2.5", "2", "5", false},
      {MUL, "1.5", "2", "3", false},
      {ADD, "0.1", "0.2", "0.3", false},
      {SUB, "0.3", "0.1", "0.20000000000000000002", false},
      {ADD, "1234567.5", "0", "1.2345675e+06", false},
      {ADD, "123456.5", "0", "123456.5", false},
      {ADD, "0.0001", "0", "0.0001", false},
      {ADD, "0.00001", "0", "1e-05", false},
      {MUL, "1e-400", "1.5", "1.5e-400", false},
      {MUL, "0.5", "-0", "-0", false},
      {SUB, "0.5", "0.5", "0", false},
      {ADD, "-0.5", "-0.0", "-0.5", false},
      {ADD, "1e400", "0.5",
       "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000",
       false},
      {MUL, "0.1", "3", "0.3", false},
      {ADD, "0.1", "0.7", "0.8", false},
      {ADD, "18446744073709551617", "0.5", "18446744073709551616", false},
      {SUB, "1", "1.0000000000000000000000001", "0", false},
      {MUL, "1.00000000000000000001", "1", "1", false},
  };
  run2(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_div) {
  static const case2 cases[] = {
      {DIV, "4", "2", "2", false},
      {DIV, "-9", "3", "-3", false},
      {DIV, "1", "3", "0.33333333333333333334", false},
      {DIV, "2", "3", "0.6666666666666666667", false},
      {DIV, "1", "7", "0.14285714285714285714", false},
      {DIV, "3", "2", "1.5", false},
      {DIV, "1", "8", "0.125", false},
      {DIV, "1", "100000", "1e-05", false},
      {DIV, "0", "5", "0", false},
      {DIV, "0", "-5", "-0", false},
      {DIV, "-0", "5", "-0", false},
      {DIV, "-9223372036854775808", "-1", "9223372036854775808", false},
      {DIV, "9223372036854775807", "-1", "-9223372036854775807", false},
      {DIV, "9223372036854775807", "9223372036854775807", "1", false},
      {DIV, "7.5", "2.5", "3", false},
      {DIV, "1e21", "1", "1000000000000000000000", false},
      {DIV, "18446744073709551618", "2", "9223372036854775809", false},
      /* big integers lose bits in OPA's float quotient */
      {DIV, "18446744073709551617", "1", "18446744073709551616", false},
      {DIV, "1", "0", "divide by zero", true},
      {DIV, "1.5", "0", "divide by zero", true},
      {DIV, "1", "0.0", "divide by zero", true},
      {DIV, "1", "-0", "divide by zero", true},
      {DIV, "1", "0e5", "divide by zero", true},
      {DIV, "0", "0", "divide by zero", true},
  };
  run2(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_rem) {
  static const case2 cases[] = {
      {REM, "7", "4", "3", false},
      {REM, "-7", "4", "-3", false},
      {REM, "7", "-4", "3", false},
      {REM, "-9223372036854775808", "-1", "0", false},
      {REM, "-9223372036854775808", "10", "-8", false},
      {REM, "4.0", "3", "1", false},
      {REM, "1e3", "7", "6", false},
      {REM, "-0", "5", "0", false},
      /* conformance arithmetic/bignum modulo */
      {REM, "10", "18446744073709551616", "10", false},
      {REM, "5", "55340232221128654848", "5", false},
      {REM, "7", "340282366920938463463374607431768211456", "7", false},
      {REM, "100", "-18446744073709551616", "100", false},
      {REM, "18446744073709551617", "18446744073709551616", "1", false},
      {REM, "10", "18446744073709551617", "10", false},
      {REM, "-18446744073709551617", "2", "-1", false},
      {REM, "1.1", "1", "modulo on floating-point number", true},
      {REM, "1", "0.5", "modulo on floating-point number", true},
      {REM, "1.5", "0", "modulo on floating-point number", true},
      {REM, "5", "0", "modulo by zero", true},
      {REM, "5", "0.0", "modulo by zero", true},
      {REM, "18446744073709551617", "0", "modulo by zero", true},
      {REM, "5", "-0", "modulo by zero", true},
  };
  run2(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(test_err_may_be_null) {
  ck_assert_ptr_null(rt_num_div(rt_int(1), rt_int(0), NULL));
  ck_assert_ptr_null(rt_num_rem(rt_int(1), rt_int(0), NULL));
  ck_assert_ptr_null(rt_num_rem(N("1.5"), rt_int(2), NULL));
  /* err is left alone on success */
  const char *err = "untouched";
  ck_assert_ptr_nonnull(rt_num_div(rt_int(1), rt_int(2), &err));
  ck_assert_str_eq(err, "untouched");
}
END_TEST

START_TEST(test_non_numbers) {
  rt_value *s = rt_string_z("1");
  const char *err = NULL;
  ck_assert_ptr_null(rt_num_add(s, rt_int(1)));
  ck_assert_ptr_null(rt_num_sub(rt_int(1), s));
  ck_assert_ptr_null(rt_num_mul(s, s));
  ck_assert_ptr_null(rt_num_div(s, rt_int(1), &err));
  ck_assert_ptr_null(rt_num_rem(rt_int(1), s, &err));
  ck_assert_ptr_null(rt_num_neg(s));
  ck_assert_ptr_null(rt_num_abs(s));
  ck_assert_ptr_null(rt_num_round(RT_NULLV));
  ck_assert_ptr_null(rt_num_ceil(NULL));
  ck_assert_ptr_null(rt_num_floor(RT_TRUE));
}
END_TEST

typedef enum { NEG, ABS, ROUND, CEIL, FLOOR } op1;

START_TEST(test_unary) {
  static const struct {
    op1 op;
    const char *a, *want;
  } cases[] = {
      {NEG, "5", "-5"},
      {NEG, "-5", "5"},
      {NEG, "0", "0"},
      {NEG, "-0", "0"},
      {NEG, "0.0", "0"},
      {NEG, "1.5", "-1.5"},
      {NEG, "-1.5", "1.5"},
      {NEG, "+2.5", "-2.5"},
      {NEG, "-9223372036854775808", "9223372036854775808"},
      {NEG, "9223372036854775808", "-9223372036854775808"},
      {NEG, "1e400", "-1e400"},
      {ABS, "-4", "4"},
      {ABS, "4", "4"},
      {ABS, "-1.5", "1.5"},
      {ABS, "-0", "0"},
      {ABS, "-0.0", "0"},
      {ABS, "-9223372036854775808", "9223372036854775808"},
      {ABS, "-18446744073709551617", "18446744073709551616"}, /* 64-bit float in OPA */
      {ABS, "-0.1", "0.1"},
      {ROUND, "2.5", "3"},
      {ROUND, "-2.5", "-3"},
      {ROUND, "2.4", "2"},
      {ROUND, "-0.4", "0"},
      {ROUND, "-0.5", "-1"},
      {ROUND, "0.5", "1"},
      {ROUND, "7", "7"},
      {ROUND, "1e3", "1000"},
      {ROUND, "0.49999999999999999999", "1"}, /* +0.5 rounds up at 64 bits, as in OPA */
      {ROUND, "1e20", "100000000000000000000"},
      {ROUND, "123456789012345678901.4", "123456789012345678904"}, /* ulp 8 at 64 bits */
      {CEIL, "1.01", "2"},
      {CEIL, "1", "1"},
      {CEIL, "-1.5", "-1"},
      {CEIL, "-0.5", "1"}, /* OPA's ceil drops the sign of a zero truncation */
      {CEIL, "0.5", "1"},
      {CEIL, "2.0", "2"},
      {CEIL, "-2.0", "-2"},
      {CEIL, "9223372036854775807", "9223372036854775807"},
      {FLOOR, "1.01", "1"},
      {FLOOR, "1.5", "1"},
      {FLOOR, "99.99999", "99"},
      {FLOOR, "1", "1"},
      {FLOOR, "-1.001", "-2"},
      {FLOOR, "-0.5", "0"}, /* likewise */
      {FLOOR, "-1", "-1"},
      {FLOOR, "-2.0", "-2"},
      {FLOOR, "2.9999999999999999999999", "3"}, /* rounds to 3.0 at 64 bits first */
      {FLOOR, "-9223372036854775808", "-9223372036854775808"},
  };
  static const char *names[] = {"neg", "abs", "round", "ceil", "floor"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rt_value *a = N(cases[i].a), *r;
    switch (cases[i].op) {
    case NEG:
      r = rt_num_neg(a);
      break;
    case ABS:
      r = rt_num_abs(a);
      break;
    case ROUND:
      r = rt_num_round(a);
      break;
    case CEIL:
      r = rt_num_ceil(a);
      break;
    default:
      r = rt_num_floor(a);
      break;
    }
    ck_assert_msg(r && strcmp(str(r), cases[i].want) == 0, "%s(%s) = %s, want %s",
                  names[cases[i].op], cases[i].a, r ? str(r) : "NULL", cases[i].want);
  }
  ck_assert(rt_num_neg(rt_int(INT64_MAX))->flags & RT_F_INT);
  ck_assert(rt_num_neg(rt_int(3))->flags & RT_F_INT);
  ck_assert_str_eq(str(rt_num_neg(rt_int(INT64_MIN))), "9223372036854775808");
  ck_assert_str_eq(str(rt_num_abs(rt_int(INT64_MIN))), "9223372036854775808");
  ck_assert_str_eq(str(rt_num_abs(rt_int(-7))), "7");
}
END_TEST

START_TEST(test_huge_exponents) {
  /* beyond the exact-integer limit: no crash, no giant allocation, sensible order */
  rt_value *huge = N("1e999999999"), *tiny = N("1e-999999999");
  rt_value *r = rt_num_add(huge, rt_int(1));
  ck_assert_ptr_nonnull(r);
  /* printed in exponent form (OPA would expand all billion digits) */
  ck_assert_msg(strncmp(str(r), "1.0000000000000000000", 21) == 0 &&
                    strcmp(str(r) + strlen(str(r)) - 11, "e+999999999") == 0,
                "%s", str(r));
  ck_assert_int_gt(rt_num_cmp(r, N("1e400")), 0);
  r = rt_num_mul(tiny, N("2"));
  ck_assert_ptr_nonnull(r);
  ck_assert_msg(str(r)[0] == '1' || str(r)[0] == '2', "%s", str(r));
  ck_assert_msg(strstr(str(r), "e-99999999") != NULL, "%s", str(r));
  ck_assert_int_gt(rt_num_cmp(r, rt_int(0)), 0);
  ck_assert(rt_num_is_int(huge));
  ck_assert(!rt_num_is_int(tiny));
  int64_t out;
  ck_assert(!rt_num_to_int64(huge, &out));
  const char *err = NULL;
  ck_assert_ptr_null(rt_num_rem(huge, rt_int(3), &err));
  ck_assert_str_eq(err, "modulo on floating-point number");
  /* exponents too long for 64 bits still compare in order */
  ck_assert_int_gt(rt_num_cmp(N("1e99999999999999999999"), N("-1")), 0);
  ck_assert_int_gt(rt_num_cmp(N("1e99999999999999999999"), N("1e999999999")), 0);
  ck_assert_int_lt(rt_num_cmp(N("1e-99999999999999999999"), N("1e-999999999")), 0);
  /* 1e400 compares exactly against integers and neighbours */
  ck_assert_int_lt(rt_num_cmp(N("1e400"), rt_num_add(N("1e400"), rt_int(1))), 0);
}
END_TEST

START_TEST(test_float_text_round_trips) {
  /* A float-path result printed with Go's shortest digits reads back as the same 64-bit
   * value: r + 0.0 (again the float path) prints r again. */
  srand(3);
  for (int i = 0; i < 3000; i++) {
    char a[64], b[64];
    snprintf(a, sizeof a, "%d.%de%d", rand() % 100000, rand() % 1000, rand() % 80 - 40);
    snprintf(b, sizeof b, "%s%d.%d", rand() % 2 ? "-" : "", rand() % 1000 + 1, rand() % 100);
    const char *err = NULL;
    rt_value *r = rt_num_div(N(a), N(b), &err);
    ck_assert_ptr_nonnull(r);
    rt_value *again = rt_num_add(r, N("0.0"));
    ck_assert_msg(strcmp(str(again), str(r)) == 0, "%s / %s = %s, + 0.0 = %s", a, b, str(r),
                  str(again));
    ck_assert_int_eq(rt_num_cmp(again, r), 0);
  }
}
END_TEST

START_TEST(test_results_live_in_arena) {
  size_t before = rt_arena_bytes(arena);
  rt_value *r = rt_num_add(N("0.1"), N("0.2"));
  ck_assert_ptr_nonnull(r);
  ck_assert(!(r->flags & RT_F_STATIC));
  ck_assert_uint_gt(rt_arena_bytes(arena), before);
  /* small int results allocate nothing */
  before = rt_arena_bytes(arena);
  ck_assert_ptr_eq(rt_num_add(rt_int(2), rt_int(3)), rt_int(5));
  ck_assert_uint_eq(rt_arena_bytes(arena), before);
}
END_TEST

static Suite *number_suite(void) {
  Suite *s = suite_create("number");
  TCase *tc = tcase_create("number");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_int_constructor);
  tcase_add_test(tc, test_number_text);
  tcase_add_test(tc, test_is_int_and_to_int64);
  tcase_add_test(tc, test_to_double);
  tcase_add_test(tc, test_double_constructor);
  tcase_add_test(tc, test_compare);
  tcase_add_test(tc, test_add_sub_mul);
  tcase_add_test(tc, test_div);
  tcase_add_test(tc, test_rem);
  tcase_add_test(tc, test_err_may_be_null);
  tcase_add_test(tc, test_non_numbers);
  tcase_add_test(tc, test_unary);
  tcase_add_test(tc, test_huge_exponents);
  tcase_add_test(tc, test_float_text_round_trips);
  tcase_add_test(tc, test_results_live_in_arena);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(number_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
