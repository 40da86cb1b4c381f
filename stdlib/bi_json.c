/* bi_json.c: json.marshal, json.marshal_with_options, json.unmarshal, json.is_valid,
 * json.filter and json.remove.
 *
 * Marshalling is the runtime's JSON writer (it already writes what Go's encoding/json
 * writes for ast.JSON of a value); marshal_with_options re-indents that compact text the
 * way json.MarshalIndent does (empty [] and {} stay closed, "key": value) and puts the
 * prefix in front of the first line too, as OPA does. Reading is the runtime's parser, but
 * whether a text is accepted, and the error a bad one gets, come from a scan that follows
 * Go's encoding/json scanner and OPA's util.UnmarshalJSON (a json.Decoder: "EOF" for no
 * value, "unexpected EOF" for a cut-off one, and a second value after the first reported
 * as "error: invalid character 'X' after top-level value", except a trailing null, which
 * the decoder's Token() lets through).
 *
 * json.filter and json.remove follow topdown/json.go: the paths become a tree of objects
 * whose leaves are null (a shorter path wins over a longer one below it), and the document
 * is walked against that tree. Array elements are matched by the decimal *string* of their
 * index, as OPA does, so a path given as an array must spell indexes as strings.
 */
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* ---- marshal ------------------------------------------------------------------------------- */

rt_value *bi_json_marshal(rt_value *x) {
  rt_buf b;
  rt_buf_init(&b, 64);
  rt_json_write(&b, x, 0);
  return rt_buf_string(&b);
}

static void newline(rt_buf *b, const char *prefix, size_t pn, const char *indent, size_t in,
                    int depth) {
  rt_buf_putc(b, '\n');
  rt_buf_put(b, prefix, pn);
  for (int i = 0; i < depth; i++)
    rt_buf_put(b, indent, in);
}

/* json.Indent over compact JSON (no whitespace outside strings). */
static void reindent(rt_buf *out, const char *s, size_t n, const char *prefix, size_t pn,
                     const char *indent, size_t in) {
  int depth = 0;
  bool need = false, str = false, esc = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (str) {
      rt_buf_putc(out, c);
      if (esc)
        esc = false;
      else if (c == '\\')
        esc = true;
      else if (c == '"')
        str = false;
      continue;
    }
    if (need && c != ']' && c != '}') {
      need = false;
      newline(out, prefix, pn, indent, in, depth);
    }
    switch (c) {
    case '"':
      str = true;
      rt_buf_putc(out, c);
      break;
    case '{':
    case '[':
      rt_buf_putc(out, c);
      need = true;
      depth++;
      break;
    case ',':
      rt_buf_putc(out, c);
      newline(out, prefix, pn, indent, in, depth);
      break;
    case ':':
      rt_buf_put(out, ": ", 2);
      break;
    case '}':
    case ']':
      depth--;
      if (need)
        need = false;
      else
        newline(out, prefix, pn, indent, in, depth);
      rt_buf_putc(out, c);
      break;
    default:
      rt_buf_putc(out, c);
      break;
    }
  }
}

#define MWO "json.marshal_with_options"

