/* runner.c: runs OPA's conformance cases against regoc, judging each as OPA's own test
 * harness does (see ../shared/conformance/README.md).
 *
 *   runner [--report FILE] [--known FILE] [--jobs N] [--keep] DIR_OR_FILE...
 *
 * For every case: the modules are written as test-0.rego, test-1.rego, ... with the case's
 * data as data.json, `regoc build --query QUERY` compiles them into a checker, and the
 * checker runs on the case's input. The result set and any error are compared with
 * want_result / want_error / want_error_code in OPA's order. Case files are read with the
 * runtime's own JSON parser, so numbers keep their exact value (cJSON would round them).
 *
 * Prints one line per failing case, then "N passed, N failed". Cases listed in the known-
 * failures file (one line per case: "FILE#INDEX<TAB>NOTE<TAB>REASON") are expected to fail;
 * a listed case that passes is reported so that the list can shrink. The exit status is 1 if
 * any case failed that is not listed, 0 otherwise.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rt.h"

typedef struct kcase {
  char *file; /* path relative to the conformance root, e.g. "every/test-every-0.json" */
  int index;
  rt_value *c;
} kcase;

typedef struct outcome {
  bool pass;
  char reason[512];
} outcome;

static const char *regoc = "regoc";
static char workdir[4096];
static bool keep;

static char *read_file(const char *path, size_t *len) {
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

static bool write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return false;
  bool ok = fwrite(data, 1, len, f) == len;
  return fclose(f) == 0 && ok;
}

static rt_value *field(const rt_value *obj, const char *name) {
  return rt_object_get_str(obj, name, strlen(name));
}

static bool flag(const rt_value *obj, const char *name) {
  rt_value *v = field(obj, name);
  return v && rt_is(v, RT_BOOLEAN) && RT_AS_BOOL(v);
}

/* Runs argv with stdout and stderr captured into files; returns the exit status. */
static int run_capture(char *const argv[], const char *out, const char *err) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fo < 0 || fe < 0) _exit(126);
    dup2(fo, 1);
    dup2(fe, 2);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    execvp(argv[0], argv);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

static rt_value *sort_array(rt_value *arr) {
  if (!rt_is(arr, RT_ARRAY)) return arr;
  uint32_t n = rt_array_len(arr);
  rt_value **items = RT_AS_ARR(arr)->items;
  /* insertion sort: binding arrays are small */
  rt_value *out = rt_array_new(n);
  for (uint32_t i = 0; i < n; i++) rt_array_push(out, items[i]);
  rt_value **o = RT_AS_ARR(out)->items;
  for (uint32_t i = 1; i < n; i++) {
    rt_value *x = o[i];
    uint32_t j = i;
    while (j > 0 && rt_compare(o[j - 1], x) > 0) {
      o[j] = o[j - 1];
      j--;
    }
    o[j] = x;
  }
  return out;
}

/* The result rows as a set of binding objects, after the case's normalisations. */
static rt_value *normalise(rt_value *rows, bool sort_bindings, bool ignore_generated) {
  rt_value *set = rt_set_new(8);
  if (!rt_is(rows, RT_ARRAY)) return set;
  for (uint32_t i = 0; i < rt_array_len(rows); i++) {
    rt_value *row = rt_array_at(rows, i);
    if (!rt_is(row, RT_OBJECT)) {
      rt_set_add(set, row);
      continue;
    }
    rt_value *o = rt_object_new(4);
    rt_iter it;
    rt_iter_init(&it, row);
    while (rt_iter_next(&it)) {
      if (ignore_generated && rt_is(it.key, RT_STRING) &&
          strncmp(RT_AS_STR(it.key)->s, "__localq", 8) == 0)
        continue;
      rt_object_put(o, it.key, sort_bindings ? sort_array(it.val) : it.val);
    }
    rt_set_add(set, o);
  }
  return set;
}

static void short_json(char *out, size_t n, const rt_value *v) {
  rt_buf b;
  rt_buf_init(&b, 256);
  rt_json_write(&b, v, 0);
  if (b.len > 300) {
    b.len = 297;
    rt_buf_puts(&b, "...");
  }
  snprintf(out, n, "%.*s", (int)b.len, b.data);
}

