/* bi_template_render.c: strings.render_template(template, vars), a subset of Go's
 * text/template as OPA runs it.
 *
 * OPA parses the template with text/template, executes it on vars decoded from JSON
 * (objects become map[string]any, numbers json.Number, null nil) and replaces every
 * "<no value>" in the output with "<undefined>" (a missing key prints "<no value>"). This
 * file implements, with Go's semantics, the part of the language policies use:
 *   text, {{pipeline}}, {{- and -}} trimming, comment actions;
 *   . .a.b $ $x $x.a, "strings" `raw strings`, integers, true, false, nil, ( pipeline );
 *   {{$x := p}} {{$x = p}}, {{if}} {{else if}} {{else}}, {{range p}} {{range $x := p}}
 *   {{range $i, $x := p}} (with {{else}}, {{break}}, {{continue}}), {{with p}} {{else with}};
 *   pipelines a | b, and the functions and, or, not, len, index, eq, ne, lt, le, gt, ge,
 *   print, println.
 * Values print as fmt's %v prints the decoded JSON (json.Number as its text, arrays as
 * [a b], objects as map[k:v] in key order, null as <nil> inside them). Truth is Go's: the
 * number 0 is true (json.Number is a non-empty string), 0 as a range index is false.
 * Anything else ({{define}}, {{template}}, {{block}}, printf, html, js, urlquery, slice,
 * call, method calls, floats and other number forms, a field of a parenthesised pipeline) is
 * an eval_builtin_error naming regoc, never a guess. Errors of executing a template carry
 * Go's text with the action's position; vars that are not plain JSON (sets, non-string keys)
 * are refused, as OPA's JSON decoding refuses them, with regoc's own wording.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

#define NAME "strings.render_template"

/* ---- values -------------------------------------------------------------------------------- */

typedef enum tvk {
  TV_NONE, /* Go's invalid reflect.Value: a missing key */
  TV_NIL,  /* a JSON null (an interface holding nil) */
  TV_VAL,  /* a decoded JSON value */
  TV_INT,  /* a Go int: a range index, len's result, an integer literal */
  TV_STR,  /* a Go string from the template (a literal, a map key in range) */
  TV_BOOL, /* a literal true or false */
} tvk;

typedef struct tval {
  tvk kind;
  rt_value *v; /* TV_VAL */
  int64_t i;   /* TV_INT, TV_BOOL */
  const char *s;
  size_t n; /* TV_STR */
} tval;

static tval tv_from(rt_value *v) {
  tval t = {TV_VAL, v, 0, NULL, 0};
  if (rt_is(v, RT_NULL)) t.kind = TV_NIL;
  return t;
}

/* ---- the parse tree ------------------------------------------------------------------------ */

typedef enum ak { A_DOT, A_FIELD, A_VAR, A_STR, A_INT, A_BOOL, A_NIL, A_FUNC, A_PIPE } ak;

struct pipe;

typedef struct arg {
  ak kind;
  const char *src; /* the operand's text, for messages */
  size_t srclen, pos;
  const char *name; /* A_VAR name ("$" or "$x"), A_FUNC name, A_STR bytes */
  size_t nlen;
  const char **fields; /* A_DOT/A_FIELD/A_VAR: the .a.b chain */
  size_t *flens;
  int nfields;
  int64_t i;
  struct pipe *pipe; /* A_PIPE */
} arg;

typedef struct cmd {
  arg **args;
  int nargs;
} cmd;

typedef struct pipe {
  int ndecl;
  const char *decl[2];
  size_t decll[2];
  bool assign;
  cmd **cmds;
  int ncmds;
  size_t pos;
} pipe;

typedef enum tk { K_TEXT, K_ACTION, K_IF, K_RANGE, K_WITH, K_BREAK, K_CONTINUE } tk;

typedef struct tlist tlist;
typedef struct tnode {
  tk kind;
  const char *text;
  size_t tlen;
  pipe *p;
  tlist *body, *alt;
} tnode;

struct tlist {
  tnode **items;
  size_t n, cap;
};

typedef struct tpl {
  const char *src;
  size_t len, pos;
  char *err;         /* the first error (arena) */
  bool trim_next;    /* the last action ended with -}} */
  const char **vars; /* variables in scope, for "undefined variable" */
  size_t *varl;
  size_t nvars, varcap;
  int range_depth;
} tpl;

static void *grow(void *p, size_t n, size_t *cap, size_t size) {
  if (n < *cap) return p;
  size_t c = *cap ? *cap * 2 : 8;
  void *q = rt_alloc(c * size);
  if (n) memcpy(q, p, n * size);
  *cap = c;
  return q;
}

static void list_add(tlist *l, tnode *n) {
  l->items = grow(l->items, l->n, &l->cap, sizeof *l->items);
  l->items[l->n++] = n;
}

static int line_of(const tpl *t, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < t->len; i++)
    if (t->src[i] == '\n') line++;
  return line;
}

static bool perr(tpl *t, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool perr(tpl *t, size_t pos, const char *fmt, ...) {
  if (t->err) return false;
  rt_buf b;
  rt_buf_init(&b, 96);
  rt_buf_printf(&b, "template: template:%d: ", line_of(t, pos));
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  rt_buf_puts(&b, msg);
  rt_buf_putc(&b, '\0');
  t->err = b.data;
  return false;
}

static bool unsup(tpl *t, const char *what) {
  if (t->err) return false;
  rt_buf b;
  rt_buf_init(&b, 96);
  rt_buf_printf(&b, "regoc does not support %s in templates", what);
  rt_buf_putc(&b, '\0');
  t->err = b.data;
  return false;
}

/* ---- lexing inside actions ---------------------------------------------------------------------
 */

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (unsigned char)c >= 0x80;
}

static void skip_space(tpl *t) {
  while (t->pos < t->len && is_space(t->src[t->pos]))
    t->pos++;
}

