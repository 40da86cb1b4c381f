/* bi_sprintf.c: sprintf, Go's fmt.Sprintf on Rego values, as OPA does it.
 *
 * OPA (topdown/strings.go builtinSprintf) turns each element of the argument array into a
 * Go value and calls fmt.Sprintf: an integer that fits int64 becomes an int, a larger
 * integer a *big.Int, any other number a float64 (or, if float64 cannot hold it, its
 * text as a string), a string a Go string, and every other value the string of its Rego
 * syntax. So sprintf("%d", ["x"]) is "%!d(string=x)" and sprintf("%s", [1]) is
 * "%!s(int=1)", exactly as in OPA. This file reimplements the parts of Go's fmt (print.go,
 * format.go), strconv (float formatting, quoting) and math/big (Int.Format) that those four
 * Go types reach: verbs, flags, width, precision, argument indexes, and the %!verb(...)
 * error forms. Floats get their digits from the C library (correctly rounded, as Go's) and
 * Go's layout rules on top; the shortest round-trip digits come from trying precisions.
 */
#include <gmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

/* ---- Go values ------------------------------------------------------------------------------ */

typedef enum { GO_INT, GO_BIG, GO_FLOAT, GO_STRING } go_kind;

typedef struct go_arg {
  go_kind kind;
  int64_t i;     /* GO_INT */
  double f;      /* GO_FLOAT */
  const char *s; /* GO_STRING bytes; GO_BIG decimal digits with optional '-' */
  size_t n;
} go_arg;

static const char *go_type_name(const go_arg *a) {
  static const char *names[] = {"int", "*big.Int", "float64", "string"};
  return names[a->kind];
}

