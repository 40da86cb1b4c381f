/* number.c: Rego numbers with OPA's exact semantics: constructors, queries, comparison,
 * hashing and arithmetic.
 *
 * OPA keeps a number as the JSON text it was written as (ast.Number is a json.Number) and
 * computes with Go's math/big, so a number here is either an int64 (RT_F_INT) or its text.
 * The text is printed back as written ("1.0" stays "1.0"); values compare exactly.
 *
 * Arithmetic follows v1/topdown/arithmetic.go operation by operation:
 *  - integers that fit int64 take a fast path with overflow checks and never touch GMP;
 *  - +, -, * and % on integers of any size are exact (GMP mpz), as in OPA since 1.20;
 *  - everything else goes through big.Float with Go's default 64-bit mantissa and
 *    round-to-nearest-even. We reproduce that with MPFR at 64 bits, including the way
 *    big.Float parses decimal text (the power of 5 is computed at 128 bits, so long decimal
 *    exponents round like Go's do) and the way FloatToNumber prints the result (the
 *    shortest digits that identify the 64-bit value: Text('f', -1) for integral values,
 *    Text('g', -1) otherwise; both reimplemented below from Go's ftoa.go algorithm).
 *  - round/ceil/floor/abs run on that 64-bit float for anything but an int64, with OPA's
 *    quirks kept: ceil(-0.5) is 1 and floor(-0.5) is 0, because OPA truncates to a big.Int
 *    (losing the sign of zero) before deciding whether to step.
 * Comparison and hashing need no big numbers: a number's text is read as sign, significant
 * digits and decimal exponent, which compare exactly and hash canonically (1, 1.0, 1e0 and
 * 100e-2 have one form).
 */
#include "rt_internal.h"

#include <errno.h>
#include <gmp.h>
#include <limits.h>
#include <math.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(LONG_MAX == INT64_MAX, "GMP's long must be 64 bits");

/* OPA's big.Float default precision and the precision of its decimal-exponent factor. */
#define GO_PREC 64
/* Integers up to this many decimal digits take the exact (mpz) path; larger ones (1e200000
 * and beyond, only reachable from input JSON) go through the 64-bit float path instead. */
#define MAX_EXACT_DIGITS 100000
/* Decimal exponents are clamped here when read; no real number comes near it. */
#define EXP_CLAMP ((int64_t)1 << 56)
/* Binary exponents beyond this make exact decimal expansion too big; such results are
 * printed with MPFR's round-trip digits instead of Go's shortest ones. */
#define MAX_EXPAND_BITS ((long)1 << 17)

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fprintf(stderr, "regoc runtime: out of memory (allocating %zu bytes)\n", n);
    abort();
  }
  return p;
}

/* ---- small integers ---------------------------------------------------------------------- */

/* Static values for the integers most programs build (indexes, counts, small results). */
#define SMALL_MIN (-128)
#define SMALL_MAX 1023
#define I1(n) RT_STATIC_INT(n)
#define I4(n) I1(n), I1((n) + 1), I1((n) + 2), I1((n) + 3)
#define I16(n) I4(n), I4((n) + 4), I4((n) + 8), I4((n) + 12)
#define I64(n) I16(n), I16((n) + 16), I16((n) + 32), I16((n) + 48)
#define I128(n) I64(n), I64((n) + 64)
static rt_number small_ints[] = {
    I128(-128), I128(0), I128(128), I128(256), I128(384),
    I128(512),  I128(640), I128(768), I128(896),
};
_Static_assert(sizeof small_ints / sizeof small_ints[0] == SMALL_MAX - SMALL_MIN + 1,
               "small integer table size");

rt_value *rt_int(int64_t i) {
  if (i >= SMALL_MIN && i <= SMALL_MAX)
    return &small_ints[i - SMALL_MIN].hdr;
  rt_number *n = rt_alloc(sizeof *n);
  n->hdr.type = RT_NUMBER;
  n->hdr.flags = RT_F_INT;
  n->len = 0;
  n->i = i;
  n->text = NULL;
  return &n->hdr;
}

/* Writes i in decimal to buf (at least 21 bytes); returns the length. */
static size_t fmt_i64(int64_t i, char *buf) {
  char tmp[24];
  size_t n = 0;
  uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  size_t k = 0;
  if (i < 0)
    buf[k++] = '-';
  while (n)
    buf[k++] = tmp[--n];
  buf[k] = '\0';
  return k;
}

/* A number whose text is already known to be valid and not the canonical form of an
 * int64; copies the text into the arena. */
static rt_value *text_number(const char *s, size_t len) {
  rt_number *n = rt_alloc(sizeof *n + len + 1);
  char *t = (char *)(n + 1);
  memcpy(t, s, len);
  t[len] = '\0';
  n->hdr.type = RT_NUMBER;
  n->hdr.flags = 0;
  n->len = (uint32_t)len;
  n->i = 0;
  n->text = t;
  return &n->hdr;
}

