/* driver.c: the regoc subcommands that compile: build, check, plan and eval.
 *
 * One pipeline serves them all: load the bundle, build the rule tree, resolve names, plan
 * entry points into IR, then (build, eval) emit C and hand it to the system C compiler with
 * libregort and libregostd. The checker's C file is written next to the output (or where
 * --emit-c says) and compiled with CC and CFLAGS from the environment, so a user can see and
 * rebuild exactly what regoc built.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "config.h"

#include "bi.h"
#include "compile.h"
#include "diag.h"
#include "driver.h"
#include "emit.h"
#include "load.h"
#include "parse.h"

#ifndef REGOC_VERSION
#define REGOC_VERSION PACKAGE_VERSION
#endif

typedef struct bopts {
  const char *out;
  const char *emit_c;
  const char *entries[64];
  int nentries;
  const char *queries[8];
  int nqueries;
  const char *input_term;
  const char *paths[256];
  int npaths;
  int target; /* -1 default, else target_kind */
  bool strict;
  bool capture; /* regoc eval: queries bind their bare expressions' values */
} bopts;

static int usage_error(const char *cmd, const char *msg) {
  fprintf(stderr, "regoc %s: %s\n", cmd, msg);
  fprintf(stderr, "usage: regoc build [-o OUT] [-e ENTRY]... [--target opa|buildx] "
                  "[--emit-c FILE] [--strict] PATH...\n"
                  "       regoc check [--strict] [--target opa|buildx] PATH...\n"
                  "       regoc plan [-e ENTRY]... PATH...\n");
  return 2;
}

static int parse_opts(const char *cmd, int argc, char **argv, bopts *o) {
  memset(o, 0, sizeof *o);
  o->target = -1;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    bool next = i + 1 < argc;
    if (strcmp(a, "-o") == 0 && next) {
      o->out = argv[++i];
    } else if ((strcmp(a, "-e") == 0 || strcmp(a, "--entrypoint") == 0) && next) {
      if (o->nentries == 64) return usage_error(cmd, "too many entry points");
      o->entries[o->nentries++] = argv[++i];
    } else if (strcmp(a, "--query") == 0 && next) {
      if (o->nqueries == 8) return usage_error(cmd, "too many queries");
      o->queries[o->nqueries++] = argv[++i];
    } else if (strcmp(a, "--input-term") == 0 && next) {
      o->input_term = argv[++i];
    } else if (strcmp(a, "--emit-c") == 0 && next) {
      o->emit_c = argv[++i];
    } else if (strcmp(a, "--target") == 0 && next) {
      const char *t = argv[++i];
      if (strcmp(t, "opa") == 0) o->target = TARGET_OPA;
      else if (strcmp(t, "buildx") == 0) o->target = TARGET_BUILDX;
      else return usage_error(cmd, "unknown target (opa or buildx)");
    } else if (strcmp(a, "--strict") == 0) {
      o->strict = true;
    } else if (a[0] == '-' && a[1]) {
      char msg[256];
      snprintf(msg, sizeof msg, "unknown option %s", a);
      return usage_error(cmd, msg);
    } else {
      if (o->npaths == 256) return usage_error(cmd, "too many paths");
      o->paths[o->npaths++] = a;
    }
  }
  if (o->npaths == 0) return usage_error(cmd, "no policy given");
  return 0;
}

static bool has_package_docker(const compiler *c) {
  for (int i = 0; i < c->nmodules; i++) {
    const ast_term *p = c->modules[i]->package;
    const ast_term *h = p->kind == AST_REF ? p->items[0] : p;
    int n = p->kind == AST_REF ? p->n : 1;
    if (n == 1 && h->text && strcmp(h->text, "docker") == 0) return true;
  }
  return false;
}

static bool is_dockerfile_bundle(const bopts *o) {
  for (int i = 0; i < o->npaths; i++) {
    size_t n = strlen(o->paths[i]);
    if (n >= 15 && strcmp(o->paths[i] + n - 15, "Dockerfile.rego") == 0) return true;
  }
  return false;
}

