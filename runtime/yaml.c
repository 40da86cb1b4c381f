/* yaml.c: YAML documents as Rego values, with libyaml's event parser.
 *
 * OPA reads YAML through sigs.k8s.io/yaml (go-yaml v2, then encoding/json), so plain scalars
 * follow YAML 1.1's resolution as go-yaml v2 does it: null and ~ are null; true/false,
 * yes/no, on/off, y/n (any of the usual capitalisations) are booleans; decimal, 0x, 0o/0 and
 * 0b integers and floats are numbers (integers given in other bases are converted to
 * decimal text); everything else, and every quoted scalar, is a string. Only the first
 * document is read. Mapping keys become strings, as JSON requires. Anchors and aliases are
 * resolved by copying the anchored value; a nesting limit keeps hostile input bounded.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rt.h"
#include "rt_yaml.h"

#define YAML_MAX_DEPTH 1000
#define YAML_MAX_ANCHORS 4096

typedef struct yctx {
  yaml_parser_t parser;
  char *err;
  size_t errlen;
  int depth;
  const char *anchors[YAML_MAX_ANCHORS];
  rt_value *anchor_vals[YAML_MAX_ANCHORS];
  int nanchors;
  size_t alias_budget; /* bounds "billion laughs" expansion */
} yctx;

static bool word_in(const char *s, const char *const *words) {
  for (; *words; words++)
    if (strcmp(s, *words) == 0) return true;
  return false;
}

/* A decimal text for an integer written in base 16, 8 or 2 (with '_' separators removed). */
static rt_value *based_int(const char *s, int base, bool neg) {
  unsigned long long v = 0;
  bool any = false;
  for (; *s; s++) {
    if (*s == '_') continue;
    int d;
    if (*s >= '0' && *s <= '9') d = *s - '0';
    else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
    else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
    else return NULL;
    if (d >= base) return NULL;
    if (v > (~0ULL - (unsigned)d) / (unsigned)base) return NULL; /* too big: a string */
    v = v * (unsigned)base + (unsigned)d;
    any = true;
  }
  if (!any) return NULL;
  char buf[32];
  snprintf(buf, sizeof buf, "%s%llu", neg ? "-" : "", v);
  return rt_number_text(buf, strlen(buf));
}

static rt_value *plain_scalar(const char *s, size_t len) {
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
  static const char *const trues[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on",
                                      "On", "ON", "y", "Y", NULL};
  static const char *const falses[] = {"false", "False", "FALSE", "no", "No", "NO", "off",
                                       "Off", "OFF", "n", "N", NULL};
  if (word_in(s, nulls)) return RT_NULLV;
  if (word_in(s, trues)) return RT_TRUE;
  if (word_in(s, falses)) return RT_FALSE;
  const char *p = s;
  bool neg = false;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    rt_value *v = based_int(p + 2, 16, neg);
    if (v) return v;
  } else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
    rt_value *v = based_int(p + 2, 2, neg);
    if (v) return v;
  } else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) {
    rt_value *v = based_int(p + 2, 8, neg);
    if (v) return v;
  } else if (p[0] == '0' && p[1] && isdigit((unsigned char)p[1])) {
    rt_value *v = based_int(p + 1, 8, neg);
    if (v) return v;
  }
  /* decimal numbers: JSON syntax after dropping a leading '+' and '_' separators */
  char buf[128];
  size_t k = 0;
  bool digits = false, ok = len < sizeof buf - 1;
  for (size_t i = 0; ok && i < len; i++) {
    char ch = s[i];
    if (ch == '_') continue;
    if (ch == '+' && i == 0) continue;
    if (isdigit((unsigned char)ch)) digits = true;
    else if (!(ch == '-' || ch == '.' || ch == 'e' || ch == 'E' || ch == '+')) ok = false;
    buf[k++] = ch;
  }
  if (ok && digits) {
    buf[k] = 0;
    rt_value *v = rt_number_text(buf, k);
    if (v) return v;
  }
  return rt_string_n(s, len);
}

static rt_value *parse_node(yctx *y, yaml_event_t *ev);

static bool next_event(yctx *y, yaml_event_t *ev) {
  if (!yaml_parser_parse(&y->parser, ev)) {
    snprintf(y->err, y->errlen, "line %zu, column %zu: %s",
             y->parser.problem_mark.line + 1, y->parser.problem_mark.column + 1,
             y->parser.problem ? y->parser.problem : "invalid YAML");
    return false;
  }
  return true;
}

static void remember(yctx *y, const yaml_char_t *anchor, rt_value *v) {
  if (!anchor || y->nanchors == YAML_MAX_ANCHORS) return;
  y->anchors[y->nanchors] = rt_strndup((const char *)anchor, strlen((const char *)anchor));
  y->anchor_vals[y->nanchors] = v;
  y->nanchors++;
}

