/* bench_parse.c: how fast the front end turns Rego source into a syntax tree, in MB/s.
 *
 * The policy is generated: blocks of rules in the styles real policies use (comparisons over
 * input refs, iteration, comprehensions, object literals, calls, strings, else chains,
 * functions, every, comments, METADATA), repeated with fresh names until it is about 20 MB.
 * Each run parses it into a new arena. The tree is about 30 bytes per byte of source, so the
 * first parse mostly waits for the kernel to hand out fresh pages; the figure reported is the
 * best of the later runs, with the allocator keeping freed memory as a long-running process
 * would, and the first one follows in parentheses. One table row for `make bench`.
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

/* One block of rules, %d replaced by a block number so that names differ. It is written like
 * the policies in examples/ and ../shared/spec/docker (comments, descriptive names, messages,
 * digests): about 8 bytes per token, as they are. */
static const char *const block =
    "# METADATA\n"
    "# title: Images from the internal registry, block %d\n"
    "# description: Digest-pinned references with a provenance attestation only.\n"
    "allow_internal_%d if {\n"
    "\tinput.image.host in {internal_registry, \"dhi.io\"}\n"
    "\tinput.image.isCanonical\n"
    "\tinput.image.hasProvenance\n"
    "\tnot input.image.repo in denied_repositories\n"
    "}\n\n"
    "# Docker Hub: only the pinned repositories, at their pinned digests (works for tags too:\n"
    "# the builder resolves the checksum when the policy asks for it).\n"
    "allow_dockerhub_%d if {\n"
    "\tinput.image.host == \"docker.io\"\n"
    "\tinput.image.checksum == dockerhub_pins[input.image.repo]\n"
    "}\n\n"
    "dockerhub_pins_%d := {\n"
    "\t\"alpine\": \"sha256:11009c1fba81c0f932b9edd8900b9452bbbd6cf2b6dba16f69fa899b017747a6\",\n"
    "\t\"golang\": \"sha256:167cdc9460d0b17ed0badf2af8729ff167d725b778aeb8b37c5a0dd18f2a8315\",\n"
    "}\n\n"
    "deny_messages_%d contains msg if {\n"
    "\tsome index, container in input.spec.containers\n"
    "\tstartswith(container.image, \"docker.io/\")\n"
    "\tmsg := sprintf(\"container %%d uses the public image %%s; use a mirrored copy\",\n"
    "\t\t[index, container.image])\n"
    "}\n\n"
    "exposed_ports_%d := {port |\n"
    "\tsome container in input.spec.containers\n"
    "\tport := container.ports[_].containerPort\n"
    "}\n\n"
    "public_labels_%d[key] := value if {\n"
    "\tsome key, value in input.metadata.labels\n"
    "\tnot startswith(key, \"internal.company.com/\")\n"
    "}\n\n"
    "resource_limits_%d := {\"cpu\": 2, \"memory\": \"4Gi\", \"replicas\": [1, 2, 3],\n"
    "\t\"ratio\": 0.75}\n\n"
    "severity_level_%d := \"high\" if {\n"
    "\tinput.finding.score > 90\n"
    "} else := \"medium\" if {\n"
    "\tinput.finding.score > 50\n"
    "} else := \"low\"\n\n"
    "# A score between 0 and 6, from the two counts.\n"
    "weighted_score_%d(critical, high) := score if {\n"
    "\tscore := (critical * 2 + high) %% 7\n"
    "\tevery count in [critical, high] { count >= 0 }\n"
    "}\n\n"
    "admin_users_%d := [upper(name) | some name in input.users; name != \"root\"] # never root\n\n";

static char *generate(size_t *len) {
  buf b = {0};
  put(&b, "# A generated policy for bench_parse.\npackage bench.policy\n\nimport rego.v1\n"
         "import data.lib.helpers as h\n\ninternal_registry := \"registry.company.com\"\n\n"
         "denied_repositories := {\"legacy/tool\", \"unmaintained/base\"}\n\n");
  char chunk[4096];
  for (int i = 0; b.len < TARGET_BYTES; i++) {
    snprintf(chunk, sizeof chunk, block, i, i, i, i, i, i, i, i, i, i, i);
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
  printf("parse  %.0f MB/s  (%.1f MB generated policy; "
         "first parse, into fresh memory: %.0f MB/s)\n",
         mb / best, mb, mb / first);
  free(text);
  return 0;
}
