/* capabilities.c: `regoc capabilities [--target opa|buildx]`, the builtins a target offers,
 * printed in the shape of OPA's capabilities file ({"builtins": [{"name", "decl"}...]}), so
 * that tools which read OPA capabilities (opa check --capabilities, Regal) can check policies
 * against what a regoc checker supports.
 *
 * A builtin is offered when stdlib/ implements it, it is not deprecated, and (for buildx) it
 * is on buildx's allowlist. Operators that the compiler lowers itself (eq, assign, print) are
 * offered too.
 */
#include <stdio.h>
#include <string.h>

#include "bi.h"
#include "driver.h"
#include "rt.h"

static bool offered(const bi_entry *e, bool buildx) {
  if (e->flags & BI_F_DEPRECATED) return false;
  if (buildx && !(e->flags & BI_F_BUILDX)) return false;
  if (e->fn) return true;
  return strcmp(e->name, "eq") == 0 || strcmp(e->name, "assign") == 0 ||
         strcmp(e->name, "print") == 0;
}

int cmd_capabilities(int argc, char **argv) {
  bool buildx = false;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
      const char *t = argv[++i];
      if (strcmp(t, "buildx") == 0) buildx = true;
      else if (strcmp(t, "opa") != 0) {
        fprintf(stderr, "regoc capabilities: unknown target %s (opa or buildx)\n", t);
        return 2;
      }
    } else {
      fprintf(stderr, "usage: regoc capabilities [--target opa|buildx]\n");
      return 2;
    }
  }
  rt_value *list = rt_array_new(64);
  for (size_t i = 0; i < bi_table_len; i++) {
    const bi_entry *e = &bi_table[i];
    if (!offered(e, buildx)) continue;
    rt_json_error je;
    rt_value *decl = rt_json_parse(e->decl, strlen(e->decl), &je);
    rt_value *o = rt_object_new(2);
    rt_object_put(o, rt_string_z("name"), rt_string_z(e->name));
    if (decl) rt_object_put(o, rt_string_z("decl"), decl);
    rt_array_push(list, o);
  }
  rt_value *doc = rt_object_new(1);
  rt_object_put(doc, rt_string_z("builtins"), list);
  rt_buf b;
  rt_buf_init(&b, 1 << 16);
  rt_json_write(&b, doc, RT_JSON_PRETTY);
  printf("%.*s\n", (int)b.len, b.data);
  return 0;
}
