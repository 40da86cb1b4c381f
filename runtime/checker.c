/* checker.c: the command line of every generated checker.
 *
 *   CHECKER [eval] [-i INPUT|-] [-d DATA]... [-e ENTRY] [--format json|pretty|raw]
 *   CHECKER batch [-e ENTRY]       NDJSON inputs on stdin, one JSON result per line
 *   CHECKER info                   policy digest, compiler version, entry points, builtins
 *
 * Exit status: 0 defined (buildx: allowed), 1 undefined (buildx: denied), 2 usage or bad
 * input, 3 evaluation error. An error is never an allow. A buildx decision
 * (data.docker.decision) is read exactly as buildx reads it (policy/validate.go): the value
 * must be an object, `allow` a boolean if present, `deny_msg` an array whose strings are
 * the messages, `caps` an object of known capabilities with boolean values.
 *
 * Start-up does no work a query does not need: constants and the bundle's data are built on
 * the first evaluation, in a long-lived arena apart from the per-evaluation one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt.h"
#include "rt_eval.h"

#define MAX_INPUT_SIZE RT_JSON_MAX_SIZE

typedef struct opts {
  const char *input_path;
  const char *data_paths[64];
  int ndata;
  const char *entry;
  const char *format;
} opts;

static rt_arena *static_arena;
static rt_value *base_data;

static void usage(FILE *f, const char *prog) {
  fprintf(f,
          "usage: %s [eval] [-i INPUT|-] [-d DATA]... [-e ENTRY] [--format json|pretty|raw]\n"
          "       %s batch [-e ENTRY]   (NDJSON inputs on stdin)\n"
          "       %s info\n"
          "       %s bench -i INPUT [-e ENTRY]   (CHECKER_BENCH_N evaluations, in-process)\n"
          "       %s --help | --version\n"
          "exit status: 0 defined/allowed, 1 undefined/denied, 2 bad usage or input,\n"
          "3 evaluation error\n",
          prog, prog, prog, prog, prog);
}

/* Reads a whole file ("-" is stdin) into malloc'd memory. */
static char *read_all(const char *path, size_t *len, char *err, size_t errlen) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  for (;;) {
    if (!buf) {
      snprintf(err, errlen, "%s: out of memory", path);
      break;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
    if (n == cap) {
      if (cap >= MAX_INPUT_SIZE) {
        snprintf(err, errlen, "%s: document larger than %zu bytes", path,
                 (size_t)MAX_INPUT_SIZE);
        free(buf);
        buf = NULL;
        break;
      }
      cap *= 2;
      char *nb = realloc(buf, cap + 1);
      if (!nb) free(buf);
      buf = nb;
    }
  }
  if (buf && ferror(f)) {
    snprintf(err, errlen, "%s: read error", path);
    free(buf);
    buf = NULL;
  }
  if (f != stdin) fclose(f);
  if (buf) {
    buf[n] = 0;
    *len = n;
  }
  return buf;
}

static rt_value *parse_json_file(const char *path, int *status) {
  char err[512];
  size_t len;
  char *text = read_all(path, &len, err, sizeof err);
  if (!text) {
    fprintf(stderr, "error: %s\n", err);
    *status = 2;
    return NULL;
  }
  rt_json_error je;
  rt_value *v = rt_json_parse(text, len, &je);
  free(text);
  if (!v) {
    fprintf(stderr, "%s:%d:%d: invalid JSON: %s\n", strcmp(path, "-") ? path : "<stdin>",
            je.line, je.col, je.message);
    *status = 2;
  }
  return v;
}

/* Constants and the bundle's data, once, in the long-lived arena. */
static void ensure_static(const rt_checker *c) {
  if (static_arena) return;
  static_arena = rt_arena_new(1 << 16);
  rt_arena *prev = rt_arena_use(static_arena);
  c->init();
  rt_json_error je;
  base_data = rt_json_parse(c->data_json, c->data_json_len, &je);
  if (!base_data) base_data = rt_object_new(0);
  rt_arena_use(prev);
}

static int find_entry(const rt_checker *c, const char *name) {
  if (!name) return c->nentries > 0 ? 0 : -1;
  for (int i = 0; i < c->nentries; i++) {
    if (strcmp(c->entries[i].name, name) == 0) return i;
  }
  /* accept pkg/rule for data.pkg.rule */
  char buf[1024];
  if (strncmp(name, "data.", 5) != 0 && strlen(name) < sizeof buf - 6) {
    snprintf(buf, sizeof buf, "data.%s", name);
    for (char *p = buf; *p; p++)
      if (*p == '/') *p = '.';
    for (int i = 0; i < c->nentries; i++)
      if (strcmp(c->entries[i].name, buf) == 0) return i;
  }
  return -1;
}

