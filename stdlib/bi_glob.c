/* bi_glob.c: glob.match and glob.quote_meta (OPA uses github.com/gobwas/glob v0.2.3) and
 * regex.globs_match (OPA uses github.com/yashtewari/glob-intersection).
 *
 * glob.match: the pattern goes through a port of gobwas's lexer and parser, token for token,
 * so that what is accepted, what a quirk means (a NUL is gobwas's end-of-input rune: dropped
 * inside text, the end of the pattern after an item; a trailing \ is dropped; an unclosed {
 * is closed at the end; } and , are plain outside braces) and every error message
 * are gobwas's. The parse tree is then written as an anchored RE2 pattern with the meaning
 * gobwas gives it: * is any run of non-separators, ** any run at all, ? one non-separator
 * code point, [abc] [!abc] [a-z] [!a-z] one code point in or out of the class (separators
 * included), {a,b} alternatives. RE2 matches in linear time, and the compiled glob is
 * cached per (pattern, delimiters). gobwas's own matchers are an optimised tree of special
 * cases; where one of them disagrees with that plain meaning, regoc follows the meaning.
 * OPA keys its glob cache by pattern + "-" + delimiters, so ("a-", ["."]) and ("a", ["-", "."])
 * share an entry there; regoc's key is unambiguous.
 *
 * regex.globs_match: glob-intersection answers "do the two globs (. any character, [set],
 * x* and x+ repetition, \ escapes) share a non-empty string?" with a greedy walk that is not
 * an exact decision procedure; the walk is ported as is (its answers are OPA's answers),
 * with its results memoised per position pair so that it stays polynomial, and a recursion
 * bound that turns pathological inputs into an error instead of a stack overflow.
 */
#include <stdlib.h>
#include <string.h>

#include "bi_regex.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* ---- gobwas/glob: lexer --------------------------------------------------------------------- */

typedef enum gtt {
  GT_EOF,
  GT_ERROR,
  GT_TEXT,
  GT_ANY,
  GT_SUPER,
  GT_SINGLE,
  GT_NOT,
  GT_SEPARATOR,
  GT_RANGE_OPEN,
  GT_RANGE_CLOSE,
  GT_RANGE_LO,
  GT_RANGE_HI,
  GT_RANGE_BETWEEN,
  GT_TERMS_OPEN,
  GT_TERMS_CLOSE,
} gtt;

typedef struct gtoken {
  gtt type;
  uint32_t *runes; /* GT_TEXT; GT_RANGE_LO/HI: one rune */
  size_t n;
  const char *err; /* GT_ERROR */
} gtoken;

typedef struct glexer {
  const char *data;
  size_t len, pos;
  const char *err;
  gtoken *q; /* queued tokens */
  size_t qhead, qn, qcap;
  int terms;
  uint32_t last_rune;
  size_t last_size;
  bool has_rune;
} glexer;

#define G_EOF 0 /* gobwas v0.2.3's eof rune: a NUL in a pattern ends it */

static void gl_push(glexer *l, gtt t, const uint32_t *runes, size_t n) {
  if (l->qn == l->qcap) {
    size_t cap = l->qcap ? l->qcap * 2 : 8;
    gtoken *q = rt_alloc(cap * sizeof *q);
    if (l->qn) memcpy(q, l->q, l->qn * sizeof *q);
    l->q = q;
    l->qcap = cap;
  }
  gtoken *t0 = &l->q[l->qn++];
  t0->type = t;
  t0->n = n;
  t0->runes = NULL;
  t0->err = NULL;
  if (n) {
    t0->runes = rt_alloc(n * sizeof *runes);
    memcpy(t0->runes, runes, n * sizeof *runes);
  }
}

static uint32_t gl_peek(glexer *l, size_t *w) {
  if (l->pos >= l->len) {
    *w = 0;
    return G_EOF;
  }
  size_t i = l->pos;
  uint32_t r = rt_utf8_next(l->data, l->len, &i);
  if (r == 0xFFFD) {
    /* utf8.RuneError, even a well-formed U+FFFD */
    l->err = "could not read rune";
    *w = 0;
    return G_EOF;
  }
  *w = i - l->pos;
  return r;
}

