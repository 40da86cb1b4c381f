/* bi_regex.h: what the regex and glob builtin files share (private to stdlib/).
 *
 * Three layers, one file each:
 *   bi_regex_syntax.c  Go's regexp/syntax rules: accepts exactly what Go accepts, words
 *                      errors as Go does, and rewrites a valid pattern into an RE2 pattern
 *                      with the same meaning (see there for the differences it removes);
 *   bi_regex.c         the compiled-pattern cache, subjects with invalid UTF-8, Go's
 *                      find/split/replace loops, and the regex.* builtins;
 *   bi_glob.c          glob.match and glob.quote_meta (gobwas/glob, compiled to RE2 here)
 *                      and regex.globs_match (yashtewari/glob-intersection).
 */
#ifndef BI_REGEX_H
#define BI_REGEX_H

#include "bi_util.h"
#include "re2_wrap.h"

/* ---- Go syntax -------------------------------------------------------------------------- */

/* A Go pattern checked and translated. All strings are malloc'd (bi_gore_clear frees them). */
typedef struct bi_gore {
  char *re2; /* the RE2 pattern (NUL-terminated; may also contain NUL bytes) */
  size_t re2len;
  int ncap;     /* capturing groups */
  char **names; /* ncap + 1 entries: the group names, NULL where unnamed (and at 0) */
  char *err;    /* Go's error ("error parsing regexp: ...") if the pattern is invalid */
  char *unsup;  /* set if Go accepts the pattern but regoc cannot translate it */
  bool wordb;   /* uses \b or \B (the only way to match inside a multi-byte character) */
} bi_gore;

/* Checks pat[0..n) as Go's regexp.Compile does (syntax.Perl flags). Returns false and sets
 * g->err for an invalid pattern; otherwise fills the translation (or g->unsup). */
bool bi_gore_parse(const char *pat, size_t n, bi_gore *g);
void bi_gore_clear(bi_gore *g);

/* ---- compiled patterns and their cache ---------------------------------------------------- */

typedef struct bi_re {
  re2w *re;     /* NULL when err is set */
  int ncap;     /* capturing groups */
  char **names; /* ncap + 1 group names (NULL entries where unnamed), or NULL */
  char *err;    /* why the pattern cannot be used: OPA's message, without the builtin name */
  bool wordb;   /* see bi_gore */
} bi_re;

/* Compiles a Go pattern (never NULL: failures are recorded in ->err). */
bi_re *bi_re_from_go(const char *pat, size_t n);
/* Compiles an RE2 pattern that regoc built itself (globs); ->err set if RE2 refuses it. */
bi_re *bi_re_from_re2(const char *pat, size_t n);
void bi_re_free(bi_re *re);

/* The cache of compiled patterns, keyed by a kind letter ('r' regex, 't' regex template,
 * 'g' glob) and bytes. It lives in malloc memory, outside the evaluation arenas, holds at
 * most BI_RE_CACHE_MAX entries (the least recently used go first) and is freed at exit.
 * bi_re_cache_put takes ownership of re and returns it. */
#define BI_RE_CACHE_MAX 256
const bi_re *bi_re_cache_get(char kind, const char *key, size_t klen);
const bi_re *bi_re_cache_put(char kind, const char *key, size_t klen, bi_re *re);
size_t bi_re_cache_size(void); /* entries held (for tests) */

/* ---- subjects ------------------------------------------------------------------------------ */

/* A string to match. Go decodes each invalid UTF-8 byte as U+FFFD (one byte wide), which RE2
 * cannot do, so an invalid subject is matched as a copy with each bad byte replaced by the
 * three bytes of U+FFFD; map translates offsets in the copy back to the original. */
typedef struct bi_subj {
  const char *s; /* the text RE2 sees (valid UTF-8) */
  size_t n;
  const char *orig; /* the caller's bytes */
  size_t on;
  uint32_t *map; /* NULL when s == orig; else map[i] = offset in orig of offset i in s */
  bool ascii;    /* all bytes < 0x80 */
} bi_subj;

void bi_subj_init(bi_subj *sj, const char *s, size_t n); /* the copy lives in the arena */
static inline size_t bi_subj_orig(const bi_subj *sj, size_t off) {
  return sj->map ? sj->map[off] : off;
}

/* Go's doExecute at pos: the leftmost-first match starting at or after pos (on a code point
 * boundary, as Go only tries those). caps as re2w_match, in offsets of sj->s. */
bool bi_re_search(const bi_re *re, const bi_subj *sj, size_t pos, int anchor, size_t *caps,
                  int ncaps);

#endif /* BI_REGEX_H */
