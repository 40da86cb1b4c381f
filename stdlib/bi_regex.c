/* bi_regex.c: the regex builtins (regex.match, regex.is_valid, regex.split, regex.find_n,
 * regex.find_all_string_submatch_n, regex.replace, regex.template_match and the deprecated
 * re_match), with Go's regexp semantics on RE2, and the cache of compiled patterns.
 *
 * OPA runs these on Go's regexp; regoc parses patterns with Go's rules (bi_regex_syntax.c)
 * and matches with RE2 (re2_wrap.h: linear time on any input, same syntax family). What Go
 * adds on top of matching is reproduced here:
 *   - the loops of FindAll, Split and ReplaceAll: after an empty match the search moves on by
 *     one code point, and an empty match right after a match is dropped;
 *   - invalid UTF-8 subjects: Go reads each bad byte as U+FFFD, so the subject is matched as
 *     a repaired copy and offsets are mapped back (bi_subj);
 *   - Go only tries matches at code point boundaries; RE2 may find \b or \B inside a
 *     multi-byte character, so such matches are skipped (bi_re_search);
 *   - regex.replace's template ($1, ${name}, $$) is Go's Regexp.Expand.
 * Patterns are compiled once: a cache keyed by pattern keeps compiled programs (and errors)
 * across evaluations, in malloc memory, at most BI_RE_CACHE_MAX of them, freed at exit.
 * Differences from OPA kept on purpose: OPA's regex.template_match shares its cache with
 * regex.match under the bare pattern (so one can see the other's compiled form); regoc keys
 * them apart, giving each builtin its documented meaning.
 */
#include <stdlib.h>
#include <string.h>

#include "bi_regex.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

static char *dup_str(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (!d) abort();
  memcpy(d, s, n + 1);
  return d;
}

/* ---- compiling ---------------------------------------------------------------------------- */

static bi_re *new_re(void) {
  bi_re *re = calloc(1, sizeof *re);
  if (!re) abort();
  return re;
}

bi_re *bi_re_from_go(const char *pat, size_t n) {
  bi_re *re = new_re();
  bi_gore g;
  if (!bi_gore_parse(pat, n, &g)) {
    re->err = g.err;
    g.err = NULL;
  } else if (g.unsup) {
    size_t k = strlen(g.unsup);
    re->err = malloc(k + 40);
    if (!re->err) abort();
    memcpy(re->err, "regoc does not support this pattern: ", 37);
    memcpy(re->err + 37, g.unsup, k + 1);
  } else {
    char msg[200];
    re->re = re2w_new(g.re2, g.re2len, msg, sizeof msg);
    if (!re->re) {
      size_t k = strlen(msg);
      re->err = malloc(k + 60);
      if (!re->err) abort();
      snprintf(re->err, k + 60, "regoc cannot run this pattern (RE2: %s)", msg);
    } else {
      re->ncap = g.ncap;
      re->names = g.names;
      re->wordb = g.wordb;
      g.names = NULL;
    }
  }
  bi_gore_clear(&g);
  return re;
}

bi_re *bi_re_from_re2(const char *pat, size_t n) {
  bi_re *re = new_re();
  char msg[200];
  re->re = re2w_new(pat, n, msg, sizeof msg);
  if (!re->re) {
    size_t k = strlen(msg);
    re->err = malloc(k + 60);
    if (!re->err) abort();
    snprintf(re->err, k + 60, "regoc cannot run this pattern (RE2: %s)", msg);
  } else {
    re->ncap = re2w_groups(re->re);
  }
  return re;
}

void bi_re_free(bi_re *re) {
  if (!re) return;
  if (re->re) re2w_free(re->re);
  if (re->names) {
    for (int i = 0; i <= re->ncap; i++)
      free(re->names[i]);
    free(re->names);
  }
  free(re->err);
  free(re);
}

/* ---- the cache ------------------------------------------------------------------------------ */

typedef struct centry {
  struct centry *chain;       /* next in the hash bucket */
  struct centry *prev, *next; /* recency list, most recent first */
  uint64_t hash;
  char kind;
  size_t klen;
  char *key;
  bi_re *re;
} centry;

#define NBUCKETS 512 /* a power of two, twice BI_RE_CACHE_MAX */

static centry *buckets[NBUCKETS];
static centry *newest, *oldest, *last_hit;
static size_t nentries;
static bi_re *name_chars; /* [\pL\p{Nd}_]+ for regex.replace's templates */
static bool cleanup_registered;

