/* bi_unicode.c: the bits of Go's unicode and strconv packages that OPA's string builtins
 * inherit: simple case mapping, IsSpace, IsPrint, and strconv.Quote / QuoteRune escaping.
 *
 * The tables (bi_unicode_tab.h) are generated from Unicode 15.0, the version Go uses, so
 * lower/upper and sprintf("%q") agree with OPA on every code point.
 */
#include "bi_util.h"

#include "bi_unicode_tab.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t map_lookup(const uint32_t (*map)[2], size_t n, uint32_t cp) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (map[mid][0] == cp) return map[mid][1];
    if (map[mid][0] < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return cp;
}

uint32_t bi_uni_lower(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  return map_lookup(bi_lower_map, COUNT(bi_lower_map), cp);
}

uint32_t bi_uni_upper(uint32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  return map_lookup(bi_upper_map, COUNT(bi_upper_map), cp);
}

bool bi_uni_isspace(uint32_t cp) {
  switch (cp) {
  case '\t':
  case '\n':
  case '\v':
  case '\f':
  case '\r':
  case ' ':
  case 0x85:
  case 0xA0:
  case 0x1680:
  case 0x2028:
  case 0x2029:
  case 0x202F:
  case 0x205F:
  case 0x3000:
    return true;
  default:
    return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool bi_uni_isprint(uint32_t cp) {
  size_t lo = 0, hi = COUNT(bi_print_ranges);
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cp < bi_print_ranges[mid][0])
      hi = mid;
    else if (cp > bi_print_ranges[mid][1])
      lo = mid + 1;
    else
      return true;
  }
  return false;
}

static const char hexdig[] = "0123456789abcdef";

static void put_hex(rt_buf *b, const char *prefix, uint32_t v, int digits) {
  rt_buf_puts(b, prefix);
  for (int s = (digits - 1) * 4; s >= 0; s -= 4)
    rt_buf_putc(b, hexdig[(v >> s) & 0xF]);
}

static void put_rune(rt_buf *b, uint32_t cp) {
  char enc[4];
  rt_buf_put(b, enc, rt_utf8_encode(cp, enc));
}

/* strconv's appendEscapedRune. */
static void escape_rune(rt_buf *b, uint32_t r, char quote, bool ascii) {
  if (r == (uint32_t)quote || r == '\\') {
    rt_buf_putc(b, '\\');
    rt_buf_putc(b, (char)r);
    return;
  }
  if (ascii ? (r < 0x80 && bi_uni_isprint(r)) : bi_uni_isprint(r)) {
    put_rune(b, r);
    return;
  }
  switch (r) {
  case '\a':
    rt_buf_puts(b, "\\a");
    return;
  case '\b':
    rt_buf_puts(b, "\\b");
    return;
  case '\f':
    rt_buf_puts(b, "\\f");
    return;
  case '\n':
    rt_buf_puts(b, "\\n");
    return;
  case '\r':
    rt_buf_puts(b, "\\r");
    return;
  case '\t':
    rt_buf_puts(b, "\\t");
    return;
  case '\v':
    rt_buf_puts(b, "\\v");
    return;
  default:
    break;
  }
  if (r < ' ' || r == 0x7F)
    put_hex(b, "\\x", r, 2);
  else if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
    put_hex(b, "\\u", 0xFFFD, 4);
  else if (r < 0x10000)
    put_hex(b, "\\u", r, 4);
  else
    put_hex(b, "\\U", r, 8);
}

void bi_go_quote(rt_buf *b, const char *s, size_t n, bool ascii) {
  size_t i = 0;
  rt_buf_putc(b, '"');
  while (i < n) {
    size_t at = i;
    uint32_t r = rt_utf8_next(s, n, &i);
    if (r == 0xFFFD && i - at == 1)
      put_hex(b, "\\x", (unsigned char)s[at], 2); /* an invalid byte */
    else
      escape_rune(b, r, '"', ascii);
  }
  rt_buf_putc(b, '"');
}

void bi_go_quote_rune(rt_buf *b, uint32_t r, bool ascii) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  rt_buf_putc(b, '\'');
  escape_rune(b, r, '\'', ascii);
  rt_buf_putc(b, '\'');
}

bool bi_go_can_backquote(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t at = i;
    uint32_t r = rt_utf8_next(s, n, &i);
    if (i - at > 1) {
      if (r == 0xFEFF) return false;
      continue;
    }
    if (r == 0xFFFD || (r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
  }
  return true;
}
