/* bi_encoding.c: base64.*, base64url.*, hex.*, urlquery.* and uri.* builtins.
 *
 * OPA implements these with Go's encoding/base64, encoding/hex and net/url, so this file
 * follows those packages byte for byte: the base64 decoder skips \r and \n anywhere and
 * reports the offset Go reports ("illegal base64 data at input byte N"), hex errors name
 * the bad byte as fmt's %#U does, query escaping is url.QueryEscape (space as '+', upper-case
 * hex), and uri.parse is url.Parse (authority, host and port checks, RawPath only when the
 * path's default escaping differs from its text). Errors carry Go's wording because
 * strict mode shows it; operand type errors are eval_type_error, the rest
 * eval_builtin_error. Decoded bytes need not be UTF-8: Rego strings are byte strings.
 */
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* ---- base64 ------------------------------------------------------------------------------ */

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static rt_value *b64_encode(const char *s, size_t n, const char *alpha, bool pad) {
  rt_buf b;
  size_t i = 0;
  rt_buf_init(&b, (n + 2) / 3 * 4 + 1);
  for (; i + 3 <= n; i += 3) {
    unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8 | (unsigned char)s[i + 2];
    char q[4] = {alpha[v >> 18], alpha[(v >> 12) & 63], alpha[(v >> 6) & 63], alpha[v & 63]};
    rt_buf_put(&b, q, 4);
  }
  if (i < n) {
    unsigned v = (unsigned char)s[i] << 16;
    if (i + 1 < n) v |= (unsigned char)s[i + 1] << 8;
    rt_buf_putc(&b, alpha[v >> 18]);
    rt_buf_putc(&b, alpha[(v >> 12) & 63]);
    if (i + 1 < n)
      rt_buf_putc(&b, alpha[(v >> 6) & 63]);
    else if (pad)
      rt_buf_putc(&b, '=');
    if (pad) rt_buf_putc(&b, '=');
  }
  return rt_buf_string(&b);
}

static int b64_index(const char *alpha, unsigned char c) {
  const char *p = c ? strchr(alpha, c) : NULL;
  return p ? (int)(p - alpha) : -1;
}

static bool is_nl(char c) {
  return c == '\n' || c == '\r';
}

/* One 4-character quantum of Go's (padded, non-strict) decoder starting at src[*si]:
 * appends its bytes and returns -1, or returns the offset of the first bad byte. */
static long b64_quantum(rt_buf *out, const char *src, size_t n, size_t *si, const char *alpha,
                        bool *done) {
  unsigned char d[4] = {0, 0, 0, 0};
  int len = 4;
  long err = -1;
  for (int j = 0; j < 4; j++) {
    if (*si == n) {
      if (j == 0) {
        *done = true;
        return -1;
      }
      return (long)(*si - (size_t)j); /* padding is required */
    }
    unsigned char c = (unsigned char)src[(*si)++];
    int v = b64_index(alpha, c);
    if (v >= 0) {
      d[j] = (unsigned char)v;
      continue;
    }
    if (is_nl((char)c)) {
      j--;
      continue;
    }
    if (c != '=' || j < 2) return (long)(*si - 1);
    if (j == 2) { /* "==" expected: the second '=' may follow newlines */
      while (*si < n && is_nl(src[*si]))
        (*si)++;
      if (*si == n) return (long)n;
      if (src[*si] != '=') return (long)(*si - 1);
      (*si)++;
    }
    while (*si < n && is_nl(src[*si]))
      (*si)++;
    if (*si < n) err = (long)*si; /* trailing garbage after the padding */
    len = j;
    *done = true;
    break;
  }
  unsigned v = (unsigned)d[0] << 18 | (unsigned)d[1] << 12 | (unsigned)d[2] << 6 | d[3];
  char bytes[3] = {(char)(v >> 16), (char)(v >> 8), (char)v};
  rt_buf_put(out, bytes, (size_t)(len - 1));
  return err;
}