/* An optional sign and decimal digits only (Go's ParseInt / big.Int.SetString base 10). */
static bool is_int_text(const char *s, size_t n) {
  size_t i = (n > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == n) return false;
  for (; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static void to_go(go_arg *a, rt_value *v) {
  switch (rt_typeof(v)) {
  case RT_NUMBER: {
    const rt_number *num = RT_AS_NUM(v);
    if (num->hdr.flags & RT_F_INT) {
      a->kind = GO_INT;
      a->i = num->i;
      return;
    }
    const char *t = num->text;
    size_t n = num->len;
    if (is_int_text(t, n)) {
      int64_t i;
      if (rt_num_to_int64(v, &i)) {
        a->kind = GO_INT;
        a->i = i;
        return;
      }
      /* big.Int drops a leading '+' when it prints. */
      if (t[0] == '+') {
        t++;
        n--;
      }
      a->kind = GO_BIG;
      a->s = t;
      a->n = n;
      return;
    }
    char *z = rt_strndup(t, n), *end;
    double d = strtod(z, &end);
    if (*end == '\0' && !isinf(d) && !isnan(d)) {
      a->kind = GO_FLOAT;
      a->f = d;
      return;
    }
    a->kind = GO_STRING;
    a->s = t;
    a->n = n;
    return;
  }
  case RT_STRING:
    a->kind = GO_STRING;
    a->s = RT_AS_STR(v)->s;
    a->n = RT_AS_STR(v)->len;
    return;
  default: {
    rt_buf b;
    rt_buf_init(&b, 64);
    rt_rego_write(&b, v);
    a->kind = GO_STRING;
    a->s = b.data;
    a->n = b.len;
    return;
  }
  }
}

/* ---- the printer state (Go's pp and fmt) ---------------------------------------------------- */

typedef struct pp {
  rt_buf *buf;
  int wid, prec;
  bool wid_present, prec_present, minus, plus, sharp, space, zero, plus_v, sharp_v;
  bool erroring; /* printing the value inside %!verb(...) */
  bool reordered, good_arg_num;
} pp;

static void clear_flags(pp *p) {
  p->wid = p->prec = 0;
  p->wid_present = p->prec_present = p->minus = p->plus = p->sharp = false;
  p->space = p->zero = p->plus_v = p->sharp_v = false;
}

static void write_rune(rt_buf *b, uint32_t r) {
  char enc[4];
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  rt_buf_put(b, enc, rt_utf8_encode(r, enc));
}

static void write_padding(pp *p, int n) {
  char c = (p->zero && !p->minus) ? '0' : ' ';
  for (int i = 0; i < n; i++)
    rt_buf_putc(p->buf, c);
}

/* Pads to the width in code points, on the left unless '-'. */
static void pad(pp *p, const char *s, size_t n) {
  int width;
  if (!p->wid_present || p->wid == 0) {
    rt_buf_put(p->buf, s, n);
    return;
  }
  width = p->wid - (int)rt_utf8_count(s, n);
  if (!p->minus) {
    write_padding(p, width);
    rt_buf_put(p->buf, s, n);
  } else {
    rt_buf_put(p->buf, s, n);
    write_padding(p, width);
  }
}

static void pad_nozero(pp *p, const char *s, size_t n) {
  bool old = p->zero;
  p->zero = false;
  pad(p, s, n);
  p->zero = old;
}

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

/* ---- integers (fmt.fmtInteger, fmtUnicode, fmtC, fmtQc) ---------------------------------------
 */

static void fmt_integer(pp *p, uint64_t u, int base, bool is_signed, uint32_t verb,
                        const char *digits) {
  bool negative = is_signed && (int64_t)u < 0;
  int prec = 0;
  size_t cap = 3 + (size_t)p->wid + (size_t)p->prec + 70, i;
  char *buf;
  if (negative) u = 0 - u;
  if (p->prec_present) {
    prec = p->prec;
    if (prec == 0 && u == 0) {
      bool old = p->zero;
      p->zero = false;
      write_padding(p, p->wid);
      p->zero = old;
      return;
    }
  } else if (p->zero && !p->minus && p->wid_present) {
    prec = p->wid;
    if (negative || p->plus || p->space) prec--;
  }
  buf = rt_alloc(cap);
  i = cap;
  do {
    buf[--i] = digits[u % (uint64_t)base];
    u /= (uint64_t)base;
  } while (u);
  while (i > 0 && prec > (int)(cap - i))
    buf[--i] = '0';
  if (p->sharp) {
    if (base == 2) {
      buf[--i] = 'b';
      buf[--i] = '0';
    } else if (base == 8) {
      if (buf[i] != '0') buf[--i] = '0';
    } else if (base == 16) {
      buf[--i] = digits[16];
      buf[--i] = '0';
    }
  }
  if (verb == 'O') {
    buf[--i] = 'o';
    buf[--i] = '0';
  }
  if (negative)
    buf[--i] = '-';
  else if (p->plus)
    buf[--i] = '+';
  else if (p->space)
    buf[--i] = ' ';
  pad_nozero(p, buf + i, cap - i);
}

static void fmt_unicode(pp *p, uint64_t u) {
  int prec = (p->prec_present && p->prec > 4) ? p->prec : 4;
  size_t cap = (size_t)prec + 32, i = cap;
  char *buf = rt_alloc(cap);
  if (p->sharp && u <= 0x10FFFF && bi_uni_isprint((uint32_t)u)) {
    char enc[4];
    size_t k = rt_utf8_encode((uint32_t)u, enc);
    buf[--i] = '\'';
    i -= k;
    memcpy(buf + i, enc, k);
    buf[--i] = '\'';
    buf[--i] = ' ';
  }
  do {
    buf[--i] = udigits[u & 0xF];
    prec--;
    u >>= 4;
  } while (u);
  while (prec-- > 0)
    buf[--i] = '0';
  buf[--i] = '+';
  buf[--i] = 'U';
  pad_nozero(p, buf + i, cap - i);
}

static void fmt_c(pp *p, uint64_t u) {
  char enc[4];
  uint32_t r = u > 0x10FFFF ? 0xFFFD : (uint32_t)u;
  if (r >= 0xD800 && r <= 0xDFFF) r = 0xFFFD;
  pad(p, enc, rt_utf8_encode(r, enc));
}

static void fmt_qc(pp *p, uint64_t u) {
  rt_buf q;
  rt_buf_init(&q, 16);
  bi_go_quote_rune(&q, u > 0x10FFFF ? 0xFFFD : (uint32_t)u, p->plus);
  pad(p, q.data, q.len);
}

/* ---- floats (strconv.AppendFloat and fmt.fmtFloat) --------------------------------------------
 */

/* Decimal digits of |v| (v finite): digs without trailing zeros, nd of them, value
 * 0.d1d2... x 10^dp. sig > 0 rounds to that many significant digits; sig < 0 finds the
 * shortest digits that read back as v. */
static void float_digits(double v, int sig, char *digs, int *nd, int *dp) {
  char tmp[64];
  v = fabs(v);
  if (v == 0) {
    *nd = 0;
    *dp = 0;
    return;
  }
  if (sig < 0) {
    for (sig = 1; sig < 17; sig++) {
      snprintf(tmp, sizeof tmp, "%.*e", sig - 1, v);
      if (strtod(tmp, NULL) == v) break;
    }
  }
  snprintf(tmp, sizeof tmp, "%.*e", sig - 1, v);
  int k = 0;
  const char *q = tmp;
  for (; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9') digs[k++] = *q;
  while (k > 0 && digs[k - 1] == '0')
    k--;
  *nd = k;
  *dp = atoi(q + 1) + 1;
}

/* %e: d.ddde±dd */
static void put_e(rt_buf *b, const char *digs, int nd, int dp, int prec, char e) {
  rt_buf_putc(b, nd ? digs[0] : '0');
  if (prec > 0) {
    rt_buf_putc(b, '.');
    int i = 1, m = nd < prec + 1 ? nd : prec + 1;
    for (; i < m; i++)
      rt_buf_putc(b, digs[i]);
    for (; i <= prec; i++)
      rt_buf_putc(b, '0');
  }
  int exp = nd ? dp - 1 : 0;
  rt_buf_putc(b, e);
  rt_buf_putc(b, exp < 0 ? '-' : '+');
  if (exp < 0) exp = -exp;
  if (exp < 10) rt_buf_putc(b, '0');
  rt_buf_printf(b, "%d", exp);
}

/* %f: ddd.ddd */
static void put_f(rt_buf *b, const char *digs, int nd, int dp, int prec) {
  if (dp > 0) {
    int m = nd < dp ? nd : dp;
    rt_buf_put(b, digs, (size_t)m);
    for (; m < dp; m++)
      rt_buf_putc(b, '0');
  } else {
    rt_buf_putc(b, '0');
  }
  if (prec > 0) {
    rt_buf_putc(b, '.');
    for (int i = 1; i <= prec; i++) {
      int j = dp + i - 1;
      rt_buf_putc(b, (j >= 0 && j < nd) ? digs[j] : '0');
    }
  }
}

/* strconv.AppendFloat(v, verb, prec, 64) for finite v, sign included. */
static void append_float(rt_buf *b, double v, char verb, int prec) {
  char digs[32];
  int nd, dp;
  if (signbit(v)) rt_buf_putc(b, '-');
  switch (verb) {
  case 'e':
  case 'E':
    float_digits(v, prec < 0 ? -1 : prec + 1, digs, &nd, &dp);
    put_e(b, digs, nd, dp, prec < 0 ? (nd > 1 ? nd - 1 : 0) : prec, verb);
    return;
  case 'f':
    if (prec < 0) {
      float_digits(v, -1, digs, &nd, &dp);
      put_f(b, digs, nd, dp, nd - dp > 0 ? nd - dp : 0);
    } else {
      char tmp[32];
      int k = snprintf(tmp, sizeof tmp, "%.*f", prec, fabs(v));
      if ((size_t)k < sizeof tmp) {
        rt_buf_put(b, tmp, (size_t)k);
      } else {
        char *big = rt_alloc((size_t)k + 1);
        snprintf(big, (size_t)k + 1, "%.*f", prec, fabs(v));
        rt_buf_put(b, big, (size_t)k);
      }
    }
    return;
  case 'g':
  case 'G': {
    bool shortest = prec < 0;
    int eprec;
    if (prec == 0) prec = 1;
    float_digits(v, shortest ? -1 : prec, digs, &nd, &dp);
    if (shortest) prec = nd;
    eprec = prec;
    if (eprec > nd && nd >= dp) eprec = nd;
    if (shortest) eprec = 6;
    int exp = dp - 1;
    if (exp < -4 || exp >= eprec) {
      if (prec > nd) prec = nd;
      put_e(b, digs, nd, dp, prec - 1 < 0 ? 0 : prec - 1, verb == 'g' ? 'e' : 'E');
      return;
    }
    if (prec > dp) prec = nd;
    put_f(b, digs, nd, dp, prec - dp > 0 ? prec - dp : 0);
    return;
  }
  case 'b': {
    int e;
    double m = frexp(fabs(v), &e);
    uint64_t mant = (uint64_t)ldexp(m, 53);
    e -= 53;
    if (v == 0)
      e = -1074;
    else if (e < -1074) { /* subnormal: keep Go's fixed exponent */
      mant >>= (-1074 - e);
      e = -1074;
    }
    rt_buf_printf(b, "%llup%s%d", (unsigned long long)mant, e >= 0 ? "+" : "", e);
    return;
  }
  default: { /* 'x', 'X': hexadecimal mantissa, binary exponent of at least two digits */
    char tmp[64], *e;
    if (prec < 0)
      snprintf(tmp, sizeof tmp, "%a", fabs(v));
    else
      snprintf(tmp, sizeof tmp, "%.*a", prec, fabs(v));
    if (verb == 'X')
      for (e = tmp; *e; e++)
        *e = (char)(*e >= 'a' && *e <= 'z' ? *e - 32 : *e);
    e = strchr(tmp, verb == 'x' ? 'p' : 'P');
    if (!e) {
      rt_buf_puts(b, tmp);
      return;
    }
    rt_buf_put(b, tmp, (size_t)(e - tmp) + 2);
    if (strlen(e + 2) < 2) rt_buf_putc(b, '0');
    rt_buf_puts(b, e + 2);
    return;
  }
  }
}

static void fmt_float(pp *p, double v, char verb, int prec) {
  rt_buf nb;
  char *num;
  size_t n;
  if (p->prec_present) prec = p->prec;
  rt_buf_init(&nb, 48);
  rt_buf_putc(&nb, '+');
  append_float(&nb, v, verb, prec);
  num = nb.data;
  n = nb.len;
  if (num[1] == '-' || num[1] == '+') {
    num++;
    n--;
  } else {
    num[0] = '+';
  }
  if (p->space && num[0] == '+' && !p->plus) num[0] = ' ';
  if (p->sharp && verb != 'b') {
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') digits = prec == -1 ? 6 : prec;
    char tail[16];
    size_t tn = 0, i;
    bool has_dot = false, nonzero = false;
    for (i = 1; i < n; i++) {
      char c = num[i];
      if (c == '.') {
        has_dot = true;
      } else if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tn = n - i < sizeof tail ? n - i : sizeof tail;
        memcpy(tail, num + i, tn);
        n = i;
        break;
      } else {
        if (c != '0') nonzero = true;
        if (nonzero) digits--;
      }
    }
    rt_buf nb2;
    rt_buf_init(&nb2, n + (size_t)(digits > 0 ? digits : 0) + tn + 2);
    rt_buf_put(&nb2, num, n);
    if (!has_dot) {
      if (n == 2 && num[1] == '0') digits--;
      rt_buf_putc(&nb2, '.');
    }
    for (; digits > 0; digits--)
      rt_buf_putc(&nb2, '0');
    rt_buf_put(&nb2, tail, tn);
    num = nb2.data;
    n = nb2.len;
  }
  if (p->plus || num[0] != '+') {
    if (p->zero && !p->minus && p->wid_present && p->wid > (int)n) {
      rt_buf_putc(p->buf, num[0]);
      write_padding(p, p->wid - (int)n);
      rt_buf_put(p->buf, num + 1, n - 1);
      return;
    }
    pad(p, num, n);
    return;
  }
  pad(p, num + 1, n - 1);
}

/* ---- strings (fmtS, fmtSx, fmtQ) --------------------------------------------------------------
 */

/* s cut to the precision, counted in code points. */
static size_t truncated(const pp *p, const char *s, size_t n) {
  size_t i = 0;
  if (!p->prec_present) return n;
  for (int k = 0; k < p->prec && i < n; k++)
    rt_utf8_next(s, n, &i);
  return i;
}

static void fmt_sx(pp *p, const char *s, size_t n, const char *digits) {
  size_t length = n;
  int width;
  if (p->prec_present && (size_t)p->prec < length) length = (size_t)p->prec;
  width = 2 * (int)length;
  if (width > 0) {
    if (p->space) {
      if (p->sharp) width *= 2;
      width += (int)length - 1;
    } else if (p->sharp) {
      width += 2;
    }
  } else {
    if (p->wid_present) write_padding(p, p->wid);
    return;
  }
  if (p->wid_present && p->wid > width && !p->minus) write_padding(p, p->wid - width);
  if (p->sharp) {
    rt_buf_putc(p->buf, '0');
    rt_buf_putc(p->buf, digits[16]);
  }
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)s[i];
    if (p->space && i > 0) {
      rt_buf_putc(p->buf, ' ');
      if (p->sharp) {
        rt_buf_putc(p->buf, '0');
        rt_buf_putc(p->buf, digits[16]);
      }
    }
    rt_buf_putc(p->buf, digits[c >> 4]);
    rt_buf_putc(p->buf, digits[c & 0xF]);
  }
  if (p->wid_present && p->wid > width && p->minus) write_padding(p, p->wid - width);
}

