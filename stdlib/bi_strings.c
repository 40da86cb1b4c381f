/* bi_strings.c: the string builtins: concat, contains, startswith, endswith, split, the trim
 * family, lower, upper, replace, strings.replace_n, indexof, indexof_n, substring,
 * format_int, strings.reverse, strings.count, strings.any_prefix_match/any_suffix_match.
 *
 * OPA implements these with Go's strings package, so they follow Go's rules: indexes and
 * lengths count code points, invalid UTF-8 decodes as U+FFFD one byte at a time (and comes
 * out as U+FFFD wherever Go re-encodes runes), replace works through strings.Replacer
 * (byte-wise, an empty pattern matching between bytes). Errors are worded as OPA's
 * topdown/strings.go words them. A result equal to an argument is that argument.
 */
#define _GNU_SOURCE /* memmem */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* The first operand that is not a string gets OPA's error; true if all are strings. */
static bool strings2(const char *name, const rt_value *a, const rt_value *b) {
  if (!rt_is(a, RT_STRING)) {
    bi_type_err(name, 1, a, "string");
    return false;
  }
  if (!rt_is(b, RT_STRING)) {
    bi_type_err(name, 2, b, "string");
    return false;
  }
  return true;
}

static bool is_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return false;
  return true;
}

static void put_rune(rt_buf *b, uint32_t cp) {
  char enc[4];
  rt_buf_put(b, enc, rt_utf8_encode(cp, enc));
}

/* Go's utf8.DecodeLastRune: the rune ending at s[n-1] and its size (1 if invalid). */
static uint32_t last_rune(const char *s, size_t n, size_t *size) {
  size_t start = n - 1, lim = n >= 4 ? n - 4 : 0;
  while (start > lim && ((unsigned char)s[start] & 0xC0) == 0x80)
    start--;
  if (((unsigned char)s[start] & 0xC0) != 0x80) {
    size_t i = start;
    uint32_t r = rt_utf8_next(s, n, &i);
    if (i == n && !(r == 0xFFFD && i - start == 1)) {
      *size = n - start;
      return r;
    }
  }
  *size = 1;
  return 0xFFFD;
}

/* ---- concat, contains, startswith, endswith ----------------------------------------------- */

rt_value *bi_concat(rt_value *sep, rt_value *coll) {
  rt_value *items;
  uint32_t n;
  if (!rt_is(sep, RT_STRING)) return bi_type_err("concat", 1, sep, "string");
  if (rt_is(coll, RT_SET))
    items = rt_sorted_keys(coll); /* OPA joins a set in sorted order */
  else if (rt_is(coll, RT_ARRAY))
    items = coll;
  else
    return bi_type_err("concat", 2, coll, "one of {set, array}");
  n = rt_array_len(items);
  size_t total = n ? N(sep) * (n - 1) : 0;
  for (uint32_t i = 0; i < n; i++) {
    rt_value *x = rt_array_at(items, i);
    if (!rt_is(x, RT_STRING)) return bi_elem_err("concat", 2, coll, x, "string");
    total += N(x);
  }
  if (n == 1) return rt_array_at(items, 0);
  /* One allocation of the exact size. */
  char *out = rt_alloc(total + 1), *p = out;
  for (uint32_t i = 0; i < n; i++) {
    rt_value *x = rt_array_at(items, i);
    if (i > 0 && N(sep) > 0) {
      memcpy(p, S(sep), N(sep));
      p += N(sep);
    }
    memcpy(p, S(x), N(x));
    p += N(x);
  }
  *p = '\0';
  return rt_string_own(out, total);
}

/* Byte offset of the first occurrence of needle in hay, or -1 (Go's strings.Index). */
static ptrdiff_t find(const char *hay, size_t hn, const char *needle, size_t nn) {
  if (nn == 0) return 0;
  if (nn > hn) return -1;
  const char *p = memmem(hay, hn, needle, nn);
  return p ? p - hay : -1;
}

rt_value *bi_contains(rt_value *s, rt_value *sub) {
  if (!strings2("contains", s, sub)) return NULL;
  return RT_BOOL(find(S(s), N(s), S(sub), N(sub)) >= 0);
}

rt_value *bi_startswith(rt_value *s, rt_value *pre) {
  if (!strings2("startswith", s, pre)) return NULL;
  return RT_BOOL(N(pre) <= N(s) && memcmp(S(s), S(pre), N(pre)) == 0);
}