/* Go's base64 Encoding.DecodeString for a padded alphabet; NULL with *bad set on error. */
static rt_value *b64_decode(const char *src, size_t n, const char *alpha, long *bad) {
  rt_buf b;
  size_t si = 0;
  bool done = false;
  rt_buf_init(&b, n / 4 * 3 + 3);
  while (si < n && !done) {
    long e = b64_quantum(&b, src, n, &si, alpha, &done);
    if (e >= 0) {
      *bad = e;
      return NULL;
    }
  }
  return rt_buf_string(&b);
}

static rt_value *b64_fail(const char *name, long at) {
  return rt_builtin_fail(RT_ERR_BUILTIN, name, "illegal base64 data at input byte %ld", at);
}

rt_value *bi_base64_encode(rt_value *a) {
  if (!rt_is(a, RT_STRING)) return bi_type_err("base64.encode", 1, a, "string");
  return b64_encode(S(a), N(a), b64_std, true);
}

rt_value *bi_base64_decode(rt_value *a) {
  long bad;
  rt_value *r;
  if (!rt_is(a, RT_STRING)) return bi_type_err("base64.decode", 1, a, "string");
  if (!(r = b64_decode(S(a), N(a), b64_std, &bad))) return b64_fail("base64.decode", bad);
  return r;
}

rt_value *bi_base64_is_valid(rt_value *a) {
  long bad;
  if (!rt_is(a, RT_STRING)) return RT_FALSE;
  return RT_BOOL(b64_decode(S(a), N(a), b64_std, &bad) != NULL);
}

rt_value *bi_base64url_encode(rt_value *a) {
  if (!rt_is(a, RT_STRING)) return bi_type_err("base64url.encode", 1, a, "string");
  return b64_encode(S(a), N(a), b64_url, true);
}

rt_value *bi_base64url_encode_no_pad(rt_value *a) {
  if (!rt_is(a, RT_STRING)) return bi_type_err("base64url.encode_no_pad", 1, a, "string");
  return b64_encode(S(a), N(a), b64_url, false);
}

/* Unpadded input gets its padding back first (RFC 7515 appendix C), as OPA does. */
rt_value *bi_base64url_decode(rt_value *a) {
  const char *s;
  size_t n;
  long bad;
  rt_value *r;
  if (!rt_is(a, RT_STRING)) return bi_type_err("base64url.decode", 1, a, "string");
  s = S(a);
  n = N(a);
  if (n == 0 || s[n - 1] != '=') {
    size_t add = n % 4 == 2 ? 2 : n % 4 == 3 ? 1 : 0;
    if (n % 4 == 1)
      return rt_builtin_fail(RT_ERR_BUILTIN, "base64url.decode", "illegal base64url string: %.*s",
                             (int)n, s);
    if (add) {
      char *t = rt_alloc(n + add + 1);
      memcpy(t, s, n);
      memcpy(t + n, "==", add);
      s = t;
      n += add;
    }
  }
  if (!(r = b64_decode(s, n, b64_url, &bad))) return b64_fail("base64url.decode", bad);
  return r;
}

/* ---- hex --------------------------------------------------------------------------------- */

static const char hexlow[] = "0123456789abcdef";

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

rt_value *bi_hex_encode(rt_value *a) {
  rt_buf b;
  if (!rt_is(a, RT_STRING)) return bi_type_err("hex.encode", 1, a, "string");
  rt_buf_init(&b, N(a) * 2 + 1);
  for (size_t i = 0; i < N(a); i++) {
    unsigned char c = (unsigned char)S(a)[i];
    char two[2] = {hexlow[c >> 4], hexlow[c & 15]};
    rt_buf_put(&b, two, 2);
  }
  return rt_buf_string(&b);
}

/* encoding/hex's InvalidByteError: "invalid byte: %#U" of the byte taken as a rune. */
static rt_value *hex_bad_byte(unsigned char c) {
  rt_buf b;
  char enc[4];
  rt_buf_init(&b, 32);
  rt_buf_printf(&b, "U+%04X", c);
  if (bi_uni_isprint(c)) {
    rt_buf_puts(&b, " '");
    rt_buf_put(&b, enc, rt_utf8_encode(c, enc));
    rt_buf_putc(&b, '\'');
  }
  return rt_builtin_fail(RT_ERR_BUILTIN, "hex.decode", "encoding/hex: invalid byte: %.*s",
                         (int)b.len, b.data);
}