/* Whether s is exactly how int64 i prints ("-?[1-9][0-9]*" or "0", in range); *out gets
 * the value. "-0", "007" and "+5" are not: their text must survive to be printed. */
static bool canonical_int(const char *s, size_t len, int64_t *out) {
  size_t i = 0;
  bool neg = false;
  if (len && s[0] == '-') {
    neg = true;
    i = 1;
  }
  if (i >= len || len - i > 19 || (s[i] == '0' && len - i > 1) || (neg && s[i] == '0'))
    return false;
  uint64_t u = 0;
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    u = u * 10 + (uint64_t)(s[i] - '0');
  }
  if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX)
    return false;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

/* ---- decimal views ------------------------------------------------------------------------ */

/* A number read as sign, significant digits d1..dn (no leading or trailing zeros) and
 * exponent: value = 0.d1...dn x 10^exp. Zero has ndig == 0. The digits stay in the text;
 * a '.' among them is skipped by dec_digit. */
typedef struct dec {
  bool neg;
  const char *s;
  size_t first; /* index in s of d1 */
  size_t dot;   /* index in s of '.', SIZE_MAX if none */
  uint32_t ndig;
  int64_t exp;
} dec;

static inline char dec_digit(const dec *d, uint32_t i) {
  size_t k = d->first + i;
  if (d->dot != SIZE_MAX && d->dot > d->first && k >= d->dot)
    k++;
  return d->s[k];
}

/* Reads number text in the syntax big.Float accepts for base 10 (a superset of JSON's):
 * [+-] (digits [. [digits]] | . digits) [(e|E) [+-] digits]. False if s is not a number. */
static bool dec_parse(const char *s, size_t n, dec *d) {
  size_t i = 0;
  d->neg = false;
  d->s = s;
  d->first = 0;
  d->dot = SIZE_MAX;
  d->ndig = 0;
  d->exp = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) {
    d->neg = s[i] == '-';
    i++;
  }
  int64_t pos = 0, intdigits = -1, first_pos = -1, last_pos = 0;
  for (; i < n; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (c != '0') {
        if (first_pos < 0) {
          first_pos = pos;
          d->first = i;
        }
        last_pos = pos;
      }
      pos++;
    } else if (c == '.' && d->dot == SIZE_MAX) {
      d->dot = i;
      intdigits = pos;
    } else {
      break;
    }
  }
  if (pos == 0)
    return false;
  if (intdigits < 0)
    intdigits = pos;
  int64_t e = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    bool eneg = false;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      eneg = s[i] == '-';
      i++;
    }
    if (i >= n || s[i] < '0' || s[i] > '9')
      return false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
      if (e < EXP_CLAMP)
        e = e * 10 + (s[i] - '0');
    if (e > EXP_CLAMP)
      e = EXP_CLAMP;
    if (eneg)
      e = -e;
  }
  if (i != n || last_pos - first_pos + 1 > (int64_t)UINT32_MAX)
    return false;
  if (first_pos < 0)
    return true; /* zero */
  d->ndig = (uint32_t)(last_pos - first_pos + 1);
  d->exp = intdigits - first_pos + e;
  return true;
}

/* The decimal view of any number; buf (24 bytes) holds an int's text. */
static void num_dec(const rt_value *v, dec *d, char *buf) {
  const rt_number *n = (const rt_number *)v;
  if (n->hdr.flags & RT_F_INT) {
    size_t len = fmt_i64(n->i, buf);
    dec_parse(buf, len, d);
  } else if (!dec_parse(n->text, n->len, d)) {
    d->neg = false; /* not a number: only reachable through a malformed static constant */
    d->ndig = 0;
    d->exp = 0;
  }
}

static int dec_sign(const dec *d) {
  return d->ndig == 0 ? 0 : d->neg ? -1 : 1;
}

static int dec_cmp(const dec *a, const dec *b) {
  int sa = dec_sign(a), sb = dec_sign(b);
  if (sa != sb)
    return sa < sb ? -1 : 1;
  if (sa == 0)
    return 0;
  int mag = 0;
  if (a->exp != b->exp) {
    mag = a->exp < b->exp ? -1 : 1;
  } else {
    uint32_t n = a->ndig < b->ndig ? a->ndig : b->ndig;
    for (uint32_t i = 0; i < n && !mag; i++) {
      char x = dec_digit(a, i), y = dec_digit(b, i);
      if (x != y)
        mag = x < y ? -1 : 1;
    }
    if (!mag && a->ndig != b->ndig)
      mag = a->ndig < b->ndig ? -1 : 1;
  }
  return sa * mag;
}