/* At the closing delimiter: "}}" or " -}}" (a space before the dash). */
static bool at_close(tpl *t, size_t *after, bool *trim) {
  size_t p = t->pos;
  if (p + 1 < t->len && t->src[p] == '}' && t->src[p + 1] == '}') {
    *after = p + 2;
    *trim = false;
    return true;
  }
  if (p > 0 && is_space(t->src[p - 1]) && p + 2 < t->len && t->src[p] == '-' &&
      t->src[p + 1] == '}' && t->src[p + 2] == '}') {
    *after = p + 3;
    *trim = true;
    return true;
  }
  return false;
}

static const char *const funcs[] = {"and", "or", "not", "len", "index", "eq",     "ne",
                                    "lt",  "le", "gt",  "ge",  "print", "println"};
static const char *const go_funcs[] = {"printf", "html", "js", "urlquery", "slice", "call"};

static bool word_is(const char *s, size_t n, const char *w) {
  return strlen(w) == n && memcmp(s, w, n) == 0;
}

static pipe *parse_pipe(tpl *t, bool in_parens, bool allow_decl);

/* A .a.b chain starting at t->pos (which is at a '.'). */
static bool parse_fields(tpl *t, arg *a) {
  while (t->pos < t->len && t->src[t->pos] == '.' && t->pos + 1 < t->len &&
         is_ident(t->src[t->pos + 1]) &&
         !(t->src[t->pos + 1] >= '0' && t->src[t->pos + 1] <= '9')) {
    size_t s = ++t->pos;
    while (t->pos < t->len && is_ident(t->src[t->pos]))
      t->pos++;
    size_t cap = (size_t)a->nfields;
    a->fields = grow(a->fields, (size_t)a->nfields, &cap, sizeof *a->fields);
    cap = (size_t)a->nfields;
    a->flens = grow(a->flens, (size_t)a->nfields, &cap, sizeof *a->flens);
    a->fields[a->nfields] = t->src + s;
    a->flens[a->nfields++] = t->pos - s;
  }
  return true;
}

static bool var_known(tpl *t, const char *s, size_t n) {
  if (n == 1) return true; /* $ */
  for (size_t i = 0; i < t->nvars; i++)
    if (t->varl[i] == n && memcmp(t->vars[i], s, n) == 0) return true;
  return false;
}

static void var_declare(tpl *t, const char *s, size_t n) {
  t->vars = grow(t->vars, t->nvars, &t->varcap, sizeof *t->vars);
  size_t cap = t->nvars;
  t->varl = grow(t->varl, t->nvars, &cap, sizeof *t->varl);
  t->vars[t->nvars] = s;
  t->varl[t->nvars++] = n;
}

/* One operand; NULL at the end of a command (| ) or the action). */
static arg *parse_operand(tpl *t) {
  size_t after;
  bool trim;
  skip_space(t);
  if (t->pos >= t->len) {
    perr(t, t->pos, "unclosed action");
    return NULL;
  }
  char c = t->src[t->pos];
  if (c == '|' || c == ')' || at_close(t, &after, &trim)) return NULL;
  arg *a = rt_alloc_zero(sizeof *a);
  a->pos = t->pos;
  a->src = t->src + t->pos;
  if (c == '.') {
    if (t->pos + 1 < t->len && is_ident(t->src[t->pos + 1])) {
      a->kind = A_FIELD;
      parse_fields(t, a);
    } else {
      a->kind = A_DOT;
      t->pos++;
    }
  } else if (c == '$') {
    size_t s = t->pos++;
    while (t->pos < t->len && is_ident(t->src[t->pos]))
      t->pos++;
    a->kind = A_VAR;
    a->name = t->src + s;
    a->nlen = t->pos - s;
    parse_fields(t, a);
  } else if (c == '"' || c == '`') {
    rt_buf b;
    rt_buf_init(&b, 16);
    t->pos++;
    for (;;) {
      if (t->pos >= t->len || (c == '"' && t->src[t->pos] == '\n')) {
        perr(t, a->pos, "unterminated quoted string");
        return NULL;
      }
      char d = t->src[t->pos++];
      if (d == c) break;
      if (c == '"' && d == '\\') {
        if (t->pos >= t->len) continue;
        char e = t->src[t->pos++];
        switch (e) {
        case 'n':
          d = '\n';
          break;
        case 't':
          d = '\t';
          break;
        case 'r':
          d = '\r';
          break;
        case '\\':
        case '"':
        case '\'':
          d = e;
          break;
        default:
          unsup(t, "this string escape");
          return NULL;
        }
      }
      rt_buf_putc(&b, d);
    }
    a->kind = A_STR;
    a->name = b.data ? b.data : "";
    a->nlen = b.len;
  } else if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
    size_t s = t->pos;
    if (c == '-' || c == '+') t->pos++;
    while (t->pos < t->len && is_ident(t->src[t->pos]))
      t->pos++;
    const char *x = t->src + s + (c == '-' || c == '+');
    size_t n = t->pos - s - (c == '-' || c == '+');
    if (n == 0 || n > 18 || (t->pos < t->len && t->src[t->pos] == '.')) {
      unsup(t, "this number form");
      return NULL;
    }
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
      if (x[i] < '0' || x[i] > '9' || (i == 0 && x[i] == '0' && n > 1)) {
        unsup(t, "this number form");
        return NULL;
      }
      v = v * 10 + (x[i] - '0');
    }
    a->kind = A_INT;
    a->i = c == '-' ? -v : v;
  } else if (c == '(') {
    t->pos++;
    a->kind = A_PIPE;
    a->pipe = parse_pipe(t, true, false);
    if (!a->pipe) return NULL;
    if (t->pos < t->len && t->src[t->pos] == '.') {
      unsup(t, "a field of a parenthesised pipeline");
      return NULL;
    }
  } else if (is_ident(c)) {
    size_t s = t->pos;
    while (t->pos < t->len && is_ident(t->src[t->pos]))
      t->pos++;
    const char *w = t->src + s;
    size_t n = t->pos - s;
    if (word_is(w, n, "true") || word_is(w, n, "false")) {
      a->kind = A_BOOL;
      a->i = word_is(w, n, "true");
    } else if (word_is(w, n, "nil")) {
      a->kind = A_NIL;
    } else {
      bool known = false;
      for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        known = known || word_is(w, n, funcs[i]);
      bool go = false;
      for (size_t i = 0; i < sizeof go_funcs / sizeof go_funcs[0]; i++)
        go = go || word_is(w, n, go_funcs[i]);
      if (go) {
        unsup(t, "this function");
        return NULL;
      }
      if (!known) {
        perr(t, s, "function \"%.*s\" not defined", (int)n, w);
        return NULL;
      }
      a->kind = A_FUNC;
      a->name = w;
      a->nlen = n;
    }
  } else {
    perr(t, t->pos, "unexpected bad character U+%04X '%c' in command", (unsigned char)c, c);
    return NULL;
  }
  a->srclen = (size_t)(t->src + t->pos - a->src);
  if (a->kind == A_VAR && !var_known(t, a->name, a->nlen)) {
    perr(t, a->pos, "undefined variable \"%.*s\"", (int)a->nlen, a->name);
    return NULL;
  }
  return a;
}