rt_value *bi_hex_decode(rt_value *a) {
  const unsigned char *s;
  size_t n, j;
  char *out;
  if (!rt_is(a, RT_STRING)) return bi_type_err("hex.decode", 1, a, "string");
  s = (const unsigned char *)S(a);
  n = N(a);
  out = rt_alloc(n / 2 + 1);
  for (j = 1; j < n; j += 2) {
    int hi = hexval(s[j - 1]), lo = hexval(s[j]);
    if (hi < 0) return hex_bad_byte(s[j - 1]);
    if (lo < 0) return hex_bad_byte(s[j]);
    out[j / 2] = (char)(hi << 4 | lo);
  }
  if (n % 2 == 1) {
    if (hexval(s[j - 1]) < 0) return hex_bad_byte(s[j - 1]);
    return rt_builtin_fail(RT_ERR_BUILTIN, "hex.decode", "encoding/hex: odd length hex string");
  }
  out[n / 2] = '\0';
  return rt_string_own(out, n / 2);
}

/* ---- net/url escaping ---------------------------------------------------------------------- */

typedef enum url_mode {
  ENC_PATH,
  ENC_HOST,
  ENC_ZONE,
  ENC_USERPASS,
  ENC_QUERY,
  ENC_FRAGMENT,
} url_mode;

/* net/url's shouldEscape. */
static bool should_escape(unsigned char c, url_mode mode) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
  if ((mode == ENC_HOST || mode == ENC_ZONE) && c && strchr("!$&'()*+,;=:[]<>\"", c)) return false;
  switch (c) {
  case '-':
  case '_':
  case '.':
  case '~':
    return false;
  case '$':
  case '&':
  case '+':
  case ',':
  case '/':
  case ':':
  case ';':
  case '=':
  case '?':
  case '@':
    switch (mode) {
    case ENC_PATH:
      return c == '?';
    case ENC_USERPASS:
      return c == '@' || c == '/' || c == '?' || c == ':';
    case ENC_QUERY:
      return true;
    case ENC_FRAGMENT:
      return false;
    default:
      break;
    }
    break;
  default:
    break;
  }
  if (mode == ENC_FRAGMENT && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

/* net/url's escape. */
static void url_escape(rt_buf *b, const char *s, size_t n, url_mode mode) {
  static const char up[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' && mode == ENC_QUERY) {
      rt_buf_putc(b, '+');
    } else if (should_escape(c, mode)) {
      char three[3] = {'%', up[c >> 4], up[c & 15]};
      rt_buf_put(b, three, 3);
    } else {
      rt_buf_putc(b, (char)c);
    }
  }
}

/* Why an unescape failed, as net/url words it (the caller prefixes its context). */
typedef struct url_err {
  char msg[160];
} url_err;

static void quoted_err(url_err *e, const char *what, const char *s, size_t n, const char *tail) {
  rt_buf b;
  rt_buf_init(&b, 32);
  bi_go_quote(&b, s, n, false);
  snprintf(e->msg, sizeof e->msg, "%s%.*s%s", what, (int)b.len, b.data, tail);
}

/* net/url's unescape; NULL with e filled on a bad escape or (host modes) a bad byte. The
 * result is s itself when nothing changes. */
