/* bi_yaml.c: yaml.marshal, yaml.unmarshal, yaml.is_valid.
 *
 * OPA reads YAML with sigs.k8s.io/yaml (go-yaml v2, then encoding/json): unmarshal and
 * is_valid use the runtime's reader (rt_yaml_parse, which follows go-yaml v2's scalar
 * rules); when it fails, the text is run through libyaml once more to word the error as
 * go-yaml does ("error converting YAML to JSON: yaml: line N: problem").
 *
 * yaml.marshal is OPA's value -> encoding/json -> yaml.JSONToYAML -> go-yaml v2 Marshal, so
 * the output is what go-yaml v2.4's encoder and emitter print, reproduced here by hand:
 *   - the JSON step turns invalid UTF-8 into U+FFFD, sets into sorted arrays and non-string
 *     keys into their JSON text; go-yaml then re-reads the JSON, so numbers become ints
 *     (int64, then uint64), floats (printed as strconv's shortest 'g': 1e+06, 0.0001) or,
 *     when float64 overflows, plain text;
 *   - mapping keys are sorted with go-yaml's "natural" order (runs of digits compare as
 *     numbers); block style throughout, two-space indentation, sequences inside mappings
 *     not indented, empty collections as {} and [];
 *   - a string is plain unless it would read back as something else (null, booleans such
 *     as yes/off/y, numbers, YYYY-MM-DD timestamps, 1:20 base-60 floats: double-quoted) or
 *     holds a newline (literal block, |- or |+); the emitter's own analysis then moves it
 *     to single quotes (indicators such as ": ", "- ", leading '#') or double quotes
 *     (control characters, tabs, non-BMP characters, which libyaml-derived emitters do not
 *     count as printable);
 *   - lines are folded at spaces once a scalar passes column 80 (go-yaml v2's default
 *     width), and keys longer than 128 bytes use the explicit "? key" form.
 * go-yaml decides "is a letter"/"is a digit" with Go's unicode tables when sorting keys;
 * outside ASCII this file uses case mappings and a few scripts' ranges instead.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "bi_util.h"
#include "rt_yaml.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* ---- unmarshal ------------------------------------------------------------------------------ */

/* go-yaml v2's parser.fail(): "line N: " from the problem mark (one more for scanner
 * errors), else from the context mark, left out when the line is 0. */
static void go_yaml_error(const char *text, size_t len, char *msg, size_t mlen) {
  yaml_parser_t p;
  yaml_event_t ev;
  bool failed = false;
  yaml_parser_initialize(&p);
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  for (;;) {
    if (!yaml_parser_parse(&p, &ev)) {
      failed = true;
      break;
    }
    yaml_event_type_t t = ev.type;
    yaml_event_delete(&ev);
    if (t == YAML_STREAM_END_EVENT || t == YAML_DOCUMENT_END_EVENT) break;
  }
  if (failed) {
    size_t line = 0;
    if (p.problem_mark.line != 0) {
      line = p.problem_mark.line;
      if (p.error == YAML_SCANNER_ERROR) line++;
    } else if (p.context_mark.line != 0) {
      line = p.context_mark.line;
    }
    const char *problem = p.problem ? p.problem : "unknown problem parsing YAML content";
    if (line)
      snprintf(msg, mlen, "error converting YAML to JSON: yaml: line %zu: %s", line, problem);
    else
      snprintf(msg, mlen, "error converting YAML to JSON: yaml: %s", problem);
  }
  yaml_parser_delete(&p);
  if (!failed) msg[0] = '\0';
}

rt_value *bi_yaml_unmarshal(rt_value *a) {
  char err[256], msg[400];
  rt_value *v;
  if (!rt_is(a, RT_STRING)) return bi_type_err("yaml.unmarshal", 1, a, "string");
  if ((v = rt_yaml_parse(S(a), N(a), err, sizeof err))) return v;
  go_yaml_error(S(a), N(a), msg, sizeof msg);
  if (!msg[0]) snprintf(msg, sizeof msg, "error converting YAML to JSON: %s", err);
  return rt_builtin_fail(RT_ERR_BUILTIN, "yaml.unmarshal", "%s", msg);
}

rt_value *bi_yaml_is_valid(rt_value *a) {
  char err[256];
  if (!rt_is(a, RT_STRING)) return RT_FALSE;
  return RT_BOOL(rt_yaml_parse(S(a), N(a), err, sizeof err) != NULL);
}

/* ---- go-yaml v2's resolver: would this plain text read back as a non-string? ------------------
 */