static uint32_t gl_read(glexer *l) {
  if (l->has_rune) {
    l->has_rune = false;
    l->pos += l->last_size;
    return l->last_rune;
  }
  size_t w;
  uint32_t r = gl_peek(l, &w);
  l->pos += w;
  l->last_rune = r;
  l->last_size = w;
  return r;
}

static void gl_unread(glexer *l) {
  if (l->has_rune) {
    l->err = "could not unread rune";
    return;
  }
  l->pos -= l->last_size;
  l->has_rune = true;
}

static bool in_breakers(uint32_t r, bool range, bool terms) {
  if (range) return r == ']';
  return r == '?' || r == '*' || r == '[' || r == '{' || (terms && (r == '}' || r == ','));
}

static void gl_fetch_text(glexer *l, bool range) {
  uint32_t *data = NULL;
  size_t n = 0, cap = 0;
  bool escaped = false;
  for (;;) {
    uint32_t r = gl_read(l);
    if (r == G_EOF) break;
    if (!escaped) {
      if (r == '\\') {
        escaped = true;
        continue;
      }
      if (in_breakers(r, range, l->terms > 0)) {
        gl_unread(l);
        break;
      }
    }
    escaped = false;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      uint32_t *d = rt_alloc(cap * sizeof *d);
      if (n) memcpy(d, data, n * sizeof *d);
      data = d;
    }
    data[n++] = r;
  }
  if (n) gl_push(l, GT_TEXT, data, n);
}

static void gl_fetch_range(glexer *l) {
  bool want_hi = false, want_close = false, seen_not = false;
  for (;;) {
    uint32_t r = gl_read(l);
    if (r == G_EOF) {
      l->err = "unexpected end of input";
      return;
    }
    if (want_close) {
      if (r != ']')
        l->err = "expected close range character";
      else
        gl_push(l, GT_RANGE_CLOSE, NULL, 0);
      return;
    }
    if (want_hi) {
      gl_push(l, GT_RANGE_HI, &r, 1);
      want_close = true;
      continue;
    }
    if (!seen_not && r == '!') {
      gl_push(l, GT_NOT, NULL, 0);
      seen_not = true;
      continue;
    }
    size_t w;
    if (gl_peek(l, &w) == '-') {
      l->pos += w;
      gl_push(l, GT_RANGE_LO, &r, 1);
      gl_push(l, GT_RANGE_BETWEEN, NULL, 0);
      want_hi = true;
      continue;
    }
    gl_unread(l);
    gl_fetch_text(l, true);
    want_close = true;
  }
}

static void gl_fetch_item(glexer *l) {
  uint32_t r = gl_read(l);
  if (r == G_EOF) {
    gl_push(l, GT_EOF, NULL, 0);
  } else if (r == '{') {
    l->terms++;
    gl_push(l, GT_TERMS_OPEN, NULL, 0);
  } else if (r == ',' && l->terms > 0) {
    gl_push(l, GT_SEPARATOR, NULL, 0);
  } else if (r == '}' && l->terms > 0) {
    gl_push(l, GT_TERMS_CLOSE, NULL, 0);
    l->terms--;
  } else if (r == '[') {
    gl_push(l, GT_RANGE_OPEN, NULL, 0);
    gl_fetch_range(l);
  } else if (r == '?') {
    gl_push(l, GT_SINGLE, NULL, 0);
  } else if (r == '*') {
    if (gl_read(l) == '*') {
      gl_push(l, GT_SUPER, NULL, 0);
    } else {
      gl_unread(l);
      gl_push(l, GT_ANY, NULL, 0);
    }
  } else {
    gl_unread(l);
    gl_fetch_text(l, false);
  }
}

static gtoken gl_next(glexer *l) {
  for (;;) {
    if (l->err) {
      gtoken t = {GT_ERROR, NULL, 0, l->err};
      return t;
    }
    if (l->qhead < l->qn) return l->q[l->qhead++];
    l->qhead = l->qn = 0;
    gl_fetch_item(l);
  }
}

/* ---- gobwas/glob: parser --------------------------------------------------------------------- */

typedef enum gnk {
  GN_PATTERN,
  GN_TEXT,
  GN_ANY,
  GN_SUPER,
  GN_SINGLE,
  GN_LIST,
  GN_RANGE,
  GN_ANYOF
} gnk;