static rt_value *url_unescape(const char *s, size_t n, url_mode mode, url_err *e) {
  size_t pct = 0;
  bool plus = false;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%') {
      pct++;
      if (i + 2 >= n || hexval((unsigned char)s[i + 1]) < 0 ||
          hexval((unsigned char)s[i + 2]) < 0) {
        quoted_err(e, "invalid URL escape ", s + i, n - i > 3 ? 3 : n - i, "");
        return NULL;
      }
      if (mode == ENC_HOST && hexval((unsigned char)s[i + 1]) < 8 && memcmp(s + i, "%25", 3) != 0) {
        quoted_err(e, "invalid URL escape ", s + i, 3, "");
        return NULL;
      }
      if (mode == ENC_ZONE) {
        unsigned char v =
            (unsigned char)(hexval((unsigned char)s[i + 1]) << 4 | hexval((unsigned char)s[i + 2]));
        if (memcmp(s + i, "%25", 3) != 0 && v != ' ' && should_escape(v, ENC_HOST)) {
          quoted_err(e, "invalid URL escape ", s + i, 3, "");
          return NULL;
        }
      }
      i += 3;
    } else if (c == '+') {
      plus = mode == ENC_QUERY;
      i++;
    } else {
      if ((mode == ENC_HOST || mode == ENC_ZONE) && c < 0x80 && should_escape(c, mode)) {
        quoted_err(e, "invalid character ", s + i, 1, " in host name");
        return NULL;
      }
      i++;
    }
  }
  if (pct == 0 && !plus) return bi_str_ref(s, n);
  char *out = rt_alloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      out[k++] = (char)(hexval((unsigned char)s[i + 1]) << 4 | hexval((unsigned char)s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && mode == ENC_QUERY) {
      out[k++] = ' ';
    } else {
      out[k++] = s[i];
    }
  }
  out[k] = '\0';
  return rt_string_own(out, k);
}

/* ---- urlquery ------------------------------------------------------------------------------ */

rt_value *bi_urlquery_encode(rt_value *a) {
  rt_buf b;
  if (!rt_is(a, RT_STRING)) return bi_type_err("urlquery.encode", 1, a, "string");
  rt_buf_init(&b, N(a) + 8);
  url_escape(&b, S(a), N(a), ENC_QUERY);
  return rt_buf_string(&b);
}

rt_value *bi_urlquery_decode(rt_value *a) {
  url_err e;
  rt_value *r;
  if (!rt_is(a, RT_STRING)) return bi_type_err("urlquery.decode", 1, a, "string");
  if (!(r = url_unescape(S(a), N(a), ENC_QUERY, &e)))
    return rt_builtin_fail(RT_ERR_BUILTIN, "urlquery.decode", "%s", e.msg);
  return r;
}

/* The key text ast.JSON gives an object key: a string's bytes, any other value's JSON. */
static rt_value *key_text(rt_value *k) {
  rt_buf b;
  if (rt_is(k, RT_STRING)) return k;
  rt_buf_init(&b, 16);
  rt_json_write(&b, k, 0);
  return rt_buf_string(&b);
}

static int cmp_pairs(const void *x, const void *y) {
  const rt_string *a = RT_AS_STR(rt_array_at(*(rt_value *const *)x, 0));
  const rt_string *b = RT_AS_STR(rt_array_at(*(rt_value *const *)y, 0));
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->s, b->s, n);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* url.Values{}.Encode(): keys sorted bytewise, each value "k=v" with both query-escaped;
 * an array (or set, in Rego order) adds one pair per element, an empty one none. */
rt_value *bi_urlquery_encode_object(rt_value *obj) {
  uint32_t k = 0;
  rt_value **pairs;
  rt_iter it;
  rt_buf b;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("urlquery.encode_object", 1, obj, "object");
  pairs = rt_alloc((rt_object_len(obj) + 1) * sizeof *pairs);
  rt_iter_init(&it, obj);
  while (rt_iter_next(&it)) {
    rt_value *v = it.val;
    if (rt_is(v, RT_ARRAY) || rt_is(v, RT_SET)) {
      rt_value *items = rt_is(v, RT_SET) ? rt_sorted_keys(v) : v;
      for (uint32_t i = 0; i < rt_array_len(items); i++)
        if (!rt_is(rt_array_at(items, i), RT_STRING)) v = NULL;
      if (v) v = items;
    } else if (!rt_is(v, RT_STRING)) {
      v = NULL;
    }
    if (!v)
      return rt_builtin_fail(RT_ERR_TYPE, "urlquery.encode_object",
                             "operand 1 values must be string, array[string], or set[string]");
    pairs[k] = rt_array_new(2);
    rt_array_push(pairs[k], key_text(it.key));
    rt_array_push(pairs[k], v);
    k++;
  }
  qsort(pairs, k, sizeof *pairs, cmp_pairs);
  rt_buf_init(&b, 64);
  for (uint32_t i = 0; i < k; i++) {
    rt_value *key = rt_array_at(pairs[i], 0), *v = rt_array_at(pairs[i], 1);
    uint32_t m = rt_is(v, RT_STRING) ? 1 : rt_array_len(v);
    for (uint32_t j = 0; j < m; j++) {
      rt_value *s = rt_is(v, RT_STRING) ? v : rt_array_at(v, j);
      if (b.len) rt_buf_putc(&b, '&');
      url_escape(&b, S(key), N(key), ENC_QUERY);
      rt_buf_putc(&b, '=');
      url_escape(&b, S(s), N(s), ENC_QUERY);
    }
  }
  return rt_buf_string(&b);
}