static entrypoint *new_entry(compiler *c) {
  if (c->nentries == c->capentries) {
    c->capentries = c->capentries ? 2 * c->capentries : 8;
    entrypoint *ne = rt_alloc(sizeof *ne * (size_t)c->capentries);
    if (c->nentries) memcpy(ne, c->entries, sizeof *ne * (size_t)c->nentries);
    c->entries = ne;
  }
  entrypoint *e = &c->entries[c->nentries++];
  memset(e, 0, sizeof *e);
  return e;
}

/* An entry point written as data.a.b, a/b or a.b: a ref term into data. */
static bool add_entry(compiler *c, const char *text) {
  char buf[1024];
  if (strlen(text) >= sizeof buf - 8) {
    diag_error(NULL, "rego_compile_error", "entry point too long");
    return false;
  }
  if (strncmp(text, "data.", 5) == 0 || strcmp(text, "data") == 0) {
    snprintf(buf, sizeof buf, "%s", text);
  } else {
    snprintf(buf, sizeof buf, "data.%s", text);
    for (char *p = buf; *p; p++)
      if (*p == '/') *p = '.';
  }
  ast_term *t = parse_term("<entrypoint>", buf, strlen(buf));
  if (!t || (t->kind != AST_REF && !(t->kind == AST_VAR && strcmp(t->text, "data") == 0))) {
    diag_error(NULL, "rego_compile_error", "invalid entry point %s", text);
    return false;
  }
  entrypoint *e = new_entry(c);
  e->name = rt_strndup(buf, strlen(buf));
  e->ref = t;
  return true;
}

static bool add_query(compiler *c, const char *text) {
  ast_body *q = parse_query("<query>", text, strlen(text));
  if (!q) return false;
  resolve_query(c, NULL, q);
  entrypoint *e = new_entry(c);
  e->name = rt_strndup(text, strlen(text));
  e->query = q;
  return true;
}

/* Front and middle of the pipeline; false after errors (already reported). */
static bool compile_bundle(compiler *c, const bopts *o) {
  memset(c, 0, sizeof *c);
  c->strict = o->strict;
  for (int i = 0; i < o->npaths; i++) load_path(c, o->paths[i]);
  if (diag_count()) return false;
  if (c->nmodules == 0 && o->nqueries == 0) {
    diag_error(NULL, "rego_compile_error", "no policy modules found");
    return false;
  }
  bool dockerfile = is_dockerfile_bundle(o);
  for (int i = 0; i < c->nmodules && !dockerfile; i++) {
    const char *name = c->modules[i]->file->name;
    size_t n = strlen(name);
    dockerfile = n >= 15 && strcmp(name + n - 15, "Dockerfile.rego") == 0;
  }
  bool docker = has_package_docker(c) || dockerfile;
  c->target = o->target >= 0 ? (target_kind)o->target : (dockerfile ? TARGET_BUILDX : TARGET_OPA);
  if (!ruletree_build(c)) return false;
  if (!resolve_modules(c)) return false;
  for (int i = 0; i < o->nentries; i++) add_entry(c, o->entries[i]);
  for (int i = 0; i < o->nqueries; i++)
    if (add_query(c, o->queries[i])) c->entries[c->nentries - 1].capture = o->capture;
  if (o->nentries == 0 && o->nqueries == 0 && docker) add_entry(c, "data.docker.decision");
  if (o->input_term) {
    ast_term *t = parse_term("<input>", o->input_term, strlen(o->input_term));
    if (t) {
      c->input_const = term_ground_value(t);
      if (!c->input_const)
        diag_error(&t->loc, "rego_compile_error", "input term must be a constant value");
    }
  }
  if (diag_count()) return false;
  if (!plan_policy(c)) return false;
  if (ir_validate(stderr, c->policy)) {
    diag_error(NULL, "rego_compile_error", "internal error: invalid IR");
    return false;
  }
  return true;
}

/* The digest of what was compiled: every module's name and text and the base data, so a
 * change anywhere in a bundle (a directory too) changes it. */
