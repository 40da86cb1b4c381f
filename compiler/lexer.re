/* lexer.re: the Rego lexer; re2c turns it into lexer.c (never edit that file by hand).
 *
 * re2c recognises the tokens; the parts of a token that need more than a regular expression
 * (numbers with OPA's error messages, strings with escapes, template strings, comments with
 * UTF-8 checks) are small hand-written loops over the same cursor. Around the raw scanner,
 * lex_next applies the layout rules described in lex.h: it tells touching brackets and dots
 * from free ones, inserts newline tokens, resumes template strings at the `}` that closes an
 * embedded expression, and holds a token back when a newline or recovery token goes first.
 *
 * The input ends with a NUL sentinel (ast_file.text[len]); a NUL before it is an error, as in
 * OPA. Errors name OPA's scanner messages ("non-terminated string", "illegal escape
 * sequence", "expected fraction", "illegal utf-8 character", ...). A token that cannot be
 * used comes back as T_LEXERROR, which the parser reports no further; a malformed string or
 * number comes back as itself, so that parsing goes on and finds the next real error.
 */
#include <string.h>

#include "diag.h"
#include "lex.h"
#include "parser.h"
#include "rt.h"

typedef unsigned char uc;

static ast_loc loc_at(const lex_state *L, const uc *p) {
  ast_loc l;
  l.file = L->file;
  l.line = L->line;
  l.col = (int)(p - L->line_start) + 1;
  l.offset = (size_t)(p - (const uc *)L->file->text);
  return l;
}

static void error_loc(lex_state *L, const ast_loc *loc, const char *msg) {
  L->nerrors++;
  L->error_tok = (size_t)(L->tok - (const uc *)L->file->text);
  if (!L->skipping)
    diag_error(loc, "rego_parse_error", "%s", msg);
}

/* An error at p, which must lie on the current line. */
static void error_at(lex_state *L, const uc *p, const char *msg) {
  ast_loc l = loc_at(L, p);
  error_loc(L, &l, msg);
}

static void newline(lex_state *L, const uc *after) {
  L->line++;
  L->line_start = after;
  if (L->line > L->caplines) {
    int cap = 2 * L->caplines;
    size_t *v = rt_alloc(sizeof(size_t) * (size_t)cap);
    memcpy(v, L->line_starts, sizeof(size_t) * (size_t)L->caplines);
    L->line_starts = v;
    L->caplines = cap;
  }
  L->line_starts[L->line - 1] = (size_t)(after - (const uc *)L->file->text);
}

/* Where the current token starts. */
static ast_loc tok_loc(const lex_state *L) {
  ast_loc l;
  l.file = L->file;
  l.line = L->tok_line;
  l.col = (int)(L->tok - L->tok_line_start) + 1;
  l.offset = (size_t)(L->tok - (const uc *)L->file->text);
  return l;
}

static bool is_letter(uc c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(uc c) {
  return c >= '0' && c <= '9';
}

/* Length of the valid UTF-8 sequence at p, or 0 (Go's rules: no overlongs, no surrogates). */
static int utf8_seq(const uc *p, const uc *lim) {
  uc c = p[0];
  int n;
  uc lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0)
      lo = 0xa0;
    if (c == 0xed)
      hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0)
      lo = 0x90;
    if (c == 0xf4)
      hi = 0x8f;
  } else {
    return 0;
  }
  if (lim - p < n || p[1] < lo || p[1] > hi)
    return 0;
  for (int i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return 0;
  return n;
}

/* Checks the byte at p inside a comment or string, where anything but NUL, invalid UTF-8 and
 * a byte-order mark is allowed; returns how many bytes to step over. */
static int check_char(lex_state *L, const uc *p) {
  if (*p == 0) {
    error_at(L, p, "illegal null character");
    return 1;
  }
  if (*p < 0x80)
    return 1;
  int n = utf8_seq(p, L->lim);
  if (n == 0) {
    error_at(L, p, "illegal utf-8 character");
    return 1;
  }
  if (n == 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
    error_at(L, p, "illegal byte-order mark");
  return n;
}

/* ---- token text ---------------------------------------------------------------------------- */

/* Token text comes from a pool in the arena, unaligned: most is a few bytes, which rt_alloc
 * would round up to 16 each. */
static char *text_alloc(lex_state *L, size_t n) {
  if (n > 256)
    return rt_alloc(n);
  if (L->text_left < n) {
    L->text_pool = rt_alloc(8192);
    L->text_left = 8192;
  }
  char *p = L->text_pool;
  L->text_pool += n;
  L->text_left -= n;
  return p;
}

static void set_text(lex_state *L, lex_tok *val, const uc *p, size_t n) {
  char *s = text_alloc(L, n + 1);
  memcpy(s, p, n);
  s[n] = '\0';
  val->s = s;
  val->len = n;
}

static char *put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) {
    *o++ = (char)cp;
  } else if (cp < 0x800) {
    *o++ = (char)(0xc0 | (cp >> 6));
    *o++ = (char)(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *o++ = (char)(0xe0 | (cp >> 12));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *o++ = (char)(0x80 | (cp & 0x3f));
  } else {
    *o++ = (char)(0xf0 | (cp >> 18));
    *o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
    *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
    *o++ = (char)(0x80 | (cp & 0x3f));
  }
  return o;
}