static uint64_t hash_key(char kind, const char *key, size_t n) {
  uint64_t h = 1469598103934665603ULL ^ (unsigned char)kind;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)key[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static void unlink_recent(centry *e) {
  if (e->prev)
    e->prev->next = e->next;
  else
    newest = e->next;
  if (e->next)
    e->next->prev = e->prev;
  else
    oldest = e->prev;
  e->prev = e->next = NULL;
}

static void link_newest(centry *e) {
  e->prev = NULL;
  e->next = newest;
  if (newest) newest->prev = e;
  newest = e;
  if (!oldest) oldest = e;
}

static void free_entry(centry *e) {
  bi_re_free(e->re);
  free(e->key);
  free(e);
}

static void cache_cleanup(void) {
  centry *e = newest;
  while (e) {
    centry *next = e->next;
    free_entry(e);
    e = next;
  }
  memset(buckets, 0, sizeof buckets);
  newest = oldest = last_hit = NULL;
  nentries = 0;
  bi_re_free(name_chars);
  name_chars = NULL;
}

static void register_cleanup(void) {
  if (!cleanup_registered) {
    atexit(cache_cleanup);
    cleanup_registered = true;
  }
}

static bool same_key(const centry *e, char kind, const char *key, size_t n) {
  return e->kind == kind && e->klen == n && (n == 0 || memcmp(e->key, key, n) == 0);
}

const bi_re *bi_re_cache_get(char kind, const char *key, size_t klen) {
  /* Constant patterns make the same lookup over and over: check the last hit first. */
  if (last_hit && same_key(last_hit, kind, key, klen)) return last_hit->re;
  uint64_t h = hash_key(kind, key, klen);
  for (centry *e = buckets[h & (NBUCKETS - 1)]; e; e = e->chain) {
    if (e->hash == h && same_key(e, kind, key, klen)) {
      if (e != newest) {
        unlink_recent(e);
        link_newest(e);
      }
      last_hit = e;
      return e->re;
    }
  }
  return NULL;
}

static void evict_oldest(void) {
  centry *e = oldest, **pp = &buckets[e->hash & (NBUCKETS - 1)];
  while (*pp != e)
    pp = &(*pp)->chain;
  *pp = e->chain;
  unlink_recent(e);
  if (last_hit == e) last_hit = NULL;
  free_entry(e);
  nentries--;
}

const bi_re *bi_re_cache_put(char kind, const char *key, size_t klen, bi_re *re) {
  register_cleanup();
  if (nentries >= BI_RE_CACHE_MAX) evict_oldest();
  centry *e = calloc(1, sizeof *e);
  if (!e) abort();
  e->kind = kind;
  e->klen = klen;
  e->key = malloc(klen ? klen : 1);
  if (!e->key) abort();
  if (klen) memcpy(e->key, key, klen);
  e->hash = hash_key(kind, key, klen);
  e->re = re;
  e->chain = buckets[e->hash & (NBUCKETS - 1)];
  buckets[e->hash & (NBUCKETS - 1)] = e;
  link_newest(e);
  nentries++;
  last_hit = e;
  return re;
}

size_t bi_re_cache_size(void) {
  return nentries;
}

/* The compiled form of a Go pattern, from the cache or compiled now. */
static const bi_re *go_regex(const rt_value *pat) {
  const bi_re *re = bi_re_cache_get('r', S(pat), N(pat));
  if (re) return re;
  return bi_re_cache_put('r', S(pat), N(pat), bi_re_from_go(S(pat), N(pat)));
}

/* ---- subjects ------------------------------------------------------------------------------- */

static bool is_invalid_at(const char *s, size_t n, size_t *i) {
  size_t j = *i;
  uint32_t r = rt_utf8_next(s, n, i);
  return r == 0xFFFD && *i - j == 1;
}

static bool is_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return false;
  return true;
}