static bool is_buildx_entry(const rt_checker *c, int entry) {
  return c->buildx && strcmp(c->entries[entry].name, "data.docker.decision") == 0;
}

static void print_error(FILE *f, const rt_error *e) {
  rt_buf b;
  rt_buf_init(&b, 256);
  rt_error_format(e, &b);
  fprintf(f, "%.*s\n", (int)b.len, b.data);
}

/* buildx's reading of a decision: 0 allow, 1 deny, 3 error (message in err). */
static int read_decision(const rt_value *d, rt_value **msgs, char *err, size_t errlen) {
  *msgs = rt_array_new(0);
  if (!d) {
    snprintf(err, errlen, "policy returned zero result");
    return 3;
  }
  if (!rt_is(d, RT_OBJECT)) {
    snprintf(err, errlen, "unexpected policy return type %s", rt_type_name(d));
    return 3;
  }
  rt_value *allow = rt_object_get_str(d, "allow", 5);
  if (allow && !rt_is(allow, RT_BOOLEAN)) {
    snprintf(err, errlen, "invalid allowed property type %s, expecting bool",
             rt_type_name(allow));
    return 3;
  }
  rt_value *caps = rt_object_get_str(d, "caps", 4);
  if (caps && rt_is(caps, RT_OBJECT)) {
    rt_iter it;
    rt_iter_init(&it, caps);
    while (rt_iter_next(&it)) {
      if (!rt_is(it.key, RT_STRING) || RT_AS_STR(it.key)->len != 10 ||
          memcmp(RT_AS_STR(it.key)->s, "exec.proxy", 10) != 0) {
        rt_buf b;
        rt_buf_init(&b, 64);
        rt_json_write(&b, it.key, 0);
        snprintf(err, errlen, "unknown policy cap %.*s", (int)b.len, b.data);
        return 3;
      }
      if (!rt_is(it.val, RT_BOOLEAN)) {
        snprintf(err, errlen, "invalid policy cap exec.proxy value type %s, expecting bool",
                 rt_type_name(it.val));
        return 3;
      }
    }
  }
  rt_value *deny = rt_object_get_str(d, "deny_msg", 8);
  if (deny && (rt_is(deny, RT_ARRAY) || rt_is(deny, RT_SET))) {
    rt_value *list = rt_is(deny, RT_SET) ? rt_sorted_keys(deny) : deny;
    for (uint32_t i = 0; i < rt_array_len(list); i++)
      if (rt_is(rt_array_at(list, i), RT_STRING)) rt_array_push(*msgs, rt_array_at(list, i));
  }
  return allow && RT_AS_BOOL(allow) ? 0 : 1;
}

static void write_value(rt_buf *b, const rt_value *v, const char *format) {
  if (strcmp(format, "raw") == 0 && rt_is(v, RT_STRING)) {
    rt_buf_put(b, RT_AS_STR(v)->s, RT_AS_STR(v)->len);
    return;
  }
  rt_json_write(b, v, strcmp(format, "pretty") == 0 ? RT_JSON_PRETTY : 0);
}

