/* bi_units.c: units.parse and units.parse_bytes (topdown/parse_units.go, parse_bytes.go).
 *
 * Both drop every '"', refuse spaces, and split the text where the number ends: digits,
 * '.', signs, and e/E when a digit or sign follows (an exponent of more than six digits is
 * refused). units.parse keeps the first letter of the unit as written (m is milli, M mega)
 * and lowercases the rest; it multiplies exactly, as big.Rat does, by the unit -- milli
 * being the float64 0.001, as in OPA, so "500m" is 0.5000000000 -- and prints an integral
 * result as an integer, any other with ten decimals (rounded half away from zero).
 * units.parse_bytes lowercases everything and computes as big.Float does: the amount
 * rounded to a 64-bit mantissa, times the unit, truncated to an integer. The unit is checked
 * before the amount is parsed. OPA's messages already start with the builtin's name and its
 * error wrapper adds it again, so they read "units.parse: units.parse: ...".
 */
#include <gmp.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

typedef struct unit {
  const char *name;
  unsigned long long factor; /* 0: milli */
} unit;

static const unit si_units[] = {
    {"", 1ULL},
    {"m", 0},
    {"k", 1000ULL},
    {"K", 1000ULL},
    {"ki", 1ULL << 10},
    {"Ki", 1ULL << 10},
    {"M", 1000000ULL},
    {"mi", 1ULL << 20},
    {"Mi", 1ULL << 20},
    {"g", 1000000000ULL},
    {"G", 1000000000ULL},
    {"gi", 1ULL << 30},
    {"Gi", 1ULL << 30},
    {"t", 1000000000000ULL},
    {"T", 1000000000000ULL},
    {"ti", 1ULL << 40},
    {"Ti", 1ULL << 40},
    {"p", 1000000000000000ULL},
    {"P", 1000000000000000ULL},
    {"pi", 1ULL << 50},
    {"Pi", 1ULL << 50},
    {"e", 1000000000000000000ULL},
    {"E", 1000000000000000000ULL},
    {"ei", 1ULL << 60},
    {"Ei", 1ULL << 60},
    {NULL, 0},
};

static const unit byte_units[] = {
    {"", 1ULL},
    {"kb", 1000ULL},
    {"k", 1000ULL},
    {"kib", 1ULL << 10},
    {"ki", 1ULL << 10},
    {"mb", 1000000ULL},
    {"m", 1000000ULL},
    {"mib", 1ULL << 20},
    {"mi", 1ULL << 20},
    {"gb", 1000000000ULL},
    {"g", 1000000000ULL},
    {"gib", 1ULL << 30},
    {"gi", 1ULL << 30},
    {"tb", 1000000000000ULL},
    {"t", 1000000000000ULL},
    {"tib", 1ULL << 40},
    {"ti", 1ULL << 40},
    {"pb", 1000000000000000ULL},
    {"p", 1000000000000000ULL},
    {"pib", 1ULL << 50},
    {"pi", 1ULL << 50},
    {"eb", 1000000000000000000ULL},
    {"e", 1000000000000000000ULL},
    {"eib", 1ULL << 60},
    {"ei", 1ULL << 60},
    {NULL, 0},
};

static const unit *find_unit(const unit *tab, const char *u, size_t n) {
  for (; tab->name; tab++)
    if (strlen(tab->name) == n && memcmp(tab->name, u, n) == 0) return tab;
  return NULL;
}

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* extractNumAndUnit: the number's length, or -1 for an exponent of more than six digits. */
static long split_number(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!is_digit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') return (long)i;
    if (c == 'e' || c == 'E') {
      if (i == n - 1 || (!is_digit(s[i + 1]) && s[i + 1] != '+' && s[i + 1] != '-')) return (long)i;
      if (s[i + 1] == '+' || s[i + 1] == '-') i++;
      size_t d = i + 1;
      while (d < n && is_digit(s[d]))
        d++;
      if (d - (i + 1) > 6) return -1;
    }
  }
  return (long)n;
}