typedef struct gnode {
  gnk kind;
  struct gnode *parent;
  struct gnode **kids;
  size_t nk, ck;
  const uint32_t *runes; /* TEXT, LIST */
  size_t nr;
  uint32_t lo, hi; /* RANGE */
  bool not ;       /* LIST, RANGE */
} gnode;

static gnode *gn_new(gnk k) {
  gnode *n = rt_alloc_zero(sizeof *n);
  n->kind = k;
  return n;
}

static void gn_insert(gnode *parent, gnode *child) {
  if (parent->nk == parent->ck) {
    size_t cap = parent->ck ? parent->ck * 2 : 4;
    gnode **k = rt_alloc(cap * sizeof *k);
    if (parent->nk) memcpy(k, parent->kids, parent->nk * sizeof *k);
    parent->kids = k;
    parent->ck = cap;
  }
  parent->kids[parent->nk++] = child;
  child->parent = parent;
}

static void put_rune(rt_buf *b, uint32_t r) {
  char enc[4];
  rt_buf_put(b, enc, rt_utf8_encode(r, enc));
}

/* Parses a glob; NULL with *err set (a message in the arena) on failure. */
static gnode *glob_parse(const char *pat, size_t n, const char **err) {
  glexer l;
  memset(&l, 0, sizeof l);
  l.data = pat;
  l.len = n;
  gnode *root = gn_new(GN_PATTERN), *tree = root;
  for (;;) {
    gtoken t = gl_next(&l);
    switch (t.type) {
    case GT_EOF:
      return root;
    case GT_ERROR:
      *err = t.err;
      return NULL;
    case GT_TEXT: {
      gnode *x = gn_new(GN_TEXT);
      x->runes = t.runes;
      x->nr = t.n;
      gn_insert(tree, x);
      break;
    }
    case GT_ANY:
      gn_insert(tree, gn_new(GN_ANY));
      break;
    case GT_SUPER:
      gn_insert(tree, gn_new(GN_SUPER));
      break;
    case GT_SINGLE:
      gn_insert(tree, gn_new(GN_SINGLE));
      break;
    case GT_TERMS_OPEN: {
      gnode *a = gn_new(GN_ANYOF), *p = gn_new(GN_PATTERN);
      gn_insert(tree, a);
      gn_insert(a, p);
      tree = p;
      break;
    }
    case GT_SEPARATOR: {
      gnode *p = gn_new(GN_PATTERN);
      gn_insert(tree->parent, p);
      tree = p;
      break;
    }
    case GT_TERMS_CLOSE:
      tree = tree->parent->parent;
      break;
    case GT_RANGE_OPEN: {
      /* parserRange */
      bool not = false;
      uint32_t lo = 0, hi = 0;
      const uint32_t *chars = NULL;
      size_t nchars = 0;
      for (;;) {
        gtoken r = gl_next(&l);
        if (r.type == GT_EOF) {
          *err = "unexpected end";
          return NULL;
        } else if (r.type == GT_ERROR) {
          *err = r.err;
          return NULL;
        } else if (r.type == GT_NOT) {
          not = true;
        } else if (r.type == GT_RANGE_LO) {
          lo = r.runes[0];
        } else if (r.type == GT_RANGE_HI) {
          hi = r.runes[0];
          if (hi < lo) {
            rt_buf b;
            rt_buf_init(&b, 64);
            rt_buf_puts(&b, "hi character '");
            put_rune(&b, hi);
            rt_buf_puts(&b, "' should be greater than lo '");
            put_rune(&b, lo);
            rt_buf_puts(&b, "'");
            rt_buf_putc(&b, '\0');
            *err = b.data;
            return NULL;
          }
        } else if (r.type == GT_TEXT) {
          chars = r.runes;
          nchars = r.n;
        } else if (r.type == GT_RANGE_CLOSE) {
          bool is_range = lo != 0 && hi != 0, is_chars = nchars > 0;
          if (is_chars == is_range) {
            *err = "could not parse range";
            return NULL;
          }
          gnode *x = gn_new(is_range ? GN_RANGE : GN_LIST);
          x->not = not ;
          x->lo = lo;
          x->hi = hi;
          x->runes = chars;
          x->nr = nchars;
          gn_insert(tree, x);
          break;
        }
        /* GT_RANGE_BETWEEN: nothing to do */
      }
      break;
    }
    default:
      *err = "unexpected token";
      return NULL;
    }
  }
}