static bool dec_is_int(const dec *d) {
  return d->ndig == 0 || d->exp >= (int64_t)d->ndig;
}

static bool dec_to_i64(const dec *d, int64_t *out) {
  if (d->ndig == 0) {
    *out = 0;
    return true;
  }
  if (d->exp < (int64_t)d->ndig || d->exp > 19)
    return false;
  uint64_t u = 0;
  for (uint32_t i = 0; i < d->ndig; i++)
    u = u * 10 + (uint64_t)(dec_digit(d, i) - '0');
  for (int64_t k = d->ndig; k < d->exp; k++)
    if (__builtin_mul_overflow(u, 10, &u))
      return false;
  if (d->neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX)
    return false;
  *out = d->neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

/* ---- constructors and queries ------------------------------------------------------------ */

rt_value *rt_number_text(const char *text, size_t len) {
  dec d;
  int64_t i;
  if (!text || len > UINT32_MAX || !dec_parse(text, len, &d))
    return NULL;
  if (canonical_int(text, len, &i))
    return rt_int(i);
  return text_number(text, len);
}

bool rt_num_is_int(const rt_value *n) {
  if (n->flags & RT_F_INT)
    return true;
  dec d;
  char buf[24];
  num_dec(n, &d, buf);
  return dec_is_int(&d);
}

bool rt_num_to_int64(const rt_value *n, int64_t *out) {
  if (n->flags & RT_F_INT) {
    *out = RT_AS_NUM(n)->i;
    return true;
  }
  dec d;
  char buf[24];
  num_dec(n, &d, buf);
  return dec_to_i64(&d, out);
}

double rt_num_to_double(const rt_value *n) {
  const rt_number *num = (const rt_number *)n;
  if (num->hdr.flags & RT_F_INT)
    return (double)num->i;
  char small[64];
  char *s = num->len < sizeof small ? small : xmalloc(num->len + 1);
  memcpy(s, num->text, num->len);
  s[num->len] = '\0';
  double d = strtod(s, NULL);
  if (s != small)
    free(s);
  return d;
}

const char *rt_num_str(const rt_value *n, size_t *len) {
  const rt_number *num = (const rt_number *)n;
  if (num->hdr.flags & RT_F_INT) {
    char *buf = rt_alloc(24);
    size_t k = fmt_i64(num->i, buf);
    if (len)
      *len = k;
    return buf;
  }
  if (len)
    *len = num->len;
  return num->text;
}

int rt_num_cmp(const rt_value *a, const rt_value *b) {
  if ((a->flags & RT_F_INT) && (b->flags & RT_F_INT)) {
    int64_t x = RT_AS_NUM(a)->i, y = RT_AS_NUM(b)->i;
    return x < y ? -1 : x > y;
  }
  dec da, db;
  char ba[24], bb[24];
  num_dec(a, &da, ba);
  num_dec(b, &db, bb);
  return dec_cmp(&da, &db);
}

static uint64_t hash_i64(int64_t i) {
  return rt_hash_mix((uint64_t)i ^ 0x6e756d626572ULL);
}

uint64_t rt_num_hash(const rt_value *n) {
  if (n->flags & RT_F_INT)
    return hash_i64(RT_AS_NUM(n)->i);
  dec d;
  char buf[24];
  int64_t i;
  num_dec(n, &d, buf);
  if (dec_to_i64(&d, &i))
    return hash_i64(i);
  /* FNV-1a over the canonical digits, then the exponent and the sign. */
  uint64_t h = 0xcbf29ce484222325ULL;
  for (uint32_t k = 0; k < d.ndig; k++) {
    h ^= (unsigned char)dec_digit(&d, k);
    h *= 0x100000001b3ULL;
  }
  h ^= (uint64_t)d.exp * 0x9e3779b97f4a7c15ULL;
  h ^= d.neg ? 0x5bd1e995ULL : 0;
  return rt_hash_mix(h);
}

/* ---- doubles ----------------------------------------------------------------------------- */

/* Increments the decimal mantissa of an "%e" string in place ("1.25e+00" -> "1.26e+00");
 * returns false if it would carry out of the first digit. */
static bool inc_mantissa(char *s) {
  char *e = strchr(s, 'e');
  char *p = e - 1;
  for (; p >= s; p--) {
    if (*p == '.' || *p == '-')
      continue;
    if (*p < '9') {
      (*p)++;
      return true;
    }
    *p = '0';
  }
  return false;
}

/* strconv.FormatFloat(d, 'g', -1, 64): the shortest digits that read back as d, in %e form
 * when the decimal exponent is < -4 or >= 6 (Go's rule for shortest output: 123456 but
 * 1e+06). Returns the length written to out (at least 40 bytes). */
static size_t fmt_double(double d, char *out) {
  char e[40];
  int prec;
  for (prec = 0; prec < 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec, d);
    if (strtod(e, NULL) == d)
      break;
    /* At a power of two the gap below is half the gap above: the digit string rounded
     * up may read back as d when the nearest one does not. */
    char up[40];
    memcpy(up, e, sizeof e);
    if (fabs(strtod(e, NULL)) < fabs(d) && inc_mantissa(up) && strtod(up, NULL) == d) {
      memcpy(e, up, sizeof e);
      break;
    }
  }
  /* e is [-]D[.DDD]e(+|-)XX: collect digits and the exponent. */
  char digits[24];
  size_t nd = 0;
  const char *p = e;
  bool neg = *p == '-';
  if (neg)
    p++;
  for (; *p != 'e'; p++)
    if (*p != '.')
      digits[nd++] = *p;
  int x = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  size_t k = 0;
  if (neg)
    out[k++] = '-';
  if (x < -4 || x >= 6) {
    out[k++] = digits[0];
    if (nd > 1) {
      out[k++] = '.';
      memcpy(out + k, digits + 1, nd - 1);
      k += nd - 1;
    }
    k += (size_t)sprintf(out + k, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
  } else if (x < 0) {
    out[k++] = '0';
    out[k++] = '.';
    for (int z = -1; z > x; z--)
      out[k++] = '0';
    memcpy(out + k, digits, nd);
    k += nd;
  } else {
    for (int i = 0; i <= x; i++)
      out[k++] = (size_t)i < nd ? digits[i] : '0';
    if (nd > (size_t)x + 1) {
      out[k++] = '.';
      memcpy(out + k, digits + x + 1, nd - (size_t)x - 1);
      k += nd - (size_t)x - 1;
    }
  }
  out[k] = '\0';
  return k;
}

rt_value *rt_double(double d) {
  if (!isfinite(d))
    return NULL; /* NaN and infinities are not numbers in Rego */
  if (d > -1e6 && d < 1e6 && d == (double)(int64_t)d && !(d == 0 && signbit(d)))
    return rt_int((int64_t)d); /* Go prints these without exponent: skip the formatting */
  char buf[40];
  size_t n = fmt_double(d, buf);
  return rt_number_text(buf, n);
}

/* ---- the big.Float path ------------------------------------------------------------------ */

static void mpfr_setup(void) {
  static bool done;
  if (!done) {
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    done = true;
  }
}

/* 5^n as big.Float's pow5 computes it into a 128-bit float: exact up to 5^27, then by
 * repeated squaring of a 192-bit factor, rounding at each step. */
static void go_pow5(mpfr_t z, uint64_t n) {
  static const unsigned long pow5[28] = {
      1UL, 5UL, 25UL, 125UL, 625UL, 3125UL, 15625UL, 78125UL, 390625UL, 1953125UL,
      9765625UL, 48828125UL, 244140625UL, 1220703125UL, 6103515625UL, 30517578125UL,
      152587890625UL, 762939453125UL, 3814697265625UL, 19073486328125UL, 95367431640625UL,
      476837158203125UL, 2384185791015625UL, 11920928955078125UL, 59604644775390625UL,
      298023223876953125UL, 1490116119384765625UL, 7450580596923828125UL};
  if (n <= 27) {
    mpfr_set_ui(z, pow5[n], MPFR_RNDN);
    return;
  }
  mpfr_set_ui(z, pow5[27], MPFR_RNDN);
  n -= 27;
  mpfr_t f;
  mpfr_init2(f, mpfr_get_prec(z) + 64);
  mpfr_set_ui(f, 5, MPFR_RNDN);
  while (n) {
    if (n & 1)
      mpfr_mul(z, z, f, MPFR_RNDN);
    mpfr_mul(f, f, f, MPFR_RNDN);
    n >>= 1;
  }
  mpfr_clear(f);
}

/* builtins.NumberToFloat: new(big.Float).SetString(text), i.e. a 64-bit float holding the
 * mantissa digits M times 10^e5 rounded the way big.Float.scan rounds: M exactly, times
 * (or divided by) the 128-bit pow5(|e5|), rounded once to 64 bits. `out` must have been
 * initialised with GO_PREC bits. */
static void num_to_float(mpfr_t out, const rt_value *v) {
  const rt_number *n = (const rt_number *)v;
  if (n->hdr.flags & RT_F_INT) {
    mpfr_set_si(out, n->i, MPFR_RNDN);
    return;
  }
  const char *s = n->text;
  size_t len = n->len, i = 0;
  bool neg = false;
  if (i < len && (s[i] == '-' || s[i] == '+'))
    neg = s[i++] == '-';
  char small[64];
  char *digits = len < sizeof small ? small : xmalloc(len + 1);
  size_t nd = 0;
  int64_t frac = 0;
  bool in_frac = false;
  for (; i < len; i++) {
    if (s[i] == '.') {
      in_frac = true;
    } else if (s[i] >= '0' && s[i] <= '9') {
      if (nd || s[i] != '0')
        digits[nd++] = s[i];
      if (in_frac)
        frac++;
    } else {
      break;
    }
  }
  digits[nd] = '\0';
  int64_t e = 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    bool eneg = false;
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      eneg = s[i++] == '-';
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
      if (e < EXP_CLAMP)
        e = e * 10 + (s[i] - '0');
    if (eneg)
      e = -e;
  }
  if (nd == 0) {
    mpfr_set_zero(out, neg ? -1 : 1);
    if (digits != small)
      free(digits);
    return;
  }
  mpz_t m;
  mpz_init_set_str(m, digits, 10);
  if (digits != small)
    free(digits);
  int64_t e5 = e - frac;
  if (e5 == 0) {
    mpfr_set_z(out, m, MPFR_RNDN);
  } else {
    mpfr_t p, x;
    size_t bits = mpz_sizeinbase(m, 2);
    mpfr_init2(p, GO_PREC + 64);
    go_pow5(p, (uint64_t)(e5 < 0 ? -e5 : e5));
    mpfr_init2(x, bits < MPFR_PREC_MIN ? MPFR_PREC_MIN : (mpfr_prec_t)bits);
    mpfr_set_z(x, m, MPFR_RNDN); /* exact */
    mpfr_mul_2si(x, x, (long)e5, MPFR_RNDN);
    if (e5 < 0)
      mpfr_div(out, x, p, MPFR_RNDN);
    else
      mpfr_mul(out, x, p, MPFR_RNDN);
    mpfr_clear(p);
    mpfr_clear(x);
  }
  mpz_clear(m);
  if (neg)
    mpfr_neg(out, out, MPFR_RNDN);
}

