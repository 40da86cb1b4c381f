/* load.c: reads a policy bundle the way OPA's loader does.
 *
 * A path is a .rego module, a data file (.json; .yaml/.yml) or a directory, walked
 * recursively in sorted order. A data file's document is placed at its directory's path
 * below the bundle root (a/b/data.json becomes data.a.b), and documents that meet are merged;
 * two documents that set the same key to different non-object values are an error, as in
 * OPA. Files and directories whose names start with '.' are skipped, except that a
 * `.manifest` is accepted (its roots do not change evaluation).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compile.h"
#include "diag.h"
#include "load.h"
#include "parse.h"
#include "rt_yaml.h"

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *load_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_error(NULL, "rego_compile_error", "%s: %s", path, strerror(errno));
    return NULL;
  }
  rt_buf b;
  rt_buf_init(&b, 4096);
  char chunk[65536];
  size_t r;
  while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) rt_buf_put(&b, chunk, r);
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    diag_error(NULL, "rego_compile_error", "%s: read error", path);
    return NULL;
  }
  *len = b.len;
  rt_buf_putc(&b, '\0');
  return b.data;
}

static void add_module(compiler *c, ast_module *m) {
  if (c->nmodules == c->capmodules) {
    c->capmodules = c->capmodules ? 2 * c->capmodules : 16;
    ast_module **nm = rt_alloc(sizeof *nm * (size_t)c->capmodules);
    if (c->nmodules) memcpy(nm, c->modules, sizeof *nm * (size_t)c->nmodules);
    c->modules = nm;
  }
  c->modules[c->nmodules++] = m;
}

bool load_module_text(compiler *c, const char *name, const char *text, size_t len) {
  ast_module *m = parse_module(name, text, len);
  if (!m) return false;
  add_module(c, m);
  return true;
}

/* Places doc at keys under the base document, merging with what is there. */
static bool place_data(compiler *c, const char *name, rt_value **keys, int nkeys,
                       rt_value *doc) {
  rt_value *wrapped = doc;
  for (int i = nkeys - 1; i >= 0; i--) {
    rt_value *o = rt_object_new(1);
    rt_object_put(o, keys[i], wrapped);
    wrapped = o;
  }
  if (!rt_is(wrapped, RT_OBJECT)) {
    diag_error(NULL, "rego_compile_error", "%s: the root data document must be an object",
               name);
    return false;
  }
  if (!c->data) {
    c->data = wrapped;
    return true;
  }
  rt_value *m = rt_merge(c->data, wrapped);
  if (!m) {
    diag_error(NULL, "rego_compile_error", "%s: data conflicts with other data files", name);
    return false;
  }
  c->data = m;
  return true;
}

bool load_data_text(compiler *c, const char *name, const char *text, size_t len,
                    rt_value **keys, int nkeys) {
  rt_value *doc;
  if (ends_with(name, ".yaml") || ends_with(name, ".yml")) {
    char err[256];
    doc = load_yaml(text, len, err, sizeof err);
    if (!doc) {
      diag_error(NULL, "rego_compile_error", "%s: %s", name, err);
      return false;
    }
  } else {
    rt_json_error je;
    doc = rt_json_parse(text, len, &je);
    if (!doc) {
      diag_error(NULL, "rego_compile_error", "%s:%d:%d: invalid JSON: %s", name, je.line,
                 je.col, je.message);
      return false;
    }
  }
  return place_data(c, name, keys, nkeys, doc);
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool load_dir(compiler *c, const char *dir, rt_value **keys, int nkeys) {
  DIR *d = opendir(dir);
  if (!d) {
    diag_error(NULL, "rego_compile_error", "%s: %s", dir, strerror(errno));
    return false;
  }
  int cap = 32, n = 0;
  char **names = malloc(sizeof(char *) * (size_t)cap);
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    if (n == cap) {
      cap *= 2;
      names = realloc(names, sizeof(char *) * (size_t)cap);
    }
    names[n++] = rt_strndup(de->d_name, strlen(de->d_name));
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof(char *), cmp_names);
  bool ok = true;
  for (int i = 0; i < n; i++) {
    size_t plen = strlen(dir) + strlen(names[i]) + 2;
    char *path = rt_alloc(plen);
    snprintf(path, plen, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      rt_value **sub = rt_alloc(sizeof(rt_value *) * (size_t)(nkeys + 1));
      if (nkeys) memcpy(sub, keys, sizeof(rt_value *) * (size_t)nkeys);
      sub[nkeys] = rt_string_z(names[i]);
      ok = load_dir(c, path, sub, nkeys + 1) && ok;
      continue;
    }
    if (ends_with(names[i], ".rego")) {
      ok = load_path(c, path) && ok;
    } else if (strcmp(names[i], "data.json") == 0 || strcmp(names[i], "data.yaml") == 0 ||
               strcmp(names[i], "data.yml") == 0) {
      size_t len;
      char *text = load_read_file(path, &len);
      ok = text && load_data_text(c, path, text, len, keys, nkeys) && ok;
    }
  }
  free(names);
  return ok;
}

bool load_path(compiler *c, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_error(NULL, "rego_compile_error", "%s: %s", path, strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) return load_dir(c, path, NULL, 0);
  size_t len;
  char *text = load_read_file(path, &len);
  if (!text) return false;
  if (ends_with(path, ".json") || ends_with(path, ".yaml") || ends_with(path, ".yml"))
    return load_data_text(c, path, text, len, NULL, 0);
  return load_module_text(c, path, text, len);
}

rt_value *load_yaml(const char *text, size_t len, char *err, size_t errlen) {
  return rt_yaml_parse(text, len, err, errlen);
}
