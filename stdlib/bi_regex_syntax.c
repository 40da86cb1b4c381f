/* bi_regex_syntax.c: Go's regexp syntax (regexp/syntax with the Perl flags that
 * regexp.Compile uses), checked here and handed to RE2 in a form both engines read alike.
 *
 * OPA compiles policy regexes with Go's regexp; regoc matches them with RE2. The two share
 * their design (Go's parser was ported from RE2's) but not every detail, so RE2 never sees a
 * policy's pattern. This file parses the pattern the way Go's parser does, step by step on
 * the same stack of partial expressions, so that it accepts exactly the patterns Go accepts
 * and reports the first error Go reports, worded as Go words it ("error parsing regexp:
 * missing closing ]: `[a`"). From the parse tree it then writes an RE2 pattern free of the
 * differences:
 *   - named groups (?P<n>x) and (?<n>x) become plain groups (RE2 of Debian 12 rejects the
 *     (?<n> form; names are kept aside for regex.replace's ${n});
 *   - flags are resolved per node, so (?i), (?m), (?s) and (?U) never reach RE2: folded
 *     literals and classes are wrapped in (?i:...), ^ and $ become \A, \z, (?m:^), (?m:$),
 *     . becomes (?s:.) or (?-s:.), and repetitions carry their final greediness;
 *   - every escaped or non-alphanumeric literal is written \x{H}, so octal escapes, \Q..\E
 *     and Go's rule that `{` is a literal when it does not form a repeat never depend on
 *     RE2's reading of them;
 *   - \C (any byte), which RE2 accepts, is rejected as Go rejects it;
 *   - Unicode class names are looked up as Go does (case-insensitively, with the category
 *     aliases of Go 1.25 such as \p{Letter}, and \p{ASCII}, \p{LC}) and written with the
 *     names RE2 knows.
 * Go's limits are enforced as Go enforces them: repeat counts up to 1000 (also as a product
 * of nested counts), program size (3.3M instructions, by Go's own size estimate) and nesting
 * depth (1000). Go's estimates are computed on its tree after its literal merging; this tree
 * merges literals the same way but does not factor alternations (ab|ac), so sizes near the
 * limit can differ; Go's cap on the total runes of classes (32M) is not enforced.
 * Not translatable (reported as errors naming regoc, never as wrong answers): \p{Cn},
 * \p{Assigned} and a negated \p{LC} inside a class, which RE2 has no tables for.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bi_regex.h"

/* ---- malloc'd buffers ---------------------------------------------------------------------- */

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("regoc runtime: out of memory\n", stderr);
    abort();
  }
  return p;
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) {
    fputs("regoc runtime: out of memory\n", stderr);
    abort();
  }
  return p;
}

