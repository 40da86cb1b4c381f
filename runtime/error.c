/* error.c: evaluation errors, recorded in rt_state and reported the way OPA reports them.
 *
 * Two kinds, as in OPA's topdown: fatal errors (conflicts, internal errors) stop the
 * evaluation, so rt_fatal records the error and longjmps to the entry point's jmp_buf; a
 * failing builtin only makes its call undefined, and in strict mode the first such failure
 * is remembered so that the checker can report it once evaluation ends. The location is
 * not passed around: generated code points rt_cur_loc at static data before calls that
 * may fail, and the error copies it at the moment it is raised.
 */
#include "rt_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>

const rt_loc *rt_cur_loc;
rt_eval_state *rt_state;

const char *rt_error_code_name(rt_error_code c) {
  switch (c) {
  case RT_ERR_NONE:
    return "none";
  case RT_ERR_CONFLICT:
    return "eval_conflict_error";
  case RT_ERR_TYPE:
    return "eval_type_error";
  case RT_ERR_BUILTIN:
    return "eval_builtin_error";
  case RT_ERR_INTERNAL:
    break;
  }
  return "eval_internal_error";
}

/* Fills e with code, the current location and "PREFIX: " (if prefix) then the message. */
static void record(rt_error *e, rt_error_code code, const char *prefix, const char *fmt,
                   va_list ap) __attribute__((format(printf, 4, 0)));
static void record(rt_error *e, rt_error_code code, const char *prefix, const char *fmt,
                   va_list ap) {
  e->code = code;
  if (rt_cur_loc) {
    e->loc = *rt_cur_loc;
  } else {
    e->loc.file = NULL;
    e->loc.row = e->loc.col = 0;
  }
  size_t n = 0;
  if (prefix) {
    int k = snprintf(e->message, sizeof e->message, "%s: ", prefix);
    n = k < 0 ? 0 : (size_t)k < sizeof e->message ? (size_t)k : sizeof e->message - 1;
  }
  vsnprintf(e->message + n, sizeof e->message - n, fmt, ap);
}

_Noreturn void rt_fatal(rt_error_code code, const char *fmt, ...) {
  va_list ap;
  rt_error local, *e = rt_state ? &rt_state->error : &local;
  va_start(ap, fmt);
  record(e, code, NULL, fmt, ap);
  va_end(ap);
  if (!rt_state || !rt_state->jmp) {
    /* No evaluation to unwind: a runtime function was used outside an entry point. */
    rt_arena *a = rt_arena_new(256), *prev = rt_arena_use(a);
    rt_buf b = {0};
    rt_error_format(e, &b);
    fprintf(stderr, "regoc runtime: fatal error outside an evaluation: %.*s\n", (int)b.len,
            b.data);
    rt_arena_use(prev);
    rt_arena_free(a);
    abort();
  }
  rt_state->has_error = true;
  longjmp(*(jmp_buf *)rt_state->jmp, 1);
}

rt_value *rt_builtin_fail(rt_error_code code, const char *name, const char *fmt, ...) {
  if (rt_state && rt_state->strict && !rt_state->has_error) {
    va_list ap;
    va_start(ap, fmt);
    record(&rt_state->error, code, name, fmt, ap);
    va_end(ap);
    rt_state->has_error = true;
  }
  return NULL;
}

/* OPA's topdown Error.Error(): the location as Location.String() prints it ("FILE:ROW", or
 * "ROW:COL" when the policy has no file name), then "CODE: MESSAGE". */
void rt_error_format(const rt_error *e, rt_buf *out) {
  if (e->loc.file && e->loc.file[0])
    rt_buf_printf(out, "%s:%d: ", e->loc.file, e->loc.row);
  else if (e->loc.row > 0)
    rt_buf_printf(out, "%d:%d: ", e->loc.row, e->loc.col);
  rt_buf_printf(out, "%s: %s", rt_error_code_name(e->code), e->message);
}
