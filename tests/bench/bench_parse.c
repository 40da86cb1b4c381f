/* bench_parse.c: how fast the front end turns Rego source into a syntax tree, in MB/s.
 *
 * The policy is generated: blocks of rules in the styles real policies use (comparisons over
 * input refs, iteration, comprehensions, object literals, calls, strings, else chains,
 * comments, METADATA), repeated with fresh names until it is about 20 MB. Each run parses it
 * into a new arena. The tree is about 30 bytes per byte of source, so the first parse mostly
 * waits for the kernel to hand out fresh pages; the figure reported is the best of the later
 * runs, with the allocator keeping freed memory as a long-running process would, and the first
 * one follows in parentheses. One table row for `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "parse.h"
#include "rt.h"

#define TARGET_BYTES (20u << 20)
#define RUNS 5

typedef struct buf {
  char *s;
  size_t len, cap;
} buf;

static void put(buf *b, const char *s) {
  size_t n = strlen(s);
  if (b->len + n + 1 > b->cap) {
    b->cap = 2 * (b->len + n + 1);
    b->s = realloc(b->s, b->cap);
    if (!b->s) {
      perror("bench_parse");
      exit(1);
    }
  }
  memcpy(b->s + b->len, s, n + 1);
  b->len += n;
}

/* One block of rules; %d is replaced by a block number so that names differ. */
static const char *const block =
    "# METADATA\n"
    "# title: allow rule %d\n"
    "allow_%d if {\n"
    "\tinput.request.method == \"GET\"\n"
    "\tsome role in input.user.roles\n"
    "\trole in {\"admin\", \"reader\", \"auditor\"}\n"
    "\tnot input.request.path[0] == \"private\"\n"
    "\tcount(input.request.headers) < 64\n"
    "}\n\n"
    "deny_%d contains msg if {\n"
    "\tsome i, container in input.spec.containers\n"
    "\tstartswith(container.image, \"docker.io/\")\n"
    "\tmsg := sprintf(\"container %%d uses a public image: %%s\", [i, container.image])\n"
    "}\n\n"
    "ports_%d := {port | some c in input.spec.containers; port := c.ports[_].containerPort}\n\n"
    "labels_%d[k] := v if {\n"
    "\tsome k, v in input.metadata.labels\n"
    "\tnot startswith(k, \"internal.\")\n"
    "}\n\n"
    "limits_%d := {\"cpu\": 2, \"memory\": \"4Gi\", \"replicas\": [1, 2, 3], \"ratio\": 0.75}\n\n"
    "level_%d := \"high\" if {\n"
    "\tinput.score > 90\n"
    "} else := \"medium\" if {\n"
    "\tinput.score > 50\n"
    "} else := \"low\"\n\n"
    "check_%d(x, y) := z if {\n"
    "\tz := (x * 2 + y) %% 7\n"
    "\tevery v in [x, y] { v >= 0 }\n"
    "}\n\n"
    "names_%d := [upper(n) | some n in input.users; n != \"root\"]  # a trailing comment\n\n";

static char *generate(size_t *len) {
  buf b = {0};
  put(&b, "package bench.policy\n\nimport rego.v1\nimport data.lib.helpers as h\n\n");
  char chunk[4096];
  for (int i = 0; b.len < TARGET_BYTES; i++) {
    snprintf(chunk, sizeof chunk, block, i, i, i, i, i, i, i, i, i);
    put(&b, chunk);
  }
  *len = b.len;
  return b.s;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void) {
#ifdef __GLIBC__
  /* keep freed chunks in the process instead of returning them to the kernel */
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  size_t len;
  char *text = generate(&len);
  double best = 0, first = 0;
  for (int run = 0; run <= RUNS; run++) {
    rt_arena *a = rt_arena_new(0);
    rt_arena_use(a);
    double t0 = now();
    ast_module *m = parse_file("bench.rego", text, len);
    double t = now() - t0;
    rt_arena_use(NULL);
    rt_arena_free(a);
    if (!m) {
      fprintf(stderr, "bench_parse: the generated policy did not parse\n");
      return 1;
    }
    if (run == 0)
      first = t;
    else if (best == 0 || t < best)
      best = t;
  }
  double mb = (double)len / (1024.0 * 1024.0);
  printf("parse  %.0f MB/s  (%.1f MB generated policy; first parse, into fresh memory: %.0f MB/s)\n",
         mb / best, mb, mb / first);
  free(text);
  return 0;
}