static int do_eval(const rt_checker *c, const opts *o) {
  int entry = find_entry(c, o->entry);
  if (entry < 0) {
    fprintf(stderr, "error: unknown entry point %s\n", o->entry ? o->entry : "(none)");
    return 2;
  }
  rt_arena *arena = rt_arena_new(1 << 16);
  rt_arena_use(arena);
  int status = 0;
  rt_value *input = NULL;
  if (o->input_path) {
    input = parse_json_file(o->input_path, &status);
    if (!input) return status;
  }
  ensure_static(c);
  if (!input && c->default_input) input = c->default_input();
  rt_value *data = base_data;
  for (int i = 0; i < o->ndata; i++) {
    rt_value *d = parse_json_file(o->data_paths[i], &status);
    if (!d) return status;
    rt_value *m = rt_merge(data, d);
    if (!m) {
      fprintf(stderr, "error: %s: data conflicts with the bundle's data\n", o->data_paths[i]);
      return 2;
    }
    data = m;
  }
  rt_result r;
  rt_eval(c, entry, input, data, &r);
  rt_buf out;
  rt_buf_init(&out, 1024);
  if (is_buildx_entry(c, entry)) {
    if (r.failed) {
      print_error(stderr, &r.error);
      return 3;
    }
    rt_value *d = rt_array_len(r.results) ? rt_array_at(r.results, 0) : NULL;
    rt_value *msgs;
    char err[512];
    int st = read_decision(d, &msgs, err, sizeof err);
    if (st == 3) {
      fprintf(stderr, "error: %s\n", err);
      return 3;
    }
    write_value(&out, d, o->format);
    fprintf(stdout, "%.*s\n", (int)out.len, out.data);
    if (st == 1)
      for (uint32_t i = 0; i < rt_array_len(msgs); i++)
        fprintf(stderr, "Policy: %.*s\n", (int)RT_AS_STR(rt_array_at(msgs, i))->len,
                RT_AS_STR(rt_array_at(msgs, i))->s);
    return st;
  }
  if (c->entries[entry].is_query) {
    write_value(&out, r.results, o->format);
    fprintf(stdout, "%.*s\n", (int)out.len, out.data);
    if (r.failed) {
      print_error(stderr, &r.error);
      return 3;
    }
    return rt_array_len(r.results) ? 0 : 1;
  }
  if (r.failed) {
    print_error(stderr, &r.error);
    return 3;
  }
  if (rt_array_len(r.results) == 0) return 1;
  write_value(&out, rt_array_at(r.results, 0), o->format);
  fprintf(stdout, "%.*s\n", (int)out.len, out.data);
  return 0;
}

static int do_batch(const rt_checker *c, const opts *o) {
  int entry = find_entry(c, o->entry);
  if (entry < 0) {
    fprintf(stderr, "error: unknown entry point %s\n", o->entry ? o->entry : "(none)");
    return 2;
  }
  ensure_static(c);
  rt_arena *arena = rt_arena_new(1 << 16);
  rt_arena_use(arena);
  bool buildx = is_buildx_entry(c, entry);
  int worst = 0;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long lineno = 0;
  rt_buf out;
  static char obuf[1 << 16];
  setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
  while ((n = getline(&line, &cap, stdin)) > 0) {
    lineno++;
    rt_arena_mark mark = rt_arena_save(arena);
    rt_buf_init(&out, 256);
    rt_json_error je;
    rt_value *input = rt_json_parse(line, (size_t)n, &je);
    if (!input) {
      rt_buf_printf(&out, "{\"error\":");
      char msg[256];
      snprintf(msg, sizeof msg, "line %ld:%d: invalid JSON: %s", lineno, je.col, je.message);
      rt_json_write(&out, rt_string_z(msg), 0);
      rt_buf_putc(&out, '}');
      if (worst < 2) worst = 2;
    } else {
      rt_result r;
      rt_eval(c, entry, input, base_data, &r);
      if (r.failed) {
        rt_buf eb;
        rt_buf_init(&eb, 256);
        rt_error_format(&r.error, &eb);
        rt_buf_puts(&out, "{\"error\":");
        rt_json_write(&out, rt_string_n(eb.data, eb.len), 0);
        rt_buf_putc(&out, '}');
        worst = 3;
      } else if (buildx) {
        rt_value *d = rt_array_len(r.results) ? rt_array_at(r.results, 0) : NULL;
        rt_value *msgs;
        char err[512];
        int st = read_decision(d, &msgs, err, sizeof err);
        if (st == 3) {
          rt_buf_puts(&out, "{\"error\":");
          rt_json_write(&out, rt_string_z(err), 0);
          rt_buf_putc(&out, '}');
          worst = 3;
        } else {
          rt_buf_printf(&out, "{\"allow\":%s,\"deny_msg\":", st == 0 ? "true" : "false");
          rt_json_write(&out, msgs, 0);
          rt_buf_putc(&out, '}');
        }
      } else if (c->entries[entry].is_query) {
        rt_buf_puts(&out, "{\"result\":");
        rt_json_write(&out, r.results, 0);
        rt_buf_putc(&out, '}');
      } else if (rt_array_len(r.results)) {
        rt_buf_puts(&out, "{\"result\":");
        rt_json_write(&out, rt_array_at(r.results, 0), 0);
        rt_buf_putc(&out, '}');
      } else {
        rt_buf_puts(&out, "{}");
      }
    }
    rt_buf_putc(&out, '\n');
    fwrite(out.data, 1, out.len, stdout);
    rt_arena_restore(arena, mark);
  }
  free(line);
  fflush(stdout);
  return worst;
}