/* ---- numbers ------------------------------------------------------------------------------- */

/* OPA's scanNumber: digits, an optional fraction and exponent, and no letter after them. A
 * number written with a leading dot (.5) is kept as 0.5, valid JSON for later passes. */
static int scan_number(lex_state *L, lex_tok *val, bool dotted) {
  const uc *p = L->tok;
  if (!dotted)
    while (is_digit(*p))
      p++;
  if (*p == '.') {
    p++;
    const uc *f = p;
    while (is_digit(*p))
      p++;
    if (p == f)
      error_at(L, L->tok, "expected fraction");
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-')
      p++;
    const uc *e = p;
    while (is_digit(*p))
      p++;
    if (p == e)
      error_at(L, L->tok, "expected exponent");
  }
  if (is_letter(*p)) {
    error_at(L, L->tok, "illegal number format");
    while (is_letter(*p) || is_digit(*p))
      p++;
  }
  L->cur = p;
  size_t n = (size_t)(p - L->tok);
  if (dotted) {
    char *s = text_alloc(L, n + 2);
    s[0] = '0';
    memcpy(s + 1, L->tok, n);
    s[n + 1] = '\0';
    val->s = s;
    val->len = n + 1;
  } else {
    set_text(L, val, L->tok, n);
  }
  return T_NUMBER;
}

/* ---- strings ------------------------------------------------------------------------------- */

static int hexval(uc c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static int hex4(const uc *p) {
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(p[i]);
    if (h < 0)
      return -1;
    v = v * 16 + h;
  }
  return v;
}

/* Decodes the escape at p (p[0] == '\\') to *o, as Go's JSON decoder does (a lone surrogate
 * becomes U+FFFD); returns the bytes consumed, or 0 for an illegal escape (*o unchanged). The
 * decoded form is never longer than the escape. */
static int decode_escape(const uc *p, char **o) {
  char c;
  switch (p[1]) {
  case '"': c = '"'; break;
  case '\\': c = '\\'; break;
  case '/': c = '/'; break;
  case 'b': c = '\b'; break;
  case 'f': c = '\f'; break;
  case 'n': c = '\n'; break;
  case 'r': c = '\r'; break;
  case 't': c = '\t'; break;
  case 'u': {
    int cp = hex4(p + 2);
    if (cp < 0)
      return 0;
    if (cp >= 0xd800 && cp < 0xdc00 && p[6] == '\\' && p[7] == 'u') {
      int lo = hex4(p + 8);
      if (lo >= 0xdc00 && lo < 0xe000) {
        *o = put_utf8(*o, 0x10000 + (((unsigned)cp - 0xd800) << 10) + ((unsigned)lo - 0xdc00));
        return 12;
      }
    }
    *o = put_utf8(*o, cp >= 0xd800 && cp < 0xe000 ? 0xfffd : (unsigned)cp);
    return 6;
  }
  default:
    return 0;
  }
  *(*o)++ = c;
  return 2;
}

/* How many bytes an illegal escape at p spans (never the line end). */
static int bad_escape_len(const lex_state *L, const uc *p) {
  return p[1] == '\n' || (p[1] == 0 && p + 1 >= L->lim) ? 1 : 2;
}

/* The text of a "..." string, or of a part of a $"..." template, from L->cur: stops before the
 * closing quote, before an unescaped '{' when `template`, or at a line end / end of input.
 * Returns the stop character (0 when unterminated). A first pass finds the end and reports
 * problems; escapes, if any, are then decoded in a second. */
