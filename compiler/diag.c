/* diag.c: prints compile errors the way OPA users know them.
 *
 *   policy.rego:3:10: rego_parse_error: unexpected } token
 *     x := [1, }
 *              ^
 *
 * The source line comes from the file text the location points into, so no phase has to
 * carry it. It is printed sanitised (control bytes and invalid UTF-8 become '?', so that a
 * hostile file cannot drive the terminal) and, when very long, cut to a window around the
 * column. The caret line repeats the line's tabs so that it lines up in any tab width, and
 * counts a multi-byte character as one column.
 */
#include <stdarg.h>
#include <string.h>

#include "diag.h"

#define WINDOW 60 /* bytes shown on each side of the column in a long line */

static FILE *out;
static int count;
static int limit = 100;
static bool muted;
static int muted_count;

void diag_reset(void) {
  count = 0;
}

int diag_count(void) {
  return count;
}

void diag_set_stream(FILE *f) {
  out = f;
}

void diag_set_limit(int max_printed) {
  limit = max_printed;
}

int diag_mute(bool on) {
  int n = muted_count;
  muted = on;
  muted_count = 0;
  return n;
}

/* Length of the valid UTF-8 sequence at p (before end), or 0. */
static int utf8_seq(const unsigned char *p, const unsigned char *end) {
  unsigned char c = p[0];
  int n;
  unsigned lo = 0x80, hi = 0xbf;
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
  if (end - p < n || p[1] < lo || p[1] > hi)
    return 0;
  for (int i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return 0;
  return n;
}

/* Prints bytes [from, to) of a line for display, and the caret under `at`. */
static void show_line(FILE *f, const unsigned char *from, const unsigned char *to,
                      const unsigned char *at, bool cut_left, bool cut_right) {
  fputs("  ", f);
  if (cut_left)
    fputs("...", f);
  for (const unsigned char *p = from; p < to;) {
    int n = *p < 0x80 ? 1 : utf8_seq(p, to);
    if (n > 1) {
      fwrite(p, 1, (size_t)n, f);
      p += n;
    } else {
      fputc(*p == '\t' || (*p >= 0x20 && *p < 0x7f) ? *p : '?', f);
      p++;
    }
  }
  if (cut_right)
    fputs("...", f);
  fputs("\n  ", f);
  if (cut_left)
    fputs("   ", f);
  for (const unsigned char *p = from; p < at && p < to;) {
    int n = *p < 0x80 ? 1 : utf8_seq(p, to);
    fputc(*p == '\t' ? '\t' : ' ', f);
    p += n > 1 ? n : 1;
  }
  fputs("^\n", f);
}

static void show_source(FILE *f, const ast_loc *loc) {
  const ast_file *file = loc->file;
  if (!file->text || loc->offset > file->len)
    return;
  const unsigned char *text = (const unsigned char *)file->text;
  const unsigned char *at = text + loc->offset;
  const unsigned char *start = at, *end = at;
  while (start > text && start[-1] != '\n')
    start--;
  while (end < text + file->len && *end != '\n')
    end++;
  if (end > start && end[-1] == '\r')
    end--;
  const unsigned char *from = start, *to = end;
  if (at - from > WINDOW)
    from = at - WINDOW;
  if (to - at > WINDOW)
    to = at + WINDOW;
  /* never cut a character in half */
  while (from > start && (*from & 0xc0) == 0x80)
    from--;
  while (to < end && (*to & 0xc0) == 0x80)
    to++;
  show_line(f, from, to, at, from > start, to < end);
}

void diag_error(const ast_loc *loc, const char *code, const char *fmt, ...) {
  if (muted) {
    muted_count++;
    return;
  }
  count++;
  if (count > limit)
    return;
  FILE *f = out ? out : stderr;
  if (loc && loc->file) {
    if (loc->line > 0)
      fprintf(f, "%s:%d:%d: ", loc->file->name, loc->line, loc->col);
    else
      fprintf(f, "%s: ", loc->file->name);
  }
  fprintf(f, "%s: ", code);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(f, fmt, ap);
  va_end(ap);
  fputc('\n', f);
  if (loc && loc->file && loc->line > 0)
    show_source(f, loc);
  if (count == limit)
    fprintf(f, "too many errors; further errors are counted but not shown\n");
}
