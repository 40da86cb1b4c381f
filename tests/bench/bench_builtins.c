/* bench_builtins.c: what the builtins the Docker policies lean on cost per call, in
 * nanoseconds, for `make bench`: sprintf with %s and %v, startswith, count, concat, plus.
 *
 * Each row calls one builtin in a loop long enough (about 0.2 s) for the clock to be
 * accurate. Builtins allocate their results from the current arena, so the loop rewinds the
 * arena every 1024 calls, as a checker does after each evaluation; that cost is included.
 */
#include "bi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static rt_arena *arena;
static uint64_t sink;

typedef rt_value *(*call_fn)(void);

static void bench(const char *name, call_fn fn) {
  uint64_t n = 1024, total = 0;
  rt_arena_mark m = rt_arena_save(arena);
  double start = now(), elapsed;
  for (;;) {
    for (uint64_t i = 0; i < n; i++) {
      rt_value *r = fn();
      sink += r ? r->type : 0;
      if ((i & 1023) == 1023) rt_arena_restore(arena, m);
    }
    total += n;
    elapsed = now() - start;
    if (elapsed > 0.2) break;
    n *= 2;
  }
  rt_arena_restore(arena, m);
  printf("bench_builtins  %-37s %10.1f ns/call\n", name, elapsed * 1e9 / (double)total);
}

static rt_value *fmt_s, *fmt_v, *fmt_d, *args_s, *args_v, *args_d, *image, *prefix, *nomatch;
static rt_value *arr10, *str40, *obj10, *sep, *strs10, *i1, *i2, *d1, *d2;

static rt_value *c_sprintf_s(void) {
  return bi_sprintf(fmt_s, args_s);
}
static rt_value *c_sprintf_v(void) {
  return bi_sprintf(fmt_v, args_v);
}
static rt_value *c_sprintf_d(void) {
  return bi_sprintf(fmt_d, args_d);
}
static rt_value *c_startswith(void) {
  return bi_startswith(image, prefix);
}
static rt_value *c_startswith_miss(void) {
  return bi_startswith(image, nomatch);
}
static rt_value *c_count_str(void) {
  return bi_count(str40);
}
static rt_value *c_count_arr(void) {
  return bi_count(arr10);
}
static rt_value *c_count_obj(void) {
  return bi_count(obj10);
}
static rt_value *c_concat(void) {
  return bi_concat(sep, strs10);
}
static rt_value *c_plus_int(void) {
  return bi_plus(i1, i2);
}
static rt_value *c_plus_dec(void) {
  return bi_plus(d1, d2);
}

static rt_value *json(const char *text) {
  rt_json_error e;
  rt_value *v = rt_json_parse(text, strlen(text), &e);
  if (!v) {
    fprintf(stderr, "bench_builtins: bad JSON %s: %s\n", text, e.message);
    exit(2);
  }
  return v;
}

int main(void) {
  static rt_eval_state st;
  arena = rt_arena_new(0);
  rt_arena_use(arena);
  rt_state = &st;

  fmt_s = rt_string_z("image %s is not from an allowed registry");
  args_s = json("[\"docker.io/library/alpine:3.19\"]");
  fmt_v = rt_string_z("denied: %v");
  args_v = json("[{\"repo\": \"alpine\", \"tags\": [\"3.19\", \"latest\"], \"signed\": false}]");
  fmt_d = rt_string_z("%d");
  args_d = json("[12345]");
  image = rt_string_z("docker.io/library/alpine:3.19");
  prefix = rt_string_z("docker.io/library/");
  nomatch = rt_string_z("ghcr.io/");
  str40 = rt_string_z("h\xc3\xa9llo, this string has forty code pts");
  arr10 = json("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]");
  obj10 = json("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":0}");
  sep = rt_string_z(", ");
  strs10 = json("[\"linux/amd64\", \"linux/arm64\", \"linux/arm/v7\", \"linux/386\", "
                "\"linux/ppc64le\", \"linux/s390x\", \"linux/riscv64\", \"windows/amd64\", "
                "\"darwin/arm64\", \"freebsd/amd64\"]");
  i1 = rt_int(40);
  i2 = rt_int(2);
  d1 = json("1.25");
  d2 = json("2.5");
  rt_arena_save(arena);

  bench("sprintf(\"... %s ...\", [string])", c_sprintf_s);
  bench("sprintf(\"denied: %v\", [object])", c_sprintf_v);
  bench("sprintf(\"%d\", [int])", c_sprintf_d);
  bench("startswith (match)", c_startswith);
  bench("startswith (no match)", c_startswith_miss);
  bench("count(string of 40 code points)", c_count_str);
  bench("count(array of 10)", c_count_arr);
  bench("count(object of 10)", c_count_obj);
  bench("concat(\", \", 10 strings)", c_concat);
  bench("plus(int, int)", c_plus_int);
  bench("plus(decimal, decimal)", c_plus_dec);
  if (sink == 42) puts("");
  rt_arena_free(arena);
  return 0;
}