rt_value *bi_json_marshal_with_options(rt_value *x, rt_value *opts) {
  rt_value *keys;
  const char *prefix = "", *indent = "\t";
  size_t pn = 0, in = 1;
  bool implicit = false, explicit_set = false, pretty = false;
  rt_buf compact, out;
  if (!rt_is(opts, RT_OBJECT)) return bi_type_err(MWO, 2, opts, "object");
  /* options in key order, the first problem reported, as OPA walks them */
  keys = rt_sorted_keys(opts);
  for (uint32_t i = 0; i < rt_array_len(keys); i++) {
    rt_value *k = rt_array_at(keys, i), *v = rt_object_get(opts, k);
    if (!rt_is(k, RT_STRING)) {
      rt_buf kb;
      rt_buf_init(&kb, 16);
      rt_rego_write(&kb, k);
      return rt_builtin_fail(RT_ERR_TYPE, MWO,
                             "operand 2 failed to stringify key %.*s at index %u: operand %u must "
                             "be string but got %s",
                             (int)kb.len, kb.data, i, i, rt_type_name(k));
    }
    bool is_prefix = N(k) == 6 && memcmp(S(k), "prefix", 6) == 0;
    bool is_indent = N(k) == 6 && memcmp(S(k), "indent", 6) == 0;
    if (is_prefix || is_indent) {
      if (!rt_is(v, RT_STRING))
        return rt_builtin_fail(RT_ERR_TYPE, MWO,
                               "operand 2 key \"%s\" failed cast to string: operand %u must be "
                               "string but got %s",
                               is_prefix ? "prefix" : "indent", i, rt_type_name(v));
      if (is_prefix) {
        prefix = S(v);
        pn = N(v);
      } else {
        indent = S(v);
        in = N(v);
      }
      implicit = true;
    } else if (N(k) == 6 && memcmp(S(k), "pretty", 6) == 0) {
      explicit_set = true;
      if (!rt_is(v, RT_BOOLEAN))
        return rt_builtin_fail(RT_ERR_TYPE, MWO, "operand 2 key \"pretty\" failed cast to bool");
      pretty = RT_AS_BOOL(v);
    } else {
      rt_buf kb;
      rt_buf_init(&kb, 16);
      bi_go_quote(&kb, S(k), N(k), false);
      return rt_builtin_fail(RT_ERR_TYPE, MWO, "operand 2 object contained unknown key %.*s",
                             (int)kb.len, kb.data);
    }
  }
  if (!explicit_set) pretty = implicit;
  rt_buf_init(&compact, 64);
  rt_json_write(&compact, x, 0);
  if (!pretty) return rt_buf_string(&compact);
  rt_buf_init(&out, compact.len * 2 + pn + 8);
  rt_buf_put(&out, prefix, pn);
  reindent(&out, compact.data, compact.len, prefix, pn, indent, in);
  return rt_buf_string(&out);
}

/* ---- reading: Go's scanner ------------------------------------------------------------------ */

/* A scan of one JSON value with encoding/json's acceptance and messages. */
typedef struct gscan {
  const char *p, *end;
  bool eof;      /* ran out of input inside the value */
  char msg[128]; /* the SyntaxError text otherwise */
} gscan;

/* quoteChar: 'x' as strconv.Quote prints the byte taken as a rune, in single quotes. */
static void quote_char(rt_buf *b, unsigned char c) {
  if (c == '\'') {
    rt_buf_puts(b, "'\\''");
  } else if (c == '"') {
    rt_buf_puts(b, "'\"'");
  } else {
    char enc[4];
    rt_buf q;
    rt_buf_init(&q, 8);
    bi_go_quote(&q, enc, rt_utf8_encode(c, enc), false);
    rt_buf_putc(b, '\'');
    rt_buf_put(b, q.data + 1, q.len - 2);
    rt_buf_putc(b, '\'');
  }
}

static bool bad(gscan *g, const char *context) {
  rt_buf b;
  if (g->p >= g->end) {
    g->eof = true;
    return false;
  }
  rt_buf_init(&b, 64);
  rt_buf_puts(&b, "invalid character ");
  quote_char(&b, (unsigned char)*g->p);
  rt_buf_putc(&b, ' ');
  rt_buf_puts(&b, context);
  snprintf(g->msg, sizeof g->msg, "%.*s", (int)b.len, b.data);
  return false;
}

static void skip_ws(gscan *g) {
  while (g->p < g->end && (*g->p == ' ' || *g->p == '\t' || *g->p == '\n' || *g->p == '\r'))
    g->p++;
}

static bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool scan_string(gscan *g) {
  g->p++; /* the opening quote */
  while (g->p < g->end) {
    unsigned char c = (unsigned char)*g->p;
    if (c == '"') {
      g->p++;
      return true;
    }
    if (c < 0x20) return bad(g, "in string literal");
    if (c == '\\') {
      g->p++;
      if (g->p >= g->end) break;
      if (*g->p == 'u') {
        for (int i = 0; i < 4; i++) {
          g->p++;
          if (g->p >= g->end) break;
          if (!is_hex(*g->p)) return bad(g, "in \\u hexadecimal character escape");
        }
        if (g->p >= g->end) break;
      } else if (!strchr("\"\\/bfnrt", *g->p) || !*g->p) {
        return bad(g, "in string escape code");
      }
    }
    g->p++;
  }
  g->eof = true;
  return false;
}

