/* bi_uuid.c: uuid.rfc4122 and uuid.parse (topdown/uuid.go, internal/uuid, google/uuid).
 *
 * uuid.rfc4122(k) is a random version-4 UUID, the same one for every k equal to an earlier
 * argument within one evaluation (OPA caches it in the query's builtin cache). The cache
 * lives in an arena of its own, emptied when rt_eval_serial (changed by the runtime once per
 * evaluation) moves on, and results are copied into the caller's arena, so nothing it hands
 * out dangles. uuid.parse accepts google/uuid's four spellings (36 characters with dashes,
 * urn:uuid: in any case, 38 with any two enclosing characters, 32 hex digits) and reports
 * version and variant, plus time, node id, MAC kind and clock sequence for versions 1 and
 * 2 and id and domain for version 2; anything it cannot parse is undefined, not an error.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "bi_util.h"
#include "rt_eval.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

/* ---- per-evaluation cache ---------------------------------------------------------------------
 */

static rt_arena *cache_arena;
static rt_value *cache; /* object: argument -> UUID string */
static uint64_t cache_serial;
static rt_arena_mark cache_empty; /* the cache arena with nothing in it */

static rt_value *cache_get(rt_value *key) {
  if (!cache || cache_serial != rt_eval_serial) return NULL;
  return rt_object_get(cache, key);
}

static void cache_put(rt_value *key, rt_value *val) {
  rt_arena *prev;
  if (!cache_arena) {
    cache_arena = rt_arena_new(0);
    cache_empty = rt_arena_save(cache_arena);
  }
  if (!cache || cache_serial != rt_eval_serial) {
    rt_arena_restore(cache_arena, cache_empty);
    cache = NULL;
    cache_serial = rt_eval_serial;
  }
  prev = rt_arena_use(cache_arena);
  if (!cache) cache = rt_object_new(4);
  rt_object_put(cache, rt_copy_to(cache_arena, key), rt_copy_to(cache_arena, val));
  rt_arena_use(prev);
}

static void random_bytes(unsigned char *b, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(b + got, n - got, 0);
    if (r > 0) got += (size_t)r;
  }
}

rt_value *bi_uuid_rfc4122(rt_value *k) {
  unsigned char b[16];
  char out[37];
  rt_value *v;
  if ((v = cache_get(k))) return rt_copy_to(rt_arena_current(), v);
  random_bytes(b, sizeof b);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
           b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
           b[14], b[15]);
  v = rt_string_n(out, 36);
  cache_put(k, v);
  return v;
}

/* ---- uuid.parse ------------------------------------------------------------------------------ */

static int xval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool xtob(const char *p, unsigned char *out) {
  int hi = xval(p[0]), lo = xval(p[1]);
  if (hi < 0 || lo < 0) return false;
  *out = (unsigned char)(hi << 4 | lo);
  return true;
}

/* google/uuid's Parse. */
static bool uuid_parse(const char *s, size_t n, unsigned char u[16]) {
  static const int at[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
  if (n == 32) {
    for (int i = 0; i < 16; i++)
      if (!xtob(s + 2 * i, &u[i])) return false;
    return true;
  }
  if (n == 45) {
    static const char urn[] = "urn:uuid:";
    for (int i = 0; i < 9; i++)
      if ((s[i] | (s[i] >= 'A' && s[i] <= 'Z' ? 0x20 : 0)) != urn[i]) return false;
    s += 9;
  } else if (n == 38) {
    s += 1;
  } else if (n != 36) {
    return false;
  }
  if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  for (int i = 0; i < 16; i++)
    if (!xtob(s + at[i], &u[i])) return false;
  return true;
}

static void put(rt_value *obj, const char *key, rt_value *v) {
  rt_object_put(obj, rt_string_z(key), v);
}

rt_value *bi_uuid_parse(rt_value *a) {
  unsigned char u[16];
  rt_value *out;
  const char *variant;
  char buf[40];
  if (!rt_is(a, RT_STRING)) return bi_type_err("uuid.parse", 1, a, "string");
  if (!uuid_parse(S(a), N(a), u)) return NULL;
  int version = u[6] >> 4;
  if ((u[8] & 0xc0) == 0x80)
    variant = "RFC4122";
  else if ((u[8] & 0xe0) == 0xc0)
    variant = "Microsoft";
  else if ((u[8] & 0xe0) == 0xe0)
    variant = "Future";
  else
    variant = "Reserved";
  out = rt_object_new(8);
  put(out, "version", rt_int(version));
  put(out, "variant", rt_string_z(variant));
  if (version != 1 && version != 2) return out;
  /* 100-ns intervals since 1582-10-15, as Unix nanoseconds */
  int64_t t = (int64_t)((uint64_t)u[0] << 24 | (uint64_t)u[1] << 16 | (uint64_t)u[2] << 8 | u[3]);
  t |= (int64_t)((uint64_t)u[4] << 8 | u[5]) << 32;
  t |= (int64_t)(((uint64_t)u[6] << 8 | u[7]) & 0xfff) << 48;
  int64_t sec = t - 122192928000000000LL, nsec = (sec % 10000000) * 100;
  sec /= 10000000;
  /* sec*1e9 + nsec wraps around in Go's int64 arithmetic for times before 1678 */
  put(out, "time", rt_int((int64_t)((uint64_t)sec * 1000000000u + (uint64_t)nsec)));
  snprintf(buf, sizeof buf, "%02x-%02x-%02x-%02x-%02x-%02x", u[10], u[11], u[12], u[13], u[14],
           u[15]);
  put(out, "nodeid", rt_string_z(buf));
  put(out, "macvariables",
      rt_string_z((u[10] & 3) == 3   ? "local:multicast"
                  : (u[10] & 1) == 1 ? "global:multicast"
                  : (u[10] & 2) == 2 ? "local:unicast"
                                     : "global:unicast"));
  put(out, "clocksequence", rt_int(((int)u[8] << 8 | u[9]) & 0x3fff));
  if (version == 2) {
    put(out, "id",
        rt_int(
            (int64_t)((uint64_t)u[0] << 24 | (uint64_t)u[1] << 16 | (uint64_t)u[2] << 8 | u[3])));
    switch (u[9]) {
    case 0:
      put(out, "domain", rt_string_z("Person"));
      break;
    case 1:
      put(out, "domain", rt_string_z("Group"));
      break;
    case 2:
      put(out, "domain", rt_string_z("Org"));
      break;
    default:
      snprintf(buf, sizeof buf, "Domain%d", u[9]);
      put(out, "domain", rt_string_z(buf));
    }
  }
  return out;
}
