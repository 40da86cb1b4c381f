/* enc_call.c: calls builtins by name, for tests/unit/enc-xcheck.py (not run by make check).
 *
 * Like bi_call, but arguments may hold sets: a JSON object {"$set": [...]} stands for the set
 * of those elements, at any depth, so conformance cases written with Rego set literals can
 * be replayed. Each input line is "NAME<TAB>ARGS-JSON"; each output line is "ok<TAB>RESULT"
 * (JSON; sets print as sorted arrays), "undefined", "error<TAB>CODE<TAB>MESSAGE" or
 * "unsupported". Evaluation is strict, so failing calls report OPA's error.
 */
#include "bi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value with every {"$set": [...]} replaced by a set. */
static rt_value *unwrap_sets(rt_value *v) {
  rt_iter it;
  rt_value *out;
  if (rt_is(v, RT_ARRAY)) {
    out = rt_array_new(rt_array_len(v));
    for (uint32_t i = 0; i < rt_array_len(v); i++)
      rt_array_push(out, unwrap_sets(rt_array_at(v, i)));
    return out;
  }
  if (!rt_is(v, RT_OBJECT)) return v;
  rt_value *members = rt_object_get_str(v, "$set", 4);
  if (members && rt_object_len(v) == 1 && rt_is(members, RT_ARRAY)) {
    out = rt_set_new(rt_array_len(members));
    for (uint32_t i = 0; i < rt_array_len(members); i++)
      rt_set_add(out, unwrap_sets(rt_array_at(members, i)));
    return out;
  }
  out = rt_object_new(rt_object_len(v));
  rt_iter_init(&it, v);
  while (rt_iter_next(&it))
    rt_object_put(out, unwrap_sets(it.key), unwrap_sets(it.val));
  return out;
}

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
  args = unwrap_sets(args);
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
    rt_json_write(&out, r, 0x02); /* no HTML escaping: easier to read */
    printf("ok\t%.*s\n", (int)out.len, out.data);
  }
}

int main(void) {
  static char line[1 << 20];
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
