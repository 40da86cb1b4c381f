/* bench_json.c: JSON throughput of libregort, for `make bench`: parse and write MB/s.
 *
 * The inputs that matter are the Docker build-policy inputs (spec/docker/inputs in the
 * shared folder): small documents, parsed one per evaluation, so per-document overhead
 * counts as much as the byte loop. Each row parses (or writes) every document in turn from
 * memory, rewinding the arena after each one as the checker does between evaluations, for
 * about half a second; MB/s counts the JSON text read (parse) or produced (write). Then
 * the same with one large synthetic document (the Docker inputs many times over in one
 * array, plus numbers and escaped strings) to show the byte loop on its own. A directory
 * can be given on the command line instead of the default.
 */
#include "rt.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef REGOC_SRCDIR
#define REGOC_SRCDIR "."
#endif

typedef struct doc {
  char *text;
  size_t len;
} doc;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static int load_dir(const char *dir, doc *docs, int max) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < max) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 5, ".json") != 0)
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    docs[n].text = read_file(path, &docs[n].len);
    if (docs[n].text)
      n++;
  }
  closedir(d);
  return n;
}

static uint64_t sink;

/* Parses (or, if values is set, writes) the documents round-robin for ~0.5 s. */
static void run(const char *name, doc *docs, int ndocs, rt_value **values, int flags,
                rt_arena *arena) {
  size_t bytes = 0;
  uint64_t count = 0;
  double start = now(), elapsed;
  do {
    for (int r = 0; r < (ndocs > 1 ? 64 : 1); r++) {
      for (int i = 0; i < ndocs; i++) {
        rt_arena_mark m = rt_arena_save(arena);
        if (values) {
          rt_buf b;
          rt_buf_init(&b, docs[i].len + 64);
          rt_json_write(&b, values[i], flags);
          sink += b.len;
          bytes += b.len;
        } else {
          rt_json_error err;
          rt_value *v = rt_json_parse(docs[i].text, docs[i].len, &err);
          if (!v) {
            fprintf(stderr, "bench_json: parse error %d:%d: %s\n", err.line, err.col,
                    err.message);
            exit(1);
          }
          sink += v->type;
          bytes += docs[i].len;
        }
        rt_arena_restore(arena, m);
        count++;
      }
    }
    elapsed = now() - start;
  } while (elapsed < 0.5);
  printf("bench_json   %-40s %10.1f MB/s %10.0f docs/s\n", name, (double)bytes / elapsed / 1e6,
         (double)count / elapsed);
}

/* One big document: the given documents repeated into an array of about `target` bytes,
 * with a block of numbers and escaped strings mixed in. */
static doc make_big(const doc *docs, int ndocs, size_t target) {
  rt_buf b;
  rt_buf_init(&b, target + 4096);
  rt_buf_putc(&b, '[');
  for (int k = 0; b.len < target; k++) {
    if (k)
      rt_buf_putc(&b, ',');
    if (k % 8 == 7)
      rt_buf_printf(&b, "{\"n\":[%d,-%d.5,1e%d,18446744073709551617],"
                        "\"s\":\"tab\\there \\u00e9\\ud83d\\ude00 \\\"q\\\"\"}",
                    k, k, k % 300);
    else
      rt_buf_put(&b, docs[k % ndocs].text, docs[k % ndocs].len);
  }
  rt_buf_putc(&b, ']');
  doc d;
  d.text = malloc(b.len);
  memcpy(d.text, b.data, b.len);
  d.len = b.len;
  return d;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : REGOC_SRCDIR "/../shared/spec/docker/inputs";
  doc docs[256];
  int ndocs = load_dir(dir, docs, 256);
  if (ndocs == 0) {
    printf("bench_json   skipped: no .json documents in %s\n", dir);
    return 0;
  }
  rt_arena *keep = rt_arena_new(0), *work = rt_arena_new(0);
  size_t total = 0;
  for (int i = 0; i < ndocs; i++)
    total += docs[i].len;
  printf("bench_json   %d Docker inputs, %zu bytes in all\n", ndocs, total);

  rt_arena_use(work);
  run("parse docker inputs", docs, ndocs, NULL, 0, work);

  rt_arena_use(keep);
  rt_value **values = malloc((size_t)ndocs * sizeof *values);
  for (int i = 0; i < ndocs; i++) {
    rt_json_error err;
    values[i] = rt_json_parse(docs[i].text, docs[i].len, &err);
    if (!values[i]) {
      fprintf(stderr, "bench_json: %s: parse error %d:%d: %s\n", dir, err.line, err.col,
              err.message);
      return 1;
    }
  }
  rt_arena_use(work);
  run("write docker inputs (compact)", docs, ndocs, values, 0, work);
  run("write docker inputs (pretty)", docs, ndocs, values, RT_JSON_PRETTY, work);

  rt_arena_use(keep);
  doc big = make_big(docs, ndocs, (size_t)8 << 20);
  rt_json_error err;
  rt_value *bigv = rt_json_parse(big.text, big.len, &err);
  if (!bigv) {
    fprintf(stderr, "bench_json: big document: %d:%d: %s\n", err.line, err.col, err.message);
    return 1;
  }
  rt_arena_use(work);
  run("parse 8 MB document", &big, 1, NULL, 0, work);
  run("write 8 MB document (compact)", &big, 1, &bigv, 0, work);
  printf("bench_json   (checksum %llu)\n", (unsigned long long)(sink % 1000));

  rt_arena_use(NULL);
  rt_arena_free(work);
  rt_arena_free(keep);
  for (int i = 0; i < ndocs; i++)
    free(docs[i].text);
  free(values);
  free(big.text);
  return 0;
}