static bool digit(const gscan *g) {
  return g->p < g->end && *g->p >= '0' && *g->p <= '9';
}

static bool scan_number(gscan *g) {
  if (*g->p == '-') {
    g->p++;
    if (!digit(g)) return bad(g, "in numeric literal");
  }
  if (*g->p == '0') {
    g->p++;
  } else {
    while (digit(g))
      g->p++;
  }
  if (g->p < g->end && *g->p == '.') {
    g->p++;
    if (!digit(g)) return bad(g, "after decimal point in numeric literal");
    while (digit(g))
      g->p++;
  }
  if (g->p < g->end && (*g->p == 'e' || *g->p == 'E')) {
    g->p++;
    if (g->p < g->end && (*g->p == '+' || *g->p == '-')) g->p++;
    if (!digit(g)) return bad(g, "in exponent of numeric literal");
    while (digit(g))
      g->p++;
  }
  return true;
}

static bool scan_literal(gscan *g, const char *word) {
  char ctx[48];
  for (size_t i = 1; word[i]; i++) {
    g->p++;
    if (g->p >= g->end || *g->p != word[i]) {
      snprintf(ctx, sizeof ctx, "in literal %s (expecting '%c')", word, word[i]);
      return bad(g, ctx);
    }
  }
  g->p++;
  return true;
}

static bool scan_value(gscan *g, int depth) {
  skip_ws(g);
  if (g->p >= g->end) {
    g->eof = true;
    return false;
  }
  if (depth > 10000) {
    snprintf(g->msg, sizeof g->msg, "exceeded max depth");
    return false;
  }
  switch (*g->p) {
  case '{':
    g->p++;
    skip_ws(g);
    if (g->p < g->end && *g->p == '}') {
      g->p++;
      return true;
    }
    for (;;) {
      if (g->p >= g->end || *g->p != '"')
        return bad(g, "looking for beginning of object key string");
      if (!scan_string(g)) return false;
      skip_ws(g);
      if (g->p >= g->end || *g->p != ':') return bad(g, "after object key");
      g->p++;
      if (!scan_value(g, depth + 1)) return false;
      skip_ws(g);
      if (g->p < g->end && *g->p == '}') {
        g->p++;
        return true;
      }
      if (g->p >= g->end || *g->p != ',') return bad(g, "after object key:value pair");
      g->p++;
      skip_ws(g);
    }
  case '[':
    g->p++;
    skip_ws(g);
    if (g->p < g->end && *g->p == ']') {
      g->p++;
      return true;
    }
    for (;;) {
      if (!scan_value(g, depth + 1)) return false;
      skip_ws(g);
      if (g->p < g->end && *g->p == ']') {
        g->p++;
        return true;
      }
      if (g->p >= g->end || *g->p != ',') return bad(g, "after array element");
      g->p++;
    }
  case '"':
    return scan_string(g);
  case 't':
    return scan_literal(g, "true");
  case 'f':
    return scan_literal(g, "false");
  case 'n':
    return scan_literal(g, "null");
  default:
    if (*g->p == '-' || (*g->p >= '0' && *g->p <= '9')) return scan_number(g);
    return bad(g, "looking for beginning of value");
  }
}

/* json.Valid: exactly one value, whitespace around it. */
static bool go_json_valid(const char *s, size_t n) {
  gscan g = {s, s + n, false, ""};
  if (!scan_value(&g, 0)) return false;
  skip_ws(&g);
  return g.p == g.end;
}

rt_value *bi_json_is_valid(rt_value *a) {
  if (!rt_is(a, RT_STRING)) return RT_FALSE;
  return RT_BOOL(go_json_valid(S(a), N(a)));
}

static const char *scan_error(const gscan *g, char *buf, size_t bn) {
  if (g->eof) return "unexpected EOF";
  snprintf(buf, bn, "%s", g->msg);
  return buf;
}

/* util.UnmarshalJSON's verdict on text: NULL if fine (*len is the extent of the first
 * value), otherwise the error message. */