/* ---- glob to RE2 --------------------------------------------------------------------------------
 */

/* A surrogate never occurs in a (repaired) subject: adding it to a class keeps RE2 from
 * turning [kK] (or k|K) into a case-folded k, which would also match the Kelvin sign. */
#define NEVER "\\x{D800}"

static void re_rune(rt_buf *b, uint32_t r) {
  if (r == 'k' || r == 'K' || r == 's' || r == 'S')
    rt_buf_printf(b, "[%c" NEVER "]", (char)r);
  else if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))
    rt_buf_putc(b, (char)r);
  else
    rt_buf_printf(b, "\\x{%X}", (unsigned)r);
}

/* A code point inside a class. */
static void class_rune(rt_buf *b, uint32_t r) {
  rt_buf_printf(b, "\\x{%X}", (unsigned)r);
}

static void not_separator(rt_buf *b, const uint32_t *seps, size_t ns) {
  if (!ns) {
    rt_buf_puts(b, "(?s:.)");
    return;
  }
  rt_buf_puts(b, "[^");
  for (size_t i = 0; i < ns; i++)
    class_rune(b, seps[i]);
  rt_buf_putc(b, ']');
}

static void glob_emit(rt_buf *b, const gnode *n, const uint32_t *seps, size_t ns) {
  switch (n->kind) {
  case GN_PATTERN:
    for (size_t i = 0; i < n->nk; i++)
      glob_emit(b, n->kids[i], seps, ns);
    break;
  case GN_TEXT:
    for (size_t i = 0; i < n->nr; i++)
      re_rune(b, n->runes[i]);
    break;
  case GN_ANY:
    not_separator(b, seps, ns);
    rt_buf_putc(b, '*');
    break;
  case GN_SUPER:
    rt_buf_puts(b, "(?s:.)*");
    break;
  case GN_SINGLE:
    not_separator(b, seps, ns);
    break;
  case GN_LIST:
    rt_buf_puts(b, n->not ? "[^" : "[");
    for (size_t i = 0; i < n->nr; i++)
      class_rune(b, n->runes[i]);
    if (!n->not ) rt_buf_puts(b, NEVER);
    rt_buf_putc(b, ']');
    break;
  case GN_RANGE:
    rt_buf_puts(b, n->not ? "[^" : "[");
    class_rune(b, n->lo);
    rt_buf_putc(b, '-');
    class_rune(b, n->hi);
    if (!n->not ) rt_buf_puts(b, NEVER);
    rt_buf_putc(b, ']');
    break;
  case GN_ANYOF:
    rt_buf_puts(b, "(?:");
    for (size_t i = 0; i < n->nk; i++) {
      if (i) rt_buf_putc(b, '|');
      glob_emit(b, n->kids[i], seps, ns);
    }
    rt_buf_putc(b, ')');
    break;
  }
}

static bi_re *glob_compile(const char *pat, size_t n, const uint32_t *seps, size_t ns) {
  const char *err = NULL;
  gnode *root = glob_parse(pat, n, &err);
  if (!root) {
    bi_re *re = calloc(1, sizeof *re);
    if (!re) abort();
    size_t k = strlen(err);
    re->err = malloc(k + 1);
    if (!re->err) abort();
    memcpy(re->err, err, k + 1);
    return re;
  }
  rt_buf b;
  rt_buf_init(&b, n * 2 + 16);
  glob_emit(&b, root, seps, ns);
  return bi_re_from_re2(b.data ? b.data : "", b.len);
}

/* ---- glob.match, glob.quote_meta ---------------------------------------------------------------
 */