void bi_subj_init(bi_subj *sj, const char *s, size_t n) {
  sj->orig = sj->s = s ? s : "";
  sj->on = sj->n = n;
  sj->map = NULL;
  sj->ascii = is_ascii(sj->s, n);
  if (sj->ascii || rt_utf8_valid(sj->s, n)) return;
  size_t i = 0, bad = 0;
  while (i < n)
    if (is_invalid_at(s, n, &i)) bad++;
  size_t tn = n + 2 * bad, k = 0;
  char *t = rt_alloc(tn + 1);
  uint32_t *map = rt_alloc((tn + 1) * sizeof *map);
  i = 0;
  while (i < n) {
    size_t j = i;
    if (is_invalid_at(s, n, &i)) {
      memcpy(t + k, "\xEF\xBF\xBD", 3);
      map[k] = map[k + 1] = map[k + 2] = (uint32_t)j;
      k += 3;
    } else {
      for (; j < i; j++, k++) {
        t[k] = s[j];
        map[k] = (uint32_t)j;
      }
    }
  }
  map[k] = (uint32_t)n;
  t[k] = '\0';
  sj->s = t;
  sj->n = tn;
  sj->map = map;
}

static bool continuation(const bi_subj *sj, size_t off) {
  return off < sj->n && ((unsigned char)sj->s[off] & 0xC0) == 0x80;
}

bool bi_re_search(const bi_re *re, const bi_subj *sj, size_t pos, int anchor, size_t *caps,
                  int ncaps) {
  /* Only \b and \B can match inside a character, and only if there are multi-byte ones. */
  bool check = re->wordb && anchor == RE2W_UNANCHORED && !sj->ascii;
  size_t one[2], *c = caps;
  int nc = ncaps;
  if (check && ncaps == 0) {
    c = one;
    nc = 1;
  }
  for (;;) {
    if (!re2w_match(re->re, sj->s, sj->n, pos, anchor, c, nc)) return false;
    if (!check || !continuation(sj, c[0])) return true;
    pos = c[0] + 1;
    while (continuation(sj, pos))
      pos++;
    if (pos > sj->n) return false;
  }
}

/* Width of the code point at off (0 at the end), as Go steps after an empty match. */
static size_t rune_width(const bi_subj *sj, size_t off) {
  if (off >= sj->n) return 0;
  size_t i = off;
  rt_utf8_next(sj->s, sj->n, &i);
  return i - off;
}

/* The substring [a, b) of the subject (in repaired offsets), sharing the caller's bytes. */
static rt_value *piece(const bi_subj *sj, size_t a, size_t b) {
  size_t oa = bi_subj_orig(sj, a), ob = bi_subj_orig(sj, b);
  return bi_str_ref(sj->orig + oa, ob - oa);
}

/* Go's allMatches: successive matches, at most `limit` (negative: all). */
typedef struct finder {
  const bi_re *re;
  const bi_subj *sj;
  size_t pos;
  int64_t prev_end; /* -1 before the first match */
  int64_t left;
  bool done;
} finder;

static void finder_init(finder *f, const bi_re *re, const bi_subj *sj, int64_t limit) {
  f->re = re;
  f->sj = sj;
  f->pos = 0;
  f->prev_end = -1;
  f->left = limit < 0 ? INT64_MAX : limit;
  f->done = false;
}

/* The next match kept by Go's loop, into caps[0..2*ncaps) (ncaps >= 1). */
static bool finder_next(finder *f, size_t *caps, int ncaps) {
  while (!f->done && f->left > 0 && f->pos <= f->sj->n) {
    if (!bi_re_search(f->re, f->sj, f->pos, RE2W_UNANCHORED, caps, ncaps)) break;
    bool accept = true;
    if (caps[1] == f->pos) {
      /* An empty match: not right after a previous match; move on one code point. */
      if ((int64_t)caps[0] == f->prev_end) accept = false;
      size_t w = rune_width(f->sj, f->pos);
      if (w > 0)
        f->pos += w;
      else
        f->done = true;
    } else {
      f->pos = caps[1];
    }
    f->prev_end = (int64_t)caps[1];
    if (accept) {
      f->left--;
      return true;
    }
  }
  f->done = true;
  return false;
}

/* ---- regex.match, re_match, regex.is_valid ------------------------------------------------ */

/* Checks two string operands and compiles the first; NULL (error recorded) on failure. */
static const bi_re *pattern_and_subject(const char *name, rt_value *pat, rt_value *val) {
  if (!rt_is(pat, RT_STRING)) return (const bi_re *)bi_type_err(name, 1, pat, "string");
  if (!rt_is(val, RT_STRING)) return (const bi_re *)bi_type_err(name, 2, val, "string");
  const bi_re *re = go_regex(pat);
  if (re->err) return (const bi_re *)rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", re->err);
  return re;
}

static rt_value *match(const char *name, rt_value *pat, rt_value *val) {
  const bi_re *re = pattern_and_subject(name, pat, val);
  if (!re) return NULL;
  bi_subj sj;
  bi_subj_init(&sj, S(val), N(val));
  return RT_BOOL(bi_re_search(re, &sj, 0, RE2W_UNANCHORED, NULL, 0));
}

