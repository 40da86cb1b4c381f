/* bi_semver.c: semver.is_valid and semver.compare (OPA's internal/semver).
 *
 * OPA's parser is lenient where the SemVer spec is strict, and so is this one: a leading
 * "v" is dropped, major.minor.patch are decimal int64s (leading zeros allowed), the text
 * after the first '+' is build metadata and after the first '-' the pre-release (each a
 * dot-separated list of [0-9A-Za-z-]+; an empty one counts as absent). Comparison ignores
 * metadata; pre-release identifiers compare numerically when both are all digits (as
 * strconv.Atoi, which saturates), numeric before alphanumeric, else bytewise. Where OPA's
 * loop would never end (pre-releases equal as numbers but different as text, "01" and
 * "1") this returns 0.
 */
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

typedef struct semver {
  int64_t major, minor, patch;
  const char *pre;
  size_t pre_n;
} semver;

/* ^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$ */
static bool ident_list(const char *s, size_t n) {
  bool empty = true;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '.') {
      if (empty) return false;
      empty = true;
    } else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '-') {
      empty = false;
    } else {
      return false;
    }
  }
  return !empty;
}

/* strconv.ParseInt(s, 10, 64). */
static bool parse_i64(const char *s, size_t n, int64_t *out) {
  size_t i = 0;
  bool neg = false;
  uint64_t v = 0;
  if (n && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == n) return false;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    if (v > (UINT64_MAX - 9) / 10) return false;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v > (uint64_t)INT64_MAX + (neg ? 1 : 0)) return false;
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return true;
}

static bool semver_parse(const char *s, size_t n, semver *v) {
  const char *p, *dot1, *dot2;
  if (n && s[0] == 'v') {
    s++;
    n--;
  }
  if ((p = memchr(s, '+', n))) {
    size_t mn = n - (size_t)(p - s) - 1;
    if (mn && !ident_list(p + 1, mn)) return false;
    n = (size_t)(p - s);
  }
  v->pre = NULL;
  v->pre_n = 0;
  if ((p = memchr(s, '-', n))) {
    v->pre = p + 1;
    v->pre_n = n - (size_t)(p - s) - 1;
    if (v->pre_n && !ident_list(v->pre, v->pre_n)) return false;
    n = (size_t)(p - s);
  }
  if (!(dot1 = memchr(s, '.', n))) return false;
  if (!(dot2 = memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - s)))) return false;
  if (memchr(dot2 + 1, '.', n - (size_t)(dot2 + 1 - s))) return false;
  return parse_i64(s, (size_t)(dot1 - s), &v->major) &&
         parse_i64(dot1 + 1, (size_t)(dot2 - dot1 - 1), &v->minor) &&
         parse_i64(dot2 + 1, n - (size_t)(dot2 + 1 - s), &v->patch);
}

static bool all_decimal(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* strconv.Atoi of decimal digits, saturating at the int64 maximum. */
static int64_t atoi_sat(const char *s, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (v > ((uint64_t)INT64_MAX - 9) / 10) return INT64_MAX;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

static int cmp_i64(int64_t a, int64_t b) {
  return (a > b) - (a < b);
}

static int semver_cmp(const semver *a, const semver *b) {
  int c;
  if ((c = cmp_i64(a->major, b->major))) return c;
  if ((c = cmp_i64(a->minor, b->minor))) return c;
  if ((c = cmp_i64(a->patch, b->patch))) return c;
  if (a->pre_n == b->pre_n && (a->pre_n == 0 || memcmp(a->pre, b->pre, a->pre_n) == 0)) return 0;
  if (a->pre_n == 0) return 1;
  if (b->pre_n == 0) return -1;
  const char *x = a->pre, *xe = a->pre + a->pre_n, *y = b->pre, *ye = b->pre + b->pre_n;
  for (;;) {
    const char *xd = memchr(x, '.', (size_t)(xe - x)), *yd = memchr(y, '.', (size_t)(ye - y));
    size_t xn = xd ? (size_t)(xd - x) : (size_t)(xe - x),
           yn = yd ? (size_t)(yd - y) : (size_t)(ye - y);
    bool xi = all_decimal(x, xn), yi = all_decimal(y, yn);
    if (xi && !yi) return -1;
    if (!xi && yi) return 1;
    if (xi) {
      if ((c = cmp_i64(atoi_sat(x, xn), atoi_sat(y, yn)))) return c;
    } else {
      size_t m = xn < yn ? xn : yn;
      c = memcmp(x, y, m);
      if (c) return c > 0 ? 1 : -1;
      if (xn != yn) return xn > yn ? 1 : -1;
    }
    if (xd && !yd) return 1;
    if (!xd && yd) return -1;
    if (!xd) return 0; /* OPA would loop for ever here */
    x = xd + 1;
    y = yd + 1;
  }
}

rt_value *bi_semver_is_valid(rt_value *a) {
  semver v;
  return RT_BOOL(rt_is(a, RT_STRING) && semver_parse(S(a), N(a), &v));
}

rt_value *bi_semver_compare(rt_value *a, rt_value *b) {
  semver x, y;
  if (!rt_is(a, RT_STRING)) return bi_type_err("semver.compare", 1, a, "string");
  if (!rt_is(b, RT_STRING)) return bi_type_err("semver.compare", 2, b, "string");
  if (!semver_parse(S(a), N(a), &x)) {
    rt_buf q;
    rt_buf_init(&q, N(a) + 8);
    bi_go_quote(&q, S(a), N(a), false);
    return rt_builtin_fail(RT_ERR_BUILTIN, "semver.compare",
                           "operand 1: string %.*s is not a valid SemVer", (int)q.len, q.data);
  }
  if (!semver_parse(S(b), N(b), &y)) {
    rt_buf q;
    rt_buf_init(&q, N(b) + 8);
    bi_go_quote(&q, S(b), N(b), false);
    return rt_builtin_fail(RT_ERR_BUILTIN, "semver.compare",
                           "operand 2: string %.*s is not a valid SemVer", (int)q.len, q.data);
  }
  return rt_int(semver_cmp(&x, &y));
}