/* A pipeline up to the closing delimiter (or ')' when in_parens). */
static pipe *parse_pipe(tpl *t, bool in_parens, bool allow_decl) {
  pipe *p = rt_alloc_zero(sizeof *p);
  size_t cap = 0, after;
  bool trim;
  skip_space(t);
  p->pos = t->pos;
  /* declarations: $x := / $x = / $i, $x := */
  size_t save = t->pos;
  if (t->pos < t->len && t->src[t->pos] == '$') {
    const char *names[2];
    size_t lens[2];
    int nd = 0;
    for (;;) {
      size_t s = t->pos;
      if (t->pos >= t->len || t->src[t->pos] != '$') break;
      t->pos++;
      while (t->pos < t->len && is_ident(t->src[t->pos]))
        t->pos++;
      names[nd] = t->src + s;
      lens[nd++] = t->pos - s;
      skip_space(t);
      if (nd == 1 && t->pos < t->len && t->src[t->pos] == ',') {
        t->pos++;
        skip_space(t);
        continue;
      }
      break;
    }
    if (t->pos + 1 < t->len && t->src[t->pos] == ':' && t->src[t->pos + 1] == '=') {
      t->pos += 2;
      if (!allow_decl) {
        perr(t, save, "unexpected \":=\" in operand");
        return NULL;
      }
      p->ndecl = nd;
      for (int i = 0; i < nd; i++) {
        p->decl[i] = names[i];
        p->decll[i] = lens[i];
      }
    } else if (nd == 1 && t->pos < t->len && t->src[t->pos] == '=' &&
               !(t->pos + 1 < t->len && t->src[t->pos + 1] == '=')) {
      t->pos++;
      if (!var_known(t, names[0], lens[0])) {
        perr(t, save, "undefined variable \"%.*s\"", (int)lens[0], names[0]);
        return NULL;
      }
      p->ndecl = 1;
      p->assign = true;
      p->decl[0] = names[0];
      p->decll[0] = lens[0];
    } else {
      t->pos = save;
    }
  }
  for (;;) {
    cmd *c = rt_alloc_zero(sizeof *c);
    size_t acap = 0;
    for (;;) {
      arg *a = parse_operand(t);
      if (t->err) return NULL;
      if (!a) break;
      c->args = grow(c->args, (size_t)c->nargs, &acap, sizeof *c->args);
      c->args[c->nargs++] = a;
    }
    if (c->nargs == 0) {
      if (p->ncmds > 0 || t->pos >= t->len || t->src[t->pos] == '|') {
        perr(t, t->pos, "missing value for command");
        return NULL;
      }
      if (in_parens) {
        perr(t, t->pos, "missing value for parenthesized pipeline");
        return NULL;
      }
      if (p->ndecl) {
        perr(t, t->pos, "missing value for command");
        return NULL;
      }
      return p; /* an empty pipeline: an error for the caller to word */
    }
    p->cmds = grow(p->cmds, (size_t)p->ncmds, &cap, sizeof *p->cmds);
    p->cmds[p->ncmds++] = c;
    if (t->pos < t->len && t->src[t->pos] == '|') {
      t->pos++;
      continue;
    }
    if (in_parens) {
      if (t->pos < t->len && t->src[t->pos] == ')') {
        t->pos++;
        return p;
      }
      perr(t, t->pos, "unclosed left paren");
      return NULL;
    }
    if (t->pos < t->len && t->src[t->pos] == ')') {
      perr(t, t->pos, "unexpected right paren");
      return NULL;
    }
    if (!at_close(t, &after, &trim)) {
      perr(t, t->pos, "unclosed action");
      return NULL;
    }
    return p;
  }
}

/* Consumes the closing delimiter of an action (after optional spaces). */
static bool close_action(tpl *t) {
  size_t after;
  bool trim;
  skip_space(t);
  if (!at_close(t, &after, &trim)) return perr(t, t->pos, "unclosed action");
  t->pos = after;
  t->trim_next = trim;
  return true;
}

/* ---- the template structure --------------------------------------------------------------------
 */

typedef enum endk { END_EOF, END_END, END_ELSE, END_ELSE_IF, END_ELSE_WITH } endk;

static tlist *parse_list(tpl *t, endk *end, bool in_control);

