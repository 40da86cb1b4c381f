/* json_read.c: the JSON reader, the checker's hot path (every input document goes through
 * it), accepting exactly what OPA accepts through Go's encoding/json with UseNumber.
 *
 * Semantics (Go's, so that the checker sees the input OPA would see):
 *  - RFC 8259 grammar; whitespace is space, tab, CR and LF; one document, then only
 *    whitespace; empty input is an error.
 *  - Numbers keep their text ("1.0", "-0", "1e400", "18446744073709551617"); plain
 *    integers that fit int64 become ints.
 *  - Strings: control characters (< 0x20) are errors; every escape of RFC 8259; a \u
 *    surrogate pair becomes one code point and a lone surrogate becomes U+FFFD (the escape
 *    after an unpaired high surrogate is decoded on its own); each byte of invalid UTF-8
 *    becomes U+FFFD, as Go's utf8.DecodeRune reports it.
 *  - Duplicate object keys: the last value wins.
 *  - Limits: RT_JSON_MAX_DEPTH nesting levels, RT_JSON_MAX_SIZE bytes.
 *
 * Shape: one loop with an explicit stack of open containers, so nesting never recurses on
 * the C stack. Finished values wait on a value stack until their container closes, which
 * then gets built at its exact size in one go. Strings are scanned eight bytes at a time
 * for the bytes that need attention ('"', '\\', control and non-ASCII bytes); a string
 * without escapes or bad UTF-8 is copied once, straight into the arena. Line and column of
 * an error are computed only when there is an error.
 */
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct frame {
  uint32_t base; /* index on the value stack of the container's first item */
  bool object;
} frame;

/* The parser lives on the C stack (about 10 KiB); small documents need no heap at all. */
#define INLINE_VALS 256
#define INLINE_SCRATCH 512

typedef struct parser {
  const char *start, *p, *end;
  rt_json_error *err;
  rt_value **vals; /* finished values of open containers (objects: key, value, ...) */
  size_t nvals, capvals;
  char *scratch; /* decoded bytes of strings that need unescaping */
  size_t capscratch;
  frame frames[RT_JSON_MAX_DEPTH];
  rt_value *inline_vals[INLINE_VALS];
  char inline_scratch[INLINE_SCRATCH];
} parser;

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) {
    fprintf(stderr, "regoc runtime: out of memory (allocating %zu bytes)\n", n);
    abort();
  }
  return q;
}

/* ---- errors ------------------------------------------------------------------------------- */