rt_value *bi_regex_match(rt_value *pat, rt_value *val) {
  return match("regex.match", pat, val);
}

rt_value *bi_re_match(rt_value *pat, rt_value *val) {
  return match("re_match", pat, val);
}

rt_value *bi_regex_is_valid(rt_value *pat) {
  if (!rt_is(pat, RT_STRING)) return RT_FALSE;
  const bi_re *re = bi_re_cache_get('r', S(pat), N(pat));
  if (re && !re->err) return RT_TRUE;
  /* Validity is Go's parse alone, whether or not RE2 can run the pattern. */
  bi_gore g;
  bool ok = bi_gore_parse(S(pat), N(pat), &g);
  bi_gore_clear(&g);
  return RT_BOOL(ok);
}

/* ---- regex.split, regex.find_n, regex.find_all_string_submatch_n ---------------------------- */

rt_value *bi_regex_split(rt_value *pat, rt_value *val) {
  const bi_re *re = pattern_and_subject("regex.split", pat, val);
  if (!re) return NULL;
  rt_value *out = rt_array_new(2);
  if (N(pat) > 0 && N(val) == 0) {
    rt_array_push(out, val);
    return out;
  }
  bi_subj sj;
  bi_subj_init(&sj, S(val), N(val));
  finder f;
  size_t caps[2], beg = 0, end = 0;
  finder_init(&f, re, &sj, -1);
  while (finder_next(&f, caps, 1)) {
    end = caps[0];
    if (caps[1] != 0) rt_array_push(out, piece(&sj, beg, end));
    beg = caps[1];
  }
  if (end != sj.n) rt_array_push(out, piece(&sj, beg, sj.n));
  return out;
}

rt_value *bi_regex_find_n(rt_value *pat, rt_value *val, rt_value *num) {
  int64_t n;
  if (!rt_is(pat, RT_STRING)) return bi_type_err("regex.find_n", 1, pat, "string");
  if (!rt_is(val, RT_STRING)) return bi_type_err("regex.find_n", 2, val, "string");
  if (!bi_int_operand("regex.find_n", 3, num, &n)) return NULL;
  const bi_re *re = pattern_and_subject("regex.find_n", pat, val);
  if (!re) return NULL;
  bi_subj sj;
  bi_subj_init(&sj, S(val), N(val));
  rt_value *out = rt_array_new(4);
  finder f;
  size_t caps[2];
  finder_init(&f, re, &sj, n);
  while (finder_next(&f, caps, 1))
    rt_array_push(out, piece(&sj, caps[0], caps[1]));
  return out;
}

rt_value *bi_regex_find_all_string_submatch_n(rt_value *pat, rt_value *val, rt_value *num) {
  const char *name = "regex.find_all_string_submatch_n";
  int64_t n;
  if (!rt_is(pat, RT_STRING)) return bi_type_err(name, 1, pat, "string");
  if (!rt_is(val, RT_STRING)) return bi_type_err(name, 2, val, "string");
  if (!bi_int_operand(name, 3, num, &n)) return NULL;
  const bi_re *re = pattern_and_subject(name, pat, val);
  if (!re) return NULL;
  bi_subj sj;
  bi_subj_init(&sj, S(val), N(val));
  int ncaps = re->ncap + 1;
  size_t *caps = rt_alloc(2 * (size_t)ncaps * sizeof *caps);
  rt_value *out = rt_array_new(4), *empty = bi_str_ref("", 0);
  finder f;
  finder_init(&f, re, &sj, n);
  while (finder_next(&f, caps, ncaps)) {
    rt_value *m = rt_array_new((uint32_t)ncaps);
    for (int i = 0; i < ncaps; i++) {
      if (caps[2 * i] == RE2W_UNSET)
        rt_array_push(m, empty);
      else
        rt_array_push(m, piece(&sj, caps[2 * i], caps[2 * i + 1]));
    }
    rt_array_push(out, m);
  }
  return out;
}

/* ---- regex.replace ----------------------------------------------------------------------------
 */

/* Length of the longest prefix of s made of letters, digits and _ (Go's unicode.IsLetter,
 * IsDigit), as Regexp.Expand reads names. */
