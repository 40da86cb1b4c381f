/* bench_regex.c: what regex.match and glob.match cost per call, in nanoseconds, for
 * `make bench`: a constant pattern (compiled once, then found in the cache on every call) on
 * short image-reference-like subjects, matching and not, and the same for globs.
 *
 * Each row runs its call in a loop long enough (about 0.2 s) for the clock to be accurate,
 * rewinding the arena every 1024 calls as a checker does after each evaluation.
 */
#include "bi.h"

#include <stdio.h>
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
  printf("bench_regex     %-37s %10.1f ns/call\n", name, elapsed * 1e9 / (double)total);
}

static rt_value *re_image, *re_digest, *image, *digest, *glob_host, *dots, *host, *other, *nul;

static rt_value *c_regex_match(void) {
  return bi_regex_match(re_image, image);
}
static rt_value *c_regex_miss(void) {
  return bi_regex_match(re_image, other);
}
static rt_value *c_regex_digest(void) {
  return bi_regex_match(re_digest, digest);
}
static rt_value *c_glob_match(void) {
  return bi_glob_match(glob_host, dots, host);
}
static rt_value *c_glob_miss(void) {
  return bi_glob_match(glob_host, dots, other);
}
static rt_value *c_glob_nodelim(void) {
  return bi_glob_match(glob_host, nul, host);
}

int main(void) {
  arena = rt_arena_new(0);
  rt_arena_use(arena);
  static rt_value null_v = {RT_NULL, RT_F_STATIC};
  rt_json_error e;
  re_image = rt_string_z("^docker\\.io/library/[a-z0-9]+(:[a-z0-9._-]+)?$");
  re_digest = rt_string_z("^sha256:[a-f0-9]{64}$");
  image = rt_string_z("docker.io/library/alpine:3.20");
  other = rt_string_z("ghcr.io/someone/tool:latest");
  digest = rt_string_z("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  glob_host = rt_string_z("*.docker.io");
  host = rt_string_z("registry-1.docker.io");
  dots = rt_json_parse("[\".\"]", 5, &e);
  nul = &null_v;
  bench("regex.match (cached pattern, hit)", c_regex_match);
  bench("regex.match (cached pattern, miss)", c_regex_miss);
  bench("regex.match (sha256 digest)", c_regex_digest);
  bench("glob.match (*.docker.io, [\".\"], hit)", c_glob_match);
  bench("glob.match (*.docker.io, [\".\"], miss)", c_glob_miss);
  bench("glob.match (*.docker.io, null)", c_glob_nodelim);
  rt_arena_use(NULL);
  rt_arena_free(arena);
  return sink == 42 ? 1 : 0;
}