/* url.ParseQuery: "&"-separated settings, "k=v" or "k"; a setting holding ';' is an error
 * (which replaces an earlier one), a bad escape is (if none came before); the settings
 * around a bad one still count, but any error makes the builtin fail. */
rt_value *bi_urlquery_decode_object(rt_value *a) {
  const char *s, *end;
  rt_value *out;
  url_err e;
  char err[160] = "";
  if (!rt_is(a, RT_STRING)) return bi_type_err("urlquery.decode_object", 1, a, "string");
  s = S(a);
  end = s + N(a);
  out = rt_object_new(4);
  while (s < end) {
    const char *amp = memchr(s, '&', (size_t)(end - s)), *next;
    const char *stop = amp ? amp : end, *eq;
    rt_value *k, *v, *list;
    next = amp ? amp + 1 : end;
    if (memchr(s, ';', (size_t)(stop - s))) {
      snprintf(err, sizeof err, "invalid semicolon separator in query");
      s = next;
      continue;
    }
    if (stop == s) {
      s = next;
      continue;
    }
    eq = memchr(s, '=', (size_t)(stop - s));
    k = url_unescape(s, (size_t)((eq ? eq : stop) - s), ENC_QUERY, &e);
    v = k && eq ? url_unescape(eq + 1, (size_t)(stop - eq - 1), ENC_QUERY, &e) : NULL;
    if (k && !eq) v = bi_str_ref("", 0);
    if (!k || !v) {
      if (!err[0]) snprintf(err, sizeof err, "%s", e.msg);
      s = next;
      continue;
    }
    if (!(list = rt_object_get(out, k))) {
      list = rt_array_new(1);
      rt_object_put(out, k, list);
    }
    rt_array_push(list, v);
    s = next;
  }
  if (err[0]) return rt_builtin_fail(RT_ERR_BUILTIN, "urlquery.decode_object", "%s", err);
  return out;
}

/* ---- uri (url.Parse) ------------------------------------------------------------------------ */

typedef struct go_url {
  const char *scheme, *host, *path, *raw_path, *query, *fragment;
  size_t scheme_n, host_n, path_n, raw_path_n, query_n, fragment_n;
} go_url;

static bool valid_optional_port(const char *p, size_t n) {
  if (n == 0) return true;
  if (p[0] != ':') return false;
  for (size_t i = 1; i < n; i++)
    if (p[i] < '0' || p[i] > '9') return false;
  return true;
}

static const char *last_byte(const char *s, size_t n, char c) {
  for (size_t i = n; i > 0; i--)
    if (s[i - 1] == c) return s + i - 1;
  return NULL;
}