rt_value *bi_endswith(rt_value *s, rt_value *suf) {
  if (!strings2("endswith", s, suf)) return NULL;
  return RT_BOOL(N(suf) <= N(s) && memcmp(S(s) + N(s) - N(suf), S(suf), N(suf)) == 0);
}

/* ---- split --------------------------------------------------------------------------------- */

rt_value *bi_split(rt_value *s, rt_value *delim) {
  rt_value *out;
  const char *p, *end;
  if (!strings2("split", s, delim)) return NULL;
  p = S(s);
  end = p + N(s);
  out = rt_array_new(1);
  if (N(delim) == 0) {
    /* Go's explode: one string per UTF-8 sequence, invalid bytes one by one. */
    size_t i = 0;
    while (i < N(s)) {
      size_t at = i;
      rt_utf8_next(S(s), N(s), &i);
      rt_array_push(out, bi_str_ref(S(s) + at, i - at));
    }
    return out;
  }
  if (find(p, N(s), S(delim), N(delim)) < 0) {
    rt_array_push(out, s);
    return out;
  }
  for (;;) {
    ptrdiff_t k = find(p, (size_t)(end - p), S(delim), N(delim));
    if (k < 0) break;
    rt_array_push(out, bi_str_ref(p, (size_t)k));
    p += k + N(delim);
  }
  rt_array_push(out, bi_str_ref(p, (size_t)(end - p)));
  return out;
}

/* ---- trim family ----------------------------------------------------------------------------- */

/* Go's strings.ContainsRune on a cutset (RuneError also matches an invalid byte). */
static bool cutset_has(const char *set, size_t n, uint32_t r) {
  size_t i = 0;
  while (i < n) {
    uint32_t c = rt_utf8_next(set, n, &i);
    if (c == r) return true;
  }
  return false;
}

/* Trims runes of the cutset (or, with cutset NULL, white space) from the chosen ends. */
static rt_value *trim_runes(rt_value *s, const char *set, size_t setn, bool left, bool right) {
  const char *p = S(s);
  size_t lo = 0, hi = N(s);
  if (set && setn == 0) return s;
  if (left) {
    while (lo < hi) {
      size_t i = lo;
      uint32_t r = rt_utf8_next(p, hi, &i);
      if (set ? !cutset_has(set, setn, r) : !bi_uni_isspace(r)) break;
      lo = i;
    }
  }
  if (right) {
    while (hi > lo) {
      size_t size;
      uint32_t r = last_rune(p + lo, hi - lo, &size);
      if (set ? !cutset_has(set, setn, r) : !bi_uni_isspace(r)) break;
      hi -= size;
    }
  }
  if (lo == 0 && hi == N(s)) return s;
  return bi_str_ref(p + lo, hi - lo);
}

rt_value *bi_trim(rt_value *s, rt_value *set) {
  if (!strings2("trim", s, set)) return NULL;
  return trim_runes(s, S(set), N(set), true, true);
}

rt_value *bi_trim_left(rt_value *s, rt_value *set) {
  if (!strings2("trim_left", s, set)) return NULL;
  return trim_runes(s, S(set), N(set), true, false);
}

rt_value *bi_trim_right(rt_value *s, rt_value *set) {
  if (!strings2("trim_right", s, set)) return NULL;
  return trim_runes(s, S(set), N(set), false, true);
}

rt_value *bi_trim_space(rt_value *s) {
  if (!rt_is(s, RT_STRING)) return bi_type_err("trim_space", 1, s, "string");
  return trim_runes(s, NULL, 0, true, true);
}

rt_value *bi_trim_prefix(rt_value *s, rt_value *pre) {
  if (!strings2("trim_prefix", s, pre)) return NULL;
  if (N(pre) == 0 || N(pre) > N(s) || memcmp(S(s), S(pre), N(pre)) != 0) return s;
  return bi_str_ref(S(s) + N(pre), N(s) - N(pre));
}

rt_value *bi_trim_suffix(rt_value *s, rt_value *suf) {
  if (!strings2("trim_suffix", s, suf)) return NULL;
  if (N(suf) == 0 || N(suf) > N(s) || memcmp(S(s) + N(s) - N(suf), S(suf), N(suf)) != 0) return s;
  return bi_str_ref(S(s), N(s) - N(suf));
}

/* ---- lower, upper, strings.reverse ---------------------------------------------------------- */