static bool all_digits(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* strconv.ParseUint(s, base, 64) without underscores; base 0 looks for 0b/0o/0x/0. */
static bool go_parse_uint(const char *s, size_t n, int base, uint64_t *out) {
  uint64_t v = 0;
  if (n == 0) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      char l = n >= 3 ? (char)(s[1] | 0x20) : 0;
      if (l == 'b' || l == 'o' || l == 'x') {
        base = l == 'b' ? 2 : l == 'o' ? 8 : 16;
        s += 2;
        n -= 2;
      } else {
        base = 8;
        s++;
        n--;
      }
    }
  }
  for (size_t i = 0; i < n; i++) {
    int d;
    char c = s[i];
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
      d = (c | 0x20) - 'a' + 10;
    else
      return false;
    if (d >= base) return false;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return false;
    v = v * (uint64_t)base + (uint64_t)d;
  }
  *out = v;
  return true;
}

/* strconv.ParseInt(s, base, 64). */
static bool go_parse_int(const char *s, size_t n, int base, int64_t *out) {
  bool neg = false;
  uint64_t u;
  if (n > 0 && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s++;
    n--;
  }
  if (!go_parse_uint(s, n, base, &u)) return false;
  if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX) return false;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t n) {
  size_t i = 0, d;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  if (i < n && s[i] == '.') {
    for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    }
    if (i == d) return false;
  } else {
    for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    }
    if (i == d) return false;
    if (i < n && s[i] == '.')
      for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
      }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    }
    if (i == d) return false;
  }
  return i == n;
}

/* strconv.ParseFloat of a text already known to be decimal float syntax: false when it
 * overflows float64 (Go reports ErrRange; underflow to zero is not an error). */
static bool parse_finite(const char *s, size_t n, double *out) {
  char buf[64], *copy = n < sizeof buf ? buf : rt_alloc(n + 1), *end;
  memcpy(copy, s, n);
  copy[n] = '\0';
  errno = 0;
  *out = strtod(copy, &end);
  return !isinf(*out);
}

static bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 1 or 2 digits (Go's getnum with fixed=false). */
static bool getnum(const char *s, size_t n, size_t *i, int *out) {
  if (*i >= n || s[*i] < '0' || s[*i] > '9') return false;
  *out = s[(*i)++] - '0';
  if (*i < n && s[*i] >= '0' && s[*i] <= '9') *out = *out * 10 + (s[(*i)++] - '0');
  return true;
}

/* time.Parse with one of go-yaml's timestamp layouts: 2006-1-2, then "T"/"t" 15:4:5 with an
 * optional fraction and a Z07:00 zone, or " " 15:4:5 with an optional fraction. */
static bool yaml_timestamp(const char *s, size_t n) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t i = 4;
  int year, month, day, h, m, sec;
  if (n < 5 || !all_digits(s, 4) || s[4] != '-') return false;
  year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  i = 5;
  if (!getnum(s, n, &i, &month) || i >= n || s[i++] != '-' || !getnum(s, n, &i, &day)) return false;
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > mdays[month - 1] + (month == 2 && is_leap(year))) return false;
  if (i == n) return true;
  char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  if (!getnum(s, n, &i, &h) || i >= n || s[i++] != ':' || !getnum(s, n, &i, &m) || i >= n ||
      s[i++] != ':' || !getnum(s, n, &i, &sec))
    return false;
  if (h > 23 || m > 59 || sec > 59) return false;
  if (i + 1 < n && (s[i] == '.' || s[i] == ',') && s[i + 1] >= '0' && s[i + 1] <= '9')
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    }
  if (sep == ' ') return i == n;
  if (i < n && s[i] == 'Z') return i + 1 == n;
  if (n - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':' || !all_digits(s + i + 1, 2) ||
      !all_digits(s + i + 4, 2))
    return false;
  return (s[i + 1] - '0') * 10 + (s[i + 2] - '0') <= 24 &&
         (s[i + 4] - '0') * 10 + (s[i + 5] - '0') <= 60;
}

/* ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
static bool base60_float(const char *s, size_t n) {
  size_t i = 0;
  int groups = 0;
  if (n == 0 || !memchr(s, ':', n)) return false;
  if (s[i] == '+' || s[i] == '-') i++;
  if (i >= n || s[i] < '0' || s[i] > '9') return false;
  while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
    i++;
  while (i < n && s[i] == ':') {
    size_t d = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - d < 2)
      i++;
    if (i == d || (i - d == 2 && s[d] > '5')) return false;
    groups++;
  }
  if (!groups) return false;
  if (i < n && s[i] == '.')
    for (i++; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) {
    }
  return i == n;
}

static bool in_list(const char *s, size_t n, const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == n && memcmp(*words, s, n) == 0) return true;
  return false;
}

/* resolve("", s) != !!str, or a base-60 float: the string must be quoted. */
static bool needs_quotes(const char *s, size_t n) {
  static const char *const special[] = {
      "y",    "Y",    "yes",   "Yes",   "YES",   "true",  "True",  "TRUE",  "on",    "On",
      "ON",   "n",    "N",     "no",    "No",    "NO",    "false", "False", "FALSE", "off",
      "Off",  "OFF",  "~",     "null",  "Null",  "NULL",  ".nan",  ".NaN",  ".NAN",  ".inf",
      ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", NULL};
  char c;
  if (n == 0) return true; /* null */
  c = s[0];
  if (base60_float(s, n)) return true;
  bool sign = c == '+' || c == '-', dig = c >= '0' && c <= '9', dot = c == '.';
  if (!(sign || dig || dot || strchr("yYnNtTfFoO~", c))) return false;
  if (in_list(s, n, special)) return true;
  if (dot) {
    double d;
    return n > 1 && yaml_style_float(s, n) && parse_finite(s, n, &d);
  }
  if (!(sign || dig)) return false;
  if (yaml_timestamp(s, n)) return true;
  /* underscores are dropped before the number checks */
  char *plain = rt_alloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] != '_') plain[k++] = s[i];
  int64_t iv;
  uint64_t uv;
  double d;
  if (go_parse_int(plain, k, 0, &iv) || go_parse_uint(plain, k, 0, &uv)) return true;
  if (yaml_style_float(plain, k) && parse_finite(plain, k, &d)) return true;
  if (k > 2 && memcmp(plain, "0b", 2) == 0) return go_parse_int(plain + 2, k - 2, 2, &iv);
  if (k > 3 && memcmp(plain, "-0b", 3) == 0) return go_parse_int(plain + 3, k - 3, 2, &iv);
  return false;
}

/* ---- numbers as go-yaml prints what it read from their JSON text ----------------------------- */