static uc quoted_body(lex_state *L, lex_tok *val, bool template) {
  const uc *start = L->cur, *p = start;
  bool escapes = false;
  const uc *ctrl = NULL;
  uc stop = 0;
  char scratch[4], *sp;
  for (;;) {
    uc c = *p;
    if (c == '"' || (template && c == '{')) {
      stop = c;
      break;
    }
    if (c == '\n' || (c == 0 && p >= L->lim))
      break;
    if (c == '\\') {
      escapes = true;
      int n = template && p[1] == '{' ? 2 : decode_escape(p, (sp = scratch, &sp));
      if (n == 0) {
        error_at(L, p, "illegal escape sequence");
        n = bad_escape_len(L, p);
      }
      p += n;
      continue;
    }
    if (c < 0x20 && c != 0) {
      if (!ctrl)
        ctrl = p;
      p++;
      continue;
    }
    p += c < 0x80 && c != 0 ? 1 : check_char(L, p);
  }
  /* OPA decodes escaped strings with Go's JSON decoder, which refuses raw control bytes. */
  if (escapes && ctrl)
    error_at(L, ctrl, "illegal string literal: control character in a string with escapes");
  L->cur = stop ? p + 1 : p;
  size_t n = (size_t)(p - start);
  if (!escapes) {
    set_text(L, val, start, n);
    return stop;
  }
  char *out = text_alloc(L, n + 1), *o = out;
  for (const uc *q = start; q < p;) {
    if (*q != '\\') {
      *o++ = (char)*q++;
    } else if (template && q[1] == '{') {
      *o++ = '{';
      q += 2;
    } else {
      int k = decode_escape(q, &o);
      q += k ? k : bad_escape_len(L, q);
    }
  }
  *o = '\0';
  val->s = out;
  val->len = (size_t)(o - out);
  return stop;
}

static int scan_string(lex_state *L, lex_tok *val) {
  if (!quoted_body(L, val, false))
    error_at(L, L->tok, "non-terminated string");
  return T_STRING;
}

/* The text of a `...` string or of a part of a $`...` template: anything but the closing
 * backtick (and, in a template, an unescaped '{'; `\{` stands for '{'). */
static uc raw_body(lex_state *L, lex_tok *val, bool template) {
  const uc *start = L->cur, *p = start;
  bool escapes = false;
  uc stop = 0;
  for (;;) {
    uc c = *p;
    if (c == '`' || (template && c == '{')) {
      stop = c;
      break;
    }
    if (c == 0 && p >= L->lim)
      break;
    if (template && c == '\\' && p[1] == '{') {
      escapes = true;
      p += 2;
      continue;
    }
    if (c == '\n') {
      newline(L, p + 1);
      p++;
      continue;
    }
    p += c < 0x80 && c != 0 ? 1 : check_char(L, p);
  }
  L->cur = stop ? p + 1 : p;
  size_t n = (size_t)(p - start);
  if (!escapes) {
    set_text(L, val, start, n);
    return stop;
  }
  char *out = text_alloc(L, n + 1), *o = out;
  for (const uc *q = start; q < p;) {
    if (*q == '\\' && q[1] == '{')
      q++;
    *o++ = (char)*q++;
  }
  *o = '\0';
  val->s = out;
  val->len = (size_t)(o - out);
  return stop;
}

static int scan_raw(lex_state *L, lex_tok *val) {
  ast_loc start = tok_loc(L);
  if (!raw_body(L, val, false)) {
    /* it ran to the end of the file: nothing after it can be trusted */
    error_loc(L, &start, "non-terminated string");
    return T_LEXERROR;
  }
  val->flags = LEX_F_RAW;
  return T_RAWSTRING;
}

/* A template-string part, from L->cur just after `$"`, `$\`` or the `}` of an embedded
 * expression: the part ends at `{` (more follows) or at the closing quote. */
static int template_part(lex_state *L, lex_tok *val, bool raw, bool first) {
  ast_loc start = tok_loc(L);
  uc stop = raw ? raw_body(L, val, true) : quoted_body(L, val, true);
  val->flags = raw ? LEX_F_RAW : 0;
  if (!stop) {
    error_loc(L, &start, "non-terminated string");
    return T_LEXERROR;
  }
  if (stop == '{')
    return first ? T_TSTR_START : T_TSTR_MID;
  return first ? T_TSTR_FULL : T_TSTR_END;
}

/* ---- comments and # METADATA blocks -------------------------------------------------------- */

static void meta_close(lex_state *L) {
  if (!L->meta_line)
    return;
  L->meta_line = 0;
  ast_annotation *a = &L->annots[L->nannots - 1];
  a->text = L->meta_buf ? L->meta_buf : rt_strndup("", 0);
  a->len = L->meta_len;
  L->meta_buf = NULL;
  L->meta_len = L->meta_cap = 0;
}

static void meta_append(lex_state *L, const uc *p, size_t n) {
  if (L->meta_len + n + 2 > L->meta_cap) {
    size_t cap = L->meta_cap ? 2 * L->meta_cap : 256;
    while (cap < L->meta_len + n + 2)
      cap *= 2;
    char *b = rt_alloc(cap);
    if (L->meta_len)
      memcpy(b, L->meta_buf, L->meta_len);
    L->meta_buf = b;
    L->meta_cap = cap;
  }
  memcpy(L->meta_buf + L->meta_len, p, n);
  L->meta_len += n;
  L->meta_buf[L->meta_len++] = '\n';
  L->meta_buf[L->meta_len] = '\0';
}