static char *xstrndup(const char *s, size_t n) {
  char *d = xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

typedef struct sbuf {
  char *d;
  size_t n, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->d = xrealloc(b->d, b->cap);
  }
  memcpy(b->d + b->n, s, n);
  b->n += n;
  b->d[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s) {
  sb_put(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...) {
  char tmp[64];
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_put(b, tmp, k < 0 ? 0 : (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* ---- parse tree ---------------------------------------------------------------------------- */

typedef enum nkind {
  N_LIT,    /* runes (a string after merging) */
  N_CLASS,  /* a character class, kept as the body of an RE2 class */
  N_ANYNL,  /* . */
  N_ANY,    /* . with s */
  N_BOL,    /* ^ with m */
  N_EOL,    /* $ with m */
  N_BOT,    /* ^, \A */
  N_EOT,    /* $, \z */
  N_WB,     /* \b */
  N_NWB,    /* \B */
  N_EMPTY,  /* () */
  N_CAP,    /* (x) */
  N_STAR,   /* x* */
  N_PLUS,   /* x+ */
  N_QUEST,  /* x? */
  N_REPEAT, /* x{n,m} */
  N_CONCAT, /* xy */
  N_ALT,    /* x|y */
  P_LPAREN, /* pseudo: an open ( on the stack */
  P_VBAR,   /* pseudo: the alternatives of an unfinished x|y| */
} nkind;

typedef struct node {
  nkind kind;
  bool fold;      /* LIT, CLASS: (?i) */
  bool nongreedy; /* STAR, PLUS, QUEST, REPEAT */
  bool neg;       /* CLASS: [^...] */
  int min, max;   /* REPEAT (max -1: unbounded) */
  int cap;        /* P_LPAREN: group number, 0 for (?:...) */
  unsigned flags; /* P_LPAREN: the flags to restore at ) */
  int64_t size;   /* Go's calcSize */
  int height;     /* Go's calcHeight */
  uint32_t *runes;
  size_t nrunes, rcap;
  char *text; /* CLASS body */
  size_t tlen;
  struct node **subs;
  size_t nsubs, subcap;
} node;

/* Parse flags (Go's FoldCase, OneLine, DotNL, NonGreedy; the other Perl flags are fixed). */
enum { F_FOLD = 1, F_ONELINE = 2, F_DOTNL = 4, F_NONGREEDY = 8 };

/* Go's limits (regexp/syntax/parse.go). */
#define MAX_REPEAT 1000
#define MAX_HEIGHT 1000
#define MAX_SIZE ((int64_t)(128 << 20) / 40)

/* Go's error codes. */
#define E_INVALID_CHAR_CLASS "invalid character class"
#define E_INVALID_CHAR_RANGE "invalid character class range"
#define E_INVALID_ESCAPE "invalid escape sequence"
#define E_INVALID_NAMED_CAPTURE "invalid named capture"
#define E_INVALID_PERL_OP "invalid or unsupported Perl syntax"
#define E_INVALID_REPEAT_OP "invalid nested repetition operator"
#define E_INVALID_REPEAT_SIZE "invalid repeat count"
#define E_INVALID_UTF8 "invalid UTF-8"
#define E_MISSING_BRACKET "missing closing ]"
#define E_MISSING_PAREN "missing closing )"
#define E_MISSING_REPEAT_ARG "missing argument to repetition operator"
#define E_TRAILING_BACKSLASH "trailing backslash at end of expression"
#define E_UNEXPECTED_PAREN "unexpected )"
#define E_NESTING_DEPTH "expression nests too deeply"
#define E_LARGE "expression too large"

typedef struct parser {
  const char *whole; /* the pattern */
  size_t wlen;
  unsigned flags;
  node **stack;
  size_t sn, scap;
  int ncap;
  char **names; /* names[cap], grown as groups open */
  size_t namescap;
  node **all; /* every node, to free */
  size_t nall, allcap;
  char *err;   /* Go's message, once an error is found */
  char *unsup; /* the first construct that cannot be translated */
} parser;

static node *new_node(parser *p, nkind k) {
  node *n = xmalloc(sizeof *n);
  memset(n, 0, sizeof *n);
  n->kind = k;
  n->size = 1;
  n->height = 1;
  if (p->nall == p->allcap) {
    p->allcap = p->allcap ? p->allcap * 2 : 32;
    p->all = xrealloc(p->all, p->allcap * sizeof *p->all);
  }
  p->all[p->nall++] = n;
  return n;
}

static void add_sub(node *n, node *sub) {
  if (n->nsubs == n->subcap) {
    n->subcap = n->subcap ? n->subcap * 2 : 2;
    n->subs = xrealloc(n->subs, n->subcap * sizeof *n->subs);
  }
  n->subs[n->nsubs++] = sub;
}

static void add_rune(node *n, uint32_t r) {
  if (n->nrunes == n->rcap) {
    n->rcap = n->rcap ? n->rcap * 2 : 4;
    n->runes = xrealloc(n->runes, n->rcap * sizeof *n->runes);
  }
  n->runes[n->nrunes++] = r;
}

static bool is_pseudo(const node *n) {
  return n->kind == P_LPAREN || n->kind == P_VBAR;
}

/* Records Go's error "error parsing regexp: CODE: `EXPR`"; returns false. */
static bool fail(parser *p, const char *code, const char *expr, size_t n) {
  if (!p->err) {
    sbuf b = {0};
    sb_puts(&b, "error parsing regexp: ");
    sb_puts(&b, code);
    sb_puts(&b, ": `");
    sb_put(&b, expr, n);
    sb_puts(&b, "`");
    p->err = b.d;
  }
  return false;
}

static void unsupported(parser *p, const char *what, const char *expr, size_t n) {
  if (!p->unsup) {
    sbuf b = {0};
    sb_puts(&b, what);
    sb_puts(&b, ": `");
    sb_put(&b, expr, n);
    sb_puts(&b, "`");
    p->unsup = b.d;
  }
}

/* Go's nextRune: the size of the rune at s (0 at the end, where r is U+FFFD as Go's
 * DecodeRuneInString gives), or -1 for an invalid byte. */
static int next_rune(const char *s, const char *end, uint32_t *r) {
  if (s >= end) {
    *r = 0xFFFD;
    return 0;
  }
  size_t i = 0;
  *r = rt_utf8_next(s, (size_t)(end - s), &i);
  if (*r == 0xFFFD && i == 1) return -1;
  return (int)i;
}

/* The invalid byte at s: Go's ErrInvalidUTF8 names the rest of the string from there. */
static bool err_utf8(parser *p, const char *s, const char *end) {
  return fail(p, E_INVALID_UTF8, s, (size_t)(end - s));
}

/* Go's checkUTF8 on s[..end). */
static bool check_utf8(parser *p, const char *s, const char *end) {
  while (s < end) {
    uint32_t r;
    int w = next_rune(s, end, &r);
    if (w < 0) return err_utf8(p, s, end);
    s += w;
  }
  return true;
}

static bool is_alnum(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int unhex(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
  return -1;
}

/* ---- Go's size and height limits --------------------------------------------------------- */

static void measure(node *n) {
  int64_t size = 0;
  int h = 0;
  for (size_t i = 0; i < n->nsubs; i++) {
    if (n->subs[i]->height > h) h = n->subs[i]->height;
  }
  n->height = 1 + h;
  int64_t sub = n->nsubs ? n->subs[0]->size : 0;
  switch (n->kind) {
  case N_LIT:
    size = (int64_t)n->nrunes;
    break;
  case N_CAP:
  case N_STAR:
    size = 2 + sub;
    break;
  case N_PLUS:
  case N_QUEST:
    size = 1 + sub;
    break;
  case N_CONCAT:
  case N_ALT:
    for (size_t i = 0; i < n->nsubs; i++)
      size += n->subs[i]->size;
    if (n->kind == N_ALT && n->nsubs > 1) size += (int64_t)n->nsubs - 1;
    break;
  case N_REPEAT:
    if (n->max == -1)
      size = n->min == 0 ? 2 + sub : 1 + (int64_t)n->min * sub;
    else
      size = (int64_t)n->max * sub + (n->max - n->min);
    break;
  default:
    break;
  }
  n->size = size < 1 ? 1 : size;
}

/* Go's checkLimits for a node about to join the stack. */
static bool check_limits(parser *p, node *n) {
  measure(n);
  if (n->size > MAX_SIZE) return fail(p, E_LARGE, p->whole, p->wlen);
  if (n->height > MAX_HEIGHT) return fail(p, E_NESTING_DEPTH, p->whole, p->wlen);
  return true;
}

/* Go's repeatIsValid: nested counts multiply to at most n copies of the innermost item. */
static bool repeat_valid(const node *re, int n) {
  if (re->kind == N_REPEAT) {
    int m = re->max;
    if (m == 0) return true;
    if (m < 0) m = re->min;
    if (m > n) return false;
    if (m > 0) n /= m;
  }
  for (size_t i = 0; i < re->nsubs; i++)
    if (!repeat_valid(re->subs[i], n)) return false;
  return true;
}

/* ---- the parse stack --------------------------------------------------------------------- */

static bool push(parser *p, node *n) {
  if (!is_pseudo(n) && !check_limits(p, n)) return false;
  if (p->sn == p->scap) {
    p->scap = p->scap ? p->scap * 2 : 16;
    p->stack = xrealloc(p->stack, p->scap * sizeof *p->stack);
  }
  p->stack[p->sn++] = n;
  return true;
}

static bool literal(parser *p, uint32_t r) {
  node *n = new_node(p, N_LIT);
  n->fold = (p->flags & F_FOLD) != 0;
  add_rune(n, r);
  return push(p, n);
}

static bool op(parser *p, nkind k) {
  return push(p, new_node(p, k));
}

static bool push_lparen(parser *p, int cap, const char *name, size_t nlen) {
  node *n = new_node(p, P_LPAREN);
  n->cap = cap;
  n->flags = p->flags;
  if (cap > 0) {
    if ((size_t)cap >= p->namescap) {
      size_t old = p->namescap;
      p->namescap = (size_t)cap * 2 + 8;
      p->names = xrealloc(p->names, p->namescap * sizeof *p->names);
      memset(p->names + old, 0, (p->namescap - old) * sizeof *p->names);
    }
    if (name) p->names[cap] = xstrndup(name, nlen);
  }
  return push(p, n);
}

/* Go's collapse: applies CONCAT or ALT to subs, hoisting nested nodes of the same kind and
 * (for concatenations) merging adjacent literals of the same case sensitivity, as Go's
 * incremental maybeConcat does. */
static node *collapse(parser *p, node **subs, size_t n, nkind k) {
  if (n == 1) return subs[0];
  node *re = new_node(p, k);
  for (size_t i = 0; i < n; i++) {
    node *s = subs[i];
    size_t m = s->kind == k ? s->nsubs : 1;
    for (size_t j = 0; j < m; j++) {
      node *x = s->kind == k ? s->subs[j] : s;
      node *last = re->nsubs ? re->subs[re->nsubs - 1] : NULL;
      if (k == N_CONCAT && last && last->kind == N_LIT && x->kind == N_LIT &&
          last->fold == x->fold) {
        /* Both are consumed by this collapse, so last can grow in place. */
        for (size_t r = 0; r < x->nrunes; r++)
          add_rune(last, x->runes[r]);
        measure(last);
        continue;
      }
      add_sub(re, x);
    }
  }
  if (re->nsubs == 1) return re->subs[0];
  return re;
}

/* Go's concat: the items above the topmost pseudo-node become one node. */
static bool concat(parser *p) {
  size_t i = p->sn;
  while (i > 0 && !is_pseudo(p->stack[i - 1]))
    i--;
  size_t n = p->sn - i;
  p->sn = i;
  if (n == 0) return push(p, new_node(p, N_EMPTY));
  return push(p, collapse(p, p->stack + i, n, N_CONCAT));
}

/* Moves the node on top into the alternatives below it, if there are any. */
static bool fold_into_vbar(parser *p) {
  if (p->sn >= 2 && p->stack[p->sn - 2]->kind == P_VBAR) {
    add_sub(p->stack[p->sn - 2], p->stack[p->sn - 1]);
    p->sn--;
    return true;
  }
  return false;
}

/* Go's parseVerticalBar. */
static bool vertical_bar(parser *p) {
  if (!concat(p)) return false;
  if (!fold_into_vbar(p)) {
    node *v = new_node(p, P_VBAR);
    add_sub(v, p->stack[p->sn - 1]);
    p->stack[p->sn - 1] = v;
  }
  return true;
}

/* Go's concat + swapVerticalBar + alternate, at ) and at the end. */
static bool finish_alternation(parser *p) {
  if (!concat(p)) return false;
  fold_into_vbar(p);
  node *top = p->stack[p->sn - 1];
  if (top->kind != P_VBAR) return true;
  p->sn--;
  return push(p, collapse(p, top->subs, top->nsubs, N_ALT));
}

static bool right_paren(parser *p) {
  if (!finish_alternation(p)) return false;
  if (p->sn < 2) return fail(p, E_UNEXPECTED_PAREN, p->whole, p->wlen);
  node *re1 = p->stack[p->sn - 1], *re2 = p->stack[p->sn - 2];
  p->sn -= 2;
  if (re2->kind != P_LPAREN) return fail(p, E_UNEXPECTED_PAREN, p->whole, p->wlen);
  p->flags = re2->flags;
  if (re2->cap == 0) return push(p, re1);
  node *c = new_node(p, N_CAP);
  c->cap = re2->cap;
  add_sub(c, re1);
  return push(p, c);
}

/* Go's repeat: the item on top of the stack, repeated. before points at the operator,
 * *after just past it; lastRepeat at the previous operator if the last item was one. */
static bool repeat(parser *p, nkind k, int min, int max, const char *before, const char **after,
                   const char *end, const char *last_repeat) {
  unsigned flags = p->flags;
  const char *a = *after;
  if (a < end && *a == '?') {
    a++;
    flags ^= F_NONGREEDY;
  }
  if (last_repeat) return fail(p, E_INVALID_REPEAT_OP, last_repeat, (size_t)(a - last_repeat));
  if (p->sn == 0 || is_pseudo(p->stack[p->sn - 1]))
    return fail(p, E_MISSING_REPEAT_ARG, before, (size_t)(a - before));
  node *re = new_node(p, k);
  re->min = min;
  re->max = max;
  re->nongreedy = (flags & F_NONGREEDY) != 0;
  add_sub(re, p->stack[p->sn - 1]);
  p->stack[p->sn - 1] = re;
  if (!check_limits(p, re)) return false;
  if (k == N_REPEAT && (min >= 2 || max >= 2) && !repeat_valid(re, MAX_REPEAT))
    return fail(p, E_INVALID_REPEAT_SIZE, before, (size_t)(a - before));
  *after = a;
  return true;
}

/* Go's parseInt: decimal digits without leading zeros; -1 when the value reaches 1e8. */
static bool parse_int(const char **sp, const char *end, int *n) {
  const char *s = *sp, *t;
  if (s == end || *s < '0' || *s > '9') return false;
  if (end - s >= 2 && s[0] == '0' && s[1] >= '0' && s[1] <= '9') return false;
  t = s;
  while (s < end && *s >= '0' && *s <= '9')
    s++;
  *n = 0;
  for (const char *q = t; q < s; q++) {
    if (*n >= 100000000) {
      *n = -1;
      break;
    }
    *n = *n * 10 + (*q - '0');
  }
  *sp = s;
  return true;
}

/* Go's parseRepeat: {n}, {n,} or {n,m}; false if s does not have that form. */
static bool parse_repeat(const char *s, const char *end, int *min, int *max, const char **rest) {
  if (s == end || *s != '{') return false;
  s++;
  if (!parse_int(&s, end, min)) return false;
  if (s == end) return false;
  if (*s != ',') {
    *max = *min;
  } else {
    s++;
    if (s == end) return false;
    if (*s == '}') {
      *max = -1;
    } else {
      if (!parse_int(&s, end, max)) return false;
      if (*max < 0) *min = -1;
    }
  }
  if (s == end || *s != '}') return false;
  *rest = s + 1;
  return true;
}

/* Go's parseEscape: the rune an escape at *sp denotes. */
static bool parse_escape(parser *p, const char **sp, const char *end, uint32_t *out) {
  const char *s = *sp, *q = s + 1;
  uint32_t c;
  int w;
  if (q == end) return fail(p, E_TRAILING_BACKSLASH, "", 0);
  if ((w = next_rune(q, end, &c)) < 0) return err_utf8(p, q, end);
  q += w;
  switch (c) {
  default:
    if (c < 0x80 && !is_alnum(c)) {
      /* Escaped punctuation is itself (Go allows \_ too). */
      *out = c;
      *sp = q;
      return true;
    }
    break;
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
    /* A single digit would be a backreference: not supported. */
    if (q == end || *q < '0' || *q > '7') break;
    /* fall through */
  case '0': {
    uint32_t v = c - '0';
    for (int i = 1; i < 3; i++) {
      if (q == end || *q < '0' || *q > '7') break;
      v = v * 8 + (uint32_t)(*q - '0');
      q++;
    }
    *out = v;
    *sp = q;
    return true;
  }
  case 'x': {
    if (q == end) break;
    if ((w = next_rune(q, end, &c)) < 0) return err_utf8(p, q, end);
    q += w;
    if (c == '{') {
      int nhex = 0;
      uint32_t v = 0;
      for (;;) {
        if (q == end) goto bad;
        if ((w = next_rune(q, end, &c)) < 0) return err_utf8(p, q, end);
        q += w;
        if (c == '}') break;
        int d = unhex(c);
        if (d < 0) goto bad;
        v = v * 16 + (uint32_t)d;
        if (v > 0x10FFFF) goto bad;
        nhex++;
      }
      if (nhex == 0) goto bad;
      *out = v;
      *sp = q;
      return true;
    }
    int x = unhex(c);
    if ((w = next_rune(q, end, &c)) < 0) return err_utf8(p, q, end);
    q += w;
    int y = unhex(c);
    if (x < 0 || y < 0) break;
    *out = (uint32_t)(x * 16 + y);
    *sp = q;
    return true;
  }
  case 'a':
    *out = '\a';
    *sp = q;
    return true;
  case 'f':
    *out = '\f';
    *sp = q;
    return true;
  case 'n':
    *out = '\n';
    *sp = q;
    return true;
  case 'r':
    *out = '\r';
    *sp = q;
    return true;
  case 't':
    *out = '\t';
    *sp = q;
    return true;
  case 'v':
    *out = '\v';
    *sp = q;
    return true;
  }
bad:
  return fail(p, E_INVALID_ESCAPE, s, (size_t)(q - s));
}

/* ---- Unicode classes ------------------------------------------------------------------------ */

/* Go's canonicalName: separators _ - and space dropped, first letter upper, rest lower. */
static size_t canonical_name(const char *name, size_t n, char *out, size_t cap) {
  size_t k = 0;
  bool first = true;
  for (size_t i = 0; i < n && k + 1 < cap; i++) {
    char c = name[i];
    if (c == '_' || c == '-' || c == ' ') continue;
    if (first) {
      if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
      first = false;
    } else if (c >= 'A' && c <= 'Z') {
      c = (char)(c - 'A' + 'a');
    }
    out[k++] = c;
  }
  out[k] = '\0';
  return k;
}

/* Unicode's long names of the general categories (Go's unicode.CategoryAliases), keyed by
 * their canonical form. */
static const char *const category_aliases[][2] = {
    {"Casedletter", "LC"},
    {"Closepunctuation", "Pe"},
    {"Cntrl", "Cc"},
    {"Combiningmark", "M"},
    {"Connectorpunctuation", "Pc"},
    {"Control", "Cc"},
    {"Currencysymbol", "Sc"},
    {"Dashpunctuation", "Pd"},
    {"Decimalnumber", "Nd"},
    {"Digit", "Nd"},
    {"Enclosingmark", "Me"},
    {"Finalpunctuation", "Pf"},
    {"Format", "Cf"},
    {"Initialpunctuation", "Pi"},
    {"Letter", "L"},
    {"Letternumber", "Nl"},
    {"Lineseparator", "Zl"},
    {"Lowercaseletter", "Ll"},
    {"Mark", "M"},
    {"Mathsymbol", "Sm"},
    {"Modifierletter", "Lm"},
    {"Modifiersymbol", "Sk"},
    {"Nonspacingmark", "Mn"},
    {"Number", "N"},
    {"Openpunctuation", "Ps"},
    {"Other", "C"},
    {"Otherletter", "Lo"},
    {"Othernumber", "No"},
    {"Otherpunctuation", "Po"},
    {"Othersymbol", "So"},
    {"Paragraphseparator", "Zp"},
    {"Privateuse", "Co"},
    {"Punct", "P"},
    {"Punctuation", "P"},
    {"Separator", "Z"},
    {"Spaceseparator", "Zs"},
    {"Spacingmark", "Mc"},
    {"Surrogate", "Cs"},
    {"Symbol", "S"},
    {"Titlecaseletter", "Lt"},
    {"Unassigned", "Cn"},
    {"Uppercaseletter", "Lu"},
};

/* The general categories and scripts of Go's unicode tables (Unicode 16; RE2 may know fewer,
 * which makes those unsupported rather than invalid). */
static const char *const unicode_names[] = {
    "C",
    "Cc",
    "Cf",
    "Co",
    "Cs",
    "L",
    "Ll",
    "Lm",
    "Lo",
    "Lt",
    "Lu",
    "M",
    "Mc",
    "Me",
    "Mn",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Pe",
    "Pf",
    "Pi",
    "Po",
    "Ps",
    "S",
    "Sc",
    "Sk",
    "Sm",
    "So",
    "Z",
    "Zl",
    "Zp",
    "Zs",
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Garay",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Gurung_Khema",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Kirat_Rai",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Ol_Onal",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Sunuwar",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Todhri",
    "Toto",
    "Tulu_Tigalari",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
};

/* Whether RE2 knows \p{name}. */
static bool re2_knows(const char *name, size_t n) {
  sbuf b = {0};
  sb_puts(&b, "\\p{");
  sb_put(&b, name, n);
  sb_puts(&b, "}");
  re2w *re = re2w_new(b.d, b.n, NULL, 0);
  free(b.d);
  if (!re) return false;
  re2w_free(re);
  return true;
}

/* Appends the class body for \p{name} (sign > 0) or \P{name} to body. Returns 1 if Go knows
 * the name, 0 if not. A name Go knows but RE2 cannot express here is reported unsupported.
 * *negate_all may be set (outside classes only) to negate the whole class instead. */
static int unicode_class(parser *p, const char *name, size_t n, int sign, bool *negate_all,
                         sbuf *body, const char *seq, size_t seqlen) {
  char canon[64];
  const char *use = NULL;
  size_t ulen = 0;
  if (n < sizeof canon) {
    ulen = canonical_name(name, n, canon, sizeof canon);
    if (strcmp(canon, "Ascii") == 0) {
      sb_puts(body, sign > 0 ? "\\x{0}-\\x{7F}" : "\\x{80}-\\x{10FFFF}");
      return 1;
    }
    for (size_t i = 0; i < sizeof category_aliases / sizeof category_aliases[0]; i++) {
      if (strcmp(canon, category_aliases[i][0]) == 0) {
        strcpy(canon, category_aliases[i][1]);
        ulen = strlen(canon);
        break;
      }
    }
    if (strcmp(canon, "Any") == 0) {
      sb_puts(body, sign > 0 ? "\\p{Any}" : "\\P{Any}");
      return 1;
    }
    if (strcmp(canon, "Lc") == 0 || strcmp(canon, "LC") == 0) {
      if (sign > 0 || negate_all) {
        sb_puts(body, "\\p{Lu}\\p{Ll}\\p{Lt}");
        if (sign < 0) *negate_all = !*negate_all;
      } else {
        unsupported(p, "regoc cannot translate this Unicode class", seq, seqlen);
      }
      return 1;
    }
    if (strcmp(canon, "Assigned") == 0 || strcmp(canon, "Cn") == 0) {
      unsupported(p, "regoc cannot translate this Unicode class", seq, seqlen);
      return 1;
    }
  }
  /* Go looks names up in canonical form; RE2 wants Unicode's spelling. */
  if (n >= sizeof canon) return 0;
  for (size_t i = 0; i < sizeof unicode_names / sizeof unicode_names[0]; i++) {
    char c2[64];
    canonical_name(unicode_names[i], strlen(unicode_names[i]), c2, sizeof c2);
    if (strcmp(c2, canon) == 0) {
      use = unicode_names[i];
      ulen = strlen(use);
      break;
    }
  }
  if (!use) return 0;
  if (!re2_knows(use, ulen)) {
    unsupported(p, "RE2 has no table for this Unicode class", seq, seqlen);
    return 1;
  }
  sb_puts(body, sign > 0 ? "\\p{" : "\\P{");
  sb_put(body, use, ulen);
  sb_puts(body, "}");
  return 1;
}

/* Go's parseUnicodeClass at *sp: 1 if a class was parsed (body appended), 0 if *sp is not
 * \p or \P, -1 on error. */
static int parse_unicode_class(parser *p, const char **sp, const char *end, sbuf *body,
                               bool *negate_all) {
  const char *s = *sp, *t, *name, *name_end, *seq_end;
  uint32_t c;
  int w;
  if (end - s < 2 || s[0] != '\\' || (s[1] != 'p' && s[1] != 'P')) return 0;
  int sign = s[1] == 'P' ? -1 : 1;
  t = s + 2;
  if ((w = next_rune(t, end, &c)) < 0) {
    err_utf8(p, t, end);
    return -1;
  }
  t += w;
  if (c != '{') {
    seq_end = t;
    name = s + 2;
    name_end = t;
  } else {
    const char *e = memchr(s, '}', (size_t)(end - s));
    if (!e) {
      if (check_utf8(p, s, end)) fail(p, E_INVALID_CHAR_RANGE, s, (size_t)(end - s));
      return -1;
    }
    seq_end = t = e + 1;
    name = s + 3;
    name_end = e;
    if (!check_utf8(p, name, name_end)) return -1;
  }
  if (name < name_end && *name == '^') {
    sign = -sign;
    name++;
  }
  if (!unicode_class(p, name, (size_t)(name_end - name), sign, negate_all, body, s,
                     (size_t)(seq_end - s))) {
    fail(p, E_INVALID_CHAR_RANGE, s, (size_t)(seq_end - s));
    return -1;
  }
  *sp = t;
  return 1;
}

/* ---- character classes ---------------------------------------------------------------------- */

static const char *const posix_groups[] = {
    "[:alnum:]", "[:alpha:]", "[:ascii:]", "[:blank:]", "[:cntrl:]", "[:digit:]", "[:graph:]",
    "[:lower:]", "[:print:]", "[:punct:]", "[:space:]", "[:upper:]", "[:word:]",  "[:xdigit:]",
};

static bool posix_group(const char *s, size_t n) {
  char name[16];
  if (n >= sizeof name) return false;
  /* [:^alpha:] is the negation of [:alpha:] */
  if (n > 3 && s[2] == '^') {
    name[0] = '[';
    name[1] = ':';
    memcpy(name + 2, s + 3, n - 3);
    n--;
  } else {
    memcpy(name, s, n);
  }
  name[n] = '\0';
  for (size_t i = 0; i < sizeof posix_groups / sizeof posix_groups[0]; i++)
    if (strcmp(name, posix_groups[i]) == 0) return true;
  return false;
}

static void put_hex_rune(sbuf *b, uint32_t r) {
  sb_printf(b, "\\x{%X}", (unsigned)r);
}

/* Go's parseClassChar. */
static bool parse_class_char(parser *p, const char **sp, const char *end, const char *whole,
                             uint32_t *r) {
  const char *s = *sp;
  if (s == end) return fail(p, E_MISSING_BRACKET, whole, (size_t)(end - whole));
  if (*s == '\\') return parse_escape(p, sp, end, r);
  int w = next_rune(s, end, r);
  if (w < 0) return err_utf8(p, s, end);
  *sp = s + w;
  return true;
}

static bool is_perl_class(const char *s, const char *end) {
  return end - s >= 2 && s[0] == '\\' && s[1] && strchr("dDsSwW", s[1]);
}

/* Go's parseClass at *sp ('['). */
static bool parse_class(parser *p, const char **sp, const char *end) {
  const char *s = *sp, *q = s + 1;
  node *re = new_node(p, N_CLASS);
  sbuf body = {0};
  bool ok = false, first = true;
  re->fold = (p->flags & F_FOLD) != 0;
  if (q < end && *q == '^') {
    re->neg = true;
    q++;
  }
  while (q == end || *q != ']' || first) {
    first = false;
    if (end - q > 2 && q[0] == '[' && q[1] == ':') {
      const char *e = NULL;
      for (const char *x = q + 2; x + 1 < end; x++) {
        if (x[0] == ':' && x[1] == ']') {
          e = x;
          break;
        }
      }
      if (e) {
        size_t n = (size_t)(e + 2 - q);
        if (!posix_group(q, n)) {
          fail(p, E_INVALID_CHAR_RANGE, q, n);
          goto out;
        }
        sb_put(&body, q, n);
        q = e + 2;
        continue;
      }
    }
    int k = parse_unicode_class(p, &q, end, &body, NULL);
    if (k < 0) goto out;
    if (k > 0) continue;
    if (is_perl_class(q, end)) {
      sb_put(&body, q, 2);
      q += 2;
      continue;
    }
    const char *rng = q;
    uint32_t lo, hi;
    if (!parse_class_char(p, &q, end, s, &lo)) goto out;
    hi = lo;
    if (end - q >= 2 && q[0] == '-' && q[1] != ']') {
      q++;
      if (!parse_class_char(p, &q, end, s, &hi)) goto out;
      if (hi < lo) {
        fail(p, E_INVALID_CHAR_RANGE, rng, (size_t)(q - rng));
        goto out;
      }
    }
    put_hex_rune(&body, lo);
    if (hi != lo) {
      sb_puts(&body, "-");
      put_hex_rune(&body, hi);
    }
  }
  q++; /* ] */
  re->text = body.d ? body.d : xstrndup("", 0);
  re->tlen = body.n;
  body.d = NULL;
  *sp = q;
  ok = push(p, re);
out:
  free(body.d);
  return ok;
}

/* ---- flags and groups ------------------------------------------------------------------------ */

static bool valid_capture_name(const char *s, const char *end) {
  if (s == end) return false;
  for (; s < end; s++)
    if (*s != '_' && !is_alnum((unsigned char)*s)) return false;
  return true;
}

/* Go's parsePerlFlags at *sp ("(?"): named groups, (?flags), (?flags:. */
static bool perl_flags(parser *p, const char **sp, const char *end) {
  const char *s = *sp, *q;
  size_t len = (size_t)(end - s);
  bool with_p = len > 4 && s[2] == 'P' && s[3] == '<';
  bool with_name = len > 3 && s[2] == '<';
  if (with_p || with_name) {
    const char *name = s + (with_p ? 4 : 3);
    const char *gt = memchr(s, '>', len);
    if (!gt) {
      if (!check_utf8(p, s, end)) return false;
      return fail(p, E_INVALID_NAMED_CAPTURE, s, len);
    }
    if (!check_utf8(p, name, gt)) return false;
    if (!valid_capture_name(name, gt))
      return fail(p, E_INVALID_NAMED_CAPTURE, s, (size_t)(gt + 1 - s));
    p->ncap++;
    if (!push_lparen(p, p->ncap, name, (size_t)(gt - name))) return false;
    *sp = gt + 1;
    return true;
  }
  unsigned flags = p->flags;
  int sign = 1;
  bool saw = false;
  q = s + 2;
  while (q < end) {
    uint32_t c;
    int w = next_rune(q, end, &c);
    if (w < 0) return err_utf8(p, q, end);
    q += w;
    switch (c) {
    case 'i':
      flags |= F_FOLD;
      saw = true;
      break;
    case 'm':
      flags &= ~(unsigned)F_ONELINE;
      saw = true;
      break;
    case 's':
      flags |= F_DOTNL;
      saw = true;
      break;
    case 'U':
      flags |= F_NONGREEDY;
      saw = true;
      break;
    case '-':
      if (sign < 0) goto bad;
      sign = -1;
      flags = ~flags; /* so that the cases above clear flags */
      saw = false;
      break;
    case ':':
    case ')':
      if (sign < 0) {
        if (!saw) goto bad;
        flags = ~flags;
      }
      if (c == ':' && !push_lparen(p, 0, NULL, 0)) return false;
      p->flags = flags;
      *sp = q;
      return true;
    default:
      goto bad;
    }
  }
bad:
  return fail(p, E_INVALID_PERL_OP, s, (size_t)(q - s));
}

/* ---- the main loop (Go's parse) ---------------------------------------------------------------
 */

static bool parse(parser *p) {
  const char *t = p->whole, *end = p->whole + p->wlen, *last_repeat = NULL;
  while (t < end) {
    const char *rep = NULL;
    uint32_t c;
    int w;
    switch (*t) {
    default:
      if ((w = next_rune(t, end, &c)) < 0) return err_utf8(p, t, end);
      if (!literal(p, c)) return false;
      t += w;
      break;
    case '(':
      if (end - t >= 2 && t[1] == '?') {
        if (!perl_flags(p, &t, end)) return false;
        break;
      }
      p->ncap++;
      if (!push_lparen(p, p->ncap, NULL, 0)) return false;
      t++;
      break;
    case '|':
      if (!vertical_bar(p)) return false;
      t++;
      break;
    case ')':
      if (!right_paren(p)) return false;
      t++;
      break;
    case '^':
      if (!op(p, p->flags & F_ONELINE ? N_BOT : N_BOL)) return false;
      t++;
      break;
    case '$':
      if (!op(p, p->flags & F_ONELINE ? N_EOT : N_EOL)) return false;
      t++;
      break;
    case '.':
      if (!op(p, p->flags & F_DOTNL ? N_ANY : N_ANYNL)) return false;
      t++;
      break;
    case '[':
      if (!parse_class(p, &t, end)) return false;
      break;
    case '*':
    case '+':
    case '?': {
      const char *before = t, *after = t + 1;
      nkind k = *t == '*' ? N_STAR : *t == '+' ? N_PLUS : N_QUEST;
      if (!repeat(p, k, 0, 0, before, &after, end, last_repeat)) return false;
      rep = before;
      t = after;
      break;
    }
    case '{': {
      const char *before = t, *after;
      int min, max;
      if (!parse_repeat(t, end, &min, &max, &after)) {
        /* Not a repeat: { is a literal. */
        if (!literal(p, '{')) return false;
        t++;
        break;
      }
      if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max))
        return fail(p, E_INVALID_REPEAT_SIZE, before, (size_t)(after - before));
      if (!repeat(p, N_REPEAT, min, max, before, &after, end, last_repeat)) return false;
      rep = before;
      t = after;
      break;
    }
    case '\\': {
      if (end - t >= 2) {
        nkind k = N_EMPTY;
        switch (t[1]) {
        case 'A':
          k = N_BOT;
          break;
        case 'b':
          k = N_WB;
          break;
        case 'B':
          k = N_NWB;
          break;
        case 'z':
          k = N_EOT;
          break;
        case 'C':
          /* any byte: not supported by Go (RE2 would accept it) */
          return fail(p, E_INVALID_ESCAPE, t, 2);
        case 'Q': {
          /* \Q...\E: all literals */
          const char *lit = t + 2, *lend = end;
          for (const char *x = lit; x + 1 < end; x++) {
            if (x[0] == '\\' && x[1] == 'E') {
              lend = x;
              break;
            }
          }
          t = lend == end ? end : lend + 2;
          while (lit < lend) {
            if ((w = next_rune(lit, lend, &c)) < 0) return err_utf8(p, lit, lend);
            if (!literal(p, c)) return false;
            lit += w;
          }
          goto next;
        }
        default:
          break;
        }
        if (k != N_EMPTY) {
          if (!op(p, k)) return false;
          t += 2;
          goto next;
        }
      }
      node *re = NULL;
      sbuf body = {0};
      bool negate_all = false;
      int k = parse_unicode_class(p, &t, end, &body, &negate_all);
      if (k < 0) {
        free(body.d);
        return false;
      }
      if (k == 0 && is_perl_class(t, end)) {
        sb_put(&body, t, 2);
        t += 2;
        k = 1;
      }
      if (k > 0) {
        re = new_node(p, N_CLASS);
        re->fold = (p->flags & F_FOLD) != 0;
        re->neg = negate_all;
        re->text = body.d ? body.d : xstrndup("", 0);
        re->tlen = body.n;
        if (!push(p, re)) return false;
        goto next;
      }
      free(body.d);
      if (!parse_escape(p, &t, end, &c)) return false;
      if (!literal(p, c)) return false;
      break;
    }
    }
  next:
    last_repeat = rep;
  }
  if (!finish_alternation(p)) return false;
  if (p->sn != 1) return fail(p, E_MISSING_PAREN, p->whole, p->wlen);
  return true;
}

/* ---- writing the RE2 pattern ---------------------------------------------------------------- */

static void emit(sbuf *b, const node *n);

/* A surrogate code point never occurs in a (repaired) subject; adding it to a class keeps RE2
 * from rewriting [Kk] or [Ss] as a case-folded literal, which would also match the Kelvin
 * sign U+212A or the long s U+017F (Go keeps such a class as the two runes). */
#define NEVER "\\x{D800}"

static void emit_rune(sbuf *b, uint32_t r, bool fold) {
  if (!fold && (r == 'k' || r == 'K' || r == 's' || r == 'S')) {
    /* k|K would become [Kk] inside RE2, with the same rewrite */
    sb_printf(b, "[%c" NEVER "]", (char)r);
    return;
  }
  if ((r < 0x80 && is_alnum(r)) || (r >= 0x80 && r <= 0x10FFFF && (r < 0xD800 || r > 0xDFFF))) {
    char enc[4];
    sb_put(b, enc, rt_utf8_encode(r, enc));
  } else {
    put_hex_rune(b, r);
  }
}

static bool atomic(const node *n) {
  return n->kind == N_CAP || n->kind == N_CLASS || n->kind == N_ANY || n->kind == N_ANYNL ||
         (n->kind == N_LIT && n->nrunes == 1);
}

static void emit_atom(sbuf *b, const node *n) {
  if (atomic(n)) {
    emit(b, n);
    return;
  }
  sb_puts(b, "(?:");
  emit(b, n);
  sb_puts(b, ")");
}

static void emit(sbuf *b, const node *n) {
  switch (n->kind) {
  case N_LIT:
    if (n->fold) sb_puts(b, "(?i:");
    for (size_t i = 0; i < n->nrunes; i++)
      emit_rune(b, n->runes[i], n->fold);
    if (n->fold) sb_puts(b, ")");
    break;
  case N_CLASS:
    if (n->fold) sb_puts(b, "(?i:");
    sb_puts(b, n->neg ? "[^" : "[");
    sb_put(b, n->text, n->tlen);
    if (!n->neg) sb_puts(b, NEVER);
    sb_puts(b, "]");
    if (n->fold) sb_puts(b, ")");
    break;
  case N_ANYNL:
    sb_puts(b, "(?-s:.)");
    break;
  case N_ANY:
    sb_puts(b, "(?s:.)");
    break;
  case N_BOL:
    sb_puts(b, "(?m:^)");
    break;
  case N_EOL:
    sb_puts(b, "(?m:$)");
    break;
  case N_BOT:
    sb_puts(b, "\\A");
    break;
  case N_EOT:
    sb_puts(b, "\\z");
    break;
  case N_WB:
    sb_puts(b, "\\b");
    break;
  case N_NWB:
    sb_puts(b, "\\B");
    break;
  case N_EMPTY:
    sb_puts(b, "(?:)");
    break;
  case N_CAP:
    sb_puts(b, "(");
    emit(b, n->subs[0]);
    sb_puts(b, ")");
    break;
  case N_STAR:
  case N_PLUS:
  case N_QUEST:
    emit_atom(b, n->subs[0]);
    sb_puts(b, n->kind == N_STAR ? "*" : n->kind == N_PLUS ? "+" : "?");
    if (n->nongreedy) sb_puts(b, "?");
    break;
  case N_REPEAT:
    emit_atom(b, n->subs[0]);
    if (n->max == n->min)
      sb_printf(b, "{%d}", n->min);
    else if (n->max < 0)
      sb_printf(b, "{%d,}", n->min);
    else
      sb_printf(b, "{%d,%d}", n->min, n->max);
    if (n->nongreedy) sb_puts(b, "?");
    break;
  case N_CONCAT:
    for (size_t i = 0; i < n->nsubs; i++) {
      if (n->subs[i]->kind == N_ALT) {
        sb_puts(b, "(?:");
        emit(b, n->subs[i]);
        sb_puts(b, ")");
      } else {
        emit(b, n->subs[i]);
      }
    }
    break;
  case N_ALT:
    for (size_t i = 0; i < n->nsubs; i++) {
      if (i) sb_puts(b, "|");
      emit(b, n->subs[i]);
    }
    break;
  case P_LPAREN:
  case P_VBAR:
    break; /* never in a finished tree */
  }
}

/* ---- entry points ------------------------------------------------------------------------------
 */

bool bi_gore_parse(const char *pat, size_t n, bi_gore *g) {
  parser p;
  memset(&p, 0, sizeof p);
  memset(g, 0, sizeof *g);
  p.whole = pat ? pat : "";
  p.wlen = n;
  p.flags = F_ONELINE;
  bool ok = parse(&p);
  if (ok) {
    g->ncap = p.ncap;
    g->names = xmalloc(((size_t)p.ncap + 1) * sizeof *g->names);
    for (int i = 0; i <= p.ncap; i++) {
      g->names[i] = (size_t)i < p.namescap ? p.names[i] : NULL;
      if ((size_t)i < p.namescap) p.names[i] = NULL;
    }
    if (p.unsup) {
      g->unsup = p.unsup;
      p.unsup = NULL;
    } else {
      sbuf b = {0};
      emit(&b, p.stack[0]);
      if (!b.d) b.d = xstrndup("", 0);
      g->re2 = b.d;
      g->re2len = b.n;
      for (size_t i = 0; i < p.nall; i++)
        if (p.all[i]->kind == N_WB || p.all[i]->kind == N_NWB) g->wordb = true;
    }
  } else {
    g->err = p.err;
    p.err = NULL;
  }
  for (size_t i = 0; i < p.nall; i++) {
    free(p.all[i]->runes);
    free(p.all[i]->text);
    free(p.all[i]->subs);
    free(p.all[i]);
  }
  free(p.all);
  free(p.stack);
  for (size_t i = 0; i < p.namescap; i++)
    free(p.names[i]);
  free(p.names);
  free(p.err);
  free(p.unsup);
  return ok;
}

void bi_gore_clear(bi_gore *g) {
  free(g->re2);
  if (g->names) {
    for (int i = 0; i <= g->ncap; i++)
      free(g->names[i]);
  }
  free(g->names);
  free(g->err);
  free(g->unsup);
  memset(g, 0, sizeof *g);
}