static size_t name_prefix(const char *s, size_t n) {
  if (!name_chars) {
    register_cleanup();
    name_chars = bi_re_from_re2("[\\pL\\p{Nd}_]+", 13);
  }
  size_t caps[2];
  if (!name_chars->re || !re2w_match(name_chars->re, s, n, 0, RE2W_ANCHOR_START, caps, 1)) return 0;
  return caps[1];
}

/* Go's Regexp.Expand: the template with $n, ${n}, $name, ${name} and $$ replaced. */
static void expand(rt_buf *out, const bi_re *re, const char *tpl, size_t tn, const bi_subj *sj,
                   const size_t *caps) {
  size_t i = 0;
  while (i < tn) {
    const char *dollar = memchr(tpl + i, '$', tn - i);
    if (!dollar) break;
    size_t d = (size_t)(dollar - tpl);
    rt_buf_put(out, tpl + i, d - i);
    i = d + 1;
    if (i < tn && tpl[i] == '$') {
      rt_buf_putc(out, '$');
      i++;
      continue;
    }
    /* extract: a name of letters, digits and _, possibly in braces */
    bool brace = i < tn && tpl[i] == '{';
    size_t ns = i + (brace ? 1 : 0);
    size_t nl = ns <= tn ? name_prefix(tpl + ns, tn - ns) : 0;
    size_t rest = ns + nl;
    if (nl == 0 || (brace && (rest >= tn || tpl[rest] != '}'))) {
      rt_buf_putc(out, '$'); /* malformed: the $ is plain text */
      continue;
    }
    if (brace) rest++;
    const char *name = tpl + ns;
    int64_t num = 0;
    for (size_t k = 0; k < nl; k++) {
      if (name[k] < '0' || name[k] > '9' || num >= 100000000) {
        num = -1;
        break;
      }
      num = num * 10 + (name[k] - '0');
    }
    if (name[0] == '0' && nl > 1) num = -1;
    i = rest;
    int group = -1;
    if (num >= 0) {
      if (num <= re->ncap) group = (int)num;
    } else if (re->names) {
      for (int g = 1; g <= re->ncap; g++) {
        const char *gn = re->names[g];
        if (gn && strlen(gn) == nl && memcmp(gn, name, nl) == 0 && caps[2 * g] != RE2W_UNSET) {
          group = g;
          break;
        }
      }
    }
    if (group >= 0 && caps[2 * group] != RE2W_UNSET) {
      size_t a = bi_subj_orig(sj, caps[2 * group]), b = bi_subj_orig(sj, caps[2 * group + 1]);
      rt_buf_put(out, sj->orig + a, b - a);
    }
  }
  rt_buf_put(out, tpl + i, tn - i);
}

rt_value *bi_regex_replace(rt_value *base, rt_value *pat, rt_value *val) {
  const char *name = "regex.replace";
  if (!rt_is(base, RT_STRING)) return bi_type_err(name, 1, base, "string");
  if (!rt_is(pat, RT_STRING)) return bi_type_err(name, 2, pat, "string");
  if (!rt_is(val, RT_STRING)) return bi_type_err(name, 3, val, "string");
  const bi_re *re = go_regex(pat);
  if (re->err) return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", re->err);
  bi_subj sj;
  bi_subj_init(&sj, S(base), N(base));
  bool dollar = memchr(S(val), '$', N(val)) != NULL;
  int ncaps = dollar ? re->ncap + 1 : 1;
  size_t *caps = rt_alloc(2 * (size_t)ncaps * sizeof *caps);
  size_t last_end = 0, search = 0;
  rt_buf out;
  rt_buf_init(&out, N(base) + 16);
  /* Go's replaceAll */
  while (search <= sj.n) {
    if (!bi_re_search(re, &sj, search, RE2W_UNANCHORED, caps, ncaps)) break;
    size_t a = bi_subj_orig(&sj, last_end), b = bi_subj_orig(&sj, caps[0]);
    rt_buf_put(&out, sj.orig + a, b - a);
    /* No replacement for an empty match right after a match. */
    if (caps[1] > last_end || caps[0] == 0) {
      if (dollar)
        expand(&out, re, S(val), N(val), &sj, caps);
      else
        rt_buf_put(&out, S(val), N(val));
    }
    last_end = caps[1];
    size_t w = rune_width(&sj, search);
    if (search + w > caps[1])
      search += w;
    else if (search + 1 > caps[1])
      search++;
    else
      search = caps[1];
  }
  size_t a = bi_subj_orig(&sj, last_end);
  rt_buf_put(&out, sj.orig + a, sj.on - a);
  if (out.len == N(base) && memcmp(out.data, S(base), out.len) == 0) return base;
  return rt_buf_string(&out);
}

