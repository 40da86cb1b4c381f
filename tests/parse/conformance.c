/* conformance.c: parses every module, query and input_term of OPA's v1 conformance cases.
 *
 * OPA compiles all of these, so each must parse here without a diagnostic. The cases are read
 * from $SHARED_DIR/conformance/opa-v1 (never copied into the project); without that folder the
 * test is skipped (exit 77). Each failure names its file and case, with the diagnostics; the
 * last line is `N passed, N failed`.
 *
 * `conformance --corpus DIR` instead writes every module, query and term to its own file in DIR,
 * the seed corpus of the fuzz target (tests/fuzz/README.md).
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "parse.h"
#include "rt.h"

static int passed, failed;
static int nmodules, nqueries, nterms;
static const char *corpus; /* --corpus DIR */

static void save(const char *kind, const char *text) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s-%05d", corpus, kind, nmodules + nqueries + nterms);
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fputs(text, f);
  fclose(f);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      char *b = realloc(buf, cap *= 2);
      if (!b) {
        free(buf);
        buf = NULL;
      } else {
        buf = b;
      }
    }
  }
  fclose(f);
  if (buf)
    buf[len] = '\0';
  return buf;
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json below dir (two levels: opa-v1/<topic>/<file>.json), sorted. */
static char **list_cases(const char *dir, int *n) {
  char **v = NULL;
  int cap = 0;
  *n = 0;
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char sub[8448];
    snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
    DIR *s = opendir(sub);
    if (!s)
      continue;
    struct dirent *f;
    while ((f = readdir(s))) {
      size_t l = strlen(f->d_name);
      if (l < 6 || strcmp(f->d_name + l - 5, ".json") != 0)
        continue;
      if (*n == cap) {
        cap = cap ? 2 * cap : 256;
        v = realloc(v, sizeof *v * (size_t)cap);
      }
      char path[8704];
      snprintf(path, sizeof path, "%s/%s", sub, f->d_name);
      v[(*n)++] = strdup(path);
    }
    closedir(s);
  }
  closedir(d);
  qsort(v, (size_t)*n, sizeof *v, cmp);
  return v;
}

static void check(bool ok, const char *what, const char *file, int index, const char *note) {
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAIL %s: %s case %d (%s)\n", what, file, index, note);
  }
}

static void run_case(const char *file, int index, const cJSON *c) {
  const cJSON *note = cJSON_GetObjectItem(c, "note");
  const char *nt = cJSON_IsString(note) ? note->valuestring : "?";
  const cJSON *mods = cJSON_GetObjectItem(c, "modules"), *m;
  int i = 0;
  cJSON_ArrayForEach(m, mods) {
    if (!cJSON_IsString(m))
      continue;
    char name[64];
    snprintf(name, sizeof name, "test-%d.rego", i++);
    nmodules++;
    if (corpus) {
      save("module", m->valuestring);
      continue;
    }
    check(parse_file(name, m->valuestring, strlen(m->valuestring)) != NULL, "module", file,
          index, nt);
  }
  const cJSON *q = cJSON_GetObjectItem(c, "query");
  if (cJSON_IsString(q)) {
    nqueries++;
    if (corpus) {
      save("query", q->valuestring);
    } else {
      check(parse_query("query", q->valuestring, strlen(q->valuestring)) != NULL, "query", file,
            index, nt);
    }
  }
  const cJSON *t = cJSON_GetObjectItem(c, "input_term");
  if (cJSON_IsString(t)) {
    nterms++;
    if (corpus) {
      save("term", t->valuestring);
      return;
    }
    check(parse_term("input_term", t->valuestring, strlen(t->valuestring)) != NULL,
          "input_term", file, index, nt);
  }
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--corpus") == 0)
    corpus = argv[2];
  const char *shared = getenv("SHARED_DIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/conformance/opa-v1", shared ? shared : "../shared");
  int n;
  char **files = list_cases(dir, &n);
  if (!files || n == 0) {
    printf("SKIP: no conformance cases in %s\n", dir);
    return 77;
  }
  diag_set_stream(stdout);
  for (int f = 0; f < n; f++) {
    char *text = read_file(files[f]);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    const cJSON *cases = cJSON_GetObjectItem(doc, "cases"), *c;
    const char *rel = strstr(files[f], "opa-v1/") ? strstr(files[f], "opa-v1/") + 7 : files[f];
    if (!cJSON_IsArray(cases)) {
      check(false, "file", rel, 0, "unreadable case file");
    } else {
      int i = 0;
      cJSON_ArrayForEach(c, cases) {
        rt_arena *a = rt_arena_new(0);
        rt_arena_use(a);
        run_case(rel, i++, c);
        rt_arena_use(NULL);
        rt_arena_free(a);
      }
    }
    cJSON_Delete(doc);
    free(text);
    free(files[f]);
  }
  free(files);
  printf("%d case files: %d modules, %d queries, %d input terms\n", n, nmodules, nqueries,
         nterms);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