static void run_case(const kcase *k, int slot, outcome *res) {
  const rt_value *c = k->c;
  res->pass = false;
  res->reason[0] = 0;
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/case%d", workdir, slot);
  char cmd[8600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/bundle'", dir, dir);
  if (system(cmd) != 0) {
    snprintf(res->reason, sizeof res->reason, "cannot make %.400s", dir);
    return;
  }
  rt_value *mods = field(c, "modules");
  int nmods = rt_is(mods, RT_ARRAY) ? (int)rt_array_len(mods) : 0;
  for (int i = 0; i < nmods; i++) {
    char path[4400];
    snprintf(path, sizeof path, "%s/bundle/test-%d.rego", dir, i);
    rt_value *m = rt_array_at(mods, (uint32_t)i);
    write_file(path, RT_AS_STR(m)->s, RT_AS_STR(m)->len);
  }
  rt_value *data = field(c, "data");
  char datapath[4400];
  snprintf(datapath, sizeof datapath, "%s/bundle/data.json", dir);
  if (data && rt_is(data, RT_OBJECT)) {
    rt_buf b;
    rt_buf_init(&b, 256);
    rt_json_write(&b, data, 0);
    write_file(datapath, b.data, b.len);
  }
  rt_value *query = field(c, "query");
  rt_value *input_term = field(c, "input_term");
  rt_value *input = field(c, "input");
  bool strict = flag(c, "strict_error");
  char out[4400], err[4400], checker[4400], inpath[4400], bundle[4400];
  snprintf(out, sizeof out, "%s/out", dir);
  snprintf(err, sizeof err, "%s/err", dir);
  snprintf(checker, sizeof checker, "%s/checker", dir);
  snprintf(inpath, sizeof inpath, "%s/input.json", dir);
  snprintf(bundle, sizeof bundle, "%s/bundle", dir);
  char *argv[32];
  int n = 0;
  argv[n++] = (char *)regoc;
  argv[n++] = (char *)"build";
  argv[n++] = (char *)"-o";
  argv[n++] = checker;
  argv[n++] = (char *)"--target";
  argv[n++] = (char *)"opa";
  argv[n++] = (char *)"--query";
  argv[n++] = rt_strndup(RT_AS_STR(query)->s, RT_AS_STR(query)->len);
  if (strict) argv[n++] = (char *)"--strict";
  if (input_term && rt_is(input_term, RT_STRING)) {
    argv[n++] = (char *)"--input-term";
    argv[n++] = rt_strndup(RT_AS_STR(input_term)->s, RT_AS_STR(input_term)->len);
  }
  argv[n++] = bundle;
  argv[n] = NULL;
  int st = run_capture(argv, out, err);
  if (st != 0) {
    size_t len;
    char *e = read_file(err, &len);
    snprintf(res->reason, sizeof res->reason, "build failed (%d): %.400s", st, e ? e : "");
    for (char *p = res->reason; *p; p++)
      if (*p == '\n') *p = ' ';
    return;
  }
  {
    /* a successful build is silent: a C compiler warning on generated code is a bug */
    size_t wlen = 0;
    char *w = read_file(out, &wlen);
    if (wlen) {
      snprintf(res->reason, sizeof res->reason, "build warned: %.400s", w);
      for (char *q = res->reason; *q; q++)
        if (*q == '\n') *q = ' ';
      return;
    }
  }
  n = 0;
  argv[n++] = checker;
  argv[n++] = (char *)"eval";
  if (!input_term && input && !rt_is(input, RT_NULL)) {
    rt_buf b;
    rt_buf_init(&b, 256);
    rt_json_write(&b, input, 0);
    write_file(inpath, b.data, b.len);
    argv[n++] = (char *)"-i";
    argv[n++] = inpath;
  }
  argv[n] = NULL;
  st = run_capture(argv, out, err);
  size_t olen = 0, elen = 0;
  char *otext = read_file(out, &olen);
  char *etext = read_file(err, &elen);
  if (!otext) otext = (char *)"";
  if (!etext) etext = (char *)"";
  bool errored = st == 3;
  if (st != 0 && st != 1 && st != 3) {
    snprintf(res->reason, sizeof res->reason, "checker exited %d: %.400s", st, etext);
    return;
  }
  rt_value *want_error = field(c, "want_error");
  rt_value *want_code = field(c, "want_error_code");
  rt_value *want_result = field(c, "want_result");
  /* OPA's order: want_error, want_error_code, unexpected errors, result */
  if (want_error && rt_is(want_error, RT_STRING)) {
    if (!errored) {
      snprintf(res->reason, sizeof res->reason, "expected error containing \"%s\", got none",
               RT_AS_STR(want_error)->s);
      return;
    }
    if (!strstr(etext, RT_AS_STR(want_error)->s)) {
      snprintf(res->reason, sizeof res->reason, "expected error \"%s\", got: %.300s",
               RT_AS_STR(want_error)->s, etext);
      return;
    }
  }
  if (want_code && rt_is(want_code, RT_STRING)) {
    if (!errored || !strstr(etext, RT_AS_STR(want_code)->s)) {
      snprintf(res->reason, sizeof res->reason, "expected error code %s, got: %.300s",
               RT_AS_STR(want_code)->s, errored ? etext : "no error");
      return;
    }
  }
  if (errored && !want_error && !want_code) {
    snprintf(res->reason, sizeof res->reason, "unexpected error: %.400s", etext);
    return;
  }
  if (want_result) {
    rt_json_error je;
    rt_value *rows = olen ? rt_json_parse(otext, olen, &je) : rt_array_new(0);
    if (!rows) {
      snprintf(res->reason, sizeof res->reason, "bad checker output: %.200s", otext);
      return;
    }
    bool sb = flag(c, "sort_bindings"), ig = flag(c, "ignore_generated_vars");
    rt_value *a = normalise(rows, sb, ig);
    rt_value *w = normalise(want_result, sb, ig);
    if (!rt_equal(a, w)) {
      char ws[320], as[320];
      short_json(ws, sizeof ws, w);
      short_json(as, sizeof as, a);
      snprintf(res->reason, sizeof res->reason, "want %.240s, got %.240s", ws, as);
      return;
    }
  } else if (!want_error && !want_code) {
    snprintf(res->reason, sizeof res->reason, "case has no expectation");
    return;
  }
  res->pass = true;
  if (!keep) {
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return;
  }
}

/* --- case collection ---------------------------------------------------------------------- */

static kcase *cases;
static int ncases, capcases;

static void add_file(const char *root, const char *rel) {
  char path[8192];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "runner: cannot read %s\n", path);
    return;
  }
  rt_json_error je;
  rt_value *doc = rt_json_parse(text, len, &je);
  rt_value *cs = doc ? field(doc, "cases") : NULL;
  if (!cs || !rt_is(cs, RT_ARRAY)) {
    fprintf(stderr, "runner: %s: not a case file\n", path);
    return;
  }
  for (uint32_t i = 0; i < rt_array_len(cs); i++) {
    if (ncases == capcases) {
      capcases = capcases ? 2 * capcases : 1024;
      cases = realloc(cases, sizeof *cases * (size_t)capcases);
    }
    cases[ncases].file = strdup(rel);
    cases[ncases].index = (int)i;
    cases[ncases].c = rt_array_at(cs, i);
    ncases++;
  }
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_tree(const char *root, const char *rel) {
  char path[8192];
  snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "runner: %s: %s\n", path, strerror(errno));
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    add_file(root, rel);
    return;
  }
  DIR *d = opendir(path);
  if (!d) return;
  char **names = NULL;
  int n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      names = realloc(names, sizeof(char *) * (size_t)cap);
    }
    names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof(char *), cmp_str);
  for (int i = 0; i < n; i++) {
    char sub[8192];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
    char full[16400];
    snprintf(full, sizeof full, "%s/%s", root, sub);
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) add_tree(root, sub);
    else if (strstr(names[i], ".json")) add_file(root, sub);
    free(names[i]);
  }
  free(names);
}