static void policy_digest(const compiler *c, char out[65]) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
  for (int i = 0; i < c->nmodules; i++) {
    const ast_file *f = c->modules[i]->file;
    EVP_DigestUpdate(ctx, f->name, strlen(f->name) + 1);
    EVP_DigestUpdate(ctx, f->text, f->len);
  }
  if (c->data) {
    rt_buf b;
    rt_buf_init(&b, 1024);
    rt_json_write(&b, c->data, 0);
    EVP_DigestUpdate(ctx, b.data, b.len);
  }
  unsigned char md[32];
  unsigned int mdlen = 0;
  EVP_DigestFinal_ex(ctx, md, &mdlen);
  EVP_MD_CTX_free(ctx);
  for (unsigned i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Marks the IR functions some plan reaches. */
static void mark_block(const ir_policy *p, const ir_block *b, bool *seen);

static void mark_func(const ir_policy *p, int f, bool *seen) {
  if (seen[f]) return;
  seen[f] = true;
  for (int i = 0; i < p->funcs[f]->nblocks; i++) mark_block(p, p->funcs[f]->blocks[i], seen);
}

static void mark_block(const ir_policy *p, const ir_block *b, bool *seen) {
  for (int i = 0; i < b->n; i++) {
    const ir_stmt *s = b->stmts[i];
    if (s->kind == IR_CALL && s->func >= 0) mark_func(p, s->func, seen);
    if (s->block) mark_block(p, s->block, seen);
    for (int k = 0; k < s->nblocks; k++) mark_block(p, s->blocks[k], seen);
  }
}

/* Reports calls to builtins regoc does not implement yet in the functions marked (all when
 * seen is NULL) and in every plan; false if there are any. */
static bool unsupported_block(const ir_block *b) {
  bool ok = true;
  for (int i = 0; i < b->n; i++) {
    const ir_stmt *s = b->stmts[i];
    if (s->kind == IR_CALL && s->func < 0) {
      const bi_entry *e = &bi_table[-1 - s->func];
      if (!e->fn) {
        diag_error(&s->loc, "rego_type_error", "builtin %s is not supported yet", e->name);
        ok = false;
      }
    }
    if (s->block) ok = unsupported_block(s->block) && ok;
    for (int k = 0; k < s->nblocks; k++) ok = unsupported_block(s->blocks[k]) && ok;
  }
  return ok;
}

static bool check_supported(const ir_policy *p, const bool *seen) {
  bool ok = true;
  for (int i = 0; i < p->nplans; i++)
    for (int k = 0; k < p->plans[i]->nblocks; k++) ok = unsupported_block(p->plans[i]->blocks[k]) && ok;
  for (int i = 0; i < p->nfuncs; i++) {
    if (seen && !seen[i]) continue;
    for (int k = 0; k < p->funcs[i]->nblocks; k++) ok = unsupported_block(p->funcs[i]->blocks[k]) && ok;
  }
  return ok;
}

static int run(char *const argv[]) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "regoc: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Where the runtime's headers and libraries are: the build tree when regoc runs from it,
 * else the installed locations. */
static void runtime_dirs(const char **inc1, const char **inc2, const char **lib1,
                         const char **lib2) {
  static char a[4096], b[4096], c2[4096], d[4096];
  const char *env = getenv("REGOC_HOME");
  const char *build = env ? env : REGOC_BUILDDIR;
  snprintf(c2, sizeof c2, "%s/runtime/libregort.a", build);
  if (access(c2, R_OK) == 0) {
    snprintf(a, sizeof a, "-I%s/runtime", env ? env : REGOC_SRCDIR);
    snprintf(b, sizeof b, "-I%s/stdlib", env ? env : REGOC_SRCDIR);
    snprintf(d, sizeof d, "%s/stdlib/libregostd.a", build);
  } else {
    snprintf(a, sizeof a, "-I%s", REGOC_INCLUDEDIR);
    snprintf(b, sizeof b, "-I%s", REGOC_INCLUDEDIR);
    snprintf(c2, sizeof c2, "%s/libregort.a", REGOC_LIBDIR);
    snprintf(d, sizeof d, "%s/libregostd.a", REGOC_LIBDIR);
  }
  *inc1 = a;
  *inc2 = b;
  *lib1 = c2;
  *lib2 = d;
}

/* Splits a string of flags on spaces into argv entries (no quoting: flags from the
 * environment or configure). */
static int split_flags(const char *s, char **out, int max) {
  int n = 0;
  char *copy = rt_strndup(s, strlen(s));
  for (char *tok = strtok(copy, " \t"); tok && n < max; tok = strtok(NULL, " \t"))
    out[n++] = tok;
  return n;
}

static int cc_checker(const char *cfile, const char *out) {
  const char *inc1, *inc2, *lib1, *lib2;
  runtime_dirs(&inc1, &inc2, &lib1, &lib2);
  const char *cc = getenv("CC");
  if (!cc || !*cc) cc = "cc";
  const char *cflags = getenv("CFLAGS");
  if (!cflags) cflags = REGOC_CHECKER_CFLAGS;
  char *argv[256];
  int n = 0;
  n += split_flags(cc, argv + n, 8);
  n += split_flags(cflags, argv + n, 64);
  argv[n++] = (char *)"-std=gnu11";
  /* generated C is meant to be warning-free: warnings show a compiler bug */
  argv[n++] = (char *)"-Wall";
  argv[n++] = (char *)"-Wextra";
  argv[n++] = (char *)inc1;
  argv[n++] = (char *)inc2;
  argv[n++] = (char *)"-o";
  argv[n++] = (char *)out;
  argv[n++] = (char *)cfile;
  argv[n++] = (char *)lib2;
  argv[n++] = (char *)lib1;
  n += split_flags(REGOC_CHECKER_LIBS, argv + n, 64);
  /* LDFLAGS from the environment replace the default (static where possible: a static
   * checker starts in about half the time, no loader or symbol resolution) */
  const char *ldflags = getenv("LDFLAGS");
  if (!ldflags) ldflags = REGOC_CHECKER_LDFLAGS;
  n += split_flags(ldflags, argv + n, 64);
  argv[n] = NULL;
  int st = run(argv);
  if (st != 0) {
    fprintf(stderr, "regoc: the C compiler failed (status %d) on %s\n", st, cfile);
    return 2;
  }
  return 0;
}

static bool write_c(compiler *c, const bopts *o, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "regoc: %s: %s\n", path, strerror(errno));
    return false;
  }
  char digest[65];
  policy_digest(c, digest);
  bool *seen = rt_alloc_zero(sizeof(bool) * (size_t)(c->policy->nfuncs + 1));
  for (int i = 0; i < c->policy->nplans; i++)
    for (int k = 0; k < c->policy->plans[i]->nblocks; k++)
      mark_block(c->policy, c->policy->plans[i]->blocks[k], seen);
  if (!check_supported(c->policy, seen)) {
    fclose(f);
    unlink(path);
    return false;
  }
  emit_options eo = {REGOC_VERSION, digest, c->target == TARGET_BUILDX, seen,
                     c->input_const};
  bool ok = emit_c(c, f, &eo);
  if (fclose(f) != 0) ok = false;
  return ok;
}