rt_value *bi_glob_match(rt_value *pat, rt_value *delims, rt_value *val) {
  const char *name = "glob.match";
  static const uint32_t dot = '.';
  const uint32_t *seps = NULL;
  size_t ns = 0;
  if (!rt_is(pat, RT_STRING)) return bi_type_err(name, 1, pat, "string");
  if (rt_is(delims, RT_ARRAY)) {
    uint32_t n = rt_array_len(delims);
    uint32_t *d = rt_alloc((n ? n : 1) * sizeof *d);
    for (uint32_t i = 0; i < n; i++) {
      rt_value *e = rt_array_at(delims, i);
      if (!rt_is(e, RT_STRING)) return bi_elem_err(name, 2, delims, e, "string");
      /* []rune(s) must have one element (an invalid byte is one U+FFFD) */
      if (rt_utf8_count(S(e), N(e)) != 1) return bi_elem_err(name, 2, delims, e, "rune");
      size_t k = 0;
      d[i] = rt_utf8_next(S(e), N(e), &k);
    }
    seps = d;
    ns = n;
    if (n == 0) {
      seps = &dot; /* an empty list means the default, "." */
      ns = 1;
    }
  } else if (!rt_is(delims, RT_NULL)) {
    return bi_type_err(name, 2, delims, "one of {array, null}");
  }
  if (!rt_is(val, RT_STRING)) return bi_type_err(name, 3, val, "string");
  /* key: the number of separators, the separators, the pattern */
  size_t kn = 4 * (ns + 1) + N(pat);
  char *key = rt_alloc(kn);
  uint32_t n32 = (uint32_t)ns;
  memcpy(key, &n32, 4);
  if (ns) memcpy(key + 4, seps, 4 * ns);
  memcpy(key + 4 * (ns + 1), S(pat), N(pat));
  const bi_re *re = bi_re_cache_get('g', key, kn);
  if (!re) re = bi_re_cache_put('g', key, kn, glob_compile(S(pat), N(pat), seps, ns));
  if (re->err) return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", re->err);
  bi_subj sj;
  bi_subj_init(&sj, S(val), N(val));
  return RT_BOOL(bi_re_search(re, &sj, 0, RE2W_ANCHOR_BOTH, NULL, 0));
}

rt_value *bi_glob_quote_meta(rt_value *pat) {
  if (!rt_is(pat, RT_STRING)) return bi_type_err("glob.quote_meta", 1, pat, "string");
  const char *s = S(pat);
  size_t n = N(pat), extra = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] && strchr("*?\\[]{}", s[i])) extra++;
  if (!extra) return pat;
  char *out = rt_alloc(n + extra + 1), *p = out;
  for (size_t i = 0; i < n; i++) {
    if (s[i] && strchr("*?\\[]{}", s[i])) *p++ = '\\';
    *p++ = s[i];
  }
  *p = '\0';
  return rt_string_own(out, n + extra);
}

/* ---- glob-intersection: tokens
 * ------------------------------------------------------------------- */

enum { GI_CHAR, GI_DOT, GI_SET };   /* token types, in glob-intersection's order */
enum { GI_NONE, GI_PLUS, GI_STAR }; /* flags */

typedef struct gitok {
  int type, flag;
  uint32_t r;       /* GI_CHAR */
  uint32_t *ranges; /* GI_SET: sorted disjoint [lo, hi] pairs */
  size_t nranges;
} gitok;

typedef struct gitoks {
  gitok *t;
  size_t n, cap;
} gitoks;

/* Tokenizer failure: glob-intersection's message. */
static char *gi_error(const uint32_t *in, size_t n, size_t pos, const char *msg) {
  rt_buf b;
  rt_buf_init(&b, 64 + n);
  rt_buf_puts(&b, "input:");
  for (size_t i = 0; i < n; i++)
    put_rune(&b, in[i]);
  rt_buf_printf(&b, ", pos:%zu, %s: the input provided is invalid", pos, msg);
  rt_buf_putc(&b, '\0');
  return b.data;
}

/* nextRune: 0 ok, 1 end of input, 2 error (a trailing \). */
static int gi_rune(const uint32_t *in, size_t n, size_t idx, size_t *next, uint32_t *r, bool *esc,
                   char **err) {
  if (idx >= n) {
    *next = idx;
    return 1;
  }
  if (in[idx] == '\\') {
    if (idx < n - 1) {
      *next = idx + 2;
      *r = in[idx + 1];
      *esc = true;
      return 0;
    }
    *err = gi_error(in, n, idx, "input ends with a \\ (escape) character");
    return 2;
  }
  *next = idx + 1;
  *r = in[idx];
  *esc = false;
  return 0;
}

static int cmp_range(const void *a, const void *b) {
  const uint32_t *x = a, *y = b;
  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0;
}