static void fmt_q(pp *p, const char *s, size_t n) {
  rt_buf q;
  n = truncated(p, s, n);
  rt_buf_init(&q, n + 3);
  if (p->sharp && bi_go_can_backquote(s, n)) {
    rt_buf_putc(&q, '`');
    rt_buf_put(&q, s, n);
    rt_buf_putc(&q, '`');
  } else {
    bi_go_quote(&q, s, n, p->plus);
  }
  pad(p, q.data, q.len);
}

/* ---- *big.Int (big.Int.Format) ------------------------------------------------------------------
 */

static void fmt_big(pp *p, const go_arg *a, uint32_t verb) {
  int base;
  switch (verb) {
  case 'b':
    base = 2;
    break;
  case 'o':
  case 'O':
    base = 8;
    break;
  case 'd':
  case 's':
  case 'v':
    base = 10;
    break;
  case 'x':
  case 'X':
    base = 16;
    break;
  default:
    rt_buf_puts(p->buf, "%!");
    write_rune(p->buf, verb);
    rt_buf_puts(p->buf, "(big.Int=");
    rt_buf_put(p->buf, a->s, a->n);
    rt_buf_putc(p->buf, ')');
    return;
  }
  bool neg = a->s[0] == '-';
  const char *sign = neg ? "-" : (p->plus || p->plus_v) ? "+" : p->space ? " " : "";
  const char *prefix = "";
  if (p->sharp || p->sharp_v) {
    if (verb == 'b')
      prefix = "0b";
    else if (verb == 'o')
      prefix = "0";
    else if (verb == 'x')
      prefix = "0x";
    else if (verb == 'X')
      prefix = "0X";
  }
  if (verb == 'O') prefix = "0o";
  char *dec = rt_strndup(a->s + (neg ? 1 : 0), a->n - (neg ? 1 : 0)), *digits;
  mpz_t z;
  mpz_init(z);
  mpz_set_str(z, dec, 10);
  digits = rt_alloc(mpz_sizeinbase(z, base) + 2);
  mpz_get_str(digits, verb == 'X' ? -16 : base, z);
  mpz_clear(z);
  int nd = (int)strlen(digits), left = 0, zeros = 0, right = 0;
  if (p->prec_present) {
    if (nd < p->prec)
      zeros = p->prec - nd;
    else if (nd == 1 && digits[0] == '0' && p->prec == 0)
      return;
  }
  int length = (int)strlen(sign) + (int)strlen(prefix) + zeros + nd;
  if (p->wid_present && length < p->wid) {
    int d = p->wid - length;
    if (p->minus)
      right = d;
    else if (p->zero && !p->prec_present)
      zeros = d;
    else
      left = d;
  }
  for (; left > 0; left--)
    rt_buf_putc(p->buf, ' ');
  rt_buf_puts(p->buf, sign);
  rt_buf_puts(p->buf, prefix);
  for (; zeros > 0; zeros--)
    rt_buf_putc(p->buf, '0');
  rt_buf_put(p->buf, digits, (size_t)nd);
  for (; right > 0; right--)
    rt_buf_putc(p->buf, ' ');
}