/* OPA's rule: a comment whose text starts with METADATA opens a block; each following comment
 * in column 1 of the next line belongs to it (one leading space dropped). */
static void comment_text(lex_state *L, const uc *hash, const uc *end) {
  const uc *text = hash + 1;
  int col = (int)(hash - L->line_start) + 1;
  if (L->meta_line) {
    if (col == 1 && L->line == L->meta_line + 1) {
      const uc *t = text < end && *text == ' ' ? text + 1 : text;
      meta_append(L, t, (size_t)(end - t));
      L->meta_line = L->line;
      return;
    }
    meta_close(L);
  }
  const uc *t = text;
  while (t < end && (*t == ' ' || *t == '\t' || *t == '\r'))
    t++;
  if (end - t >= 8 && memcmp(t, "METADATA", 8) == 0) {
    if (L->nannots == L->capannots) {
      int cap = L->capannots ? 2 * L->capannots : 8;
      ast_annotation *v = rt_alloc(sizeof *v * (size_t)cap);
      if (L->nannots)
        memcpy(v, L->annots, sizeof *v * (size_t)L->nannots);
      L->annots = v;
      L->capannots = cap;
    }
    ast_annotation *a = &L->annots[L->nannots++];
    a->loc = loc_at(L, hash);
    a->text = NULL;
    a->len = 0;
    L->meta_line = L->line;
  }
}

static void scan_comment(lex_state *L) {
  const uc *hash = L->tok, *p = L->cur;
  while (*p != '\n' && !(*p == 0 && p >= L->lim)) {
    if (*p >= 0x20 && *p < 0x80)
      p++;
    else if (*p < 0x20 && *p != 0)
      p++;
    else
      p += check_char(L, p);
  }
  L->cur = p;
  const uc *end = p;
  if (end > hash + 1 && end[-1] == '\r')
    end--;
  comment_text(L, hash, end);
}

void lex_finish(lex_state *L) {
  meta_close(L);
}

/* ---- the raw scanner ----------------------------------------------------------------------- */

static int keyword(lex_state *L, lex_tok *val, int kind, const char *name) {
  val->s = name;
  val->len = strlen(name);
  /* `else.x`, `in[0]`: OPA reads a keyword that touches a dot or bracket as a ref head */
  if (*L->cur == '.' || *L->cur == '[') {
    val->flags = kind == T_CONTAINS ? 0 : LEX_F_KEYWORD;
    return T_IDENT;
  }
  return kind;
}

/* An identifier, or `and` / `or` where the experimental logic is on. */
static int ident(lex_state *L, lex_tok *val) {
  size_t n = (size_t)(L->cur - L->tok);
  if (L->logic && n == 3 && memcmp(L->tok, "and", 3) == 0)
    return keyword(L, val, T_AND, "and");
  if (L->logic && n == 2 && memcmp(L->tok, "or", 2) == 0)
    return keyword(L, val, T_OR, "or");
  set_text(L, val, L->tok, n);
  return T_IDENT;
}

static bool is_end(int k) {
  switch (k) {
  case T_IDENT: case T_FIELD: case T_NUMBER: case T_STRING: case T_RAWSTRING:
  case T_TSTR_FULL: case T_TSTR_END: case T_TRUE: case T_FALSE: case T_NULLKW:
  case T_RBRACK: case T_RPAREN: case T_RBRACE: case T_CONTAINS:
    return true;
  default:
    return false;
  }
}

static bool is_start(int k) {
  switch (k) {
  case T_IDENT: case T_NUMBER: case T_STRING: case T_RAWSTRING: case T_TSTR_FULL:
  case T_TSTR_START: case T_TRUE: case T_FALSE: case T_NULLKW: case T_LBRACK: case T_LBRACE:
  case T_LBRACE_BODY: case T_LBRACE_GROUP: case T_LPAREN: case T_NOT: case T_SOME:
  case T_EVERY: case T_DOT:
  case T_CONTAINS: case T_DEFAULT: case T_PACKAGE: case T_IMPORT:
    return true;
  default:
    return false;
  }
}

static bool is_stmt_start(int k) {
  return k == T_IDENT || k == T_DEFAULT || k == T_PACKAGE || k == T_IMPORT;
}

/* A non-ASCII byte outside strings and comments: never part of a token. */
static int illegal_byte(lex_state *L) {
  int n = utf8_seq(L->tok, L->lim);
  if (n == 0) {
    error_at(L, L->tok, "illegal utf-8 character");
    L->cur = L->tok + 1;
  } else {
    bool bom = n == 3 && L->tok[0] == 0xef && L->tok[1] == 0xbb && L->tok[2] == 0xbf;
    error_at(L, L->tok, bom ? "illegal byte-order mark" : "illegal token");
    L->cur = L->tok + n;
  }
  return T_LEXERROR;
}