/* parseHost: host[:port] or [ipv6%25zone]:port; the unescaped host into *out. */
static bool parse_host(const char *h, size_t n, rt_value **out, url_err *e) {
  if (n > 0 && h[0] == '[') {
    const char *rb = last_byte(h, n, ']');
    if (!rb) {
      snprintf(e->msg, sizeof e->msg, "missing ']' in host");
      return false;
    }
    size_t i = (size_t)(rb - h);
    if (!valid_optional_port(rb + 1, n - i - 1)) {
      quoted_err(e, "invalid port ", rb + 1, n - i - 1, " after host");
      return false;
    }
    const char *zone = NULL;
    for (size_t j = 0; j + 3 <= i; j++)
      if (memcmp(h + j, "%25", 3) == 0) {
        zone = h + j;
        break;
      }
    if (zone) {
      rt_value *h1, *h2, *h3;
      rt_buf b;
      if (!(h1 = url_unescape(h, (size_t)(zone - h), ENC_HOST, e))) return false;
      if (!(h2 = url_unescape(zone, (size_t)(rb - zone), ENC_ZONE, e))) return false;
      if (!(h3 = url_unescape(rb, n - i, ENC_HOST, e))) return false;
      rt_buf_init(&b, n);
      rt_buf_put(&b, S(h1), N(h1));
      rt_buf_put(&b, S(h2), N(h2));
      rt_buf_put(&b, S(h3), N(h3));
      *out = rt_buf_string(&b);
      return true;
    }
  } else {
    const char *colon = last_byte(h, n, ':');
    if (colon && !valid_optional_port(colon, n - (size_t)(colon - h))) {
      quoted_err(e, "invalid port ", colon, n - (size_t)(colon - h), " after host");
      return false;
    }
  }
  return (*out = url_unescape(h, n, ENC_HOST, e)) != NULL;
}

/* RFC 3986 userinfo characters, as net/url's validUserinfo checks them (by rune). */
static bool valid_userinfo(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;
    if (c >= 0x80 || !strchr("-._:~!$&'()*+,;=%@", c)) return false;
  }
  return true;
}

static bool parse_authority(const char *a, size_t n, go_url *u, url_err *e) {
  const char *at = last_byte(a, n, '@');
  const char *hs = at ? at + 1 : a;
  rt_value *host;
  if (!parse_host(hs, n - (size_t)(hs - a), &host, e)) return false;
  u->host = S(host);
  u->host_n = N(host);
  if (!at) return true;
  size_t un = (size_t)(at - a);
  if (!valid_userinfo(a, un)) {
    snprintf(e->msg, sizeof e->msg, "net/url: invalid userinfo");
    return false;
  }
  const char *colon = memchr(a, ':', un);
  if (!colon) return url_unescape(a, un, ENC_USERPASS, e) != NULL;
  return url_unescape(a, (size_t)(colon - a), ENC_USERPASS, e) &&
         url_unescape(colon + 1, un - (size_t)(colon - a) - 1, ENC_USERPASS, e);
}

/* url.Parse without the fragment: scheme, opaque or authority, path, query. */
static bool parse_url(const char *s, size_t n, go_url *u, url_err *e) {
  const char *rest = s, *q;
  size_t rn = n;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
      snprintf(e->msg, sizeof e->msg, "net/url: invalid control character in URL");
      return false;
    }
  if (n == 1 && s[0] == '*') {
    u->path = s;
    u->path_n = 1;
    return true;
  }
  /* getScheme */
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) {
        snprintf(e->msg, sizeof e->msg, "missing protocol scheme");
        return false;
      }
      char *lower = rt_alloc(i + 1);
      for (size_t j = 0; j < i; j++)
        lower[j] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] + 32 : s[j]);
      lower[i] = '\0';
      u->scheme = lower;
      u->scheme_n = i;
      rest = s + i + 1;
      rn = n - i - 1;
    }
    break;
  }
  /* the query: a lone trailing '?' only forces an empty one */
  q = memchr(rest, '?', rn);
  if (q) {
    if (q == rest + rn - 1) {
      rn--;
    } else {
      u->query = q + 1;
      u->query_n = rn - (size_t)(q - rest) - 1;
      rn = (size_t)(q - rest);
    }
  }
  if (rn == 0 || rest[0] != '/') {
    if (u->scheme_n) return true; /* opaque: only the scheme is reported */
    const char *slash = memchr(rest, '/', rn);
    if (memchr(rest, ':', slash ? (size_t)(slash - rest) : rn)) {
      snprintf(e->msg, sizeof e->msg, "first path segment in URL cannot contain colon");
      return false;
    }
  }
  if ((u->scheme_n || !(rn >= 3 && memcmp(rest, "///", 3) == 0)) && rn >= 2 &&
      memcmp(rest, "//", 2) == 0) {
    const char *auth = rest + 2, *slash = memchr(auth, '/', rn - 2);
    size_t an = slash ? (size_t)(slash - auth) : rn - 2;
    if (!parse_authority(auth, an, u, e)) return false;
    rest = auth + an;
    rn = rn - 2 - an;
  }
  /* setPath: RawPath only when escaping Path does not give back the text */
  rt_value *path = url_unescape(rest, rn, ENC_PATH, e);
  if (!path) return false;
  u->path = S(path);
  u->path_n = N(path);
  rt_buf esc;
  rt_buf_init(&esc, rn + 8);
  url_escape(&esc, S(path), N(path), ENC_PATH);
  if (esc.len != rn || memcmp(esc.data, rest, rn) != 0) {
    u->raw_path = rest;
    u->raw_path_n = rn;
  }
  return true;
}