/* ---- regex.template_match ----------------------------------------------------------------------
 */

static void quote_meta(rt_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (strchr("\\.+*?()|[]{}^$", s[i]) && s[i]) rt_buf_putc(b, '\\');
    rt_buf_putc(b, s[i]);
  }
}

/* OPA's compileRegexTemplate (from gorilla/mux): text outside the delimiters is literal,
 * each delimited part a group with its own pattern, the whole anchored. */
static bi_re *compile_template(const char *tpl, size_t n, char ds, char de) {
  rt_buf b;
  size_t *idx = rt_alloc((n + 2) * sizeof *idx), nidx = 0, start = 0;
  int level = 0;
  for (size_t i = 0; i < n; i++) {
    if (tpl[i] == ds) {
      if (++level == 1) start = i;
    } else if (tpl[i] == de) {
      if (--level == 0) {
        idx[nidx++] = start;
        idx[nidx++] = i + 1;
      } else if (level < 0) {
        break;
      }
    }
  }
  if (level != 0) {
    bi_re *re = new_re();
    rt_buf_init(&b, n + 32);
    rt_buf_puts(&b, "unbalanced braces in ");
    bi_go_quote(&b, tpl, n, false);
    rt_buf_putc(&b, '\0');
    re->err = dup_str(b.data);
    return re;
  }
  rt_buf_init(&b, n + 16);
  rt_buf_putc(&b, '^');
  size_t end = 0;
  for (size_t i = 0; i < nidx; i += 2) {
    const char *raw = tpl + end, *patt = tpl + idx[i] + 1;
    size_t rawn = idx[i] - end, pn = idx[i + 1] - 1 - (idx[i] + 1);
    end = idx[i + 1];
    quote_meta(&b, raw, rawn);
    rt_buf_putc(&b, '(');
    rt_buf_put(&b, patt, pn);
    rt_buf_putc(&b, ')');
    /* Each part must compile on its own, anchored. */
    rt_buf one;
    rt_buf_init(&one, pn + 2);
    rt_buf_putc(&one, '^');
    rt_buf_put(&one, patt, pn);
    rt_buf_putc(&one, '$');
    bi_gore g;
    if (!bi_gore_parse(one.data, one.len, &g)) {
      bi_re *re = new_re();
      re->err = g.err;
      g.err = NULL;
      bi_gore_clear(&g);
      return re;
    }
    bi_gore_clear(&g);
  }
  quote_meta(&b, tpl + end, n - end);
  rt_buf_putc(&b, '$');
  return bi_re_from_go(b.data, b.len);
}

rt_value *bi_regex_template_match(rt_value *tpl, rt_value *val, rt_value *ds, rt_value *de) {
  const char *name = "regex.template_match";
  if (!rt_is(tpl, RT_STRING)) return bi_type_err(name, 1, tpl, "string");
  if (!rt_is(val, RT_STRING)) return bi_type_err(name, 2, val, "string");
  if (!rt_is(ds, RT_STRING)) return bi_type_err(name, 3, ds, "string");
  if (!rt_is(de, RT_STRING)) return bi_type_err(name, 4, de, "string");
  if (N(ds) != 1)
    return rt_builtin_fail(RT_ERR_BUILTIN, name,
                           "start delimiter has to be exactly one character long but is %zu long",
                           N(ds));
  /* OPA reports the start delimiter's length here too. */
  if (N(de) != 1)
    return rt_builtin_fail(RT_ERR_BUILTIN, name,
                           "end delimiter has to be exactly one character long but is %zu long",
                           N(ds));
  /* key: the two delimiters, then the template */
  size_t kn = N(tpl) + 2;
  char *key = rt_alloc(kn);
  key[0] = S(ds)[0];
  key[1] = S(de)[0];
  memcpy(key + 2, S(tpl), N(tpl));
  const bi_re *re = bi_re_cache_get('t', key, kn);
  if (!re) re = bi_re_cache_put('t', key, kn, compile_template(S(tpl), N(tpl), S(ds)[0], S(de)[0]));
  if (re->err) return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", re->err);
  bi_subj sj;
  bi_subj_init(&sj, S(val), N(val));
  return RT_BOOL(bi_re_search(re, &sj, 0, RE2W_UNANCHORED, NULL, 0));
}
