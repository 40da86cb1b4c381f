/* fuzz_parse.c: libFuzzer target for the front end (lexer, both parsers, AST, dumps).
 *
 * Each input is parsed as a module, then as a query and as a term; every tree that comes out is
 * printed both ways (the printers recurse, so this also checks the depth bounds). Diagnostics go
 * to /dev/null. Memory comes from fuzz_arena.c, which gives each allocation its own malloc so that
 * AddressSanitizer sees overflows between AST nodes and LeakSanitizer sees anything left behind
 * when the arena is freed. Build and run: see README.md.
 */
#include <stdint.h>
#include <stdio.h>

#include "ast_dump.h"
#include "diag.h"
#include "parse.h"
#include "rt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *null;
  if (!null) {
    null = fopen("/dev/null", "w");
    diag_set_stream(null);
  }
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  const char *text = (const char *)data;
  ast_module *m = parse_file("fuzz.rego", text, size);
  if (m) {
    ast_dump_json(null, m);
    ast_dump_text(null, m);
  }
  ast_body *q = parse_query("query", text, size);
  if (q) {
    ast_dump_body_json(null, q);
    ast_dump_body_text(null, q);
  }
  ast_term *t = parse_term("term", text, size);
  if (t) {
    ast_dump_term_json(null, t);
    ast_dump_term_text(null, t);
  }
  rt_arena_use(NULL);
  rt_arena_free(a);
  diag_reset();
  return 0;
}