/* In-process evaluations per second on one parsed input: what a long-running host embedding
 * the checker would see, without process start-up or JSON parsing. */
static int do_bench(const rt_checker *c, const opts *o, long iterations) {
  int entry = find_entry(c, o->entry);
  if (entry < 0 || !o->input_path) {
    fprintf(stderr, "error: bench needs -i INPUT and a known entry point\n");
    return 2;
  }
  rt_arena *keep = rt_arena_new(1 << 16);
  rt_arena_use(keep);
  int status = 0;
  rt_value *input = parse_json_file(o->input_path, &status);
  if (!input) return status;
  ensure_static(c);
  rt_arena *arena = rt_arena_new(1 << 16);
  rt_arena_use(arena);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < iterations; i++) {
    rt_arena_mark m = rt_arena_save(arena);
    rt_result r;
    rt_eval(c, entry, input, base_data, &r);
    rt_arena_restore(arena, m);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%ld evaluations in %.3f s: %.0f decisions/s, %.1f ns each\n", iterations, secs,
         (double)iterations / secs, secs * 1e9 / (double)iterations);
  rt_arena_use(NULL);
  rt_arena_free(arena);
  rt_arena_free(keep);
  return 0;
}

static int do_info(const rt_checker *c) {
  rt_arena *arena = rt_arena_new(1 << 12);
  rt_arena_use(arena);
  rt_value *o = rt_object_new(4);
  rt_object_put(o, rt_string_z("compiler"), rt_string_z(c->compiler_version));
  rt_object_put(o, rt_string_z("digest"), rt_string_z(c->policy_digest));
  rt_value *es = rt_array_new((uint32_t)c->nentries);
  for (int i = 0; i < c->nentries; i++) rt_array_push(es, rt_string_z(c->entries[i].name));
  rt_object_put(o, rt_string_z("entrypoints"), es);
  rt_value *bs = rt_array_new(8);
  for (int i = 0; c->builtins[i]; i++) rt_array_push(bs, rt_string_z(c->builtins[i]));
  rt_object_put(o, rt_string_z("builtins"), bs);
  rt_object_put(o, rt_string_z("target"), rt_string_z(c->buildx ? "buildx" : "opa"));
  rt_buf b;
  rt_buf_init(&b, 256);
  rt_json_write(&b, o, RT_JSON_PRETTY);
  printf("%.*s\n", (int)b.len, b.data);
  return 0;
}

int rt_checker_main(int argc, char **argv, const rt_checker *c) {
  const char *prog = argc > 0 ? argv[0] : "checker";
  opts o = {0};
  o.format = "json";
  int i = 1;
  const char *cmd = "eval";
  if (i < argc && argv[i][0] != '-') cmd = argv[i++];
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout, prog);
      return 0;
    }
    if (strcmp(a, "--version") == 0) {
      printf("%s (checker, policy %s)\n", c->compiler_version, c->policy_digest);
      return 0;
    }
    bool has_next = i + 1 < argc;
    if ((strcmp(a, "-i") == 0 || strcmp(a, "--input") == 0) && has_next) {
      o.input_path = argv[++i];
    } else if ((strcmp(a, "-d") == 0 || strcmp(a, "--data") == 0) && has_next) {
      if (o.ndata == 64) {
        fprintf(stderr, "error: too many -d options\n");
        return 2;
      }
      o.data_paths[o.ndata++] = argv[++i];
    } else if ((strcmp(a, "-e") == 0 || strcmp(a, "--entrypoint") == 0) && has_next) {
      o.entry = argv[++i];
    } else if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) && has_next) {
      o.format = argv[++i];
      if (strcmp(o.format, "json") && strcmp(o.format, "pretty") && strcmp(o.format, "raw")) {
        fprintf(stderr, "error: unknown format %s\n", o.format);
        return 2;
      }
    } else {
      fprintf(stderr, "error: unexpected argument %s\n", a);
      usage(stderr, prog);
      return 2;
    }
  }
  if (strcmp(cmd, "eval") == 0) return do_eval(c, &o);
  if (strcmp(cmd, "batch") == 0) return do_batch(c, &o);
  if (strcmp(cmd, "info") == 0) return do_info(c);
  if (strcmp(cmd, "bench") == 0) {
    const char *n = getenv("CHECKER_BENCH_N");
    return do_bench(c, &o, n ? atol(n) : 1000000);
  }
  fprintf(stderr, "error: unknown command %s\n", cmd);
  usage(stderr, prog);
  return 2;
}
