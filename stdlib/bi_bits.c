/* bi_bits.c: bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh.
 *
 * OPA computes these on big.Int (two's-complement semantics for negative numbers, an
 * arithmetic right shift that rounds towards minus infinity), which GMP's mpz functions
 * match. The operands go through builtins.BigIntOperand, which parses the number into a
 * big.Float of 64 bits of mantissa first: an operand with more significant bits than that
 * is rounded (to nearest, ties to even) before the operation, exactly as OPA does; one
 * whose rounded value has a fraction is "floating-point". A shift count is taken modulo
 * 2^64 as big.Int.Uint64 does. Go would try to allocate any left shift; here a result
 * beyond BITS_MAX_SHIFT bits is refused with a builtin error instead of exhausting memory.
 */
#include <gmp.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

#define BITS_MAX_SHIFT (1u << 24) /* 16 Mi bits: a 2 MB number */
#define EXP_LIMIT 100000          /* decimal exponents beyond this are not integers we make */

/* The value of a number as a 64-bit-mantissa float, rounded to nearest even: false when it
 * has a fraction (or is too large to expand). */
static bool number_to_mpz(const rt_value *v, mpz_t out) {
  const rt_number *n = (const rt_number *)v;
  char buf[24];
  size_t len, i = 0;
  const char *s = bi_num_text(v, buf, &len);
  if (n->hdr.flags & RT_F_INT) {
    mpz_set_si(out, n->i);
    return true;
  }
  /* mantissa digits and the power of ten they are scaled by */
  bool neg = false;
  long exp10 = 0, frac = 0;
  char *digits = rt_alloc(len + 1);
  size_t nd = 0;
  if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  for (bool in_frac = false; i < len; i++) {
    if (s[i] == '.') {
      in_frac = true;
    } else if (s[i] >= '0' && s[i] <= '9') {
      digits[nd++] = s[i];
      if (in_frac) frac++;
    } else {
      break;
    }
  }
  digits[nd] = '\0';
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    bool eneg = false;
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
      if (exp10 < 10 * EXP_LIMIT) exp10 = exp10 * 10 + (s[i] - '0');
    if (eneg) exp10 = -exp10;
  }
  exp10 -= frac;
  mpz_set_str(out, nd ? digits : "0", 10);
  if (mpz_sgn(out) == 0) return true;
  if (exp10 > EXP_LIMIT) return false;
  if (exp10 < -EXP_LIMIT) return false; /* far below 1 */
  mpq_t q;
  mpz_t p;
  mpfr_t f;
  mpq_init(q);
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)(exp10 < 0 ? -exp10 : exp10));
  mpq_set_z(q, out);
  if (exp10 < 0) {
    mpq_set_den(q, p);
    mpq_canonicalize(q);
  } else {
    mpz_mul(mpq_numref(q), mpq_numref(q), p);
  }
  mpfr_init2(f, 64);
  mpfr_set_q(f, q, MPFR_RNDN);
  bool ok = mpfr_integer_p(f) != 0;
  if (ok) mpfr_get_z(out, f, MPFR_RNDZ);
  if (ok && neg) mpz_neg(out, out);
  mpfr_clear(f);
  mpz_clear(p);
  mpq_clear(q);
  return ok;
}

/* BigIntOperand: "must be integer" for a non-number, "integer number" for a fraction. */
static bool big_int_arg(const char *name, int pos, const rt_value *v, mpz_t out) {
  if (!rt_is(v, RT_NUMBER)) {
    bi_type_err(name, pos, v, "integer");
    return false;
  }
  if (!number_to_mpz(v, out)) {
    bi_int_err(name, pos);
    return false;
  }
  return true;
}

static rt_value *mpz_value(const mpz_t z) {
  if (mpz_fits_slong_p(z)) return rt_int(mpz_get_si(z));
  char *s = mpz_get_str(NULL, 10, z);
  rt_value *v = rt_number_text(s, strlen(s));
  void (*freefn)(void *, size_t);
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(s, strlen(s) + 1);
  return v;
}

typedef void (*mpz_op2)(mpz_ptr, mpz_srcptr, mpz_srcptr);

static rt_value *bits2(const char *name, rt_value *a, rt_value *b, mpz_op2 op) {
  mpz_t x, y;
  rt_value *r = NULL;
  mpz_inits(x, y, NULL);
  if (big_int_arg(name, 1, a, x) && big_int_arg(name, 2, b, y)) {
    op(x, x, y);
    r = mpz_value(x);
  }
  mpz_clears(x, y, NULL);
  return r;
}

rt_value *bi_bits_and(rt_value *a, rt_value *b) {
  return bits2("bits.and", a, b, mpz_and);
}

rt_value *bi_bits_or(rt_value *a, rt_value *b) {
  return bits2("bits.or", a, b, mpz_ior);
}

rt_value *bi_bits_xor(rt_value *a, rt_value *b) {
  return bits2("bits.xor", a, b, mpz_xor);
}

rt_value *bi_bits_negate(rt_value *a) {
  mpz_t x;
  rt_value *r = NULL;
  mpz_init(x);
  if (big_int_arg("bits.negate", 1, a, x)) {
    mpz_com(x, x);
    r = mpz_value(x);
  }
  mpz_clear(x);
  return r;
}

/* The shift count: non-negative, its low 64 bits (big.Int.Uint64). */
static bool shift_count(const char *name, const mpz_t y, uint64_t *out) {
  mpz_t low;
  if (mpz_sgn(y) < 0) {
    rt_builtin_fail(RT_ERR_TYPE, name,
                    "operand 2 must be an unsigned integer number but got a negative integer");
    return false;
  }
  mpz_init(low);
  mpz_fdiv_r_2exp(low, y, 64);
  *out = 0;
  for (int i = 63; i >= 0; i--)
    *out = *out << 1 | (uint64_t)mpz_tstbit(low, (mp_bitcnt_t)i);
  mpz_clear(low);
  return true;
}

static rt_value *shift(const char *name, rt_value *a, rt_value *b, bool left) {
  mpz_t x, y;
  uint64_t n;
  rt_value *r = NULL;
  mpz_inits(x, y, NULL);
  if (big_int_arg(name, 1, a, x) && big_int_arg(name, 2, b, y) && shift_count(name, y, &n)) {
    if (!left) {
      if (n > mpz_sizeinbase(x, 2)) n = mpz_sizeinbase(x, 2) + 1; /* all bits out */
      mpz_fdiv_q_2exp(x, x, (mp_bitcnt_t)n);
      r = mpz_value(x);
    } else if (mpz_sgn(x) != 0 && n > BITS_MAX_SHIFT) {
      rt_builtin_fail(RT_ERR_BUILTIN, name, "shift count %llu too large", (unsigned long long)n);
    } else {
      mpz_mul_2exp(x, x, (mp_bitcnt_t)(mpz_sgn(x) ? n : 0));
      r = mpz_value(x);
    }
  }
  mpz_clears(x, y, NULL);
  return r;
}

rt_value *bi_bits_lsh(rt_value *a, rt_value *b) {
  return shift("bits.lsh", a, b, true);
}

rt_value *bi_bits_rsh(rt_value *a, rt_value *b) {
  return shift("bits.rsh", a, b, false);
}