/* A decimal as big's ftoa sees it: digits without trailing zeros, value 0.DIGITS x 10^exp. */
typedef struct gdec {
  char *mant;
  size_t len;
  long exp;
} gdec;

/* The exact decimal value of m * 2^e (m > 0). The digits are malloc'd. */
static void gdec_init(gdec *d, const mpz_t m, long e) {
  mpz_t n;
  mpz_init(n);
  if (e >= 0) {
    mpz_mul_2exp(n, m, (mp_bitcnt_t)e);
  } else {
    mpz_ui_pow_ui(n, 5, (unsigned long)-e);
    mpz_mul(n, n, m);
  }
  d->mant = mpz_get_str(NULL, 10, n);
  d->len = strlen(d->mant);
  d->exp = (long)d->len + (e < 0 ? e : 0);
  while (d->len && d->mant[d->len - 1] == '0')
    d->len--;
  if (d->len == 0)
    d->exp = 0;
  mpz_clear(n);
}

static void gdec_free(gdec *d) {
  void (*freefn)(void *, size_t);
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(d->mant, strlen(d->mant) + 1);
}

static char gdec_at(const gdec *d, size_t i) {
  return i < d->len ? d->mant[i] : '0';
}

static void gdec_trim(gdec *d) {
  while (d->len && d->mant[d->len - 1] == '0')
    d->len--;
  if (d->len == 0)
    d->exp = 0;
}