int cmd_build(int argc, char **argv) {
  bopts o;
  int st = parse_opts("build", argc, argv, &o);
  if (st) return st;
  compiler c;
  if (!compile_bundle(&c, &o)) return 2;
  if (c.nentries == 0) {
    fprintf(stderr, "regoc build: no entry point: give -e ENTRY (e.g. -e data.pkg.rule)\n");
    return 2;
  }
  const char *out = o.out ? o.out : "checker";
  char tmp[4096];
  const char *cfile = o.emit_c;
  if (!cfile) {
    snprintf(tmp, sizeof tmp, "%s.c", out);
    cfile = tmp;
  }
  if (!write_c(&c, &o, cfile)) return 2;
  st = cc_checker(cfile, out);
  if (!o.emit_c) unlink(cfile);
  return st;
}

int cmd_check(int argc, char **argv) {
  bopts o;
  int st = parse_opts("check", argc, argv, &o);
  if (st) return st;
  compiler c;
  if (!compile_bundle(&c, &o)) return 2;
  return check_supported(c.policy, NULL) ? 0 : 2;
}

int cmd_plan(int argc, char **argv) {
  bopts o;
  int st = parse_opts("plan", argc, argv, &o);
  if (st) return st;
  compiler c;
  if (!compile_bundle(&c, &o)) return 2;
  ir_print(stdout, c.policy);
  return 0;
}

/* --- regoc eval -------------------------------------------------------------------------- */

/* Compiled checkers are kept in a cache keyed by the digest of their C source, so evaluating
 * the same query on the same policy again skips the C compiler. */
static const char *cache_dir(void) {
  static char dir[4096];
  const char *x = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (x && *x) snprintf(dir, sizeof dir, "%s/regoc", x);
  else if (home && *home) snprintf(dir, sizeof dir, "%s/.cache/regoc", home);
  else snprintf(dir, sizeof dir, "/tmp/regoc-cache-%d", (int)getuid());
  return dir;
}