/* The argument without its '"' characters (lowercased for parse_bytes). */
static char *clean(rt_value *a, bool lower, size_t *len) {
  char *out = rt_alloc(N(a) + 1);
  size_t k = 0;
  for (size_t i = 0; i < N(a); i++) {
    char c = S(a)[i];
    if (lower && c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != '"') out[k++] = c;
  }
  out[k] = '\0';
  *len = k;
  return out;
}

/* A decimal text (sign, digits, '.', exponent: what big.Rat and big.Float accept of the
 * characters split_number lets through) as an exact rational; false if malformed. */
static bool parse_decimal(const char *s, size_t n, mpq_t out) {
  size_t i = 0, nd = 0;
  bool neg = false, dot = false;
  long frac = 0, exp10 = 0;
  char *digits = rt_alloc(n + 2);
  if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  for (; i < n; i++) {
    if (is_digit(s[i])) {
      digits[nd++] = s[i];
      if (dot) frac++;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (nd == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    bool eneg = false;
    size_t d;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    for (d = i; i < n && is_digit(s[i]); i++)
      exp10 = exp10 * 10 + (s[i] - '0');
    if (i == d) return false;
    if (eneg) exp10 = -exp10;
  }
  if (i != n) return false;
  digits[nd] = '\0';
  exp10 -= frac;
  mpz_t p;
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)(exp10 < 0 ? -exp10 : exp10));
  mpz_set_str(mpq_numref(out), digits, 10);
  mpz_set_ui(mpq_denref(out), 1);
  if (exp10 < 0)
    mpz_set(mpq_denref(out), p);
  else
    mpz_mul(mpq_numref(out), mpq_numref(out), p);
  mpz_clear(p);
  mpq_canonicalize(out);
  if (neg) mpq_neg(out, out);
  return true;
}

static rt_value *mpz_number(const mpz_t z, const char *prefix) {
  char *digits = mpz_get_str(NULL, 10, z);
  size_t n = strlen(digits), pn = strlen(prefix);
  char *text = rt_alloc(n + pn + 1);
  memcpy(text, prefix, pn);
  memcpy(text + pn, digits, n + 1);
  void (*freefn)(void *, size_t);
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(digits, n + 1);
  return rt_number_text(text, n + pn);
}

/* big.Rat.FloatString(10): ten decimals, the last rounded half away from zero. */
static rt_value *float_string10(const mpq_t x) {
  mpz_t scaled, rem, ten10, ip, fp;
  mpz_inits(scaled, rem, ten10, ip, fp, NULL);
  mpz_ui_pow_ui(ten10, 10, 10);
  mpz_abs(scaled, mpq_numref(x));
  mpz_mul(scaled, scaled, ten10);
  mpz_tdiv_qr(scaled, rem, scaled, mpq_denref(x));
  mpz_mul_2exp(rem, rem, 1);
  if (mpz_cmp(rem, mpq_denref(x)) >= 0) mpz_add_ui(scaled, scaled, 1);
  mpz_tdiv_qr(ip, fp, scaled, ten10);
  char *is = mpz_get_str(NULL, 10, ip), *fs = mpz_get_str(NULL, 10, fp);
  rt_buf b;
  rt_buf_init(&b, strlen(is) + 16);
  if (mpq_sgn(x) < 0) rt_buf_putc(&b, '-');
  rt_buf_puts(&b, is);
  rt_buf_putc(&b, '.');
  for (size_t k = strlen(fs); k < 10; k++)
    rt_buf_putc(&b, '0');
  rt_buf_puts(&b, fs);
  void (*freefn)(void *, size_t);
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(is, strlen(is) + 1);
  freefn(fs, strlen(fs) + 1);
  mpz_clears(scaled, rem, ten10, ip, fp, NULL);
  return rt_number_text(b.data, b.len);
}