static tnode *parse_control(tpl *t, tk kind, size_t start) {
  tnode *n = rt_alloc_zero(sizeof *n);
  n->kind = kind;
  size_t mark = t->nvars;
  if (kind == K_RANGE) t->range_depth++;
  n->p = parse_pipe(t, false, true);
  if (!n->p) return NULL;
  if (n->p->ncmds == 0) {
    perr(t, start, "missing value for %s",
         kind == K_IF      ? "if"
         : kind == K_RANGE ? "range"
                           : "with");
    return NULL;
  }
  if (n->p->ndecl == 2 && kind != K_RANGE) {
    perr(t, start, "too many declarations in %s", kind == K_IF ? "if" : "with");
    return NULL;
  }
  for (int i = 0; i < n->p->ndecl && !n->p->assign; i++)
    var_declare(t, n->p->decl[i], n->p->decll[i]);
  if (!close_action(t)) return NULL;
  endk end;
  n->body = parse_list(t, &end, true);
  if (!n->body) return NULL;
  if (kind == K_RANGE) t->range_depth--;
  if (end == END_ELSE) {
    n->alt = parse_list(t, &end, true);
    if (!n->alt) return NULL;
    if (end != END_END) {
      perr(t, t->pos, "expected end; found {{else}}");
      return NULL;
    }
  } else if (end == END_ELSE_IF || end == END_ELSE_WITH) {
    /* {{else if p}} is {{else}}{{if p}}...{{end}}{{end}} */
    if ((end == END_ELSE_IF) != (kind == K_IF)) {
      perr(t, t->pos, "unexpected {{else}} form");
      return NULL;
    }
    tnode *inner = parse_control(t, kind, t->pos);
    if (!inner) return NULL;
    n->alt = rt_alloc_zero(sizeof *n->alt);
    list_add(n->alt, inner);
    return n; /* the inner control consumed the shared {{end}} */
  } else if (end != END_END) {
    perr(t, t->len, "unexpected EOF");
    return NULL;
  }
  t->nvars = mark;
  return n;
}

/* Parses text and actions until {{end}}, {{else}} or the end of the template. */
static tlist *parse_list(tpl *t, endk *end, bool in_control) {
  tlist *l = rt_alloc_zero(sizeof *l);
  for (;;) {
    size_t s = t->pos;
    const char *open = NULL;
    for (size_t i = t->pos; i + 1 < t->len; i++) {
      if (t->src[i] == '{' && t->src[i + 1] == '{') {
        open = t->src + i;
        break;
      }
    }
    size_t e = open ? (size_t)(open - t->src) : t->len;
    bool trim_left = open && e + 3 < t->len && open[2] == '-' && is_space(open[3]);
    size_t ts = s, te = e;
    if (t->trim_next)
      while (ts < te && is_space(t->src[ts]))
        ts++;
    if (trim_left)
      while (te > ts && is_space(t->src[te - 1]))
        te--;
    t->trim_next = false;
    if (te > ts) {
      tnode *n = rt_alloc_zero(sizeof *n);
      n->kind = K_TEXT;
      n->text = t->src + ts;
      n->tlen = te - ts;
      list_add(l, n);
    }
    if (!open) {
      t->pos = t->len;
      *end = END_EOF;
      if (in_control) {
        perr(t, t->len, "unexpected EOF");
        return NULL;
      }
      return l;
    }
    size_t start = e;
    t->pos = e + 2 + (trim_left ? 2 : 0);
    /* comments */
    if (t->pos + 1 < t->len && t->src[t->pos] == '/' && t->src[t->pos + 1] == '*') {
      const char *c = NULL;
      for (size_t i = t->pos + 2; i + 1 < t->len; i++) {
        if (t->src[i] == '*' && t->src[i + 1] == '/') {
          c = t->src + i;
          break;
        }
      }
      if (!c) {
        perr(t, start, "unclosed comment");
        return NULL;
      }
      t->pos = (size_t)(c - t->src) + 2;
      size_t after;
      bool trim;
      if (!at_close(t, &after, &trim) &&
          !(t->pos < t->len && t->src[t->pos] == ' ' && (t->pos++, at_close(t, &after, &trim)))) {
        perr(t, start, "comment ends before closing delimiter");
        return NULL;
      }
      t->pos = after;
      t->trim_next = trim;
      continue;
    }
    skip_space(t);
    size_t ws = t->pos;
    while (t->pos < t->len && is_ident(t->src[t->pos]))
      t->pos++;
    const char *w = t->src + ws;
    size_t wn = t->pos - ws;
    if (word_is(w, wn, "end")) {
      if (!in_control) {
        perr(t, start, "unexpected {{end}}");
        return NULL;
      }
      if (!close_action(t)) return NULL;
      *end = END_END;
      return l;
    }
    if (word_is(w, wn, "else")) {
      if (!in_control) {
        perr(t, start, "unexpected {{else}}");
        return NULL;
      }
      skip_space(t);
      size_t s2 = t->pos;
      while (t->pos < t->len && is_ident(t->src[t->pos]))
        t->pos++;
      if (word_is(t->src + s2, t->pos - s2, "if")) {
        *end = END_ELSE_IF;
        return l;
      }
      if (word_is(t->src + s2, t->pos - s2, "with")) {
        *end = END_ELSE_WITH;
        return l;
      }
      t->pos = s2;
      if (!close_action(t)) return NULL;
      *end = END_ELSE;
      return l;
    }
    tnode *n = NULL;
    if (word_is(w, wn, "if")) {
      n = parse_control(t, K_IF, start);
    } else if (word_is(w, wn, "range")) {
      n = parse_control(t, K_RANGE, start);
    } else if (word_is(w, wn, "with")) {
      n = parse_control(t, K_WITH, start);
    } else if (word_is(w, wn, "break") || word_is(w, wn, "continue")) {
      if (t->range_depth <= 0) {
        perr(t, start, "{{%.*s}} outside {{range}}", (int)wn, w);
        return NULL;
      }
      if (!close_action(t)) return NULL;
      n = rt_alloc_zero(sizeof *n);
      n->kind = word_is(w, wn, "break") ? K_BREAK : K_CONTINUE;
    } else if (word_is(w, wn, "define") || word_is(w, wn, "template") || word_is(w, wn, "block")) {
      unsup(t, "{{define}}, {{template}} and {{block}}");
      return NULL;
    } else {
      t->pos = ws;
      n = rt_alloc_zero(sizeof *n);
      n->kind = K_ACTION;
      n->p = parse_pipe(t, false, true);
      if (n->p && n->p->ncmds == 0) {
        perr(t, start, "missing value for command");
        return NULL;
      }
      if (n->p && n->p->ndecl == 2) {
        perr(t, start, "too many declarations in command");
        return NULL;
      }
      if (n->p) {
        for (int i = 0; i < n->p->ndecl && !n->p->assign; i++)
          var_declare(t, n->p->decl[i], n->p->decll[i]);
        if (!close_action(t)) return NULL;
      }
    }
    if (!n || t->err) return NULL;
    list_add(l, n);
  }
}

