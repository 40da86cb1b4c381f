/* bi_call.c: calls builtins by name from the table, for cross-checking them against OPA's
 * conformance cases (tests/unit/bi-xcheck.py drives it; not part of `make check`).
 *
 * Each input line is "NAME<TAB>ARGS" with ARGS a JSON array of the arguments; each output
 * line is "ok<TAB>RESULT" (JSON), "undefined", "error<TAB>CODE<TAB>MESSAGE" or
 * "unsupported". Evaluation is strict, as in the conformance cases that expect errors.
 */
#include "bi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run(char *line) {
  static rt_eval_state st;
  char *tab = strchr(line, '\t');
  const bi_entry *e;
  rt_json_error err;
  rt_value *args, *r = NULL, *a[4];
  rt_buf out;
  if (!tab) {
    puts("unsupported");
    return;
  }
  *tab = '\0';
  e = bi_lookup(line);
  args = rt_json_parse(tab + 1, strlen(tab + 1), &err);
  if (!e || !e->fn || e->arity < 0 || e->arity > 4 || !args || !rt_is(args, RT_ARRAY) ||
      rt_array_len(args) != (uint32_t)e->arity) {
    puts("unsupported");
    return;
  }
  for (int i = 0; i < e->arity; i++)
    a[i] = rt_array_at(args, (uint32_t)i);
  memset(&st, 0, sizeof st);
  st.strict = true;
  rt_state = &st;
  switch (e->arity) {
  case 0:
    r = ((bi_fn0)e->fn)();
    break;
  case 1:
    r = ((bi_fn1)e->fn)(a[0]);
    break;
  case 2:
    r = ((bi_fn2)e->fn)(a[0], a[1]);
    break;
  case 3:
    r = ((bi_fn3)e->fn)(a[0], a[1], a[2]);
    break;
  default:
    r = ((bi_fn4)e->fn)(a[0], a[1], a[2], a[3]);
    break;
  }
  if (st.has_error) {
    printf("error\t%s\t%s\n", rt_error_code_name(st.error.code), st.error.message);
  } else if (!r) {
    puts("undefined");
  } else {
    rt_buf_init(&out, 64);
    rt_json_write(&out, r, 0);
    printf("ok\t%.*s\n", (int)out.len, out.data);
  }
}

int main(void) {
  static char line[1 << 16];
  rt_arena *arena = rt_arena_new(0);
  rt_arena_use(arena);
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = '\0';
    rt_arena_mark m = rt_arena_save(arena);
    run(line);
    fflush(stdout);
    rt_arena_restore(arena, m);
  }
  rt_arena_free(arena);
  return 0;
}