/* ---- printArg ----------------------------------------------------------------------------------
 */

static void print_arg(pp *p, const go_arg *a, uint32_t verb);

static void bad_verb(pp *p, const go_arg *a, uint32_t verb) {
  p->erroring = true;
  rt_buf_puts(p->buf, "%!");
  write_rune(p->buf, verb);
  rt_buf_putc(p->buf, '(');
  rt_buf_puts(p->buf, go_type_name(a));
  rt_buf_putc(p->buf, '=');
  print_arg(p, a, 'v');
  rt_buf_putc(p->buf, ')');
  p->erroring = false;
}

static void print_int(pp *p, const go_arg *a, uint32_t verb) {
  uint64_t u = (uint64_t)a->i;
  switch (verb) {
  case 'v':
  case 'd':
    fmt_integer(p, u, 10, true, verb, ldigits);
    return;
  case 'b':
    fmt_integer(p, u, 2, true, verb, ldigits);
    return;
  case 'o':
  case 'O':
    fmt_integer(p, u, 8, true, verb, ldigits);
    return;
  case 'x':
    fmt_integer(p, u, 16, true, verb, ldigits);
    return;
  case 'X':
    fmt_integer(p, u, 16, true, verb, udigits);
    return;
  case 'c':
    fmt_c(p, u);
    return;
  case 'q':
    fmt_qc(p, u);
    return;
  case 'U':
    fmt_unicode(p, u);
    return;
  default:
    bad_verb(p, a, verb);
  }
}