static void gdec_round_up(gdec *d, size_t n) {
  if (n >= d->len)
    return;
  while (n > 0 && d->mant[n - 1] >= '9')
    n--;
  if (n == 0) {
    d->mant[0] = '1';
    d->len = 1;
    d->exp++;
    return;
  }
  d->mant[n - 1]++;
  d->len = n;
}

static void gdec_round_down(gdec *d, size_t n) {
  if (n >= d->len)
    return;
  d->len = n;
  gdec_trim(d);
}

static void gdec_round(gdec *d, size_t n) {
  if (n >= d->len)
    return;
  bool up;
  if (d->mant[n] == '5' && n + 1 == d->len)
    up = n > 0 && (d->mant[n - 1] - '0') % 2 != 0;
  else
    up = d->mant[n] >= '5';
  if (up)
    gdec_round_up(d, n);
  else
    gdec_round_down(d, n);
}

/* big's roundShortest: the fewest digits that still lie within half an ulp (at the float's
 * precision) of x = m * 2^e, with m holding exactly `prec` bits. */
static void round_shortest(gdec *d, const mpz_t m, long e) {
  if (d->len == 0)
    return;
  mpz_t t;
  gdec lower, upper;
  mpz_init(t);
  mpz_mul_2exp(t, m, 1);
  mpz_sub_ui(t, t, 1);
  gdec_init(&lower, t, e - 1);
  mpz_add_ui(t, t, 2);
  gdec_init(&upper, t, e - 1);
  bool inclusive = mpz_even_p(m);
  for (size_t i = 0; i < d->len; i++) {
    char l = gdec_at(&lower, i), u = gdec_at(&upper, i), c = d->mant[i];
    bool okdown = l != c || (inclusive && i + 1 == lower.len);
    bool okup = c != u && (inclusive || c + 1 < u || i + 1 < upper.len);
    if (okdown && okup) {
      gdec_round(d, i + 1);
      break;
    }
    if (okdown) {
      gdec_round_down(d, i + 1);
      break;
    }
    if (okup) {
      gdec_round_up(d, i + 1);
      break;
    }
  }
  gdec_free(&lower);
  gdec_free(&upper);
  mpz_clear(t);
}