/* --- known failures ------------------------------------------------------------------------ */

typedef struct known {
  char *key; /* FILE#INDEX */
  bool seen;
} known;
static known *knowns;
static int nknown;

static void load_known(const char *path) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "runner: cannot read %s\n", path);
    exit(2);
  }
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == '#' || line[0] == 0) continue;
    char *tab = strchr(line, '\t');
    if (tab) *tab = 0;
    knowns = realloc(knowns, sizeof *knowns * (size_t)(nknown + 1));
    knowns[nknown].key = strdup(line);
    knowns[nknown].seen = false;
    nknown++;
  }
}

static known *find_known(const char *key) {
  for (int i = 0; i < nknown; i++)
    if (strcmp(knowns[i].key, key) == 0) return &knowns[i];
  return NULL;
}

int main(int argc, char **argv) {
  rt_arena_use(rt_arena_new(1 << 20));
  const char *report = NULL, *known_path = NULL;
  int jobs = 2;
  int first = 1;
  for (; first < argc; first++) {
    if (strcmp(argv[first], "--report") == 0 && first + 1 < argc) report = argv[++first];
    else if (strcmp(argv[first], "--known") == 0 && first + 1 < argc) known_path = argv[++first];
    else if (strcmp(argv[first], "--jobs") == 0 && first + 1 < argc) jobs = atoi(argv[++first]);
    else if (strcmp(argv[first], "--keep") == 0) keep = true;
    else break;
  }
  if (first >= argc) {
    fprintf(stderr, "usage: runner [--report FILE] [--known FILE] [--jobs N] [--keep] "
                    "DIR_OR_FILE...\n");
    return 2;
  }
  if (jobs < 1) jobs = 1;
  const char *env = getenv("REGOC");
  if (env && *env) regoc = env;
  if (known_path) load_known(known_path);
  /* cases are named relative to the root holding the given directories */
  for (int i = first; i < argc; i++) {
    char root[4096];
    snprintf(root, sizeof root, "%s", argv[i]);
    size_t l = strlen(root);
    while (l > 1 && root[l - 1] == '/') root[--l] = 0;
    char *slash = strrchr(root, '/');
    if (slash) {
      *slash = 0;
      add_tree(root, slash + 1);
    } else {
      add_tree(".", root);
    }
  }
  const char *tmp = getenv("TMPDIR");
  snprintf(workdir, sizeof workdir, "%s/regoc-conformance-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(workdir)) {
    perror("runner: mkdtemp");
    return 2;
  }
  /* run cases in `jobs` worker processes; each writes its outcomes to a file */
  time_t t0 = time(NULL);
  for (int w = 0; w < jobs; w++) {
    pid_t pid = fork();
    if (pid == 0) {
      char path[4200];
      snprintf(path, sizeof path, "%s/results%d", workdir, w);
      FILE *f = fopen(path, "w");
      for (int i = w; i < ncases; i += jobs) {
        rt_arena_mark m = rt_arena_save(rt_arena_current());
        outcome o;
        run_case(&cases[i], w, &o);
        fprintf(f, "%d\t%d\t%s\n", i, o.pass, o.reason);
        fflush(f);
        rt_arena_restore(rt_arena_current(), m);
      }
      fclose(f);
      _exit(0);
    }
  }
  for (int w = 0; w < jobs; w++) wait(NULL);
  outcome *res = calloc((size_t)ncases, sizeof *res);
  for (int w = 0; w < jobs; w++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/results%d", workdir, w);
    FILE *f = fopen(path, "r");
    char line[2048];
    while (f && fgets(line, sizeof line, f)) {
      int idx, pass;
      char *p = line;
      idx = atoi(p);
      p = strchr(p, '\t');
      if (!p) continue;
      pass = atoi(++p);
      p = strchr(p, '\t');
      if (idx < 0 || idx >= ncases) continue;
      res[idx].pass = pass;
      if (p) {
        snprintf(res[idx].reason, sizeof res[idx].reason, "%s", p + 1);
        size_t l = strlen(res[idx].reason);
        if (l && res[idx].reason[l - 1] == '\n') res[idx].reason[l - 1] = 0;
      }
    }
    if (f) fclose(f);
  }
  FILE *rep = report ? fopen(report, "w") : NULL;
  int passed = 0, failed = 0, unexpected = 0, fixed = 0;
  for (int i = 0; i < ncases; i++) {
    char key[8400];
    snprintf(key, sizeof key, "%s#%d", cases[i].file, cases[i].index);
    rt_value *note = field(cases[i].c, "note");
    const char *ns = note && rt_is(note, RT_STRING) ? RT_AS_STR(note)->s : "";
    known *k = find_known(key);
    if (k) k->seen = true;
    if (res[i].pass) {
      passed++;
      if (k) {
        fixed++;
        printf("FIXED %s\t%s (remove it from the known failures)\n", key, ns);
      }
    } else {
      failed++;
      if (!k) {
        unexpected++;
        printf("FAIL %s\t%s\t%s\n", key, ns, res[i].reason);
      }
    }
    if (rep) fprintf(rep, "%s\t%s\t%s\t%s\n", res[i].pass ? "PASS" : "FAIL", key, ns,
                     res[i].pass ? "" : res[i].reason);
  }
  if (rep) fclose(rep);
  if (!keep) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0) fprintf(stderr, "runner: could not remove %s\n", workdir);
  }
  fprintf(stderr, "conformance: %d cases in %lds, %d expected failures listed, %d fixed\n",
          ncases, (long)(time(NULL) - t0), failed - unexpected, fixed);
  printf("%d passed, %d failed\n", passed, failed);
  free(res);
  for (int i = 0; i < ncases; i++) free(cases[i].file);
  free(cases);
  for (int i = 0; i < nknown; i++) free(knowns[i].key);
  free(knowns);
  return unexpected ? 1 : 0;
}