/* The dot: a field name when it touches the term before it, else the start of a number
 * (.5), else a stray dot the parser will complain about. */
static int scan_dot(lex_state *L, lex_tok *val) {
  bool touching = L->tok == L->prev_end && is_end(L->prev);
  if (touching && is_letter(*L->cur)) {
    const uc *p = L->cur;
    while (is_letter(*p) || is_digit(*p))
      p++;
    L->tok++; /* a field is located at its name */
    set_text(L, val, L->cur, (size_t)(p - L->cur));
    L->cur = p;
    return T_FIELD;
  }
  if (!touching && is_digit(*L->cur))
    return scan_number(L, val, true);
  return T_DOT;
}

static int scan_token(lex_state *L, lex_tok *val) {
  for (;;) {
    L->tok = L->cur;
    L->tok_line = L->line;
    L->tok_line_start = L->line_start;
    /*!re2c
      re2c:define:YYCTYPE = "uc";
      re2c:define:YYCURSOR = "L->cur";
      re2c:define:YYMARKER = "L->mar";
      re2c:define:YYLIMIT = "L->lim";
      re2c:yyfill:enable = 0;
      re2c:eof = 0;

      $ { L->cur = L->lim; return T_END; }
      [ \t\r]+ { continue; }
      "\n" { newline(L, L->cur); L->nl = true; continue; }
      "#" { scan_comment(L); continue; }

      "package" { return keyword(L, val, T_PACKAGE, "package"); }
      "import" { return keyword(L, val, T_IMPORT, "import"); }
      "as" { return keyword(L, val, T_AS, "as"); }
      "default" { return keyword(L, val, T_DEFAULT, "default"); }
      "else" { return keyword(L, val, T_ELSE, "else"); }
      "not" { return keyword(L, val, T_NOT, "not"); }
      "some" { return keyword(L, val, T_SOME, "some"); }
      "with" { return keyword(L, val, T_WITH, "with"); }
      "true" { return keyword(L, val, T_TRUE, "true"); }
      "false" { return keyword(L, val, T_FALSE, "false"); }
      "null" { return keyword(L, val, T_NULLKW, "null"); }
      "in" { return keyword(L, val, T_IN, "in"); }
      "every" { return keyword(L, val, T_EVERY, "every"); }
      "contains" { return keyword(L, val, T_CONTAINS, "contains"); }
      "if" { return keyword(L, val, T_IF, "if"); }
      [a-zA-Z_][a-zA-Z0-9_]* { return ident(L, val); }

      [0-9] { return scan_number(L, val, false); }
      "\"" { return scan_string(L, val); }
      "`" { return scan_raw(L, val); }
      "$\"" { return template_part(L, val, false, true); }
      "$`" { return template_part(L, val, true, true); }
      "." { return scan_dot(L, val); }

      "[" { return T_LBRACK; }
      "]" { return T_RBRACK; }
      "{" { return T_LBRACE; }
      "}" { return T_RBRACE; }
      "(" { return T_LPAREN; }
      ")" { return T_RPAREN; }
      "," { return T_COMMA; }
      ";" { return T_SEMI; }
      ":=" { return T_ASSIGN; }
      ":" { return T_COLON; }
      "==" { return T_EQUAL; }
      "=" { return T_EQ; }
      "!=" { return T_NEQ; }
      "<=" { return T_LTE; }
      "<" { return T_LT; }
      ">=" { return T_GTE; }
      ">" { return T_GT; }
      "+" { return T_PLUS; }
      "-" { return T_MINUS; }
      "*" { return T_STAR; }
      "/" { return T_SLASH; }
      "%" { return T_PERCENT; }
      "&" { return T_AMP; }
      "|" { return T_BAR; }

      "!" { error_at(L, L->tok, "illegal ! character"); return T_LEXERROR; }
      "$" { error_at(L, L->tok, "illegal $ character"); return T_LEXERROR; }
      "\x00" { error_at(L, L->tok, "illegal null character"); return T_LEXERROR; }
      [\x80-\xff] { return illegal_byte(L); }
      * { error_at(L, L->tok, "illegal token"); return T_LEXERROR; }
    */
  }
}

static int scan(lex_state *L, lex_tok *val, ast_loc *loc) {
  val->s = NULL;
  val->len = 0;
  val->flags = 0;
  const unsigned char *start_tok;
  int k = scan_token(L, val);
  start_tok = L->tok;
  *loc = tok_loc(L);
  if (k == T_FIELD)
    L->tok = start_tok - 1; /* back at the dot, for adjacency */
  return k;
}

/* ---- looking ahead over braces ------------------------------------------------------------- */