static rt_value *map_case(const char *name, rt_value *s, uint32_t (*map)(uint32_t)) {
  rt_buf b;
  size_t i = 0;
  bool changed = false;
  if (!rt_is(s, RT_STRING)) return bi_type_err(name, 1, s, "string");
  rt_buf_init(&b, N(s) + 1);
  while (i < N(s)) {
    size_t at = i;
    uint32_t r = rt_utf8_next(S(s), N(s), &i), m = map(r);
    /* Go's strings.Map re-encodes every rune, so an invalid byte becomes U+FFFD. */
    if (m != r || (r == 0xFFFD && i - at == 1)) changed = true;
    put_rune(&b, m);
  }
  return changed ? rt_buf_string(&b) : s;
}

rt_value *bi_lower(rt_value *s) {
  return map_case("lower", s, bi_uni_lower);
}

rt_value *bi_upper(rt_value *s) {
  return map_case("upper", s, bi_uni_upper);
}

rt_value *bi_strings_reverse(rt_value *s) {
  char *out;
  size_t i = 0, n;
  if (!rt_is(s, RT_STRING)) return bi_type_err("strings.reverse", 1, s, "string");
  n = N(s);
  out = rt_alloc(n * 3 + 1); /* an invalid byte grows to U+FFFD's three bytes */
  size_t len = 0;
  /* Count the output size first, then fill from the back. */
  while (i < n) {
    size_t at = i;
    uint32_t r = rt_utf8_next(S(s), n, &i);
    char enc[4];
    len += (r == 0xFFFD && i - at == 1) ? 3 : rt_utf8_encode(r, enc);
  }
  size_t pos = len;
  i = 0;
  while (i < n) {
    uint32_t r = rt_utf8_next(S(s), n, &i);
    char enc[4];
    size_t k = rt_utf8_encode(r, enc);
    pos -= k;
    memcpy(out + pos, enc, k);
  }
  out[len] = '\0';
  return rt_string_own(out, len);
}

/* ---- replace, strings.replace_n ---------------------------------------------------------------
 */

/* Go's generic strings.Replacer: at each byte position the first pattern (in order) that
 * matches wins; an empty pattern matches at every position but not twice in a row. */
static rt_value *replace_all(rt_value *s, rt_value **olds, rt_value **news, size_t k) {
  rt_buf b;
  const char *p = S(s);
  size_t n = N(s), i = 0, last = 0;
  bool prev_empty = false, changed = false;
  rt_buf_init(&b, n + 1);
  while (i <= n) {
    size_t j;
    for (j = 0; j < k; j++) {
      size_t on = N(olds[j]);
      if (on == 0 ? !prev_empty : (on <= n - i && memcmp(p + i, S(olds[j]), on) == 0)) break;
    }
    if (j == k) {
      prev_empty = false;
      i++;
      continue;
    }
    prev_empty = N(olds[j]) == 0;
    rt_buf_put(&b, p + last, i - last);
    rt_buf_put(&b, S(news[j]), N(news[j]));
    changed = true;
    i += N(olds[j]);
    last = i;
  }
  if (!changed) return s;
  rt_buf_put(&b, p + last, n - last);
  return rt_buf_string(&b);
}

rt_value *bi_replace(rt_value *s, rt_value *old, rt_value *new_) {
  if (!strings2("replace", s, old)) return NULL;
  if (!rt_is(new_, RT_STRING)) return bi_type_err("replace", 3, new_, "string");
  return replace_all(s, &old, &new_, 1);
}

rt_value *bi_strings_replace_n(rt_value *patterns, rt_value *s) {
  const char *name = "strings.replace_n";
  rt_value *keys, **olds, **news;
  uint32_t k;
  if (!rt_is(patterns, RT_OBJECT)) return bi_type_err(name, 1, patterns, "object");
  keys = rt_sorted_keys(patterns);
  if (!rt_is(s, RT_STRING)) return bi_type_err(name, 2, s, "string");
  k = rt_array_len(keys);
  olds = rt_alloc((k + 1) * sizeof *olds);
  news = rt_alloc((k + 1) * sizeof *news);
  for (uint32_t i = 0; i < k; i++) {
    olds[i] = rt_array_at(keys, i);
    news[i] = rt_object_get(patterns, olds[i]);
    if (!rt_is(olds[i], RT_STRING))
      return rt_builtin_fail(RT_ERR_TYPE, name, "operand 1 non-string key found in pattern object");
    if (!rt_is(news[i], RT_STRING))
      return rt_builtin_fail(RT_ERR_TYPE, name,
                             "operand 1 non-string value found in pattern object");
  }
  return replace_all(s, olds, news, k);
}