static void set_add(gitok *t, size_t *cap, uint32_t lo, uint32_t hi) {
  if (t->nranges == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    uint32_t *r = rt_alloc(*cap * 2 * sizeof *r);
    if (t->nranges) memcpy(r, t->ranges, t->nranges * 2 * sizeof *r);
    t->ranges = r;
  }
  t->ranges[2 * t->nranges] = lo;
  t->ranges[2 * t->nranges + 1] = hi;
  t->nranges++;
}

static void set_normalize(gitok *t) {
  if (t->nranges < 2) return;
  qsort(t->ranges, t->nranges, 2 * sizeof *t->ranges, cmp_range);
  size_t w = 0;
  for (size_t i = 0; i < t->nranges; i++) {
    uint32_t lo = t->ranges[2 * i], hi = t->ranges[2 * i + 1];
    if (w && lo <= t->ranges[2 * w - 1] + 1) {
      if (hi > t->ranges[2 * w - 1]) t->ranges[2 * w - 1] = hi;
    } else {
      t->ranges[2 * w] = lo;
      t->ranges[2 * w + 1] = hi;
      w++;
    }
  }
  t->nranges = w;
}

/* nextTokenSet, after the [. */
static int gi_set(const uint32_t *in, size_t n, size_t idx, size_t *next, gitok *t, char **err) {
  uint32_t r = 0, prev = 0;
  bool esc = false, complete = false, prev_exists = false;
  size_t cap = 0, ni;
  t->type = GI_SET;
  int st = gi_rune(in, n, idx, &ni, &r, &esc, err);
  if (st == 2) return 2;
  for (; st != 1; st = gi_rune(in, n, ni, &ni, &r, &esc, err)) {
    if (st == 2) return 2;
    if (!esc) {
      if (r == '-') {
        if (!prev_exists) {
          *err = gi_error(in, n, ni, "range character '-' must be preceded by a Unicode character");
          return 2;
        }
        if (ni + 1 >= n) {
          *err = gi_error(in, n, ni, "range character '-' must be followed by a Unicode character");
          return 2;
        }
        gi_rune(in, n, ni, &ni, &r, &esc, err);
        if (!esc && (r == ']' || r == '-')) {
          *err = gi_error(in, n, ni, "range character '-' cannot be followed by a special symbol");
          return 2;
        }
        if (r < prev) {
          rt_buf m;
          rt_buf_init(&m, 64);
          rt_buf_puts(&m, "range is out of order: '");
          put_rune(&m, r);
          rt_buf_puts(&m, "' comes before '");
          put_rune(&m, prev);
          rt_buf_puts(&m, "' in Unicode");
          rt_buf_putc(&m, '\0');
          *err = gi_error(in, n, ni, m.data);
          return 2;
        }
        set_add(t, &cap, prev, r);
        prev_exists = false;
      } else if (r == ']') {
        complete = true;
      } else {
        set_add(t, &cap, r, r);
        prev = r;
        prev_exists = true;
      }
    } else {
      set_add(t, &cap, r, r);
      prev = r;
      prev_exists = true;
    }
    if (complete) break;
  }
  if (!complete) {
    *err = gi_error(in, n, ni, "found [ without matching ]");
    return 2;
  }
  set_normalize(t);
  *next = ni;
  return 0;
}