/* A rough token stream over raw text, enough to match brackets and spot a few separators:
 * strings and template strings are single tokens, comments and blanks are skipped. All the
 * looking ahead of one pass shares a budget linear in the input (L->look_budget): past it, the
 * text reads as ending there, so that no input, however nested or unbalanced, costs more. */
enum { P_END, P_OPEN, P_CLOSE, P_WORD, P_ATOM, P_COLON, P_ASSIGN, P_BAR, P_SEMI, P_OTHER };

/* Skips blanks and comments; *nl tells whether that passed a line end. */
static const uc *skip_blank(const uc *p, const uc *lim, bool *nl) {
  *nl = false;
  for (;;) {
    while (p < lim && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
      *nl |= *p == '\n';
      p++;
    }
    if (p < lim && *p == '#') {
      while (p < lim && *p != '\n')
        p++;
      continue;
    }
    return p;
  }
}

static int ptok(lex_state *L, const uc **pp, int depth, bool *nl);

/* After the opening quote of a template string: to just past its end, or NULL. Embedded
 * expressions are skipped by matching braces; depth bounds how far they may nest. */
static const uc *skip_template(lex_state *L, const uc *p, bool raw, int depth) {
  const uc *lim = L->lim;
  if (depth > LEX_MAX_NESTING)
    return NULL;
  while (p < lim) {
    uc c = *p;
    if (c == (raw ? '`' : '"'))
      return p + 1;
    if (!raw && c == '\n')
      return NULL;
    if (c == '\\') {
      p += raw ? (p[1] == '{' ? 2 : 1) : 2;
      continue;
    }
    if (c != '{') {
      p++;
      continue;
    }
    p++;
    for (int d = 1; d > 0;) {
      bool nl;
      int t = ptok(L, &p, depth + 1, &nl);
      if (t == P_END)
        return NULL;
      d += t == P_OPEN ? 1 : t == P_CLOSE ? -1 : 0;
    }
  }
  return NULL;
}