static const char *decoder_check(const char *s, size_t n, size_t *len, char *buf, size_t bn) {
  gscan g = {s, s + n, false, ""};
  skip_ws(&g);
  if (g.p == g.end) return "EOF";
  g.p = s;
  if (!scan_value(&g, 0)) return scan_error(&g, buf, bn);
  *len = (size_t)(g.p - s);
  skip_ws(&g);
  if (g.p == g.end) return NULL;
  /* decoder.Token(): a delimiter or another value comes back as a token */
  char c = *g.p;
  if (c == ']' || c == '}' || c == ',' || c == ':') {
    bad(&g, "looking for beginning of value");
    snprintf(buf, bn, "%s", g.msg);
    return buf;
  }
  if (c == '[' || c == '{') {
    snprintf(buf, bn, "error: invalid character '%c' after top-level value", c);
    return buf;
  }
  const char *tok = g.p;
  if (!scan_value(&g, 0)) return scan_error(&g, buf, bn);
  if (c == 'n') return NULL; /* a null token is nil: the decoder takes it for the end */
  if (c == '"') {
    rt_json_error e;
    rt_value *str = rt_json_parse(tok, (size_t)(g.p - tok), &e);
    if (str && rt_is(str, RT_STRING)) {
      snprintf(buf, bn, "error: invalid character '%.*s' after top-level value", (int)N(str),
               S(str));
      return buf;
    }
  }
  snprintf(buf, bn, "error: invalid character '%.*s' after top-level value", (int)(g.p - tok), tok);
  return buf;
}

rt_value *bi_json_unmarshal(rt_value *a) {
  char buf[200];
  const char *err;
  size_t len = 0;
  rt_json_error e;
  rt_value *v;
  if (!rt_is(a, RT_STRING)) return bi_type_err("json.unmarshal", 1, a, "string");
  if ((err = decoder_check(S(a), N(a), &len, buf, sizeof buf)))
    return rt_builtin_fail(RT_ERR_BUILTIN, "json.unmarshal", "%s", err);
  if (!(v = rt_json_parse(S(a), len, &e)))
    return rt_builtin_fail(RT_ERR_BUILTIN, "json.unmarshal", "%s", e.message);
  return v;
}

/* ---- json.filter / json.remove --------------------------------------------------------------- */

/* A path operand element as segments: "a/b~1c" (leading slashes dropped, ~1 is '/', ~0 is
 * '~'), or an array of segments. NULL (and OPA's error) for anything else. */
static rt_value *parse_path(const char *name, rt_value *p) {
  rt_value *out;
  if (rt_is(p, RT_ARRAY)) return p;
  if (!rt_is(p, RT_STRING))
    return rt_builtin_fail(RT_ERR_TYPE, name,
                           "operand 2 must be one of {set, array} containing string paths or "
                           "array of path segments but got %s",
                           rt_type_name(p));
  out = rt_array_new(4);
  if (N(p) == 0) return out;
  const char *s = S(p), *end = s + N(p);
  while (s < end && *s == '/')
    s++;
  for (;;) {
    const char *slash = memchr(s, '/', (size_t)(end - s)), *stop = slash ? slash : end;
    char *seg = rt_alloc((size_t)(stop - s) + 1);
    size_t k = 0;
    for (const char *q = s; q < stop; q++) {
      if (*q == '~' && q + 1 < stop && (q[1] == '1' || q[1] == '0')) {
        seg[k++] = q[1] == '1' ? '/' : '~';
        q++;
      } else {
        seg[k++] = *q;
      }
    }
    seg[k] = '\0';
    rt_array_push(out, rt_string_own(seg, k));
    if (!slash) break;
    s = slash + 1;
  }
  return out;
}