static bool mkdirs(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    mkdir(buf, 0755);
    *p = '/';
  }
  return mkdir(buf, 0755) == 0 || errno == EEXIST;
}

static void file_digest(const char *path, char out[65]) {
  size_t len = 0;
  char *text = load_read_file(path, &len);
  unsigned char md[32];
  unsigned int mdlen = 0;
  EVP_Digest(text ? text : "", text ? len : 0, md, &mdlen, EVP_sha256(), NULL);
  for (unsigned i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Appends v as JSON indented as Go's MarshalIndent would at depth `indent`. */
static void put_indented(rt_buf *out, const rt_value *v, int indent) {
  rt_buf b;
  rt_buf_init(&b, 256);
  rt_json_write(&b, v, RT_JSON_PRETTY);
  for (size_t i = 0; i < b.len; i++) {
    rt_buf_putc(out, b.data[i]);
    if (b.data[i] == '\n')
      for (int k = 0; k < indent; k++) rt_buf_putc(out, ' ');
  }
}

/* The text of query expression i: from its start to the next expression's start. */
static rt_value *expr_text(const ast_body *q, int i, const char *query) {
  size_t start = q->exprs[i]->loc.offset;
  size_t end = i + 1 < q->n ? q->exprs[i + 1]->loc.offset : strlen(query);
  while (end > start && (query[end - 1] == ' ' || query[end - 1] == '\n' ||
                         query[end - 1] == '\t' || query[end - 1] == ';'))
    end--;
  return rt_string_n(query + start, end - start);
}

static void print_opa_results(const rt_value *rows, const ast_body *q, const char *query,
                              const char *format) {
  rt_buf out;
  rt_buf_init(&out, 1024);
  uint32_t nrows = rt_is(rows, RT_ARRAY) ? rt_array_len(rows) : 0;
  if (strcmp(format, "raw") == 0) {
    for (uint32_t r = 0; r < nrows; r++) {
      rt_value *row = rt_array_at(rows, r);
      for (int i = 0; i < q->n; i++) {
        char key[32];
        snprintf(key, sizeof key, "__expr%d", i);
        rt_value *v = rt_object_get_str(row, key, strlen(key));
        if (!v) v = RT_TRUE;
        if (rt_is(v, RT_STRING)) rt_buf_put(&out, RT_AS_STR(v)->s, RT_AS_STR(v)->len);
        else rt_json_write(&out, v, 0);
        rt_buf_putc(&out, '\n');
      }
    }
    fwrite(out.data, 1, out.len, stdout);
    return;
  }
  if (nrows == 0) {
    puts("{}");
    return;
  }
  rt_buf_puts(&out, "{\n  \"result\": [\n");
  for (uint32_t r = 0; r < nrows; r++) {
    rt_value *row = rt_array_at(rows, r);
    rt_buf_puts(&out, "    {\n      \"expressions\": [\n");
    for (int i = 0; i < q->n; i++) {
      char key[32];
      snprintf(key, sizeof key, "__expr%d", i);
      rt_value *v = rt_object_get_str(row, key, strlen(key));
      if (!v) v = RT_TRUE;
      rt_buf_puts(&out, "        {\n          \"value\": ");
      put_indented(&out, v, 10);
      rt_buf_puts(&out, ",\n          \"text\": ");
      rt_json_write(&out, expr_text(q, i, query), 0);
      rt_buf_printf(&out, ",\n          \"location\": {\n            \"row\": %d,\n"
                          "            \"col\": %d\n          }\n        }%s\n",
                    q->exprs[i]->loc.line, q->exprs[i]->loc.col, i + 1 < q->n ? "," : "");
    }
    rt_buf_puts(&out, "      ]");
    rt_value *bindings = rt_object_new(4);
    rt_iter it;
    rt_iter_init(&it, row);
    while (rt_iter_next(&it))
      if (!(rt_is(it.key, RT_STRING) && strncmp(RT_AS_STR(it.key)->s, "__expr", 6) == 0))
        rt_object_put(bindings, it.key, it.val);
    if (rt_object_len(bindings)) {
      rt_buf_puts(&out, ",\n      \"bindings\": ");
      put_indented(&out, bindings, 6);
    }
    rt_buf_printf(&out, "\n    }%s\n", r + 1 < nrows ? "," : "");
  }
  rt_buf_puts(&out, "  ]\n}\n");
  fwrite(out.data, 1, out.len, stdout);
}

int cmd_eval(int argc, char **argv) {
  const char *input = NULL, *format = "json", *query = NULL;
  bopts o;
  memset(&o, 0, sizeof o);
  o.target = -1;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    bool next = i + 1 < argc;
    if ((strcmp(a, "-d") == 0 || strcmp(a, "--data") == 0) && next) {
      if (o.npaths == 256) return usage_error("eval", "too many -d paths");
      o.paths[o.npaths++] = argv[++i];
    } else if ((strcmp(a, "-i") == 0 || strcmp(a, "--input") == 0) && next) {
      input = argv[++i];
    } else if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) && next) {
      format = argv[++i];
    } else if (strcmp(a, "--strict") == 0 || strcmp(a, "--strict-builtin-errors") == 0) {
      o.strict = true;
    } else if (strcmp(a, "--target") == 0 && next) {
      const char *t = argv[++i];
      o.target = strcmp(t, "buildx") == 0 ? TARGET_BUILDX : TARGET_OPA;
    } else if (a[0] == '-' && a[1]) {
      char msg[256];
      snprintf(msg, sizeof msg, "unknown option %s", a);
      return usage_error("eval", msg);
    } else if (!query) {
      query = a;
    } else {
      return usage_error("eval", "one query only");
    }
  }
  if (!query) return usage_error("eval", "no query given");
  if (strcmp(format, "json") && strcmp(format, "pretty") && strcmp(format, "raw"))
    return usage_error("eval", "format must be json, pretty or raw");
  if (o.target < 0) o.target = TARGET_OPA; /* eval answers as opa eval does */
  o.queries[o.nqueries++] = query;
  o.capture = true;
  compiler c;
  if (!compile_bundle(&c, &o)) return 2;
  const char *dir = cache_dir();
  if (!mkdirs(dir)) {
    fprintf(stderr, "regoc eval: cannot create %s\n", dir);
    return 2;
  }
  char cfile[4200], exe[4300];
  snprintf(cfile, sizeof cfile, "%s/eval-%d.c", dir, (int)getpid());
  if (!write_c(&c, &o, cfile)) return 2;
  char digest[65];
  file_digest(cfile, digest);
  snprintf(exe, sizeof exe, "%s/%s", dir, digest);
  if (access(exe, X_OK) != 0) {
    char tmp_exe[4400];
    snprintf(tmp_exe, sizeof tmp_exe, "%s.%d.tmp", exe, (int)getpid());
    if (cc_checker(cfile, tmp_exe) != 0) {
      unlink(cfile);
      return 2;
    }
    rename(tmp_exe, exe);
  }
  unlink(cfile);
  /* run the checker, reading its result rows */
  int pfd[2];
  if (pipe(pfd) != 0) return 2;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pfd[1], 1);
    close(pfd[0]);
    close(pfd[1]);
    char *args[8];
    int n = 0;
    args[n++] = exe;
    args[n++] = (char *)"eval";
    if (input) {
      args[n++] = (char *)"-i";
      args[n++] = (char *)input;
    }
    args[n] = NULL;
    execv(exe, args);
    _exit(127);
  }
  close(pfd[1]);
  rt_buf b;
  rt_buf_init(&b, 4096);
  char chunk[65536];
  ssize_t r;
  while ((r = read(pfd[0], chunk, sizeof chunk)) > 0) rt_buf_put(&b, chunk, (size_t)r);
  close(pfd[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  int code = WIFEXITED(st) ? WEXITSTATUS(st) : 3;
  if (code != 0 && code != 1) return code;
  rt_json_error je;
  rt_value *rows = b.len ? rt_json_parse(b.data, b.len, &je) : rt_array_new(0);
  if (!rows) {
    fprintf(stderr, "regoc eval: unreadable checker output\n");
    return 3;
  }
  entrypoint *ep = &c.entries[c.nentries - 1];
  ast_body written = *ep->query;
  written.exprs = ep->orig_exprs;
  written.n = ep->nexprs;
  print_opa_results(rows, &written, query, format);
  return 0;
}