/* Records an error at `at` (1-based line and byte column); returns NULL for convenience. */
static rt_value *fail_at(parser *ps, const char *at, const char *msg) {
  if (!ps->err)
    return NULL;
  int line = 1, col = 1;
  for (const char *q = ps->start; q < at; q++) {
    if (*q == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  ps->err->line = line;
  ps->err->col = col;
  snprintf(ps->err->message, sizeof ps->err->message, "%s", msg);
  return NULL;
}

/* "unexpected character 'x'" (or the byte's hex code), or end of input, plus what was
 * expected there. */
static rt_value *fail_unexpected(parser *ps, const char *at, const char *expected) {
  char msg[128];
  if (at >= ps->end) {
    return fail_at(ps, at, "unexpected end of input");
  }
  unsigned char c = (unsigned char)*at;
  if (c >= 0x20 && c < 0x7f)
    snprintf(msg, sizeof msg, "unexpected character '%c', expected %s", c, expected);
  else
    snprintf(msg, sizeof msg, "unexpected byte 0x%02x, expected %s", c, expected);
  return fail_at(ps, at, msg);
}

/* ---- scanning ----------------------------------------------------------------------------- */

static inline void skip_ws(parser *ps) {
  const char *p = ps->p, *end = ps->end;
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  ps->p = p;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Nonzero if any byte of w is '"', '\\', < 0x20 or >= 0x80. */
static inline uint64_t special_bytes(uint64_t w) {
  uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
  uint64_t zq = (q - ONES) & ~q, zb = (b - ONES) & ~b;
  uint64_t ctl = (w - ONES * 0x20) & ~w;
  return (zq | zb | ctl | w) & HIGHS;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), 0 if invalid: the ranges
 * of utf8.DecodeRune, which rejects overlongs, surrogates and code points past U+10FFFF. */
static inline size_t utf8_len(const unsigned char *p, const unsigned char *end) {
  unsigned char c = p[0];
  size_t avail = (size_t)(end - p);
  if (c >= 0xc2 && c <= 0xdf)
    return avail >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (avail < 3 || (p[2] & 0xc0) != 0x80)
      return 0;
    unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    return p[1] >= lo && p[1] <= hi ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (avail < 4 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
      return 0;
    unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    return p[1] >= lo && p[1] <= hi ? 4 : 0;
  }
  return 0;
}

static inline int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code unit of "\uXXXX" at p, or -1. */
static int32_t read_u4(const char *p, const char *end) {
  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  int32_t r = 0;
  for (int i = 2; i < 6; i++) {
    int h = hexval(p[i]);
    if (h < 0)
      return -1;
    r = r * 16 + h;
  }
  return r;
}

static size_t put_utf8(char *out, uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xc0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (char)(0xf0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  out[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

static rt_value *new_string(const char *s, size_t len) {
  rt_string *v = rt_alloc(sizeof *v + len + 1);
  char *t = (char *)(v + 1);
  memcpy(t, s, len);
  t[len] = '\0';
  v->hdr.type = RT_STRING;
  v->hdr.flags = 0;
  v->len = (uint32_t)len;
  v->s = t;
  v->hash = 0;
  return &v->hdr;
}

/* The rest of a string that needs decoding: escapes or invalid UTF-8 from `p` on; the
 * bytes from the opening quote's successor `s` up to `p` are plain. */
static rt_value *string_slow(parser *ps, const char *open, const char *s, const char *p) {
  const char *end = ps->end;
  size_t w = (size_t)(p - s);
  /* Output is at most three bytes per input byte (an invalid byte becomes U+FFFD). */
  size_t need = w + 3 * (size_t)(end - p) + 4;
  if (need > ps->capscratch) {
    ps->scratch = xrealloc(ps->scratch == ps->inline_scratch ? NULL : ps->scratch, need);
    ps->capscratch = need;
  }
  char *out = ps->scratch;
  memcpy(out, s, w);
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c == '"') {
      ps->p = p + 1;
      if (w > UINT32_MAX)
        return fail_at(ps, open, "string longer than 4 GiB");
      return new_string(out, w);
    }
    if (c < 0x20) {
      char msg[64];
      snprintf(msg, sizeof msg, "invalid control character U+%04X in string", c);
      return fail_at(ps, p, msg);
    }
    if (c == '\\') {
      if (p + 1 >= end)
        break;
      char e = p[1];
      const char *simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
      const char *m = NULL;
      for (const char *k = simple; *k; k += 2)
        if (*k == e) {
          m = k;
          break;
        }
      if (m) {
        out[w++] = m[1];
        p += 2;
        continue;
      }
      if (e != 'u') {
        char msg[64];
        if ((unsigned char)e >= 0x20 && (unsigned char)e < 0x7f)
          snprintf(msg, sizeof msg, "invalid escape '\\%c' in string", e);
        else
          snprintf(msg, sizeof msg, "invalid escape in string");
        return fail_at(ps, p, msg);
      }
      int32_t r = read_u4(p, end);
      if (r < 0) {
        if (end - p < 6) {
          /* distinguish a truncated escape at the end from bad hex digits */
          for (const char *q = p + 2; q < end; q++)
            if (hexval(*q) < 0)
              return fail_at(ps, p, "invalid \\u escape in string");
          break;
        }
        return fail_at(ps, p, "invalid \\u escape in string");
      }
      p += 6;
      uint32_t cp = (uint32_t)r;
      if (cp >= 0xd800 && cp < 0xe000) {
        int32_t r2 = read_u4(p, end);
        if (cp < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + ((uint32_t)r2 - 0xdc00);
          p += 6;
        } else {
          cp = 0xfffd;
        }
      }
      w += put_utf8(out + w, cp);
      continue;
    }
    if (c < 0x80) {
      out[w++] = (char)c;
      p++;
      continue;
    }
    size_t n = utf8_len((const unsigned char *)p, (const unsigned char *)end);
    if (n) {
      memcpy(out + w, p, n);
      w += n;
      p += n;
    } else {
      w += put_utf8(out + w, 0xfffd);
      p++;
    }
  }
  return fail_at(ps, open, "unterminated string");
}

/* string = '"' chars '"'; ps->p is at the opening quote. */
static rt_value *parse_string(parser *ps) {
  const char *open = ps->p, *s = open + 1, *p = s, *end = ps->end;
  for (;;) {
    while (end - p >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      uint64_t m = special_bytes(w);
      if (m) {
        p += __builtin_ctzll(m) / 8; /* little-endian: lowest set byte comes first */
        break;
      }
      p += 8;
    }
    if (p >= end)
      break;
    unsigned char c = (unsigned char)*p;
    if (c == '"') {
      ps->p = p + 1;
      if ((size_t)(p - s) > UINT32_MAX)
        return fail_at(ps, open, "string longer than 4 GiB");
      return new_string(s, (size_t)(p - s));
    }
    if (c == '\\' || c < 0x20)
      return string_slow(ps, open, s, p);
    if (c >= 0x80) {
      size_t n = utf8_len((const unsigned char *)p, (const unsigned char *)end);
      if (!n)
        return string_slow(ps, open, s, p);
      p += n;
    } else {
      p++;
    }
  }
  return fail_at(ps, open, "unterminated string");
}

static inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* number = [-] (0 | [1-9] digits) [. digits] [(e|E) [+-] digits] */
static rt_value *parse_number(parser *ps) {
  const char *s = ps->p, *p = s, *end = ps->end;
  bool neg = false;
  if (*p == '-') {
    neg = true;
    p++;
  }
  if (p >= end)
    return fail_at(ps, p, "unexpected end of input");
  if (!is_digit(*p))
    return fail_at(ps, s, "invalid number");
  const char *digits = p;
  uint64_t u = 0;
  if (*p == '0') {
    p++;
    if (p < end && is_digit(*p))
      return fail_at(ps, s, "invalid number: leading zero");
  } else {
    while (p < end && is_digit(*p))
      u = u * 10 + (uint64_t)(*p++ - '0'); /* wraps past 19 digits; checked below */
  }
  size_t ndigits = (size_t)(p - digits);
  bool plain = true;
  if (p < end && *p == '.') {
    plain = false;
    p++;
    if (p >= end || !is_digit(*p))
      return p >= end ? fail_at(ps, p, "unexpected end of input")
                      : fail_at(ps, s, "invalid number: digit expected after '.'");
    while (p < end && is_digit(*p))
      p++;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    plain = false;
    p++;
    if (p < end && (*p == '+' || *p == '-'))
      p++;
    if (p >= end || !is_digit(*p))
      return p >= end ? fail_at(ps, p, "unexpected end of input")
                      : fail_at(ps, s, "invalid number: digit expected in exponent");
    while (p < end && is_digit(*p))
      p++;
  }
  ps->p = p;
  size_t len = (size_t)(p - s);
  if (plain && ndigits <= 19 && !(neg && u == 0)) {
    if (ndigits < 19 || u <= (uint64_t)INT64_MAX + neg)
      return rt_int(neg ? (int64_t)(0 - u) : (int64_t)u);
  }
  if (len > UINT32_MAX)
    return fail_at(ps, s, "number longer than 4 GiB");
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

static rt_value *parse_literal(parser *ps, const char *word, size_t n, rt_value *v) {
  const char *p = ps->p;
  for (size_t i = 0; i < n; i++) {
    if (p + i >= ps->end)
      return fail_at(ps, p + i, "unexpected end of input");
    if (p[i] != word[i])
      return fail_at(ps, p, "invalid literal (expected true, false or null)");
  }
  ps->p = p + n;
  return v;
}

static void push_val(parser *ps, rt_value *v) {
  if (ps->nvals == ps->capvals) {
    ps->capvals *= 2;
    if (ps->vals == ps->inline_vals) {
      ps->vals = xrealloc(NULL, ps->capvals * sizeof *ps->vals);
      memcpy(ps->vals, ps->inline_vals, sizeof ps->inline_vals);
    } else {
      ps->vals = xrealloc(ps->vals, ps->capvals * sizeof *ps->vals);
    }
  }
  ps->vals[ps->nvals++] = v;
}

/* Builds the container of the top frame from its items on the value stack. */
static rt_value *close_container(parser *ps, const frame *f) {
  size_t n = ps->nvals - f->base;
  rt_value **items = ps->vals + f->base;
  rt_value *v;
  if (f->object) {
    v = rt_object_new((uint32_t)(n / 2));
    for (size_t i = 0; i < n; i += 2)
      rt_object_put(v, items[i], items[i + 1]);
  } else {
    v = rt_array_new((uint32_t)n);
    rt_array *a = RT_AS_ARR(v);
    if (n)
      memcpy(a->items, items, n * sizeof *items);
    a->len = (uint32_t)n;
  }
  ps->nvals = f->base;
  return v;
}

/* After '{' or ',' in an object: a key and its colon. Leaves ps->p at the value. */
static bool parse_key(parser *ps) {
  skip_ws(ps);
  if (ps->p >= ps->end || *ps->p != '"') {
    fail_unexpected(ps, ps->p, "a string (object key)");
    return false;
  }
  rt_value *k = parse_string(ps);
  if (!k)
    return false;
  push_val(ps, k);
  skip_ws(ps);
  if (ps->p >= ps->end || *ps->p != ':') {
    fail_unexpected(ps, ps->p, "':'");
    return false;
  }
  ps->p++;
  return true;
}

static rt_value *parse(parser *ps) {
  int depth = 0;
  rt_value *v;
  for (;;) {
    /* a value */
    skip_ws(ps);
    if (ps->p >= ps->end)
      return fail_at(ps, ps->p, "unexpected end of input");
    switch (*ps->p) {
    case '{':
    case '[': {
      bool object = *ps->p == '{';
      if (depth == RT_JSON_MAX_DEPTH) {
        char msg[64];
        snprintf(msg, sizeof msg, "nesting deeper than %d", RT_JSON_MAX_DEPTH);
        return fail_at(ps, ps->p, msg);
      }
      ps->p++;
      skip_ws(ps);
      if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
        ps->p++;
        v = object ? rt_object_new(0) : rt_array_new(0);
        break;
      }
      ps->frames[depth].base = (uint32_t)ps->nvals;
      ps->frames[depth].object = object;
      depth++;
      if (object && !parse_key(ps))
        return NULL;
      continue;
    }
    case '"':
      v = parse_string(ps);
      break;
    case 't':
      v = parse_literal(ps, "true", 4, RT_TRUE);
      break;
    case 'f':
      v = parse_literal(ps, "false", 5, RT_FALSE);
      break;
    case 'n':
      v = parse_literal(ps, "null", 4, RT_NULLV);
      break;
    default:
      if (*ps->p == '-' || is_digit(*ps->p)) {
        v = parse_number(ps);
        break;
      }
      return fail_unexpected(ps, ps->p, "a value");
    }
    if (!v)
      return NULL;
    /* a finished value: hand it to its container, closing containers as they end */
    for (;;) {
      if (depth == 0) {
        skip_ws(ps);
        if (ps->p < ps->end)
          return fail_unexpected(ps, ps->p, "end of input after the document");
        return v;
      }
      frame *f = &ps->frames[depth - 1];
      push_val(ps, v);
      skip_ws(ps);
      if (ps->p >= ps->end)
        return fail_at(ps, ps->p, "unexpected end of input");
      char c = *ps->p;
      if (c == ',') {
        ps->p++;
        if (f->object && !parse_key(ps))
          return NULL;
        break;
      }
      if (c != (f->object ? '}' : ']'))
        return fail_unexpected(ps, ps->p, f->object ? "',' or '}'" : "',' or ']'");
      ps->p++;
      v = close_container(ps, f);
      depth--;
    }
  }
}

rt_value *rt_json_parse(const char *text, size_t len, rt_json_error *err) {
  parser st, *ps = &st;
  ps->start = text;
  ps->p = text;
  ps->end = text + len;
  ps->err = err;
  ps->vals = ps->inline_vals;
  ps->nvals = 0;
  ps->capvals = INLINE_VALS;
  ps->scratch = ps->inline_scratch;
  ps->capscratch = INLINE_SCRATCH;
  rt_value *v;
  if (len > RT_JSON_MAX_SIZE) {
    ps->end = text; /* the position is line 1, column 1 */
    char msg[64];
    snprintf(msg, sizeof msg, "document larger than %zu bytes", (size_t)RT_JSON_MAX_SIZE);
    v = fail_at(ps, text, msg);
  } else {
    v = parse(ps);
  }
  if (ps->vals != ps->inline_vals)
    free(ps->vals);
  if (ps->scratch != ps->inline_scratch)
    free(ps->scratch);
  return v;
}