#define UP "units.parse"

rt_value *bi_units_parse(rt_value *a) {
  size_t n;
  char *s, *u;
  long cut;
  const unit *un;
  mpq_t x, f;
  rt_value *r;
  if (!rt_is(a, RT_STRING)) return bi_type_err(UP, 1, a, "string");
  s = clean(a, false, &n);
  if (memchr(s, ' ', n))
    return rt_builtin_fail(RT_ERR_BUILTIN, UP, UP ": spaces not allowed in resource strings");
  if ((cut = split_number(s, n)) < 0)
    return rt_builtin_fail(RT_ERR_BUILTIN, UP, UP ": exponent too large");
  if (cut == 0) return rt_builtin_fail(RT_ERR_BUILTIN, UP, UP ": no amount provided");
  /* the unit keeps its first character's case; the rest is lowercased */
  size_t un_len = n - (size_t)cut;
  u = rt_alloc(un_len + 1);
  for (size_t i = 0; i < un_len; i++) {
    char c = s[cut + (long)i];
    u[i] = (char)(i > 0 && c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  u[un_len] = '\0';
  if (!(un = find_unit(si_units, u, un_len)))
    return rt_builtin_fail(RT_ERR_BUILTIN, UP, UP ": unit %s not recognized", u);
  mpq_inits(x, f, NULL);
  if (!parse_decimal(s, (size_t)cut, x)) {
    mpq_clears(x, f, NULL);
    return rt_builtin_fail(RT_ERR_BUILTIN, UP, UP ": could not parse amount to a number");
  }
  if (un->factor == 0) {
    mpq_set_d(f, 0.001); /* big.Rat.SetFloat64(0.001): the float's exact value */
  } else {
    mpq_set_ui(f, (unsigned long)un->factor, 1);
  }
  mpq_mul(x, x, f);
  if (mpz_cmp_ui(mpq_denref(x), 1) == 0)
    r = mpz_number(mpq_numref(x), "");
  else
    r = float_string10(x);
  mpq_clears(x, f, NULL);
  return r;
}

#define UPB "units.parse_bytes"

rt_value *bi_units_parse_bytes(rt_value *a) {
  size_t n;
  char *s, *u;
  long cut;
  const unit *un;
  mpq_t x;
  mpfr_t f;
  mpz_t z;
  rt_value *r;
  if (!rt_is(a, RT_STRING)) return bi_type_err(UPB, 1, a, "string");
  s = clean(a, true, &n);
  if (memchr(s, ' ', n))
    return rt_builtin_fail(RT_ERR_BUILTIN, UPB, UPB ": spaces not allowed in resource strings");
  if ((cut = split_number(s, n)) < 0)
    return rt_builtin_fail(RT_ERR_BUILTIN, UPB, UPB ": exponent too large");
  if (cut == 0) return rt_builtin_fail(RT_ERR_BUILTIN, UPB, UPB ": no byte amount provided");
  u = s + cut;
  if (!(un = find_unit(byte_units, u, n - (size_t)cut)))
    return rt_builtin_fail(RT_ERR_BUILTIN, UPB, UPB ": byte unit %s not recognized", u);
  mpq_init(x);
  if (!parse_decimal(s, (size_t)cut, x)) {
    mpq_clear(x);
    return rt_builtin_fail(RT_ERR_BUILTIN, UPB, UPB ": could not parse byte amount to a number");
  }
  /* big.Float: the amount rounded to 64 bits, times the unit rounded to 64 bits, truncated */
  mpfr_init2(f, 64);
  mpz_init(z);
  mpfr_set_q(f, x, MPFR_RNDN);
  mpfr_mul_ui(f, f, (unsigned long)un->factor, MPFR_RNDN);
  mpfr_get_z(z, f, MPFR_RNDZ);
  r = mpz_number(z, "");
  mpz_clear(z);
  mpfr_clear(f);
  mpq_clear(x);
  return r;
}