/* builtins.FloatToNumber: x.Text('f', -1) if x is integral, else x.Text('g', -1). */
static rt_value *float_to_number(const mpfr_t x) {
  if (mpfr_zero_p(x))
    return mpfr_signbit(x) ? text_number("-0", 2) : rt_int(0);
  bool isint = mpfr_integer_p(x);
  mpz_t m;
  mpz_init(m);
  long e = (long)mpfr_get_z_2exp(m, x);
  bool neg = mpz_sgn(m) < 0;
  mpz_abs(m, m);
  rt_buf b;
  if (e > MAX_EXPAND_BITS || e < -MAX_EXPAND_BITS) {
    /* Too far out to expand exactly (only inputs like 1e999999999 get here). */
    mpfr_exp_t xe;
    char *s = mpfr_get_str(NULL, &xe, 10, 0, x, MPFR_RNDN);
    rt_buf_init(&b, strlen(s) + 32);
    const char *digits = s[0] == '-' ? s + 1 : s;
    if (neg)
      rt_buf_putc(&b, '-');
    rt_buf_putc(&b, digits[0]);
    size_t nd = strlen(digits);
    while (nd > 1 && digits[nd - 1] == '0')
      nd--;
    if (nd > 1) {
      rt_buf_putc(&b, '.');
      rt_buf_put(&b, digits + 1, nd - 1);
    }
    rt_buf_printf(&b, "e%+ld", (long)xe - 1);
    mpfr_free_str(s);
    mpz_clear(m);
    return text_number(b.data, b.len);
  }
  gdec d;
  gdec_init(&d, m, e);
  round_shortest(&d, m, e);
  mpz_clear(m);
  rt_buf_init(&b, d.len + (d.exp > 0 ? (size_t)d.exp : (size_t)-d.exp) + 16);
  if (neg)
    rt_buf_putc(&b, '-');
  long x10 = d.exp - 1;
  if (!isint && (x10 < -4 || x10 >= 6)) {
    /* %e: d.ddde±dd */
    rt_buf_putc(&b, d.mant[0]);
    if (d.len > 1) {
      rt_buf_putc(&b, '.');
      rt_buf_put(&b, d.mant + 1, d.len - 1);
    }
    rt_buf_printf(&b, "e%c%02ld", x10 < 0 ? '-' : '+', x10 < 0 ? -x10 : x10);
  } else {
    /* %f with as many fraction digits as there are digits after the point. */
    if (d.exp > 0) {
      for (long i = 0; i < d.exp; i++)
        rt_buf_putc(&b, (size_t)i < d.len ? d.mant[i] : '0');
    } else {
      rt_buf_putc(&b, '0');
    }
    long frac = (long)d.len - d.exp;
    if (frac > 0) {
      rt_buf_putc(&b, '.');
      for (long i = 0; i < frac; i++) {
        long j = d.exp + i;
        rt_buf_putc(&b, j >= 0 && (size_t)j < d.len ? d.mant[j] : '0');
      }
    }
  }
  gdec_free(&d);
  int64_t iv;
  if (canonical_int(b.data, b.len, &iv))
    return rt_int(iv);
  return text_number(b.data, b.len);
}

/* ---- exact integers ---------------------------------------------------------------------- */

/* The int64 Go's json.Number.Int64 (strconv.ParseInt) sees in a number: ints, and texts
 * of the form [+-]digits in range (so "-0" is 0). */
static bool parse_int64(const rt_value *v, int64_t *out) {
  const rt_number *n = (const rt_number *)v;
  if (n->hdr.flags & RT_F_INT) {
    *out = n->i;
    return true;
  }
  const char *s = n->text;
  size_t len = n->len, i = 0;
  bool neg = false;
  if (len && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i >= len)
    return false;
  uint64_t u = 0;
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    if (__builtin_mul_overflow(u, 10, &u) ||
        __builtin_add_overflow(u, (uint64_t)(s[i] - '0'), &u))
      return false;
  }
  if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX)
    return false;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