static void print_float(pp *p, const go_arg *a, uint32_t verb) {
  switch (verb) {
  case 'v':
    fmt_float(p, a->f, 'g', -1);
    return;
  case 'b':
  case 'g':
  case 'G':
  case 'x':
  case 'X':
    fmt_float(p, a->f, (char)verb, -1);
    return;
  case 'f':
  case 'e':
  case 'E':
    fmt_float(p, a->f, (char)verb, 6);
    return;
  case 'F':
    fmt_float(p, a->f, 'f', 6);
    return;
  default:
    bad_verb(p, a, verb);
  }
}

static void print_string(pp *p, const go_arg *a, uint32_t verb) {
  switch (verb) {
  case 'v':
    if (p->sharp_v)
      fmt_q(p, a->s, a->n);
    else
      pad(p, a->s, truncated(p, a->s, a->n));
    return;
  case 's':
    pad(p, a->s, truncated(p, a->s, a->n));
    return;
  case 'x':
    fmt_sx(p, a->s, a->n, ldigits);
    return;
  case 'X':
    fmt_sx(p, a->s, a->n, udigits);
    return;
  case 'q':
    fmt_q(p, a->s, a->n);
    return;
  default:
    bad_verb(p, a, verb);
  }
}

static void print_arg(pp *p, const go_arg *a, uint32_t verb) {
  if (verb == 'T') {
    const char *t = go_type_name(a);
    pad(p, t, truncated(p, t, strlen(t)));
    return;
  }
  if (verb == 'p') {
    bad_verb(p, a, verb); /* none of these Go values is a pointer OPA could show */
    return;
  }
  switch (a->kind) {
  case GO_INT:
    print_int(p, a, verb);
    return;
  case GO_FLOAT:
    print_float(p, a, verb);
    return;
  case GO_STRING:
    print_string(p, a, verb);
    return;
  case GO_BIG:
    if (p->erroring) { /* fmt prints the struct when it cannot call Format */
      rt_buf_puts(p->buf, "&{");
      rt_buf_puts(p->buf, a->s[0] == '-' ? "true" : "false");
      rt_buf_puts(p->buf, " [...]}");
      return;
    }
    fmt_big(p, a, verb);
    return;
  }
}

