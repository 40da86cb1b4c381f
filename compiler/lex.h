/* lex.h: the Rego lexer (lexer.re, generated into lexer.c by re2c), as the parser sees it.
 *
 * Rego is not a free-form language, and the lexer is where its two layout rules live, so that
 * the Bison grammar can stay LALR(1) with no conflicts:
 *
 *  - Whitespace ends a reference. `a[1]`, `f(x)` and `a.b` continue a term only when the
 *    bracket, parenthesis or dot touches the token before it, so `[`, `(` and `.` come in two
 *    kinds (T_LBRACK_ADJ vs T_LBRACK, T_LPAREN_ADJ vs T_LPAREN, T_FIELD for `.name`).
 *  - A newline separates the expressions of a body. Inside brackets (and in queries), the
 *    lexer emits T_NEWLINE when a line break falls between a token that can end an expression
 *    and one that can only start the next one; every other newline is plain whitespace, which
 *    gives OPA's behaviour (an expression continues on the next line after an operator, a
 *    comma or an opening bracket).
 *
 * It also turns a keyword that touches a following `.` or `[` into an identifier (`else.x`,
 * `input.in` and `not[x]` are references, as in OPA), scans template strings as parts around
 * their embedded expressions, keeps the `# METADATA` comment blocks, and bounds bracket
 * nesting. Where OPA tells a body from a term by trying one parse and then the other (`if {`
 * followed by a body or by an object or comprehension; a `{ ... }` operand of `and`/`or`), the
 * lexer looks ahead over the braces instead and says which with the token it returns. Token
 * text lives in the current arena; errors go to diag.h.
 */
#ifndef LEX_H
#define LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

/* Brackets may nest this deep; deeper input is rejected (no recursion anywhere can then
 * exhaust the C stack). Expression trees are bounded at twice this depth (ast_check_depth). */
#define LEX_MAX_NESTING 1000

enum lex_mode {
  LEX_MODULE, /* a policy file: statements; newlines matter only inside brackets */
  LEX_QUERY,  /* a query or a term: a body at the top level */
};

/* Flags of a token's value. */
#define LEX_F_KEYWORD 0x01 /* an identifier that is a keyword followed by `.` or `[` */
#define LEX_F_RAW 0x02     /* a string or template part written in backticks */

/* The semantic value of a token: its text (decoded for strings, arena memory, NUL-terminated;
 * keywords point at their static name). */
typedef struct lex_tok {
  const char *s;
  size_t len;
  int flags;
} lex_tok;

typedef struct lex_state {
  const ast_file *file;
  const unsigned char *cur, *lim, *tok, *mar;
  const unsigned char *line_start; /* first byte of the current line */
  int line;
  size_t *line_starts; /* offset of the first byte of each line seen (line n at n - 1) */
  int caplines;
  int tok_line; /* where the token being scanned starts */
  const unsigned char *tok_line_start;
  int mode;
  bool started;
  /* The previous token passed on: decides adjacency and newline tokens. */
  int prev;
  const unsigned char *prev_end;
  int prev_line;                         /* line of prev_end */
  const unsigned char *prev_line_start;
  bool nl; /* a line break was skipped since prev */
  /* Open brackets, innermost last: '(', '[', '{', or 'T'/'R' for the `{` of a template
   * string (ordinary / backtick), whose closing `}` resumes the string. */
  unsigned char stack[LEX_MAX_NESTING + 1];
  int depth;
  int max_depth; /* the most open at once since the parser last reset it */
  /* A token held back behind a T_NEWLINE or a T_RECOVER. */
  bool held;
  int held_kind;
  lex_tok held_val;
  ast_loc held_loc;
  /* The last token handed out, re-read after a syntax error when it starts a statement. */
  int last_kind;
  bool last_starts_stmt; /* it does, in column 1: last_val and last_loc hold it */
  lex_tok last_val;
  ast_loc last_loc;
  bool recovering; /* a syntax error was reported: skip to the next statement */
  bool skipping;   /* inside that skip: lexical errors are not reported */
  bool fatal;      /* nesting too deep: only end of input from now on */
  /* OPA's experimental logic, switched on by imports (lex_enable): `and` and `or` are
   * keywords, and `not {`, `and {`, `or {` (and a `{` that starts an operand of them) open a
   * body, T_LBRACE_GROUP, instead of a set. */
  bool logic, notbody;
  size_t look_budget; /* bytes the lookahead over braces may still read (lexer.re) */
  bool else_pending; /* an `else` since the last `if` */
  bool if_of_else;   /* the last `if` belongs to an `else`: its `{` is always a body */
  int nerrors;     /* lexical errors reported */
  size_t error_tok; /* offset of the token in which the last one was found */
  char *text_pool; /* where token text is carved from (lexer.re: text_alloc) */
  size_t text_left;
  /* # METADATA blocks, in order. */
  ast_annotation *annots;
  int nannots, capannots;
  int meta_line;      /* line of the last comment added to the open block, 0 if none */
  char *meta_buf;     /* text of the open block */
  size_t meta_len, meta_cap;
} lex_state;

/* Prepares L to scan f->text (f->text[f->len] must be '\0'). */
void lex_init(lex_state *L, const ast_file *f, int mode);
/* The next token: its kind (a T_ constant of parser.h), value and location. The first token
 * is T_START_MODULE or T_START_QUERY, so that one grammar serves both modes. */
int lex_next(lex_state *L, lex_tok *val, ast_loc *loc);
/* Called on a syntax error: the next token is T_RECOVER, after which scanning resumes at the
 * next statement (an identifier, `default`, `package` or `import` in column 1). */
void lex_recover(lex_state *L);
/* Switches on an experimental keyword after `import future.keywords.KW` ("and", "or", "not";
 * NULL for `import future.keywords`, which means all of them). */
void lex_enable(lex_state *L, const char *kw);
/* The character that closes the innermost open bracket ('}' for a body, ']' ...), or 0. */
char lex_closer(const lex_state *L);
/* Ends the open # METADATA block, if any (at end of input). */
void lex_finish(lex_state *L);

/* The parser (parser.y) over f, as a module (*mod) or a query (*query): returns the number of
 * errors it reported; the tree is complete only when that is 0. */
int parser_run(const ast_file *f, int mode, ast_module **mod, ast_body **query);

#endif /* LEX_H */