/* strconv.FormatFloat(d, 'g', -1, 64). */
static void go_format_g(rt_buf *b, double d) {
  char tmp[40], digits[24];
  int prec, nd = 0, exp10;
  if (d == 0) {
    rt_buf_puts(b, signbit(d) ? "-0" : "0");
    return;
  }
  for (prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
    if (strtod(tmp, NULL) == d) break;
  }
  const char *p = tmp;
  if (*p == '-') {
    rt_buf_putc(b, '-');
    p++;
  }
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digits[nd++] = *p;
  exp10 = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  if (exp10 < -4 || exp10 >= 6) {
    rt_buf_putc(b, digits[0]);
    if (nd > 1) {
      rt_buf_putc(b, '.');
      rt_buf_put(b, digits + 1, (size_t)nd - 1);
    }
    rt_buf_printf(b, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    return;
  }
  int dp = exp10 + 1; /* digits before the point */
  if (dp <= 0) {
    rt_buf_puts(b, "0.");
    for (int i = 0; i < -dp; i++)
      rt_buf_putc(b, '0');
    rt_buf_put(b, digits, (size_t)nd);
  } else if (dp >= nd) {
    rt_buf_put(b, digits, (size_t)nd);
    for (int i = nd; i < dp; i++)
      rt_buf_putc(b, '0');
  } else {
    rt_buf_put(b, digits, (size_t)dp);
    rt_buf_putc(b, '.');
    rt_buf_put(b, digits + dp, (size_t)(nd - dp));
  }
}

/* The scalar go-yaml prints for a JSON number text, or NULL if it reads it as a string. */
static rt_value *number_scalar(const char *s, size_t n) {
  int64_t iv;
  uint64_t uv;
  double d;
  rt_buf b;
  rt_buf_init(&b, 32);
  if (go_parse_int(s, n, 0, &iv)) {
    rt_buf_printf(&b, "%lld", (long long)iv);
  } else if (go_parse_uint(s, n, 0, &uv)) {
    rt_buf_printf(&b, "%llu", (unsigned long long)uv);
  } else if (yaml_style_float(s, n) && parse_finite(s, n, &d)) {
    go_format_g(&b, d);
  } else {
    return NULL;
  }
  return rt_buf_string(&b);
}

/* ---- UTF-8 helpers --------------------------------------------------------------------------- */

static size_t cwidth(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

/* The string with each invalid UTF-8 byte replaced by U+FFFD, as encoding/json does. */
static rt_value *sanitize(rt_value *s) {
  rt_buf b;
  size_t i = 0;
  if (rt_utf8_valid(S(s), N(s))) return s;
  rt_buf_init(&b, N(s) + 8);
  while (i < N(s)) {
    size_t at = i;
    uint32_t r = rt_utf8_next(S(s), N(s), &i);
    if (r == 0xFFFD && i - at == 1)
      rt_buf_puts(&b, "\xEF\xBF\xBD");
    else
      rt_buf_put(&b, S(s) + at, i - at);
  }
  return rt_buf_string(&b);
}

/* ---- go-yaml's key order ----------------------------------------------------------------------
 */

static bool uni_letter(uint32_t r) {
  if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
  if (bi_uni_lower(r) != r || bi_uni_upper(r) != r) return true;
  return r == 0xAA || r == 0xBA || (r >= 0x5D0 && r <= 0x5EA) || (r >= 0x620 && r <= 0x64A) ||
         (r >= 0x904 && r <= 0x939) || (r >= 0xE01 && r <= 0xE30) || (r >= 0x3041 && r <= 0x3096) ||
         (r >= 0x30A1 && r <= 0x30FA) || (r >= 0x3400 && r <= 0x4DBF) ||
         (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0xAC00 && r <= 0xD7A3);
}

static bool uni_digit(uint32_t r) {
  static const uint32_t zeros[] = {'0',   0x660, 0x6F0,  0x7C0,  0x966,  0x9E6, 0xA66,
                                   0xAE6, 0xB66, 0xBE6,  0xC66,  0xCE6,  0xD66, 0xE50,
                                   0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10};
  for (size_t i = 0; i < sizeof zeros / sizeof *zeros; i++)
    if (r >= zeros[i] && r <= zeros[i] + 9) return true;
  return false;
}

static uint32_t *runes(const rt_value *s, size_t *n) {
  uint32_t *out = rt_alloc((N(s) + 1) * sizeof *out);
  size_t i = 0, k = 0;
  while (i < N(s))
    out[k++] = rt_utf8_next(S(s), N(s), &i);
  *n = k;
  return out;
}

/* go-yaml v2's keyList.Less for two strings. */
static bool key_less(const rt_value *a, const rt_value *b) {
  size_t na, nb;
  uint32_t *ar = runes(a, &na), *br = runes(b, &nb);
  for (size_t i = 0; i < na && i < nb; i++) {
    if (ar[i] == br[i]) continue;
    bool al = uni_letter(ar[i]), bl = uni_letter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    size_t ai, bi;
    if (ar[i] == '0' || br[i] == '0') {
      for (size_t j = i; j > 0 && uni_digit(ar[j - 1]); j--)
        if (ar[j - 1] != '0') {
          an = bn = 1;
          break;
        }
    }
    for (ai = i; ai < na && uni_digit(ar[ai]); ai++)
      an = (int64_t)((uint64_t)an * 10 + (uint64_t)((int64_t)ar[ai] - '0'));
    for (bi = i; bi < nb && uni_digit(br[bi]); bi++)
      bn = (int64_t)((uint64_t)bn * 10 + (uint64_t)((int64_t)br[bi] - '0'));
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ar[i] < br[i];
  }
  return na < nb;
}

/* A mapping entry: its key as go-yaml sees it (a string) and its value. */
typedef struct ypair {
  rt_value *key, *val;
} ypair;

/* Sorts entries by key_less: a merge sort (go-yaml's keys are distinct, so any correct sort
 * gives the same order). */
static void sort_pairs(ypair *p, size_t n, ypair *tmp) {
  if (n < 2) return;
  if (n <= 8) {
    for (size_t i = 1; i < n; i++) {
      ypair x = p[i];
      size_t j = i;
      while (j > 0 && key_less(x.key, p[j - 1].key)) {
        p[j] = p[j - 1];
        j--;
      }
      p[j] = x;
    }
    return;
  }
  size_t h = n / 2, i = 0, j = h, o = 0;
  sort_pairs(p, h, tmp);
  sort_pairs(p + h, n - h, tmp);
  while (i < h && j < n)
    tmp[o++] = key_less(p[j].key, p[i].key) ? p[j++] : p[i++];
  while (i < h)
    tmp[o++] = p[i++];
  while (j < n)
    tmp[o++] = p[j++];
  memcpy(p, tmp, n * sizeof *p);
}

/* ---- the emitter (go-yaml v2's emitterc.go, for block documents of JSON data) -------------- */

enum { PLAIN, SINGLE, DOUBLE, LITERAL };

#define BEST_WIDTH 80
#define BEST_INDENT 2

typedef struct yem {
  rt_buf *out;
  int column, indent, flow_level;
  bool whitespace, indention;
  bool root_ctx, seq_ctx, map_ctx, key_ctx; /* key_ctx: simple key */
} yem;

typedef struct yscalar {
  const char *v;
  size_t n;
  int style; /* what the encoder asked for */
  bool multiline, flow_plain, block_plain, single_ok, block_ok;
} yscalar;

static bool at_space(const char *s, size_t n, size_t i) {
  return i < n && s[i] == ' ';
}
static bool at_blank(const char *s, size_t n, size_t i) {
  return i < n && (s[i] == ' ' || s[i] == '\t');
}
static bool at_break(const char *s, size_t n, size_t i) {
  const unsigned char *u = (const unsigned char *)s;
  if (i >= n) return false;
  return u[i] == '\r' || u[i] == '\n' || (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0x85) ||
         (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9));
}
static bool at_blankz(const char *s, size_t n, size_t i) {
  return i >= n || s[i] == '\0' || at_blank(s, n, i) || at_break(s, n, i);
}
static bool at_printable(const char *s, size_t n, size_t i) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned char b0 = u[i], b1 = i + 1 < n ? u[i + 1] : 0, b2 = i + 2 < n ? u[i + 2] : 0;
  return b0 == 0x0A || (b0 >= 0x20 && b0 <= 0x7E) || (b0 == 0xC2 && b1 >= 0xA0) ||
         (b0 > 0xC2 && b0 < 0xED) || (b0 == 0xED && b1 < 0xA0) || b0 == 0xEE ||
         (b0 == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}
static bool at_bom(const char *s, size_t n, size_t i) {
  return i + 2 < n && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBB &&
         (unsigned char)s[i + 2] == 0xBF;
}

/* yaml_emitter_analyze_scalar. */
static void analyze(yscalar *sc) {
  const char *v = sc->v;
  size_t n = sc->n;
  bool block_ind = false, flow_ind = false, breaks = false, special = false;
  bool lead_space = false, lead_break = false, trail_space = false, trail_break = false;
  bool break_space = false, space_break = false, prev_space = false, prev_break = false;
  bool preceded_ws = true, followed_ws;
  if (n == 0) {
    sc->multiline = false;
    sc->flow_plain = false;
    sc->block_plain = true;
    sc->single_ok = true;
    sc->block_ok = false;
    return;
  }
  if (n >= 3 && (memcmp(v, "---", 3) == 0 || memcmp(v, "...", 3) == 0)) block_ind = flow_ind = true;
  for (size_t i = 0, w; i < n; i += w) {
    unsigned char c = (unsigned char)v[i];
    w = cwidth(c);
    followed_ws = i + w >= n || at_blank(v, n, i + w);
    if (i == 0) {
      if (strchr("#,[]{}&*!|>'\"%@`", c) && c) {
        flow_ind = block_ind = true;
      } else if (c == '?' || c == ':') {
        flow_ind = true;
        if (followed_ws) block_ind = true;
      } else if (c == '-' && followed_ws) {
        flow_ind = block_ind = true;
      }
    } else {
      if (c && strchr(",?[]{}", c)) {
        flow_ind = true;
      } else if (c == ':') {
        flow_ind = true;
        if (followed_ws) block_ind = true;
      } else if (c == '#' && preceded_ws) {
        flow_ind = block_ind = true;
      }
    }
    if (!at_printable(v, n, i)) special = true;
    if (at_space(v, n, i)) {
      if (i == 0) lead_space = true;
      if (i + w == n) trail_space = true;
      if (prev_break) break_space = true;
      prev_space = true;
      prev_break = false;
    } else if (at_break(v, n, i)) {
      breaks = true;
      if (i == 0) lead_break = true;
      if (i + w == n) trail_break = true;
      if (prev_space) space_break = true;
      prev_space = false;
      prev_break = true;
    } else {
      prev_space = prev_break = false;
    }
    preceded_ws = at_blankz(v, n, i);
  }
  sc->multiline = breaks;
  sc->flow_plain = sc->block_plain = sc->single_ok = sc->block_ok = true;
  if (lead_space || lead_break || trail_space || trail_break)
    sc->flow_plain = sc->block_plain = false;
  if (trail_space) sc->block_ok = false;
  if (break_space) sc->flow_plain = sc->block_plain = sc->single_ok = false;
  if (space_break || special)
    sc->flow_plain = sc->block_plain = sc->single_ok = sc->block_ok = false;
  if (breaks) sc->flow_plain = sc->block_plain = false;
  if (flow_ind) sc->flow_plain = false;
  if (block_ind) sc->block_plain = false;
}

static void put(yem *e, char c) {
  rt_buf_putc(e->out, c);
  e->column++;
}

static void put_break(yem *e) {
  rt_buf_putc(e->out, '\n');
  e->column = 0;
}

/* Copies one UTF-8 character. */
static void write_char(yem *e, const char *s, size_t n, size_t *i) {
  size_t w = cwidth((unsigned char)s[*i]);
  if (*i + w > n) w = n - *i;
  rt_buf_put(e->out, s + *i, w);
  e->column++;
  *i += w;
}

static void write_break(yem *e, const char *s, size_t n, size_t *i) {
  if (s[*i] == '\n') {
    put_break(e);
    (*i)++;
  } else {
    write_char(e, s, n, i);
    e->column = 0;
  }
}

static void write_indent(yem *e) {
  int indent = e->indent < 0 ? 0 : e->indent;
  if (!e->indention || e->column > indent || (e->column == indent && !e->whitespace)) put_break(e);
  while (e->column < indent)
    put(e, ' ');
  e->whitespace = e->indention = true;
}

static void write_indicator(yem *e, const char *ind, bool need_ws, bool is_ws, bool is_indention) {
  if (need_ws && !e->whitespace) put(e, ' ');
  for (; *ind; ind++)
    put(e, *ind);
  e->whitespace = is_ws;
  e->indention = e->indention && is_indention;
}

static void write_plain(yem *e, const char *v, size_t n, bool allow_breaks) {
  bool spaces = false;
  if (!e->whitespace) put(e, ' ');
  for (size_t i = 0; i < n;) {
    if (at_space(v, n, i)) {
      if (allow_breaks && !spaces && e->column > BEST_WIDTH && !at_space(v, n, i + 1)) {
        write_indent(e);
        i++;
      } else {
        write_char(e, v, n, &i);
      }
      spaces = true;
    } else {
      write_char(e, v, n, &i);
      e->indention = false;
      spaces = false;
    }
  }
  e->whitespace = e->indention = false;
}

static void write_single(yem *e, const char *v, size_t n, bool allow_breaks) {
  bool spaces = false, breaks = false;
  write_indicator(e, "'", true, false, false);
  for (size_t i = 0; i < n;) {
    if (at_space(v, n, i)) {
      if (allow_breaks && !spaces && e->column > BEST_WIDTH && i > 0 && i < n - 1 &&
          !at_space(v, n, i + 1)) {
        write_indent(e);
        i++;
      } else {
        write_char(e, v, n, &i);
      }
      spaces = true;
    } else if (at_break(v, n, i)) {
      if (!breaks && v[i] == '\n') put_break(e);
      write_break(e, v, n, &i);
      e->indention = true;
      breaks = true;
    } else {
      if (breaks) write_indent(e);
      if (v[i] == '\'') put(e, '\'');
      write_char(e, v, n, &i);
      e->indention = false;
      spaces = breaks = false;
    }
  }
  write_indicator(e, "'", false, false, false);
  e->whitespace = e->indention = false;
}

static void write_double(yem *e, const char *v, size_t n, bool allow_breaks) {
  static const char hex[] = "0123456789ABCDEF";
  bool spaces = false;
  write_indicator(e, "\"", true, false, false);
  for (size_t i = 0; i < n;) {
    if (!at_printable(v, n, i) || at_bom(v, n, i) || at_break(v, n, i) || v[i] == '"' ||
        v[i] == '\\') {
      size_t at = i;
      uint32_t r = rt_utf8_next(v, n, &i);
      if (r == 0xFFFD && i - at == 1) r = (unsigned char)v[at];
      put(e, '\\');
      switch (r) {
      case 0x00:
        put(e, '0');
        break;
      case 0x07:
        put(e, 'a');
        break;
      case 0x08:
        put(e, 'b');
        break;
      case 0x09:
        put(e, 't');
        break;
      case 0x0A:
        put(e, 'n');
        break;
      case 0x0B:
        put(e, 'v');
        break;
      case 0x0C:
        put(e, 'f');
        break;
      case 0x0D:
        put(e, 'r');
        break;
      case 0x1B:
        put(e, 'e');
        break;
      case 0x22:
        put(e, '"');
        break;
      case 0x5C:
        put(e, '\\');
        break;
      case 0x85:
        put(e, 'N');
        break;
      case 0xA0:
        put(e, '_');
        break;
      case 0x2028:
        put(e, 'L');
        break;
      case 0x2029:
        put(e, 'P');
        break;
      default: {
        int digits = r <= 0xFF ? 2 : r <= 0xFFFF ? 4 : 8;
        put(e, r <= 0xFF ? 'x' : r <= 0xFFFF ? 'u' : 'U');
        for (int k = (digits - 1) * 4; k >= 0; k -= 4)
          put(e, hex[(r >> k) & 15]);
      }
      }
      spaces = false;
    } else if (at_space(v, n, i)) {
      if (allow_breaks && !spaces && e->column > BEST_WIDTH && i > 0 && i < n - 1) {
        write_indent(e);
        if (at_space(v, n, i + 1)) put(e, '\\');
        i++;
      } else {
        write_char(e, v, n, &i);
      }
      spaces = true;
    } else {
      write_char(e, v, n, &i);
      spaces = false;
    }
  }
  write_indicator(e, "\"", false, false, false);
  e->whitespace = e->indention = false;
}

static void write_literal(yem *e, const char *v, size_t n) {
  bool breaks = true;
  write_indicator(e, "|", true, false, false);
  /* block scalar hints: an indentation digit if the text starts with a space or break,
   * "-" without a final break, "+" with more than one */
  if (at_space(v, n, 0) || at_break(v, n, 0)) {
    char hint[2] = {'0' + BEST_INDENT, 0};
    write_indicator(e, hint, false, false, false);
  }
  if (n == 0) {
    write_indicator(e, "-", false, false, false);
  } else {
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)v[i] & 0xC0) == 0x80)
      i--;
    if (!at_break(v, n, i)) {
      write_indicator(e, "-", false, false, false);
    } else if (i == 0) {
      write_indicator(e, "+", false, false, false);
    } else {
      i--;
      while (i > 0 && ((unsigned char)v[i] & 0xC0) == 0x80)
        i--;
      if (at_break(v, n, i)) write_indicator(e, "+", false, false, false);
    }
  }
  put_break(e);
  e->indention = e->whitespace = true;
  for (size_t i = 0; i < n;) {
    if (at_break(v, n, i)) {
      write_break(e, v, n, &i);
      e->indention = true;
      breaks = true;
    } else {
      if (breaks) write_indent(e);
      write_char(e, v, n, &i);
      e->indention = false;
      breaks = false;
    }
  }
}