/* ---- doPrintf
 * ------------------------------------------------------------------------------------ */

static bool too_large(int x) {
  return x > 1000000 || x < -1000000;
}

/* Go's parsenum: digits at s[start..end); *newi is where they stop (end on overflow). */
static int parse_num(const char *s, size_t start, size_t end, bool *isnum, size_t *newi) {
  int num = 0;
  *isnum = false;
  if (start >= end) {
    *newi = end;
    return 0;
  }
  for (*newi = start; *newi < end && s[*newi] >= '0' && s[*newi] <= '9'; (*newi)++) {
    if (too_large(num)) {
      *isnum = false;
      *newi = end;
      return 0;
    }
    num = num * 10 + (s[*newi] - '0');
    *isnum = true;
  }
  return num;
}

/* An explicit argument index "[n]" at format[i]. */
static int arg_number(pp *p, int arg_num, const char *f, size_t end, size_t *i, int nargs,
                      bool *found) {
  size_t len = end - *i, j, newi;
  bool ok;
  *found = false;
  if (*i >= end || f[*i] != '[') return arg_num;
  p->reordered = true;
  if (len < 3) {
    (*i)++;
    p->good_arg_num = false;
    return arg_num;
  }
  for (j = 1; j < len; j++) {
    if (f[*i + j] != ']') continue;
    int width = parse_num(f + *i, 1, j, &ok, &newi);
    if (!ok || newi != j) {
      *i += j + 1;
      p->good_arg_num = false;
      return arg_num;
    }
    *i += j + 1;
    *found = true;
    if (width - 1 >= 0 && width - 1 < nargs) return width - 1;
    p->good_arg_num = false;
    return arg_num;
  }
  (*i)++;
  p->good_arg_num = false;
  return arg_num;
}