/* Tokenize and Simplify; false with *err on failure. */
static bool gi_tokenize(const char *s, size_t len, gitoks *out, char **err) {
  size_t n = rt_utf8_count(s, len), k = 0, i = 0;
  uint32_t *in = rt_alloc((n ? n : 1) * sizeof *in);
  while (i < len)
    in[k++] = rt_utf8_next(s, len, &i);
  memset(out, 0, sizeof *out);
  size_t idx = 0;
  for (;;) {
    size_t ni;
    uint32_t r;
    bool esc;
    int st = gi_rune(in, n, idx, &ni, &r, &esc, err);
    if (st == 1) break;
    if (st == 2) return false;
    gitok t;
    memset(&t, 0, sizeof t);
    if (!esc && r == '.') {
      t.type = GI_DOT;
    } else if (!esc && r == ']') {
      *err = gi_error(in, n, ni, "set-close ']' with no preceding '['");
      return false;
    } else if (!esc && r == '[') {
      if (gi_set(in, n, ni, &ni, &t, err)) return false;
    } else if (!esc && (r == '+' || r == '*')) {
      char msg[48];
      snprintf(msg, sizeof msg, "flag '%c' must be preceded by a non-flag", (char)r);
      *err = gi_error(in, n, ni, msg);
      return false;
    } else {
      t.type = GI_CHAR;
      t.r = r;
    }
    /* nextFlag */
    size_t fi;
    uint32_t fr;
    bool fesc;
    st = gi_rune(in, n, ni, &fi, &fr, &fesc, err);
    if (st == 2) return false;
    if (st == 0 && !fesc && (fr == '+' || fr == '*')) {
      t.flag = fr == '+' ? GI_PLUS : GI_STAR;
      ni = fi;
    }
    /* Simplify: a flagged token equal to the flagged token before merges into it */
    gitok *last = out->n ? &out->t[out->n - 1] : NULL;
    bool equal = last && last->type == t.type &&
                 (t.type == GI_DOT || (t.type == GI_CHAR && last->r == t.r) ||
                  (t.type == GI_SET && last->nranges == t.nranges &&
                   (t.nranges == 0 ||
                    memcmp(last->ranges, t.ranges, 2 * t.nranges * sizeof *t.ranges) == 0)));
    if (last && t.flag != GI_NONE && last->flag != GI_NONE && equal) {
      if (t.flag == GI_PLUS || last->flag == GI_PLUS)
        last->flag = GI_PLUS;
      else
        last->flag = GI_STAR;
    } else {
      if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        gitok *nt = rt_alloc(out->cap * sizeof *nt);
        if (out->n) memcpy(nt, out->t, out->n * sizeof *nt);
        out->t = nt;
      }
      out->t[out->n++] = t;
    }
    idx = ni;
  }
  return true;
}

/* ---- glob-intersection: the walk
 * ----------------------------------------------------------------- */

static bool set_has(const gitok *s, uint32_t r) {
  size_t lo = 0, hi = s->nranges;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r < s->ranges[2 * mid])
      hi = mid;
    else if (r > s->ranges[2 * mid + 1])
      lo = mid + 1;
    else
      return true;
  }
  return false;
}

static bool gi_match(const gitok *a, const gitok *b) {
  if (a->type > b->type) {
    const gitok *t = a;
    a = b;
    b = t;
  }
  if (a->type == GI_CHAR) {
    if (b->type == GI_CHAR) return a->r == b->r;
    if (b->type == GI_DOT) return true;
    return set_has(b, a->r);
  }
  if (a->type == GI_DOT) return true;
  /* two sets: any common rune */
  size_t i = 0, j = 0;
  while (i < a->nranges && j < b->nranges) {
    uint32_t alo = a->ranges[2 * i], ahi = a->ranges[2 * i + 1];
    uint32_t blo = b->ranges[2 * j], bhi = b->ranges[2 * j + 1];
    if (ahi < blo)
      i++;
    else if (bhi < alo)
      j++;
    else
      return true;
  }
  return false;
}

#define GI_MAX_DEPTH 5000
#define GI_MAX_MEMO ((size_t)1 << 24)

/* The two trimmed globs; g[o] + i and g[1 - o] + j name the suffixes the walk compares. */
typedef struct gictx {
  const gitok *g[2];
  size_t n[2];
  uint8_t *memo; /* per (o, i, j): 0 unknown, 1 false, 2 true; NULL if too big */
  int depth;
  bool too_deep;
} gictx;

static bool gi_normal(gictx *c, int o, size_t i, size_t j);

static bool gi_star(gictx *c, int o, size_t i, size_t j) {
  const gitok *star = &c->g[o][i];
  const gitok *next = i + 1 < c->n[o] ? &c->g[o][i + 1] : NULL;
  for (size_t k = j; k < c->n[1 - o]; k++) {
    const gitok *t = &c->g[1 - o][k];
    if (next && gi_match(t, next)) {
      if (gi_normal(c, o, i + 1, k)) return true;
      if (!gi_match(t, star)) return false;
    } else if (!gi_match(t, star)) {
      return false;
    }
  }
  return next == NULL;
}