/* The paths of operand 2 (an array or set of paths) as a tree of objects, leaves null. */
static rt_value *paths_tree(const char *name, rt_value *paths) {
  rt_value *root = rt_object_new(4), *items;
  if (rt_is(paths, RT_SET))
    items = rt_sorted_keys(paths);
  else if (rt_is(paths, RT_ARRAY))
    items = paths;
  else
    return bi_type_err(name, 2, paths, "one of {set, array}");
  for (uint32_t i = 0; i < rt_array_len(items); i++) {
    rt_value *path = parse_path(name, rt_array_at(items, i)), *node = root;
    uint32_t n;
    bool done = false;
    if (!path) return NULL;
    n = rt_array_len(path);
    if (n == 0) continue;
    for (uint32_t j = 0; j + 1 < n && !done; j++) {
      rt_value *child = rt_object_get(node, rt_array_at(path, j));
      if (!child) {
        child = rt_object_new(2);
        rt_object_put(node, rt_array_at(path, j), child);
      } else if (rt_is(child, RT_NULL)) {
        done = true;
      }
      node = child;
    }
    if (!done) rt_object_put(node, rt_array_at(path, n - 1), RT_NULLV);
  }
  return root;
}

static rt_value *index_key(uint32_t i) {
  char buf[16];
  int n = snprintf(buf, sizeof buf, "%u", i);
  return rt_string_n(buf, (size_t)n);
}

/* ast's filterObject: keep what the filter tree names. */
static rt_value *filter_value(rt_value *v, rt_value *f) {
  rt_value *out;
  rt_iter it;
  if (rt_is(f, RT_NULL)) return v;
  switch (rt_typeof(v)) {
  case RT_ARRAY:
    out = rt_array_new(0);
    for (uint32_t i = 0; i < rt_array_len(v); i++) {
      rt_value *sub = rt_object_get(f, index_key(i));
      if (sub) rt_array_push(out, filter_value(rt_array_at(v, i), sub));
    }
    return out;
  case RT_SET:
    out = rt_set_new(0);
    rt_iter_init(&it, v);
    while (rt_iter_next(&it)) {
      rt_value *sub = rt_object_get(f, it.key);
      if (sub) rt_set_add(out, filter_value(it.key, sub));
    }
    return out;
  case RT_OBJECT:
    out = rt_object_new(0);
    rt_iter_init(&it, v);
    while (rt_iter_next(&it)) {
      rt_value *sub = rt_object_get(f, it.key);
      if (sub) rt_object_put(out, it.key, filter_value(it.val, sub));
    }
    return out;
  default:
    return v;
  }
}

rt_value *bi_json_filter(rt_value *obj, rt_value *paths) {
  rt_value *tree;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("json.filter", 1, obj, "object");
  if (!(tree = paths_tree("json.filter", paths))) return NULL;
  return filter_value(obj, tree);
}

/* topdown's jsonRemove: drop what the tree's null leaves name; NULL means "removed". */
static rt_value *remove_value(rt_value *v, rt_value *f) {
  rt_value *out;
  rt_iter it;
  if (!f) return v;
  if (rt_is(f, RT_NULL)) return NULL;
  if (!rt_is(f, RT_OBJECT)) return v;
  switch (rt_typeof(v)) {
  case RT_ARRAY:
    out = rt_array_new(rt_array_len(v));
    for (uint32_t i = 0; i < rt_array_len(v); i++) {
      rt_value *r = remove_value(rt_array_at(v, i), rt_object_get(f, index_key(i)));
      if (r) rt_array_push(out, r);
    }
    return out;
  case RT_SET:
    out = rt_set_new(rt_set_len(v));
    rt_iter_init(&it, v);
    while (rt_iter_next(&it)) {
      rt_value *r = remove_value(it.key, rt_object_get(f, it.key));
      if (r) rt_set_add(out, r);
    }
    return out;
  case RT_OBJECT:
    out = rt_object_new(rt_object_len(v));
    rt_iter_init(&it, v);
    while (rt_iter_next(&it)) {
      rt_value *r = remove_value(it.val, rt_object_get(f, it.key));
      if (r) rt_object_put(out, it.key, r);
    }
    return out;
  default:
    return v;
  }
}

rt_value *bi_json_remove(rt_value *obj, rt_value *paths) {
  rt_value *tree;
  if (!rt_is(obj, RT_OBJECT)) return bi_type_err("json.remove", 1, obj, "object");
  if (!(tree = paths_tree("json.remove", paths))) return NULL;
  return remove_value(obj, tree);
}