/* url.Parse: false with Go's message ("parse \"URL\": why") in msg. */
static bool go_url_parse(const char *s, size_t n, go_url *u, char *msg, size_t msglen) {
  const char *hash = memchr(s, '#', n);
  size_t un = hash ? (size_t)(hash - s) : n;
  url_err e;
  rt_buf b;
  memset(u, 0, sizeof *u);
  if (!parse_url(s, un, u, &e)) goto fail;
  if (hash && hash + 1 < s + n) {
    rt_value *f = url_unescape(hash + 1, n - un - 1, ENC_FRAGMENT, &e);
    if (!f) {
      un = n; /* a fragment error quotes the whole text */
      goto fail;
    }
    u->fragment = S(f);
    u->fragment_n = N(f);
  }
  return true;
fail:
  rt_buf_init(&b, un + 16);
  bi_go_quote(&b, s, un, false);
  snprintf(msg, msglen, "parse %.*s: %s", (int)b.len, b.data, e.msg);
  return false;
}

static void put_field(rt_value *obj, const char *key, const char *s, size_t n) {
  if (n) rt_object_put(obj, rt_string_z(key), rt_string_n(s, n));
}

rt_value *bi_uri_parse(rt_value *a) {
  go_url u;
  char msg[400];
  rt_value *obj;
  const char *h, *colon;
  size_t hn, pn = 0;
  if (!rt_is(a, RT_STRING)) return bi_type_err("uri.parse", 1, a, "string");
  if (!go_url_parse(S(a), N(a), &u, msg, sizeof msg))
    return rt_builtin_fail(RT_ERR_BUILTIN, "uri.parse", "%s", msg);
  obj = rt_object_new(8);
  put_field(obj, "scheme", u.scheme, u.scheme_n);
  /* Hostname() and Port(): split at the last ':' when a valid port follows, unbracket */
  h = u.host;
  hn = u.host_n;
  colon = h ? last_byte(h, hn, ':') : NULL;
  if (colon && valid_optional_port(colon, hn - (size_t)(colon - h))) {
    pn = hn - (size_t)(colon - h) - 1;
    hn = (size_t)(colon - h);
  }
  if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') {
    put_field(obj, "hostname", h + 1, hn - 2);
  } else {
    put_field(obj, "hostname", h, hn);
  }
  if (pn) put_field(obj, "port", colon + 1, pn);
  if (u.path_n) {
    put_field(obj, "path", u.path, u.path_n);
    if (u.raw_path_n)
      put_field(obj, "raw_path", u.raw_path, u.raw_path_n);
    else
      put_field(obj, "raw_path", u.path, u.path_n);
  }
  put_field(obj, "raw_query", u.query, u.query_n);
  put_field(obj, "fragment", u.fragment, u.fragment_n);
  return obj;
}

rt_value *bi_uri_is_valid(rt_value *a) {
  go_url u;
  char msg[400];
  if (!rt_is(a, RT_STRING) || N(a) == 0) return RT_FALSE;
  return RT_BOOL(go_url_parse(S(a), N(a), &u, msg, sizeof msg));
}