/* ---- execution
 * ----------------------------------------------------------------------------------- */

typedef struct var {
  const char *name;
  size_t n;
  tval v;
} var;

typedef struct exec {
  tpl *t;
  rt_buf out;
  var *vars;
  size_t nvars, cap;
  char *err;
  int flow; /* 1 break, 2 continue */
} exec;

static bool xerr(exec *x, const arg *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool xerr(exec *x, const arg *at, const char *fmt, ...) {
  if (x->err) return false;
  rt_buf b;
  rt_buf_init(&b, 128);
  size_t pos = at ? at->pos : 0;
  int line = line_of(x->t, pos);
  size_t col = pos;
  for (size_t i = pos; i > 0; i--) {
    if (x->t->src[i - 1] == '\n') {
      col = pos - i;
      break;
    }
  }
  rt_buf_printf(&b, "template: template:%d:%zu: executing \"template\" at <%.*s>: ", line, col,
                at ? (int)at->srclen : 0, at ? at->src : "");
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  rt_buf_puts(&b, msg);
  rt_buf_putc(&b, '\0');
  x->err = b.data;
  return false;
}

/* Go's name of the dynamic type, for messages. */
static const char *type_name(tval v) {
  switch (v.kind) {
  case TV_INT:
    return "int";
  case TV_STR:
    return "string";
  case TV_BOOL:
    return "bool";
  case TV_NONE:
  case TV_NIL:
    return "<nil>";
  case TV_VAL:
    break;
  }
  switch (rt_typeof(v.v)) {
  case RT_STRING:
    return "string";
  case RT_NUMBER:
    return "json.Number";
  case RT_BOOLEAN:
    return "bool";
  case RT_ARRAY:
    return "[]interface {}";
  case RT_OBJECT:
    return "map[string]interface {}";
  default:
    return "<nil>";
  }
}

static bool truth(tval v) {
  switch (v.kind) {
  case TV_NONE:
  case TV_NIL:
    return false;
  case TV_INT:
  case TV_BOOL:
    return v.i != 0;
  case TV_STR:
    return v.n > 0;
  case TV_VAL:
    break;
  }
  switch (rt_typeof(v.v)) {
  case RT_STRING:
    return RT_AS_STR(v.v)->len > 0;
  case RT_NUMBER:
    return true; /* json.Number: a non-empty string */
  case RT_BOOLEAN:
    return RT_AS_BOOL(v.v);
  case RT_ARRAY:
    return rt_array_len(v.v) > 0;
  case RT_OBJECT:
    return rt_object_len(v.v) > 0;
  default:
    return false;
  }
}

/* fmt's %v of a decoded JSON value. */
static void print_json(rt_buf *b, const rt_value *v) {
  size_t n;
  switch (rt_typeof(v)) {
  case RT_NULL:
    rt_buf_puts(b, "<nil>");
    break;
  case RT_BOOLEAN:
    rt_buf_puts(b, RT_AS_BOOL(v) ? "true" : "false");
    break;
  case RT_NUMBER: {
    const char *s = rt_num_str(v, &n);
    rt_buf_put(b, s, n);
    break;
  }
  case RT_STRING:
    rt_buf_put(b, RT_AS_STR(v)->s, RT_AS_STR(v)->len);
    break;
  case RT_ARRAY:
    rt_buf_putc(b, '[');
    for (uint32_t i = 0; i < rt_array_len(v); i++) {
      if (i) rt_buf_putc(b, ' ');
      print_json(b, rt_array_at(v, i));
    }
    rt_buf_putc(b, ']');
    break;
  case RT_OBJECT: {
    rt_value *keys = rt_sorted_keys(v);
    rt_buf_puts(b, "map[");
    for (uint32_t i = 0; i < rt_array_len(keys); i++) {
      rt_value *k = rt_array_at(keys, i);
      if (i) rt_buf_putc(b, ' ');
      print_json(b, k);
      rt_buf_putc(b, ':');
      print_json(b, rt_object_get(v, k));
    }
    rt_buf_putc(b, ']');
    break;
  }
  default:
    break;
  }
}

static void print_val(rt_buf *b, tval v) {
  switch (v.kind) {
  case TV_NONE:
  case TV_NIL:
    rt_buf_puts(b, "<no value>");
    break;
  case TV_INT:
    rt_buf_printf(b, "%lld", (long long)v.i);
    break;
  case TV_BOOL:
    rt_buf_puts(b, v.i ? "true" : "false");
    break;
  case TV_STR:
    rt_buf_put(b, v.s, v.n);
    break;
  case TV_VAL:
    print_json(b, v.v);
    break;
  }
}

/* v.f; Go reports failures at its chain node's position: that of the token after the
 * chain's first one (.a.b.c: .b; $x.a: .a), naming the whole chain. */
static tval field(exec *x, const arg *chain, tval v, const char *f, size_t n) {
  tval none = {TV_NONE, NULL, 0, NULL, 0};
  arg at_field = *chain;
  int k = chain->kind == A_FIELD && chain->nfields >= 2 ? 1 : 0;
  if (chain->kind == A_VAR || chain->nfields >= 2)
    at_field.pos = (size_t)(chain->fields[k] - 1 - x->t->src);
  const arg *at = &at_field;
  if (v.kind == TV_NONE) return none;
  if (v.kind == TV_NIL) {
    xerr(x, at, "nil pointer evaluating interface {}.%.*s", (int)n, f);
    return none;
  }
  if (v.kind != TV_VAL || !rt_is(v.v, RT_OBJECT)) {
    /* values reached through the decoded JSON are interface-typed */
    xerr(x, at, "can't evaluate field %.*s in type %s", (int)n, f,
         v.kind == TV_VAL ? "interface {}" : type_name(v));
    return none;
  }
  rt_value *r = rt_object_get_str(v.v, f, n);
  return r ? tv_from(r) : none;
}

static tval eval_pipe(exec *x, const pipe *p, tval dot);

static tval eval_arg(exec *x, const arg *a, tval dot) {
  tval r = {TV_NONE, NULL, 0, NULL, 0};
  switch (a->kind) {
  case A_DOT:
  case A_FIELD:
    r = dot;
    break;
  case A_VAR: {
    bool found = false;
    for (size_t i = x->nvars; i-- > 0;) {
      if (x->vars[i].n == a->nlen && memcmp(x->vars[i].name, a->name, a->nlen) == 0) {
        r = x->vars[i].v;
        found = true;
        break;
      }
    }
    if (!found) xerr(x, a, "undefined variable: %.*s", (int)a->nlen, a->name);
    break;
  }
  case A_STR:
    r.kind = TV_STR;
    r.s = a->name;
    r.n = a->nlen;
    return r;
  case A_INT:
    r.kind = TV_INT;
    r.i = a->i;
    return r;
  case A_BOOL:
    r.kind = TV_BOOL;
    r.i = a->i;
    return r;
  case A_NIL:
    xerr(x, a, "nil is not a command");
    return r;
  case A_PIPE:
    return eval_pipe(x, a->pipe, dot);
  case A_FUNC:
    xerr(x, a, "can't give argument to non-function %.*s", (int)a->nlen, a->name);
    return r;
  }
  for (int i = 0; i < a->nfields && !x->err; i++)
    r = field(x, a, r, a->fields[i], a->flens[i]);
  return r;
}

/* Go's basicKind for comparisons: 1 bool, 2 int, 3 string (json.Number included), 0 other. */
static int basic_kind(tval v, const char **s, size_t *n, int64_t *i) {
  switch (v.kind) {
  case TV_INT:
    *i = v.i;
    return 2;
  case TV_BOOL:
    *i = v.i;
    return 1;
  case TV_STR:
    *s = v.s;
    *n = v.n;
    return 3;
  case TV_VAL:
    if (rt_is(v.v, RT_STRING)) {
      *s = RT_AS_STR(v.v)->s;
      *n = RT_AS_STR(v.v)->len;
      return 3;
    }
    if (rt_is(v.v, RT_NUMBER)) {
      *s = rt_num_str(v.v, n);
      return 3;
    }
    if (rt_is(v.v, RT_BOOLEAN)) {
      *i = RT_AS_BOOL(v.v);
      return 1;
    }
    return 0;
  default:
    return 0;
  }
}

/* Compares a and b as Go's eq/lt: -2 on error (recorded), else <0, 0, >0. */
static int compare(exec *x, const arg *at, const char *fn, tval a, tval b, bool order) {
  const char *sa = NULL, *sb = NULL;
  size_t na = 0, nb = 0;
  int64_t ia = 0, ib = 0;
  int ka = basic_kind(a, &sa, &na, &ia), kb = basic_kind(b, &sb, &nb, &ib);
  if (ka == 0 || kb == 0 || (order && (ka == 1 || kb == 1))) {
    xerr(x, at, "error calling %s: invalid type for comparison", fn);
    return -2;
  }
  if (ka != kb) {
    xerr(x, at, "error calling %s: incompatible types for comparison", fn);
    return -2;
  }
  if (ka == 3) {
    size_t m = na < nb ? na : nb;
    int c = m ? memcmp(sa, sb, m) : 0;
    return c ? (c < 0 ? -1 : 1) : (na < nb ? -1 : na > nb);
  }
  return ia < ib ? -1 : ia > ib;
}

static bool is_go_string(tval v) {
  return v.kind == TV_STR || (v.kind == TV_VAL && (rt_is(v.v, RT_STRING) || rt_is(v.v, RT_NUMBER)));
}

static tval call(exec *x, const arg *fn_arg, const cmd *c, tval dot, tval final, bool has_final) {
  tval r = {TV_NONE, NULL, 0, NULL, 0}, args[64];
  int n = 0;
  /* errors name the whole command, as Go's do */
  arg whole = *fn_arg;
  const arg *last = c->args[c->nargs - 1];
  whole.srclen = (size_t)(last->src + last->srclen - fn_arg->src);
  const arg *fa = &whole;
  const char *f = fn_arg->name;
  size_t fn = fn_arg->nlen;
  bool lazy = word_is(f, fn, "and") || word_is(f, fn, "or");
  for (int i = 1; i < c->nargs && n < 63; i++) {
    if (c->args[i]->kind == A_NIL) { /* nil is a valid argument, only not a command */
      args[n++] = (tval){TV_NIL, NULL, 0, NULL, 0};
      continue;
    }
    args[n++] = eval_arg(x, c->args[i], dot);
    if (x->err) return r;
    /* and/or stop at the first argument that decides */
    if (lazy && truth(args[n - 1]) == word_is(f, fn, "or")) return args[n - 1];
  }
  if (has_final && n < 64) args[n++] = final;
  /* Go unwraps interfaces: a JSON null argument is nil */
  if (lazy) {
    if (n == 0) {
      xerr(x, fa, "wrong number of args for %.*s: want at least 1 got 0", (int)fn, f);
      return r;
    }
    return args[n - 1];
  }
  if (word_is(f, fn, "not")) {
    if (n != 1) {
      xerr(x, fa, "wrong number of args for not: want 1 got %d", n);
      return r;
    }
    r.kind = TV_BOOL;
    r.i = !truth(args[0]);
    return r;
  }
  if (word_is(f, fn, "len")) {
    if (n != 1) {
      xerr(x, fa, "wrong number of args for len: want 1 got %d", n);
      return r;
    }
    r.kind = TV_INT;
    tval a = args[0];
    if (a.kind == TV_STR) {
      r.i = (int64_t)a.n;
    } else if (a.kind == TV_VAL && rt_is(a.v, RT_STRING)) {
      r.i = RT_AS_STR(a.v)->len;
    } else if (a.kind == TV_VAL && rt_is(a.v, RT_NUMBER)) {
      size_t k;
      rt_num_str(a.v, &k);
      r.i = (int64_t)k;
    } else if (a.kind == TV_VAL && rt_is(a.v, RT_ARRAY)) {
      r.i = rt_array_len(a.v);
    } else if (a.kind == TV_VAL && rt_is(a.v, RT_OBJECT)) {
      r.i = rt_object_len(a.v);
    } else if (a.kind == TV_NONE || a.kind == TV_NIL) {
      xerr(x, fa, "error calling len: len of nil pointer");
    } else {
      xerr(x, fa, "error calling len: len of type %s", type_name(a));
    }
    return r;
  }
  if (word_is(f, fn, "index")) {
    if (n < 1) {
      xerr(x, fa, "wrong number of args for index: want at least 1 got 0");
      return r;
    }
    tval v = args[0];
    for (int i = 1; i < n; i++) {
      tval k = args[i];
      if (v.kind == TV_VAL && rt_is(v.v, RT_OBJECT)) {
        const char *ks = NULL;
        size_t kn = 0;
        int64_t ki;
        if (basic_kind(k, &ks, &kn, &ki) != 3 || (k.kind == TV_VAL && rt_is(k.v, RT_NUMBER))) {
          xerr(x, fa, "error calling index: value has type %s; should be string", type_name(k));
          return r;
        }
        rt_value *e = rt_object_get_str(v.v, ks, kn);
        v = e ? tv_from(e) : (tval){TV_NIL, NULL, 0, NULL, 0};
      } else if (v.kind == TV_VAL && rt_is(v.v, RT_ARRAY)) {
        if (k.kind != TV_INT) {
          xerr(x, fa, "error calling index: cannot index slice/array with type %s", type_name(k));
          return r;
        }
        if (k.i < 0 || k.i >= (int64_t)rt_array_len(v.v)) {
          xerr(x, fa, "error calling index: index out of range: %lld", (long long)k.i);
          return r;
        }
        v = tv_from(rt_array_at(v.v, (uint32_t)k.i));
      } else if (v.kind == TV_NONE || v.kind == TV_NIL) {
        xerr(x, fa, "error calling index: index of untyped nil");
        return r;
      } else {
        xerr(x, fa, "error calling index: can't index item of type %s", type_name(v));
        return r;
      }
    }
    return v;
  }
  if (word_is(f, fn, "print") || word_is(f, fn, "println")) {
    bool ln = fn == 7;
    rt_buf b;
    rt_buf_init(&b, 32);
    for (int i = 0; i < n; i++) {
      if (i > 0 && (ln || (!is_go_string(args[i - 1]) && !is_go_string(args[i]))))
        rt_buf_putc(&b, ' ');
      if (args[i].kind == TV_NIL || args[i].kind == TV_NONE)
        rt_buf_puts(&b, "<nil>");
      else
        print_val(&b, args[i]);
    }
    if (ln) rt_buf_putc(&b, '\n');
    r.kind = TV_STR;
    r.s = b.data ? b.data : "";
    r.n = b.len;
    return r;
  }
  /* eq ne lt le gt ge */
  if (n < 2 && !word_is(f, fn, "eq")) {
    xerr(x, fa, "wrong number of args for %.*s: want 2 got %d", (int)fn, f, n);
    return r;
  }
  if (n < 1) {
    xerr(x, fa, "wrong number of args for eq: want at least 1 got 0");
    return r;
  }
  r.kind = TV_BOOL;
  char name[8];
  snprintf(name, sizeof name, "%.*s", (int)fn, f);
  if (word_is(f, fn, "eq")) {
    if (n < 2) {
      xerr(x, fa, "error calling eq: missing argument for comparison");
      return r;
    }
    for (int i = 1; i < n; i++) {
      int k = compare(x, fa, name, args[0], args[i], false);
      if (k == -2) return r;
      if (k == 0) {
        r.i = 1;
        return r;
      }
    }
    return r;
  }
  if (n != 2) {
    xerr(x, fa, "wrong number of args for %s: want 2 got %d", name, n);
    return r;
  }
  int k = compare(x, fa, name, args[0], args[1], !word_is(f, fn, "ne"));
  if (k == -2) return r;
  r.i = word_is(f, fn, "ne")   ? k != 0
        : word_is(f, fn, "lt") ? k < 0
        : word_is(f, fn, "le") ? k <= 0
        : word_is(f, fn, "gt") ? k > 0
                               : k >= 0;
  return r;
}

static tval eval_cmd(exec *x, const cmd *c, tval dot, tval final, bool has_final) {
  const arg *a = c->args[0];
  if (a->kind == A_FUNC) return call(x, a, c, dot, final, has_final);
  tval none = {TV_NONE, NULL, 0, NULL, 0};
  if (c->nargs > 1 || has_final) {
    if (a->kind == A_FIELD || a->kind == A_VAR)
      xerr(x, a, "%.*s is not a method but has arguments", (int)a->srclen, a->src);
    else
      xerr(x, a, "can't give argument to non-function %.*s", (int)a->srclen, a->src);
    return none;
  }
  return eval_arg(x, a, dot);
}

static void set_var(exec *x, const char *name, size_t n, tval v, bool assign) {
  if (assign) {
    for (size_t i = x->nvars; i-- > 0;) {
      if (x->vars[i].n == n && memcmp(x->vars[i].name, name, n) == 0) {
        x->vars[i].v = v;
        return;
      }
    }
  }
  x->vars = grow(x->vars, x->nvars, &x->cap, sizeof *x->vars);
  x->vars[x->nvars].name = name;
  x->vars[x->nvars].n = n;
  x->vars[x->nvars++].v = v;
}

static tval eval_pipe(exec *x, const pipe *p, tval dot) {
  tval v = {TV_NONE, NULL, 0, NULL, 0};
  for (int i = 0; i < p->ncmds && !x->err; i++)
    v = eval_cmd(x, p->cmds[i], dot, v, i > 0);
  if (v.kind == TV_NIL) v.kind = TV_NONE; /* Go unwraps the interface: nil is no value */
  if (p->ndecl == 1 && !x->err) set_var(x, p->decl[0], p->decll[0], v, p->assign);
  return v;
}

static bool run_list(exec *x, const tlist *l, tval dot);

static bool run_node(exec *x, const tnode *n, tval dot) {
  size_t mark = x->nvars;
  switch (n->kind) {
  case K_TEXT:
    rt_buf_put(&x->out, n->text, n->tlen);
    return true;
  case K_ACTION: {
    tval v = eval_pipe(x, n->p, dot);
    if (x->err) return false;
    if (n->p->ndecl == 0) print_val(&x->out, v);
    return true;
  }
  case K_BREAK:
    x->flow = 1;
    return true;
  case K_CONTINUE:
    x->flow = 2;
    return true;
  case K_IF:
  case K_WITH: {
    tval v = eval_pipe(x, n->p, dot);
    if (x->err) return false;
    bool ok = truth(v) ? run_list(x, n->body, n->kind == K_WITH ? v : dot)
                       : (n->alt ? run_list(x, n->alt, dot) : true);
    x->nvars = mark;
    return ok;
  }
  case K_RANGE: {
    tval v = eval_pipe(x, n->p->ndecl == 0 ? n->p : n->p, dot);
    if (x->err) return false;
    /* the declared variables take each element, not the whole value */
    x->nvars = mark;
    uint32_t count = 0;
    rt_value *keys = NULL;
    if (v.kind == TV_VAL && rt_is(v.v, RT_ARRAY)) {
      count = rt_array_len(v.v);
    } else if (v.kind == TV_VAL && rt_is(v.v, RT_OBJECT)) {
      keys = rt_sorted_keys(v.v);
      count = rt_array_len(keys);
    } else if (v.kind == TV_INT) {
      count = v.i > 0 ? (uint32_t)v.i : 0;
    } else if (v.kind != TV_NONE) {
      tval shown = v;
      rt_buf b;
      rt_buf_init(&b, 16);
      print_val(&b, shown);
      rt_buf_putc(&b, '\0');
      return xerr(x, n->p->cmds[0]->args[0], "range can't iterate over %s", b.data);
    }
    for (uint32_t i = 0; i < count; i++) {
      tval key = {TV_INT, NULL, (int64_t)i, NULL, 0}, elem = key;
      if (keys) {
        rt_value *k = rt_array_at(keys, i);
        key.kind = TV_STR;
        key.s = RT_AS_STR(k)->s;
        key.n = RT_AS_STR(k)->len;
        elem = tv_from(rt_object_get(v.v, k));
      } else if (v.kind == TV_VAL) {
        elem = tv_from(rt_array_at(v.v, i));
      }
      if (n->p->ndecl == 1) set_var(x, n->p->decl[0], n->p->decll[0], elem, false);
      if (n->p->ndecl == 2) {
        set_var(x, n->p->decl[0], n->p->decll[0], key, false);
        set_var(x, n->p->decl[1], n->p->decll[1], elem, false);
      }
      bool ok = run_list(x, n->body, elem);
      x->nvars = mark;
      if (!ok) return false;
      if (x->flow == 1) {
        x->flow = 0;
        break;
      }
      x->flow = 0;
    }
    if (count == 0 && n->alt && !run_list(x, n->alt, dot)) return false;
    x->nvars = mark;
    return true;
  }
  }
  return true;
}

static bool run_list(exec *x, const tlist *l, tval dot) {
  for (size_t i = 0; i < l->n; i++) {
    if (!run_node(x, l->items[i], dot)) return false;
    if (x->flow) return true;
  }
  return true;
}

/* OPA decodes vars from their JSON text: sets and non-string keys are not JSON. */
static bool plain_json(const rt_value *v) {
  rt_iter it;
  if (rt_is(v, RT_SET)) return false;
  if (!rt_is(v, RT_ARRAY) && !rt_is(v, RT_OBJECT)) return true;
  rt_iter_init(&it, v);
  while (rt_iter_next(&it)) {
    if (rt_is(v, RT_OBJECT) && !rt_is(it.key, RT_STRING)) return false;
    if (!plain_json(it.val)) return false;
  }
  return true;
}

rt_value *bi_strings_render_template(rt_value *text, rt_value *vars) {
  if (!rt_is(text, RT_STRING)) return bi_type_err(NAME, 1, text, "string");
  if (!rt_is(vars, RT_OBJECT)) return bi_type_err(NAME, 2, vars, "object");
  if (!plain_json(vars))
    return rt_builtin_fail(RT_ERR_BUILTIN, NAME,
                           "template variables must be JSON (no sets, no non-string keys)");
  tpl t;
  memset(&t, 0, sizeof t);
  t.src = RT_AS_STR(text)->s;
  t.len = RT_AS_STR(text)->len;
  endk end;
  tlist *l = parse_list(&t, &end, false);
  if (!l || t.err)
    return rt_builtin_fail(RT_ERR_BUILTIN, NAME, "%s", t.err ? t.err : "parse error");
  exec x;
  memset(&x, 0, sizeof x);
  x.t = &t;
  rt_buf_init(&x.out, t.len + 16);
  tval root = tv_from(vars);
  set_var(&x, "$", 1, root, false);
  if (!run_list(&x, l, root)) return rt_builtin_fail(RT_ERR_BUILTIN, NAME, "%s", x.err);
  /* OPA: strings.ReplaceAll(out, "<no value>", "<undefined>") */
  rt_buf res;
  rt_buf_init(&res, x.out.len + 16);
  static const char nv[] = "<no value>";
  size_t i = 0, nvl = sizeof nv - 1;
  while (i < x.out.len) {
    if (x.out.len - i >= nvl && memcmp(x.out.data + i, nv, nvl) == 0) {
      rt_buf_puts(&res, "<undefined>");
      i += nvl;
    } else {
      rt_buf_putc(&res, x.out.data[i++]);
    }
  }
  return rt_buf_string(&res);
}