/* ---- indexof, indexof_n, substring --------------------------------------------------------- */

/* Code points of s, invalid bytes as U+FFFD. */
static uint32_t *runes_of(const char *s, size_t n, size_t *count) {
  uint32_t *r = rt_alloc((n + 1) * sizeof *r);
  size_t i = 0, k = 0;
  while (i < n)
    r[k++] = rt_utf8_next(s, n, &i);
  *count = k;
  return r;
}

/* Code point indexes where search occurs in base (all of them, overlapping, or the first). */
static rt_value *index_of(const char *name, rt_value *base, rt_value *search, bool all) {
  size_t nb, ns;
  uint32_t *rb, *rs;
  rt_value *out = NULL;
  if (!strings2(name, base, search)) return NULL;
  if (N(search) == 0) return rt_builtin_fail(RT_ERR_BUILTIN, name, "empty search character");
  if (!all && is_ascii(S(base), N(base)) && is_ascii(S(search), N(search)))
    return rt_int(find(S(base), N(base), S(search), N(search)));
  rb = runes_of(S(base), N(base), &nb);
  rs = runes_of(S(search), N(search), &ns);
  if (all) out = rt_array_new(0);
  for (size_t i = 0; i + ns <= nb; i++) {
    if (memcmp(rb + i, rs, ns * sizeof *rs) != 0) continue;
    if (!all) return rt_int((int64_t)i);
    rt_array_push(out, rt_int((int64_t)i));
  }
  return all ? out : rt_int(-1);
}

rt_value *bi_indexof(rt_value *base, rt_value *search) {
  return index_of("indexof", base, search, false);
}

rt_value *bi_indexof_n(rt_value *base, rt_value *search) {
  return index_of("indexof_n", base, search, true);
}

rt_value *bi_substring(rt_value *s, rt_value *start, rt_value *length) {
  int64_t from, len;
  size_t count;
  if (!rt_is(s, RT_STRING)) return bi_type_err("substring", 1, s, "string");
  if (!bi_int_operand("substring", 2, start, &from) ||
      !bi_int_operand("substring", 3, length, &len))
    return NULL;
  if (from < 0) return rt_builtin_fail(RT_ERR_BUILTIN, "substring", "negative offset");
  if (N(s) == 0) return s;
  if (is_ascii(S(s), N(s))) {
    int64_t n = (int64_t)N(s), upto;
    if (from >= n) return bi_str_ref(S(s), 0);
    if (len < 0) return bi_str_ref(S(s) + from, (size_t)(n - from));
    if (from == 0 && len >= n) return s;
    upto = len > n - from ? n : from + len;
    return bi_str_ref(S(s) + from, (size_t)(upto - from));
  }
  count = rt_utf8_count(S(s), N(s));
  if (from == 0 && len >= (int64_t)count) return s;
  if (from >= (int64_t)count) return bi_str_ref(S(s), 0);
  /* Go re-encodes the selected runes, so invalid bytes come out as U+FFFD. */
  int64_t upto = len < 0 || len > (int64_t)count - from ? (int64_t)count : from + len;
  rt_buf b;
  size_t i = 0;
  rt_buf_init(&b, N(s) + 1);
  for (int64_t k = 0; k < upto; k++) {
    uint32_t r = rt_utf8_next(S(s), N(s), &i);
    if (k >= from) put_rune(&b, r);
  }
  return rt_buf_string(&b);
}

/* ---- strings.count, any_prefix_match, any_suffix_match -------------------------------------- */

rt_value *bi_strings_count(rt_value *s, rt_value *sub) {
  int64_t count = 0;
  const char *p, *end;
  if (!strings2("strings.count", s, sub)) return NULL;
  if (N(sub) == 0) return rt_int((int64_t)rt_utf8_count(S(s), N(s)) + 1);
  p = S(s);
  end = p + N(s);
  for (;;) {
    ptrdiff_t k = find(p, (size_t)(end - p), S(sub), N(sub));
    if (k < 0) break;
    count++;
    p += k + N(sub);
  }
  return rt_int(count);
}