static rt_value *parse_node(yctx *y, yaml_event_t *ev) {
  rt_value *v = NULL;
  switch (ev->type) {
  case YAML_SCALAR_EVENT: {
    const char *s = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    bool quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    const char *tag = (const char *)ev->data.scalar.tag;
    if (tag && strcmp(tag, YAML_STR_TAG) == 0) quoted = true;
    v = quoted ? rt_string_n(s, len) : plain_scalar(s, len);
    remember(y, ev->data.scalar.anchor, v);
    yaml_event_delete(ev);
    return v;
  }
  case YAML_ALIAS_EVENT: {
    const char *a = (const char *)ev->data.alias.anchor;
    for (int i = y->nanchors - 1; i >= 0; i--) {
      if (strcmp(y->anchors[i], a) == 0) {
        int64_t n = rt_length(y->anchor_vals[i]);
        size_t cost = n > 0 ? (size_t)n : 1;
        if (cost > y->alias_budget) {
          snprintf(y->err, y->errlen, "document expands too much through aliases");
          yaml_event_delete(ev);
          return NULL;
        }
        y->alias_budget -= cost;
        v = y->anchor_vals[i];
        break;
      }
    }
    if (!v) snprintf(y->err, y->errlen, "unknown anchor %s", a);
    yaml_event_delete(ev);
    return v;
  }
  case YAML_SEQUENCE_START_EVENT: {
    if (++y->depth > YAML_MAX_DEPTH) {
      snprintf(y->err, y->errlen, "nesting deeper than %d", YAML_MAX_DEPTH);
      yaml_event_delete(ev);
      return NULL;
    }
    yaml_char_t *anchor = ev->data.sequence_start.anchor;
    const char *anc = anchor ? rt_strndup((const char *)anchor, strlen((char *)anchor)) : NULL;
    yaml_event_delete(ev);
    v = rt_array_new(4);
    for (;;) {
      yaml_event_t e;
      if (!next_event(y, &e)) return NULL;
      if (e.type == YAML_SEQUENCE_END_EVENT) {
        yaml_event_delete(&e);
        break;
      }
      rt_value *item = parse_node(y, &e);
      if (!item) return NULL;
      rt_array_push(v, item);
    }
    y->depth--;
    remember(y, (const yaml_char_t *)anc, v);
    return v;
  }
  case YAML_MAPPING_START_EVENT: {
    if (++y->depth > YAML_MAX_DEPTH) {
      snprintf(y->err, y->errlen, "nesting deeper than %d", YAML_MAX_DEPTH);
      yaml_event_delete(ev);
      return NULL;
    }
    yaml_char_t *anchor = ev->data.mapping_start.anchor;
    const char *anc = anchor ? rt_strndup((const char *)anchor, strlen((char *)anchor)) : NULL;
    yaml_event_delete(ev);
    v = rt_object_new(4);
    for (;;) {
      yaml_event_t e;
      if (!next_event(y, &e)) return NULL;
      if (e.type == YAML_MAPPING_END_EVENT) {
        yaml_event_delete(&e);
        break;
      }
      rt_value *k = parse_node(y, &e);
      if (!k) return NULL;
      yaml_event_t ve;
      if (!next_event(y, &ve)) return NULL;
      rt_value *val = parse_node(y, &ve);
      if (!val) return NULL;
      if (!rt_is(k, RT_STRING)) {
        /* JSON keys are strings: write the key as its JSON text */
        rt_buf b;
        rt_buf_init(&b, 32);
        rt_json_write(&b, k, 0);
        k = rt_buf_string(&b);
      }
      rt_object_put(v, k, val);
    }
    y->depth--;
    remember(y, (const yaml_char_t *)anc, v);
    return v;
  }
  default:
    snprintf(y->err, y->errlen, "unexpected YAML event");
    yaml_event_delete(ev);
    return NULL;
  }
}

rt_value *rt_yaml_parse(const char *text, size_t len, char *err, size_t errlen) {
  yctx *y = calloc(1, sizeof *y);
  if (!y) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  y->err = err;
  y->errlen = errlen;
  y->alias_budget = 1u << 20;
  err[0] = 0;
  yaml_parser_initialize(&y->parser);
  yaml_parser_set_input_string(&y->parser, (const unsigned char *)text, len);
  rt_value *result = NULL;
  bool done = false;
  while (!done) {
    yaml_event_t ev;
    if (!next_event(y, &ev)) break;
    switch (ev.type) {
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_START_EVENT:
      yaml_event_delete(&ev);
      break;
    case YAML_STREAM_END_EVENT:
      yaml_event_delete(&ev);
      if (!result) result = RT_NULLV; /* an empty document is null */
      done = true;
      break;
    case YAML_DOCUMENT_END_EVENT:
      yaml_event_delete(&ev);
      done = true; /* only the first document */
      break;
    default:
      result = parse_node(y, &ev);
      if (!result) done = true;
      break;
    }
  }
  yaml_parser_delete(&y->parser);
  free(y);
  if (!result && !err[0]) snprintf(err, errlen, "invalid YAML");
  return result;
}
