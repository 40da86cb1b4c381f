/* utf8.c: UTF-8 decoding and encoding with Go's rules, and rt_buf, the arena byte buffer.
 *
 * OPA is written in Go, so string builtins see strings the way Go's unicode/utf8 package
 * does: a byte that does not start a valid sequence (bad lead byte, truncated or overlong
 * sequence, surrogate, beyond U+10FFFF) decodes as U+FFFD and consumes exactly one byte,
 * and counts as one code point. Every decoder here follows that one rule (decode() below),
 * with a fast path for ASCII, which is most of what policies handle.
 */
#include "rt_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define RUNE_ERROR 0xFFFDu

/* Decodes the sequence at s[0..n) (n >= 1): returns the code point and sets *w to the
 * number of bytes used, or returns RUNE_ERROR with *w = 1 when the sequence is invalid. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *w) {
  unsigned c = s[0];
  *w = 1;
  if (c < 0x80)
    return c;
  /* The second byte's valid range depends on the lead byte (this is what excludes
   * overlong forms, surrogates and code points above U+10FFFF). */
  unsigned lo = 0x80, hi = 0xBF, need;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2, cp = c & 0x0F;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3, cp = c & 0x07;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
  } else {
    return RUNE_ERROR;
  }
  if (n < need + 1 || s[1] < lo || s[1] > hi)
    return RUNE_ERROR;
  cp = (cp << 6) | (s[1] & 0x3F);
  for (unsigned k = 2; k <= need; k++) {
    if (s[k] < 0x80 || s[k] > 0xBF)
      return RUNE_ERROR;
    cp = (cp << 6) | (s[k] & 0x3F);
  }
  *w = need + 1;
  return cp;
}

bool rt_utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t w;
    /* A literal U+FFFD in the input is valid and also decodes as RUNE_ERROR, but with
     * width 3; only width 1 means an invalid byte. */
    if (decode(p + i, len - i, &w) == RUNE_ERROR && w == 1)
      return false;
    i += w;
  }
  return true;
}

size_t rt_utf8_count(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, n = 0;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
    } else {
      size_t w;
      decode(p + i, len - i, &w);
      i += w;
    }
    n++;
  }
  return n;
}

uint32_t rt_utf8_next(const char *s, size_t len, size_t *i) {
  size_t w;
  uint32_t cp = decode((const unsigned char *)s + *i, len - *i, &w);
  *i += w;
  return cp;
}

size_t rt_utf8_encode(uint32_t cp, char out[4]) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    cp = RUNE_ERROR; /* as Go's utf8.EncodeRune */
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

size_t rt_utf8_offset(const char *s, size_t len, size_t cp_index) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (cp_index > 0 && i < len) {
    if (p[i] < 0x80) {
      i++;
    } else {
      size_t w;
      decode(p + i, len - i, &w);
      i += w;
    }
    cp_index--;
  }
  return i;
}

/* ---- rt_buf ------------------------------------------------------------------------------- */

/* The buffer always keeps one byte past len free, so rt_buf_string can add the NUL without
 * copying. Growth doubles; the old block stays in the arena until it is reset. */
static void reserve(rt_buf *b, size_t n) {
  if (n > SIZE_MAX / 2 - b->len) {
    fprintf(stderr, "regoc runtime: buffer too large\n");
    abort();
  }
  if (b->len + n < b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap <= b->len + n)
    cap *= 2;
  char *d = rt_alloc(cap);
  if (b->len)
    memcpy(d, b->data, b->len);
  b->data = d;
  b->cap = cap;
}

void rt_buf_init(rt_buf *b, size_t cap) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  reserve(b, cap);
}

void rt_buf_put(rt_buf *b, const char *s, size_t n) {
  if (n == 0)
    return;
  reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

void rt_buf_putc(rt_buf *b, char c) {
  if (b->len + 1 >= b->cap)
    reserve(b, 1);
  b->data[b->len++] = c;
}

void rt_buf_puts(rt_buf *b, const char *s) {
  rt_buf_put(b, s, strlen(s));
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...) {
  va_list ap;
  reserve(b, 0);
  va_start(ap, fmt);
  int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (n < 0)
    return; /* an encoding error in a %ls argument; nothing sensible to append */
  if ((size_t)n >= b->cap - b->len) {
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
  }
  b->len += (size_t)n;
}

rt_value *rt_buf_string(rt_buf *b) {
  reserve(b, 0);
  b->data[b->len] = '\0';
  return rt_string_own(b->data, b->len);
}