/* A string, or an array or set of strings, as an array of strings; NULL after an error. */
static rt_value *string_list(const char *name, int pos, rt_value *v) {
  rt_value *out, *orig = v;
  rt_iter it;
  if (rt_is(v, RT_STRING)) {
    out = rt_array_new(1);
    rt_array_push(out, v);
    return out;
  }
  if (!rt_is(v, RT_ARRAY) && !rt_is(v, RT_SET))
    return bi_type_err(name, pos, v, "one of {string, set, array}");
  out = rt_array_new(0);
  if (rt_is(v, RT_SET)) v = rt_sorted_keys(v); /* OPA iterates sets in sorted order */
  rt_iter_init(&it, v);
  while (rt_iter_next(&it)) {
    if (!rt_is(it.val, RT_STRING)) return bi_elem_err(name, pos, orig, it.val, "string");
    rt_array_push(out, it.val);
  }
  return out;
}

static rt_value *any_match(const char *name, rt_value *a, rt_value *b, bool suffix) {
  rt_value *strs, *fixes;
  if (!(strs = string_list(name, 1, a)) || !(fixes = string_list(name, 2, b))) return NULL;
  for (uint32_t i = 0; i < rt_array_len(strs); i++) {
    rt_value *s = rt_array_at(strs, i);
    for (uint32_t j = 0; j < rt_array_len(fixes); j++) {
      rt_value *f = rt_array_at(fixes, j);
      if (N(f) <= N(s) && memcmp(S(s) + (suffix ? N(s) - N(f) : 0), S(f), N(f)) == 0)
        return RT_TRUE;
    }
  }
  return RT_FALSE;
}

rt_value *bi_strings_any_prefix_match(rt_value *a, rt_value *b) {
  return any_match("strings.any_prefix_match", a, b, false);
}

rt_value *bi_strings_any_suffix_match(rt_value *a, rt_value *b) {
  return any_match("strings.any_suffix_match", a, b, true);
}

/* ---- format_int -------------------------------------------------------------------------------
 */

/* True if a number's text is an integer as Go's big.Int SetString(s, 10) reads it. */
static bool int_text(const char *t, size_t n) {
  size_t i = (n > 0 && (t[0] == '-' || t[0] == '+')) ? 1 : 0;
  if (i == n) return false;
  for (; i < n; i++)
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

/* OPA formats integer text exactly through big.Int (so integers beyond 64 bits keep every
 * digit); any other number (fraction, exponent) goes through a big.Float of 64-bit
 * precision truncated towards zero, so 1e30 comes out rounded as OPA rounds it, and -0.5
 * as "0". The runtime's floor rounds to Go's 64 bits the same way; truncation is floor of
 * the absolute value with the sign put back. */
rt_value *bi_format_int(rt_value *num, rt_value *base) {
  int64_t b, i;
  rt_value *t = num;
  const char *digits;
  size_t len;
  if (!rt_is(num, RT_NUMBER)) return bi_type_err("format_int", 1, num, "number");
  if (!rt_is(base, RT_NUMBER)) return bi_type_err("format_int", 2, base, "number");
  if (!rt_num_to_int64(base, &b) || (b != 2 && b != 8 && b != 10 && b != 16))
    return rt_builtin_fail(RT_ERR_TYPE, "format_int", "operand 2 must be one of {2, 8, 10, 16}");
  if (!(RT_AS_NUM(num)->hdr.flags & RT_F_INT) &&
      !int_text(RT_AS_NUM(num)->text, RT_AS_NUM(num)->len)) {
    static rt_number zero = RT_STATIC_INT(0);
    t = rt_num_floor(rt_num_abs(num));
    if (rt_num_cmp(num, (rt_value *)&zero) < 0) t = rt_num_neg(t);
  }
  if (rt_num_to_int64(t, &i)) {
    char buf[80], *p = buf + sizeof buf;
    uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
    *--p = '\0';
    do {
      *--p = "0123456789abcdef"[u % (uint64_t)b];
      u /= (uint64_t)b;
    } while (u);
    if (i < 0) *--p = '-';
    return rt_string_z(p);
  }
  /* Beyond 64 bits: from the integer's decimal digits through GMP. */
  if (t == num) {
    digits = RT_AS_NUM(num)->text;
    len = RT_AS_NUM(num)->len;
  } else {
    digits = rt_num_str(t, &len);
  }
  char *dec = rt_strndup(digits + (digits[0] == '+'), len - (digits[0] == '+'));
  mpz_t z;
  mpz_init(z);
  mpz_set_str(z, dec, 10);
  char *txt = rt_alloc(mpz_sizeinbase(z, (int)b) + 2);
  mpz_get_str(txt, (int)b, z);
  mpz_clear(z);
  return rt_string_z(txt);
}