/* Go's intFromArg: a width or precision taken from the arguments ('*'). */
static int int_from_arg(const go_arg *args, int nargs, int *arg_num, bool *is_int) {
  int num = 0;
  *is_int = false;
  if (*arg_num < nargs) {
    const go_arg *a = &args[*arg_num];
    if (a->kind == GO_INT && a->i >= INT32_MIN && a->i <= INT32_MAX) {
      num = (int)a->i;
      *is_int = true;
    } else if (a->kind == GO_INT) {
      num = 2000000; /* too large either way */
      *is_int = true;
    }
    (*arg_num)++;
    if (too_large(num)) {
      num = 0;
      *is_int = false;
    }
  }
  return num;
}

static void do_printf(pp *p, const char *f, size_t end, const go_arg *args, int nargs) {
  int arg_num = 0;
  bool after_index = false;
  size_t i = 0;
  p->reordered = false;
  while (i < end) {
    size_t lasti = i;
    p->good_arg_num = true;
    const char *pct = memchr(f + i, '%', end - i); /* literal text: one scan, one copy */
    i = pct ? (size_t)(pct - f) : end;
    if (i > lasti) rt_buf_put(p->buf, f + lasti, i - lasti);
    if (i >= end) break;
    i++;
    clear_flags(p);
    bool simple_done = false;
    for (; i < end; i++) {
      char c = f[i];
      if (c == '#') {
        p->sharp = true;
      } else if (c == '0') {
        p->zero = true;
      } else if (c == '+') {
        p->plus = true;
      } else if (c == '-') {
        p->minus = true;
      } else if (c == ' ') {
        p->space = true;
      } else {
        /* Fast path: flags and a lower-case verb, nothing else. */
        if (c >= 'a' && c <= 'z' && arg_num < nargs) {
          if (c == 'v' || c == 'w') {
            p->sharp_v = p->sharp;
            p->sharp = false;
            p->plus_v = p->plus;
            p->plus = false;
          }
          print_arg(p, &args[arg_num], (uint32_t)c);
          arg_num++;
          i++;
          simple_done = true;
        }
        break;
      }
    }
    if (simple_done) continue;

    bool found, ok;
    size_t newi;
    arg_num = arg_number(p, arg_num, f, end, &i, nargs, &found);
    after_index = found;

    if (i < end && f[i] == '*') {
      i++;
      p->wid = int_from_arg(args, nargs, &arg_num, &p->wid_present);
      if (!p->wid_present) rt_buf_puts(p->buf, "%!(BADWIDTH)");
      if (p->wid < 0) {
        p->wid = -p->wid;
        p->minus = true;
        p->zero = false;
      }
      after_index = false;
    } else {
      p->wid = parse_num(f, i, end, &ok, &newi);
      p->wid_present = ok;
      i = newi;
      if (after_index && p->wid_present) p->good_arg_num = false;
    }

    if (i + 1 < end && f[i] == '.') {
      i++;
      if (after_index) p->good_arg_num = false;
      arg_num = arg_number(p, arg_num, f, end, &i, nargs, &found);
      after_index = found;
      if (i < end && f[i] == '*') {
        i++;
        p->prec = int_from_arg(args, nargs, &arg_num, &p->prec_present);
        if (p->prec < 0) {
          p->prec = 0;
          p->prec_present = false;
        }
        if (!p->prec_present) rt_buf_puts(p->buf, "%!(BADPREC)");
        after_index = false;
      } else {
        p->prec = parse_num(f, i, end, &ok, &newi);
        p->prec_present = ok;
        i = newi;
        if (!p->prec_present) {
          p->prec = 0;
          p->prec_present = true;
        }
      }
    }

    if (!after_index) {
      arg_num = arg_number(p, arg_num, f, end, &i, nargs, &found);
      after_index = found;
    }

    if (i >= end) {
      rt_buf_puts(p->buf, "%!(NOVERB)");
      break;
    }

    uint32_t verb = (unsigned char)f[i];
    if (verb >= 0x80)
      verb = rt_utf8_next(f, end, &i);
    else
      i++;

    if (verb == '%') {
      rt_buf_putc(p->buf, '%');
    } else if (!p->good_arg_num) {
      rt_buf_puts(p->buf, "%!");
      write_rune(p->buf, verb);
      rt_buf_puts(p->buf, "(BADINDEX)");
    } else if (arg_num >= nargs) {
      rt_buf_puts(p->buf, "%!");
      write_rune(p->buf, verb);
      rt_buf_puts(p->buf, "(MISSING)");
    } else {
      if (verb == 'v' || verb == 'w') {
        p->sharp_v = p->sharp;
        p->sharp = false;
        p->plus_v = p->plus;
        p->plus = false;
      }
      print_arg(p, &args[arg_num], verb);
      arg_num++;
    }
  }

  if (!p->reordered && arg_num < nargs) {
    clear_flags(p);
    rt_buf_puts(p->buf, "%!(EXTRA ");
    for (int k = arg_num; k < nargs; k++) {
      if (k > arg_num) rt_buf_puts(p->buf, ", ");
      rt_buf_puts(p->buf, go_type_name(&args[k]));
      rt_buf_putc(p->buf, '=');
      print_arg(p, &args[k], 'v');
    }
    rt_buf_putc(p->buf, ')');
  }
}

rt_value *bi_sprintf(rt_value *format, rt_value *arr) {
  go_arg small[8], *args;
  uint32_t n;
  rt_buf out;
  pp p;
  if (!rt_is(format, RT_STRING)) return bi_type_err("sprintf", 1, format, "string");
  if (!rt_is(arr, RT_ARRAY)) return bi_type_err("sprintf", 2, arr, "array");
  n = rt_array_len(arr);
  args = n <= 8 ? small : rt_alloc(n * sizeof *args);
  for (uint32_t k = 0; k < n; k++)
    to_go(&args[k], rt_array_at(arr, k));
  rt_buf_init(&out, RT_AS_STR(format)->len + 16 * n + 8);
  memset(&p, 0, sizeof p);
  p.buf = &out;
  do_printf(&p, RT_AS_STR(format)->s, RT_AS_STR(format)->len, args, (int)n);
  return rt_buf_string(&out);
}