static bool gi_plus(gictx *c, int o, size_t i, size_t j) {
  const gitok *other = &c->g[1 - o][j];
  if (!gi_match(&c->g[o][i], other)) return false;
  if (gi_star(c, o, i, j + 1)) return true;
  return other->flag != GI_NONE && gi_normal(c, o, i + 1, j);
}

static bool gi_special(gictx *c, int o, size_t i, size_t j) {
  const gitok *a = &c->g[o][i], *b = &c->g[1 - o][j];
  if (a->flag != GI_NONE) return a->flag == GI_PLUS ? gi_plus(c, o, i, j) : gi_star(c, o, i, j);
  if (b->flag == GI_PLUS) return gi_plus(c, 1 - o, j, i);
  if (b->flag == GI_STAR) return gi_star(c, 1 - o, j, i);
  return false;
}

static bool gi_normal_walk(gictx *c, int o, size_t i, size_t j) {
  size_t n1 = c->n[o], n2 = c->n[1 - o];
  for (; i < n1 && j < n2; i++, j++) {
    const gitok *a = &c->g[o][i], *b = &c->g[1 - o][j];
    if (a->flag == GI_NONE && b->flag == GI_NONE) {
      if (!gi_match(a, b)) return false;
    } else {
      return gi_special(c, o, i, j);
    }
  }
  return i == n1 && j == n2;
}

/* intersectNormal(g[o][i:], g[1-o][j:]), memoised. */
static bool gi_normal(gictx *c, int o, size_t i, size_t j) {
  size_t slot = 0;
  if (c->memo) {
    size_t ni = o == 0 ? i : j, nj = o == 0 ? j : i;
    slot = ((size_t)o * (c->n[0] + 1) + ni) * (c->n[1] + 1) + nj;
    if (c->memo[slot]) return c->memo[slot] == 2;
  }
  if (c->depth >= GI_MAX_DEPTH) {
    c->too_deep = true;
    return false;
  }
  c->depth++;
  bool r = gi_normal_walk(c, o, i, j);
  c->depth--;
  if (c->memo && !c->too_deep) c->memo[slot] = r ? 2 : 1;
  return r;
}

rt_value *bi_regex_globs_match(rt_value *a, rt_value *b) {
  const char *name = "regex.globs_match";
  if (!rt_is(a, RT_STRING)) return bi_type_err(name, 1, a, "string");
  if (!rt_is(b, RT_STRING)) return bi_type_err(name, 2, b, "string");
  gitoks g1, g2;
  char *err = NULL;
  if (!gi_tokenize(S(a), N(a), &g1, &err) || !gi_tokenize(S(b), N(b), &g2, &err))
    return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", err);
  /* trimGlobs: drop the common unflagged prefix and suffix, keeping one token of each */
  size_t l = 0;
  for (; l < g1.n && l < g2.n && g1.t[l].flag == GI_NONE && g2.t[l].flag == GI_NONE; l++)
    if (!gi_match(&g1.t[l], &g2.t[l])) return RT_FALSE;
  if (l > 0) l--;
  ptrdiff_t r1 = (ptrdiff_t)g1.n - 1, r2 = (ptrdiff_t)g2.n - 1;
  for (; r1 >= 0 && r1 >= (ptrdiff_t)l && r2 >= 0 && r2 >= (ptrdiff_t)l &&
         g1.t[r1].flag == GI_NONE && g2.t[r2].flag == GI_NONE;
       r1--, r2--)
    if (!gi_match(&g1.t[r1], &g2.t[r2])) return RT_FALSE;
  if (r1 < (ptrdiff_t)g1.n - 1) {
    r1++;
    r2++;
  }
  gictx c;
  memset(&c, 0, sizeof c);
  c.g[0] = g1.t + l;
  c.n[0] = (size_t)(r1 + 1) - l;
  c.g[1] = g2.t + l;
  c.n[1] = (size_t)(r2 + 1) - l;
  size_t cells = 2 * (c.n[0] + 1) * (c.n[1] + 1);
  if (cells <= GI_MAX_MEMO) c.memo = calloc(cells, 1);
  bool r = gi_normal(&c, 0, 0, 0);
  free(c.memo);
  if (c.too_deep) return rt_builtin_fail(RT_ERR_BUILTIN, name, "globs too complex to intersect");
  return RT_BOOL(r);
}