/* NumberToInt: the exact integer value of an integral number (of bounded size). */
static bool num_to_mpz(const rt_value *v, mpz_t z) {
  dec d;
  char buf[24];
  num_dec(v, &d, buf);
  if (!dec_is_int(&d) || d.exp > MAX_EXACT_DIGITS)
    return false;
  if (d.ndig == 0) {
    mpz_set_ui(z, 0);
    return true;
  }
  char small[64];
  char *s = d.ndig < sizeof small ? small : xmalloc((size_t)d.ndig + 1);
  for (uint32_t i = 0; i < d.ndig; i++)
    s[i] = dec_digit(&d, i);
  s[d.ndig] = '\0';
  mpz_set_str(z, s, 10);
  if (s != small)
    free(s);
  if (d.exp > (int64_t)d.ndig) {
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)(d.exp - d.ndig));
    mpz_mul(z, z, p);
    mpz_clear(p);
  }
  if (d.neg)
    mpz_neg(z, z);
  return true;
}

/* builtins.IntToNumber: an int if it fits, else its decimal text. */
static rt_value *mpz_to_number(const mpz_t z) {
  if (mpz_fits_slong_p(z))
    return rt_int(mpz_get_si(z));
  size_t cap = mpz_sizeinbase(z, 10) + 2;
  char *s = rt_alloc(cap);
  mpz_get_str(s, 10, z);
  return text_number(s, strlen(s));
}

/* ---- arithmetic -------------------------------------------------------------------------- */

typedef enum { OP_ADD, OP_SUB, OP_MUL } binop;

static rt_value *arith(binop op, const rt_value *a, const rt_value *b) {
  if (!rt_is(a, RT_NUMBER) || !rt_is(b, RT_NUMBER))
    return NULL;
  int64_t x, y, r;
  if (parse_int64(a, &x) && parse_int64(b, &y)) {
    bool ovf = op == OP_ADD   ? __builtin_add_overflow(x, y, &r)
               : op == OP_SUB ? __builtin_sub_overflow(x, y, &r)
                              : __builtin_mul_overflow(x, y, &r);
    if (!ovf)
      return rt_int(r);
  }
  rt_value *res;
  mpz_t zx, zy;
  mpz_init(zx);
  mpz_init(zy);
  if (num_to_mpz(a, zx) && num_to_mpz(b, zy)) {
    if (op == OP_ADD)
      mpz_add(zx, zx, zy);
    else if (op == OP_SUB)
      mpz_sub(zx, zx, zy);
    else
      mpz_mul(zx, zx, zy);
    res = mpz_to_number(zx);
  } else {
    mpfr_t fx, fy;
    mpfr_setup();
    mpfr_init2(fx, GO_PREC);
    mpfr_init2(fy, GO_PREC);
    num_to_float(fx, a);
    num_to_float(fy, b);
    if (op == OP_ADD)
      mpfr_add(fx, fx, fy, MPFR_RNDN);
    else if (op == OP_SUB)
      mpfr_sub(fx, fx, fy, MPFR_RNDN);
    else
      mpfr_mul(fx, fx, fy, MPFR_RNDN);
    res = float_to_number(fx);
    mpfr_clear(fx);
    mpfr_clear(fy);
  }
  mpz_clear(zx);
  mpz_clear(zy);
  return res;
}

rt_value *rt_num_add(const rt_value *a, const rt_value *b) {
  return arith(OP_ADD, a, b);
}

rt_value *rt_num_sub(const rt_value *a, const rt_value *b) {
  return arith(OP_SUB, a, b);
}

rt_value *rt_num_mul(const rt_value *a, const rt_value *b) {
  return arith(OP_MUL, a, b);
}

static bool num_is_zero(const rt_value *v) {
  if (v->flags & RT_F_INT)
    return RT_AS_NUM(v)->i == 0;
  dec d;
  char buf[24];
  num_dec(v, &d, buf);
  return d.ndig == 0;
}

static void set_err(const char **err, const char *msg) {
  if (err)
    *err = msg;
}

/* OPA divides exactly only when an int divides an int; anything else is a 64-bit float
 * quotient (so 1/3 is 0.333..., 0/-5 is -0 and big integers lose bits). */
rt_value *rt_num_div(const rt_value *a, const rt_value *b, const char **err) {
  if (!rt_is(a, RT_NUMBER) || !rt_is(b, RT_NUMBER))
    return NULL;
  if (num_is_zero(b)) {
    set_err(err, "divide by zero");
    return NULL;
  }
  int64_t x, y;
  if (parse_int64(a, &x) && parse_int64(b, &y) && x != 0) {
    if (y == -1)
      return x == INT64_MIN ? text_number("9223372036854775808", 19) : rt_int(-x);
    if (x % y == 0)
      return rt_int(x / y);
  }
  mpfr_t fx, fy;
  mpfr_setup();
  mpfr_init2(fx, GO_PREC);
  mpfr_init2(fy, GO_PREC);
  num_to_float(fx, a);
  num_to_float(fy, b);
  mpfr_div(fx, fx, fy, MPFR_RNDN);
  rt_value *res = float_to_number(fx);
  mpfr_clear(fx);
  mpfr_clear(fy);
  return res;
}

