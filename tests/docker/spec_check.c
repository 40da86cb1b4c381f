/* spec_check.c: a checker must decide as buildx's OPA does on the spec's Docker inputs.
 *
 *   spec_check CHECKER EXPECTED_JSON INPUT_DIR POLICY_KEY
 *
 * EXPECTED_JSON is ../shared/spec/docker/expected-decisions.json: for each input file, the
 * decision object OPA gives under each policy ("policyA", "policyB"). Every input named there
 * is sent through `CHECKER batch` (one line each), and each output line must equal the
 * expected {allow, deny_msg}. Prints a line per mismatch and "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  rt_buf b;
  rt_buf_init(&b, 4096);
  char chunk[65536];
  size_t r;
  while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) rt_buf_put(&b, chunk, r);
  fclose(f);
  *len = b.len;
  rt_buf_putc(&b, 0);
  return b.data;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: spec_check CHECKER EXPECTED_JSON INPUT_DIR POLICY_KEY\n");
    return 2;
  }
  rt_arena_use(rt_arena_new(1 << 20));
  size_t len;
  char *text = slurp(argv[2], &len);
  rt_json_error je;
  rt_value *expected = text ? rt_json_parse(text, len, &je) : NULL;
  if (!expected) {
    fprintf(stderr, "spec_check: cannot read %s\n", argv[2]);
    return 2;
  }
  char tmpl[] = "/tmp/spec-check-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) return 2;
  FILE *in = fdopen(fd, "w");
  rt_value *names = rt_sorted_keys(expected);
  for (uint32_t i = 0; i < rt_array_len(names); i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", argv[3], RT_AS_STR(rt_array_at(names, i))->s);
    char *doc = slurp(path, &len);
    rt_value *v = doc ? rt_json_parse(doc, len, &je) : NULL;
    if (!v) {
      fprintf(stderr, "spec_check: cannot read %s\n", path);
      return 2;
    }
    rt_buf b;
    rt_buf_init(&b, 1024);
    rt_json_write(&b, v, 0);
    fprintf(in, "%.*s\n", (int)b.len, b.data);
  }
  fclose(in);
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "'%s' batch < '%s'", argv[1], tmpl);
  FILE *out = popen(cmd, "r");
  if (!out) return 2;
  int pass = 0, fail = 0;
  char *line = NULL;
  size_t cap = 0;
  for (uint32_t i = 0; i < rt_array_len(names); i++) {
    rt_value *name = rt_array_at(names, i);
    rt_value *want = rt_object_get_str(rt_object_get(expected, name), argv[4], strlen(argv[4]));
    ssize_t n = getline(&line, &cap, out);
    rt_value *got = n > 0 ? rt_json_parse(line, (size_t)n, &je) : NULL;
    if (got && want && rt_equal(got, want)) {
      pass++;
      continue;
    }
    fail++;
    rt_buf wb;
    rt_buf_init(&wb, 256);
    if (want) rt_json_write(&wb, want, 0);
    printf("FAIL %s: want %.*s, got %s", RT_AS_STR(name)->s, (int)wb.len, wb.data,
           n > 0 ? line : "(no output)\n");
  }
  free(line);
  pclose(out);
  unlink(tmpl);
  printf("%d passed, %d failed\n", pass, fail);
  return fail ? 1 : 0;
}