static void increase_indent(yem *e, bool flow, bool indentless) {
  if (e->indent < 0)
    e->indent = flow ? BEST_INDENT : 0;
  else if (!indentless)
    e->indent += BEST_INDENT;
}

static void set_ctx(yem *e, bool root, bool seq, bool map, bool key) {
  e->root_ctx = root;
  e->seq_ctx = seq;
  e->map_ctx = map;
  e->key_ctx = key;
}

static void emit_scalar(yem *e, yscalar *sc) {
  int style = sc->style, saved = e->indent;
  if (e->key_ctx && sc->multiline) style = DOUBLE;
  if (style == PLAIN) {
    if ((e->flow_level > 0 && !sc->flow_plain) || (e->flow_level == 0 && !sc->block_plain))
      style = SINGLE;
    if (sc->n == 0 && (e->flow_level > 0 || e->key_ctx)) style = SINGLE;
  }
  if (style == SINGLE && !sc->single_ok) style = DOUBLE;
  if (style == LITERAL && (!sc->block_ok || e->flow_level > 0 || e->key_ctx)) style = DOUBLE;
  increase_indent(e, true, false);
  switch (style) {
  case PLAIN:
    write_plain(e, sc->v, sc->n, !e->key_ctx);
    break;
  case SINGLE:
    write_single(e, sc->v, sc->n, !e->key_ctx);
    break;
  case DOUBLE:
    write_double(e, sc->v, sc->n, !e->key_ctx);
    break;
  default:
    write_literal(e, sc->v, sc->n);
    break;
  }
  e->indent = saved;
}

