/* re2_wrap.h: a small C interface to RE2, the regex engine behind the regex and glob builtins.
 *
 * RE2 is C++; this header is all the C side sees of it (re2_wrap.cc implements it). RE2 was
 * chosen because it matches in time linear in the subject whatever the pattern (OPA's Go
 * regexp has the same guarantee, and policies take patterns from input, so a backtracking
 * engine would be a denial-of-service hazard) and because Go's regexp/syntax was ported from
 * it: the same syntax family and leftmost-first semantics. Patterns reach RE2 only after
 * bi_regex_syntax.c has checked them with Go's rules and rewritten them into a form whose
 * meaning RE2 and Go agree on, so the options set here are the plain Perl-like ones.
 */
#ifndef RE2_WRAP_H
#define RE2_WRAP_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct re2w re2w; /* a compiled pattern (owned by the caller, freed with re2w_free) */

/* Where a match must sit. */
enum { RE2W_UNANCHORED = 0, RE2W_ANCHOR_START = 1, RE2W_ANCHOR_BOTH = 2 };

/* Offset of a group that took no part in the match. */
#define RE2W_UNSET ((size_t)-1)

/* Compiles pat[0..len) (UTF-8, leftmost-first, Perl classes, no logging). Returns NULL on
 * failure and copies RE2's message into err (NUL-terminated, truncated to errcap). */
re2w *re2w_new(const char *pat, size_t len, char *err, size_t errcap);
void re2w_free(re2w *re);

/* Number of capturing groups. */
int re2w_groups(const re2w *re);

/* Searches text[start..len) with text[0..len) as context (so ^ and \b see what precedes
 * start). On a match fills caps[0..2*ncaps) with byte offsets of the whole match and of
 * groups 1..ncaps-1 (RE2W_UNSET for groups that did not take part) and returns true.
 * ncaps may be 0 when only the answer matters (the fastest path). */
bool re2w_match(const re2w *re, const char *text, size_t len, size_t start, int anchor,
                size_t *caps, int ncaps);

#ifdef __cplusplus
}
#endif

#endif /* RE2_WRAP_H */