static int ptok(lex_state *L, const uc **pp, int depth, bool *nl) {
  const uc *lim = L->lim;
  const uc *p = skip_blank(*pp, lim, nl);
  int t = P_OTHER;
  if (p >= lim || L->look_budget == 0) {
    *pp = lim;
    return P_END;
  }
  uc c = *p;
  if (is_letter(c)) {
    while (p < lim && (is_letter(*p) || is_digit(*p)))
      p++;
    t = P_WORD;
  } else if (is_digit(c)) {
    while (p < lim && (is_letter(*p) || is_digit(*p) || *p == '.' ||
                       ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E'))))
      p++;
    t = P_ATOM;
  } else if (c == '"' || c == '`') {
    for (p++; p < lim && *p != c && !(c == '"' && *p == '\n'); p++)
      if (c == '"' && *p == '\\')
        p++;
    p = p < lim && *p == c ? p + 1 : lim;
    t = P_ATOM;
  } else if (c == '$' && (p[1] == '"' || p[1] == '`')) {
    p = skip_template(L, p + 2, p[1] == '`', depth);
    if (!p) {
      *pp = lim;
      return P_END;
    }
    t = P_ATOM;
  } else {
    p++;
    switch (c) {
    case '{': case '[': case '(': t = P_OPEN; break;
    case '}': case ']': case ')': t = P_CLOSE; break;
    case '|': t = P_BAR; break;
    case ';': t = P_SEMI; break;
    case ':':
      t = P_COLON;
      if (*p == '=') {
        p++;
        t = P_ASSIGN;
      }
      break;
    }
  }
  size_t cost = (size_t)(p - *pp);
  L->look_budget = cost < L->look_budget ? L->look_budget - cost : 0;
  *pp = p;
  return t;
}

/* From just inside an opening bracket to just past its closing one, or NULL. */
static const uc *skip_group(lex_state *L, const uc *p) {
  bool nl;
  for (int d = 1; d > 0;) {
    int t = ptok(L, &p, 0, &nl);
    if (t == P_END)
      return NULL;
    d += t == P_OPEN ? 1 : t == P_CLOSE ? -1 : 0;
  }
  return p;
}

/* `if {`: OPA first tries the braces as a term and keeps it unless it is a plain set. So an
 * object ({k: v}), a comprehension ({x | ...}) or {} make a one-literal body; anything else
 * opens a block. A term is first-term-then-`|`, or a `:` at the top level of the first line
 * before anything that only a body has (`:=`, `;`): bodies are many lines, and reading on
 * would only cost time. */
static bool if_brace_is_term(lex_state *L, const uc *p) {
  const uc *q = p, *lim = L->lim;
  bool nl;
  int t = ptok(L, &q, 0, &nl);
  if (t == P_CLOSE)
    return true;
  /* one postfix term: a word, atom or group, then touching .name, [..] and (..) */
  if (t == P_OPEN && !(q = skip_group(L, q)))
    return false;
  if (t == P_OPEN || t == P_WORD || t == P_ATOM) {
    while (q < lim && (*q == '.' || *q == '[' || *q == '(')) {
      if (*q == '.') {
        q++;
        while (q < lim && (is_letter(*q) || is_digit(*q)))
          q++;
      } else if (!(q = skip_group(L, q + 1))) {
        return false;
      }
    }
    const uc *r = q;
    t = ptok(L, &r, 0, &nl);
    if (t == P_BAR || t == P_COLON)
      return true;
  }
  for (;;) {
    t = ptok(L, &q, 0, &nl);
    if (nl)
      return false;
    if (t == P_OPEN && !(q = skip_group(L, q)))
      return false;
    if (t == P_COLON)
      return true;
    if (t == P_END || t == P_CLOSE || t == P_ASSIGN || t == P_SEMI)
      return false;
  }
}

/* Whether the braces opening at p (just inside) are followed by `and` or `or`. */
static bool brace_then_logic(lex_state *L, const uc *p) {
  const uc *lim = L->lim;
  p = skip_group(L, p);
  if (!p)
    return false;
  bool nl;
  p = skip_blank(p, lim, &nl);
  size_t n = (p + 3 <= lim && memcmp(p, "and", 3) == 0) ? 3
             : (p + 2 <= lim && memcmp(p, "or", 2) == 0) ? 2 : 0;
  return n && (p + n >= lim || !(is_letter(p[n]) || is_digit(p[n])));
}

/* What a `{` opens: a body after `if` unless the braces hold a term; an explicit body where
 * the experimental logic expects an operand; else a set, object or comprehension. */
static int classify_brace(lex_state *L) {
  switch (L->prev) {
  case T_IF:
    if (L->if_of_else || !if_brace_is_term(L, L->cur))
      return T_LBRACE_BODY;
    return T_LBRACE;
  case T_NOT:
    return L->logic || L->notbody ? T_LBRACE_GROUP : T_LBRACE;
  case T_AND:
  case T_OR:
    return T_LBRACE_GROUP;
  default:
    break;
  }
  bool literal_start = L->prev == T_LBRACE || L->prev == T_LBRACE_BODY ||
                       L->prev == T_LBRACE_GROUP || L->prev == T_SEMI || L->prev == T_BAR ||
                       L->prev == T_LPAREN || L->prev == T_LPAREN_ADJ ||
                       L->prev == T_START_QUERY || (L->nl && is_end(L->prev));
  if (L->logic && literal_start && brace_then_logic(L, L->cur))
    return T_LBRACE_GROUP;
  return T_LBRACE;
}

void lex_enable(lex_state *L, const char *kw) {
  if (!kw || strcmp(kw, "and") == 0 || strcmp(kw, "or") == 0)
    L->logic = true;
  if (!kw || strcmp(kw, "not") == 0)
    L->notbody = true;
}

/* ---- layout -------------------------------------------------------------------------------- */

void lex_init(lex_state *L, const ast_file *f, int mode) {
  memset(L, 0, sizeof *L);
  L->file = f;
  L->cur = (const uc *)f->text;
  L->lim = L->cur + f->len;
  L->line_start = L->cur;
  L->line = 1;
  L->look_budget = 4 * f->len + 4096;
  L->caplines = 64;
  L->line_starts = rt_alloc(sizeof(size_t) * 64);
  L->line_starts[0] = 0;
  L->mode = mode;
  L->prev = T_START_MODULE;
  if (f->len >= 3 && L->cur[0] == 0xef && L->cur[1] == 0xbb && L->cur[2] == 0xbf)
    L->cur += 3; /* a byte-order mark may open the file */
}

char lex_closer(const lex_state *L) {
  if (L->depth == 0)
    return 0;
  switch (L->stack[L->depth - 1]) {
  case '[': return ']';
  case '(': return ')';
  default: return '}';
  }
}

static bool push(lex_state *L, uc kind, const ast_loc *loc) {
  if (L->depth == LEX_MAX_NESTING) {
    error_loc(L, loc,
              "max parsing recursion depth exceeded (brackets nested more than 1000 deep)");
    L->fatal = true;
    return false;
  }
  L->stack[L->depth++] = kind;
  if (L->depth > L->max_depth)
    L->max_depth = L->depth;
  return true;
}

static void pop(lex_state *L, uc kind) {
  if (L->depth > 0 && L->stack[L->depth - 1] == kind)
    L->depth--;
}

/* Scans one token and gives it its final kind; keeps the bracket stack. */
static int token(lex_state *L, lex_tok *val, ast_loc *loc) {
  if (L->fatal)
    return T_END;
  int k = scan(L, val, loc);
  if (k == T_END && L->prev_end) {
    /* "unexpected eof" points just after the last token, not at trailing blank lines */
    loc->line = L->prev_line;
    loc->col = (int)(L->prev_end - L->prev_line_start) + 1;
    loc->offset = (size_t)(L->prev_end - (const uc *)L->file->text);
  }
  bool touching = L->tok == L->prev_end && is_end(L->prev);
  switch (k) {
  case T_LBRACK:
    k = touching ? T_LBRACK_ADJ : T_LBRACK;
    if (!push(L, '[', loc))
      return T_LEXERROR;
    break;
  case T_LPAREN:
    k = touching ? T_LPAREN_ADJ : T_LPAREN;
    if (!push(L, '(', loc))
      return T_LEXERROR;
    break;
  case T_LBRACE:
    k = classify_brace(L);
    if (!push(L, '{', loc))
      return T_LEXERROR;
    break;
  case T_TSTR_START:
    if (!push(L, val->flags & LEX_F_RAW ? 'R' : 'T', loc))
      return T_LEXERROR;
    break;
  case T_RBRACK:
    pop(L, '[');
    break;
  case T_RPAREN:
    pop(L, '(');
    break;
  case T_RBRACE:
    if (L->depth > 0 && (L->stack[L->depth - 1] == 'T' || L->stack[L->depth - 1] == 'R')) {
      /* the end of an embedded expression: the template string goes on */
      bool raw = L->stack[L->depth - 1] == 'R';
      k = template_part(L, val, raw, false);
      if (k != T_TSTR_MID)
        L->depth--;
    } else {
      pop(L, '{');
    }
    break;
  case T_ELSE:
    L->else_pending = true;
    break;
  case T_IF:
    L->if_of_else = L->else_pending;
    L->else_pending = false;
    break;
  default:
    break;
  }
  return k;
}

static void hold(lex_state *L, int k, const lex_tok *val, const ast_loc *loc) {
  L->held = true;
  L->held_kind = k;
  L->held_val = *val;
  L->held_loc = *loc;
}

/* After a syntax error: find where the next statement starts, and announce it. */
static int recover(lex_state *L, lex_tok *val, ast_loc *loc) {
  L->recovering = false;
  bool found = false;
  if (L->held) {
    found = is_stmt_start(L->held_kind) && L->held_loc.col == 1;
  } else if (L->last_starts_stmt) {
    hold(L, L->last_kind, &L->last_val, &L->last_loc);
    found = true;
  }
  if (!found) {
    L->skipping = true;
    for (;;) {
      lex_tok v;
      ast_loc l;
      int k = token(L, &v, &l);
      L->prev = k;
      L->prev_end = L->cur;
      L->prev_line = L->line;
      L->prev_line_start = L->line_start;
      L->nl = false;
      if (k == T_END || (is_stmt_start(k) && l.col == 1)) {
        hold(L, k, &v, &l);
        break;
      }
    }
    L->skipping = false;
  }
  L->depth = 0;
  val->s = NULL;
  val->len = 0;
  val->flags = 0;
  *loc = L->held_loc;
  L->last_kind = T_RECOVER;
  return T_RECOVER;
}

void lex_recover(lex_state *L) {
  if (L->mode == LEX_MODULE)
    L->recovering = true;
}

int lex_next(lex_state *L, lex_tok *val, ast_loc *loc) {
  int k;
  if (!L->started) {
    L->started = true;
    val->s = NULL;
    val->len = 0;
    val->flags = 0;
    *loc = loc_at(L, L->cur);
    return L->mode == LEX_QUERY ? T_START_QUERY : T_START_MODULE;
  }
  if (L->recovering)
    return recover(L, val, loc);
  if (L->held) {
    L->held = false;
    k = L->held_kind;
    *val = L->held_val;
    *loc = L->held_loc;
  } else {
    int depth = L->depth;
    k = token(L, val, loc); /* sets L->nl when it skips a line break; L->prev is still old */
    if (L->nl && is_end(L->prev) && (depth > 0 || L->mode == LEX_QUERY) && is_start(k)) {
      hold(L, k, val, loc);
      k = T_NEWLINE;
      val->s = NULL;
      val->len = 0;
      val->flags = 0;
    }
    L->prev = L->held ? L->held_kind : k;
    L->prev_end = L->cur;
    L->prev_line = L->line;
    L->prev_line_start = L->line_start;
    L->nl = false;
  }
  L->last_kind = k;
  /* keep what recovery may need to read again: a token that can start a statement */
  L->last_starts_stmt = loc->col == 1 && is_stmt_start(k);
  if (L->last_starts_stmt) {
    L->last_val = *val;
    L->last_loc = *loc;
  }
  return k;
}
