/* bi_rand.c: rand.intn (topdown/numbers.go).
 *
 * rand.intn(s, n) is a random integer in [0, |n|) (0 when n is 0), the same for the same
 * (s, |n|) throughout one evaluation: OPA keys its query cache by the text "s-n". The cache
 * is kept here, in an arena of its own that is emptied when rt_eval_serial (changed once
 * per evaluation by the runtime) moves on; it holds plain integers, so no value handed out
 * depends on it. Randomness comes from getrandom(2), with rejection sampling so that every
 * result is equally likely.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "bi_util.h"
#include "rt_eval.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

static rt_arena *cache_arena;
static rt_value *cache; /* object: "s-n" -> number */
static uint64_t cache_serial;
static rt_arena_mark cache_empty; /* the cache arena with nothing in it */

static uint64_t random_below(uint64_t n) {
  uint64_t r, limit = UINT64_MAX - UINT64_MAX % n;
  do {
    size_t got = 0;
    unsigned char b[8];
    while (got < sizeof b) {
      ssize_t k = getrandom(b + got, sizeof b - got, 0);
      if (k > 0) got += (size_t)k;
    }
    memcpy(&r, b, sizeof r);
  } while (r >= limit);
  return r % n;
}

rt_value *bi_rand_intn(rt_value *s, rt_value *nv) {
  int64_t n;
  uint64_t un;
  rt_buf key;
  rt_value *k, *v;
  if (!rt_is(s, RT_STRING)) return bi_type_err("rand.intn", 1, s, "string");
  if (!bi_int_operand("rand.intn", 2, nv, &n)) return NULL;
  if (n == 0) return rt_int(0);
  un = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
  rt_buf_init(&key, N(s) + 24);
  rt_buf_put(&key, S(s), N(s));
  rt_buf_printf(&key, "-%llu", (unsigned long long)un);
  k = rt_buf_string(&key);
  if (cache && cache_serial == rt_eval_serial && (v = rt_object_get(cache, k)))
    return rt_copy_to(rt_arena_current(), v);
  v = rt_int((int64_t)random_below(un));
  if (!cache_arena) {
    cache_arena = rt_arena_new(0);
    cache_empty = rt_arena_save(cache_arena);
  }
  if (!cache || cache_serial != rt_eval_serial) {
    rt_arena_restore(cache_arena, cache_empty);
    cache = NULL;
    cache_serial = rt_eval_serial;
  }
  rt_arena *prev = rt_arena_use(cache_arena);
  if (!cache) cache = rt_object_new(4);
  rt_object_put(cache, rt_copy_to(cache_arena, k), rt_copy_to(cache_arena, v));
  rt_arena_use(prev);
  return v;
}