/* The scalar the encoder makes of a string (stringv) or of plain text. */
static void make_scalar(yscalar *sc, const char *v, size_t n, bool is_string) {
  sc->v = v;
  sc->n = n;
  if (!is_string)
    sc->style = PLAIN;
  else if (memchr(v, '\n', n))
    sc->style = LITERAL;
  else
    sc->style = needs_quotes(v, n) ? DOUBLE : PLAIN;
  analyze(sc);
}

static void scalar_of(yscalar *sc, rt_value *v) {
  switch (rt_typeof(v)) {
  case RT_NULL:
    make_scalar(sc, "null", 4, false);
    break;
  case RT_BOOLEAN:
    if (RT_AS_BOOL(v))
      make_scalar(sc, "true", 4, false);
    else
      make_scalar(sc, "false", 5, false);
    break;
  case RT_NUMBER: {
    rt_buf b;
    rt_value *text;
    rt_buf_init(&b, 24);
    rt_json_write(&b, v, 0);
    if ((text = number_scalar(b.data, b.len)))
      make_scalar(sc, S(text), N(text), false);
    else
      make_scalar(sc, b.data, b.len, true);
    break;
  }
  default: {
    rt_value *s = sanitize(v);
    make_scalar(sc, S(s), N(s), true);
  }
  }
}