/* Modulo exists for integers only; the result takes the dividend's sign (Go's %). */
rt_value *rt_num_rem(const rt_value *a, const rt_value *b, const char **err) {
  if (!rt_is(a, RT_NUMBER) || !rt_is(b, RT_NUMBER))
    return NULL;
  int64_t x, y;
  if (parse_int64(a, &x) && parse_int64(b, &y)) {
    if (y == 0) {
      set_err(err, "modulo by zero");
      return NULL;
    }
    return rt_int(y == -1 ? 0 : x % y);
  }
  rt_value *res = NULL;
  mpz_t zx, zy;
  mpz_init(zx);
  mpz_init(zy);
  if (!num_to_mpz(a, zx) || !num_to_mpz(b, zy)) {
    set_err(err, "modulo on floating-point number");
  } else if (mpz_sgn(zy) == 0) {
    set_err(err, "modulo by zero");
  } else {
    mpz_tdiv_r(zx, zx, zy);
    res = mpz_to_number(zx);
  }
  mpz_clear(zx);
  mpz_clear(zy);
  return res;
}

/* Exact negation (no OPA builtin negates; -x in a policy is 0 - x, see rt_num_sub). Zero
 * in any form negates to 0. */
rt_value *rt_num_neg(const rt_value *a) {
  if (!rt_is(a, RT_NUMBER))
    return NULL;
  if (a->flags & RT_F_INT) {
    int64_t i = RT_AS_NUM(a)->i;
    return i == INT64_MIN ? text_number("9223372036854775808", 19) : rt_int(-i);
  }
  const rt_number *n = RT_AS_NUM(a);
  if (num_is_zero(a))
    return rt_int(0);
  if (n->text[0] == '-')
    return rt_number_text(n->text + 1, n->len - 1);
  size_t skip = n->text[0] == '+';
  char *s = rt_alloc(n->len + 2);
  s[0] = '-';
  memcpy(s + 1, n->text + skip, n->len - skip);
  return rt_number_text(s, n->len - skip + 1);
}

typedef enum { U_ABS, U_ROUND, U_CEIL, U_FLOOR } unop;

/* abs, round, ceil and floor: identity-like on ints, the 64-bit float path otherwise. */
static rt_value *unary(unop op, const rt_value *a) {
  if (!rt_is(a, RT_NUMBER))
    return NULL;
  int64_t x;
  if (parse_int64(a, &x)) {
    if (op != U_ABS || x >= 0)
      return rt_int(x);
    return x == INT64_MIN ? text_number("9223372036854775808", 19) : rt_int(-x);
  }
  mpfr_t f;
  mpfr_setup();
  mpfr_init2(f, GO_PREC);
  num_to_float(f, a);
  rt_value *res;
  if (op == U_ABS) {
    mpfr_abs(f, f, MPFR_RNDN);
    res = float_to_number(f);
  } else {
    mpz_t i;
    mpz_init(i);
    if (op == U_ROUND) {
      /* a ± 0.5 rounded to 64 bits, then truncated */
      mpfr_t h;
      mpfr_init2(h, 53);
      mpfr_set_d(h, mpfr_signbit(f) ? -0.5 : 0.5, MPFR_RNDN);
      mpfr_add(f, f, h, MPFR_RNDN);
      mpfr_clear(h);
      mpfr_get_z(i, f, MPFR_RNDZ);
    } else {
      mpfr_get_z(i, f, MPFR_RNDZ);
      bool exact = mpfr_cmp_z(f, i) == 0;
      /* OPA steps unless the truncation is exact or (ceil) negative / (floor) not
       * negative; truncation drops the sign of zero, hence ceil(-0.5) == 1. */
      if (op == U_CEIL && !(mpz_sgn(i) < 0 || exact))
        mpz_add_ui(i, i, 1);
      if (op == U_FLOOR && !(mpz_sgn(i) >= 0 || exact))
        mpz_sub_ui(i, i, 1);
    }
    res = mpz_to_number(i);
    mpz_clear(i);
  }
  mpfr_clear(f);
  return res;
}

rt_value *rt_num_abs(const rt_value *a) {
  return unary(U_ABS, a);
}

rt_value *rt_num_round(const rt_value *a) {
  return unary(U_ROUND, a);
}

rt_value *rt_num_ceil(const rt_value *a) {
  return unary(U_CEIL, a);
}

rt_value *rt_num_floor(const rt_value *a) {
  return unary(U_FLOOR, a);
}