static void emit_node(yem *e, rt_value *v);

static void emit_flow_empty(yem *e, const char *open, const char *close) {
  int saved = e->indent;
  write_indicator(e, open, true, true, false);
  increase_indent(e, true, false);
  e->indent = saved;
  write_indicator(e, close, false, false, false);
}

static void emit_sequence(yem *e, rt_value *items) {
  int saved = e->indent;
  uint32_t n = rt_array_len(items);
  if (n == 0) {
    emit_flow_empty(e, "[", "]");
    return;
  }
  increase_indent(e, false, e->map_ctx && !e->indention);
  for (uint32_t i = 0; i < n; i++) {
    write_indent(e);
    write_indicator(e, "-", true, false, true);
    set_ctx(e, false, true, false, false);
    emit_node(e, rt_array_at(items, i));
  }
  e->indent = saved;
}

static void emit_mapping(yem *e, rt_value *obj) {
  int saved = e->indent;
  uint32_t n = rt_object_len(obj), k = 0;
  ypair *pairs;
  rt_iter it;
  if (n == 0) {
    emit_flow_empty(e, "{", "}");
    return;
  }
  pairs = rt_alloc(2 * (size_t)n * sizeof *pairs);
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it)) {
    rt_value *key = it.key;
    if (!rt_is(key, RT_STRING)) { /* ast.JSON: a non-string key becomes its JSON text */
      rt_buf b;
      rt_buf_init(&b, 16);
      rt_json_write(&b, key, 0);
      key = rt_buf_string(&b);
    }
    pairs[k].key = sanitize(key);
    pairs[k++].val = it.val;
  }
  sort_pairs(pairs, n, pairs + n);
  increase_indent(e, false, false);
  for (uint32_t i = 0; i < n; i++) {
    yscalar ks;
    make_scalar(&ks, S(pairs[i].key), N(pairs[i].key), true);
    write_indent(e);
    if (!ks.multiline && ks.n <= 128) { /* a simple key */
      set_ctx(e, false, false, true, true);
      emit_scalar(e, &ks);
      write_indicator(e, ":", false, false, false);
    } else {
      write_indicator(e, "?", true, false, true);
      set_ctx(e, false, false, true, false);
      emit_scalar(e, &ks);
      write_indent(e);
      write_indicator(e, ":", true, false, true);
    }
    set_ctx(e, false, false, true, false);
    emit_node(e, pairs[i].val);
  }
  e->indent = saved;
}

static void emit_node(yem *e, rt_value *v) {
  yscalar sc;
  switch (rt_typeof(v)) {
  case RT_ARRAY:
    emit_sequence(e, v);
    break;
  case RT_SET:
    emit_sequence(e, rt_sorted_keys(v));
    break;
  case RT_OBJECT:
    emit_mapping(e, v);
    break;
  default:
    scalar_of(&sc, v);
    emit_scalar(e, &sc);
    break;
  }
}

rt_value *bi_yaml_marshal(rt_value *x) {
  rt_buf out;
  yem e;
  rt_buf_init(&out, 128);
  memset(&e, 0, sizeof e);
  e.out = &out;
  e.indent = -1;
  e.whitespace = e.indention = true;
  set_ctx(&e, true, false, false, false);
  emit_node(&e, x);
  /* DOCUMENT-END: a final line break */
  e.indent = -1;
  write_indent(&e);
  return rt_buf_string(&out);
}
