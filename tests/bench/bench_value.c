/* bench_value.c: what the value core costs per operation — hashing, comparing, object and
 * set lookups — in nanoseconds, for `make bench`.
 *
 * Each row runs one operation in a loop long enough (about 0.2 s) for the clock to be
 * accurate, over a rotating set of inputs so that branch predictors and caches see
 * something like real lookups rather than one key over and over. A checksum of the results
 * is printed so the compiler cannot drop the work.
 */
#include "rt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t sink;

/* Runs fn(i) for i = 0, 1, ... in growing batches until 0.2 s have passed; prints ns/op. */
typedef uint64_t (*op_fn)(uint64_t i);
static void bench(const char *name, op_fn fn) {
  uint64_t n = 1000, total = 0;
  double start = now(), elapsed;
  for (;;) {
    for (uint64_t i = 0; i < n; i++)
      sink += fn(total + i);
    total += n;
    elapsed = now() - start;
    if (elapsed > 0.2)
      break;
    n *= 2;
  }
  printf("bench_value  %-40s %10.1f ns/op\n", name, elapsed * 1e9 / (double)total);
}

#define NKEYS 1000
static rt_value *keys[NKEYS], *misses[NKEYS], *ints[NKEYS];
static rt_value *obj4, *obj10, *obj1000, *set1000, *set10;
static rt_value *str16, *str1k, *arr100, *arr100b, *objh[NKEYS], *o10a, *o10b;

static uint64_t op_hash_int(uint64_t i) {
  return rt_hash(ints[i % NKEYS]);
}
static uint64_t op_hash_str16(uint64_t i) {
  return rt_hash(str16) + i;
}
static uint64_t op_hash_str1k(uint64_t i) {
  return rt_hash(str1k) + i;
}
static uint64_t op_hash_arr100(uint64_t i) {
  return rt_hash(arr100) + i;
}
static uint64_t op_hash_obj10_fresh(uint64_t i) {
  /* Objects whose hash is not cached yet: one of NKEYS copies, re-dirtied each round. */
  rt_value *o = objh[i % NKEYS];
  rt_object_put(o, keys[0], ints[i % NKEYS]);
  return rt_hash(o);
}
static uint64_t op_hash_obj10_cached(uint64_t i) {
  return rt_hash(obj10) + i;
}
static uint64_t op_cmp_int(uint64_t i) {
  return (uint64_t)rt_compare(ints[i % NKEYS], ints[(i * 7) % NKEYS]);
}
static uint64_t op_cmp_str(uint64_t i) {
  return (uint64_t)rt_compare(keys[i % NKEYS], keys[(i * 7) % NKEYS]);
}
static uint64_t op_cmp_arr100(uint64_t i) {
  return (uint64_t)rt_compare(arr100, arr100b) + i;
}
static uint64_t op_cmp_obj10(uint64_t i) {
  return (uint64_t)rt_compare(o10a, o10b) + i;
}
static uint64_t op_equal_obj10(uint64_t i) {
  return (uint64_t)rt_equal(o10a, o10b) + i;
}
static uint64_t op_get4_hit(uint64_t i) {
  return (uintptr_t)rt_object_get(obj4, keys[i % 4]);
}
static uint64_t op_get4_miss(uint64_t i) {
  return (uintptr_t)rt_object_get(obj4, misses[i % NKEYS]);
}
static uint64_t op_get10_hit(uint64_t i) {
  return (uintptr_t)rt_object_get(obj10, keys[i % 10]);
}
static uint64_t op_get10_miss(uint64_t i) {
  return (uintptr_t)rt_object_get(obj10, misses[i % NKEYS]);
}
static uint64_t op_get1000_hit(uint64_t i) {
  return (uintptr_t)rt_object_get(obj1000, keys[(i * 7) % NKEYS]);
}
static uint64_t op_get1000_miss(uint64_t i) {
  return (uintptr_t)rt_object_get(obj1000, misses[(i * 7) % NKEYS]);
}
static uint64_t op_get_str(uint64_t i) {
  const rt_string *k = RT_AS_STR(keys[(i * 7) % NKEYS]);
  return (uintptr_t)rt_object_get_str(obj1000, k->s, k->len);
}
static uint64_t op_set10_has(uint64_t i) {
  return rt_set_has(set10, ints[i % 20]);
}
static uint64_t op_set1000_hit(uint64_t i) {
  return rt_set_has(set1000, ints[(i * 7) % NKEYS]);
}
static uint64_t op_set1000_miss(uint64_t i) {
  return rt_set_has(set1000, misses[(i * 7) % NKEYS]);
}
static uint64_t op_put1000(uint64_t i) {
  rt_arena_mark m = rt_arena_save(rt_arena_current());
  rt_value *o = rt_object_new(0);
  for (int k = 0; k < NKEYS; k++)
    rt_object_put(o, keys[k], ints[k]);
  uint64_t r = rt_object_len(o) + i;
  rt_arena_restore(rt_arena_current(), m);
  return r;
}

int main(void) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  char buf[64];
  for (int i = 0; i < NKEYS; i++) {
    snprintf(buf, sizeof buf, "field_name_%d", i);
    keys[i] = rt_string_z(buf);
    snprintf(buf, sizeof buf, "absent_name_%d", i);
    misses[i] = rt_string_z(buf);
    ints[i] = rt_int(i);
  }
  obj4 = rt_object_new(0);
  for (int i = 0; i < 4; i++)
    rt_object_put(obj4, keys[i], ints[i]);
  obj10 = rt_object_new(0);
  set10 = rt_set_new(0);
  for (int i = 0; i < 10; i++) {
    rt_object_put(obj10, keys[i], ints[i]);
    rt_set_add(set10, ints[i]);
  }
  obj1000 = rt_object_new(0);
  set1000 = rt_set_new(0);
  for (int i = 0; i < NKEYS; i++) {
    rt_object_put(obj1000, keys[i], ints[i]);
    rt_set_add(set1000, ints[i]);
  }
  str16 = rt_string_z("0123456789abcdef");
  char *big = malloc(1024);
  memset(big, 'x', 1024);
  str1k = rt_string_n(big, 1024);
  free(big);
  arr100 = rt_array_new(100);
  arr100b = rt_array_new(100);
  for (int i = 0; i < 100; i++) {
    rt_array_push(arr100, ints[i]);
    rt_array_push(arr100b, rt_int(i)); /* equal, distinct: compare walks it all */
  }
  o10a = rt_object_new(0);
  o10b = rt_object_new(0);
  for (int i = 0; i < 10; i++) {
    rt_object_put(o10a, keys[i], ints[i]);
    rt_object_put(o10b, keys[9 - i], rt_int(9 - i));
  }
  for (int i = 0; i < NKEYS; i++)
    objh[i] = rt_copy_to(a, obj10);

  printf("bench_value  %-40s %13s\n", "operation", "cost");
  bench("hash int", op_hash_int);
  bench("hash string (16 B)", op_hash_str16);
  bench("hash string (1 KiB)", op_hash_str1k);
  bench("hash array of 100 ints", op_hash_arr100);
  bench("hash object of 10 (after a put)", op_hash_obj10_fresh);
  bench("hash object of 10 (cached)", op_hash_obj10_cached);
  bench("compare ints", op_cmp_int);
  bench("compare strings", op_cmp_str);
  bench("compare equal arrays of 100", op_cmp_arr100);
  bench("compare equal objects of 10", op_cmp_obj10);
  bench("equal objects of 10", op_equal_obj10);
  bench("object get, 4 keys, hit", op_get4_hit);
  bench("object get, 4 keys, miss", op_get4_miss);
  bench("object get, 10 keys, hit", op_get10_hit);
  bench("object get, 10 keys, miss", op_get10_miss);
  bench("object get, 1000 keys, hit", op_get1000_hit);
  bench("object get, 1000 keys, miss", op_get1000_miss);
  bench("object get_str, 1000 keys, hit", op_get_str);
  bench("set has, 10 members (half hit)", op_set10_has);
  bench("set has, 1000 members, hit", op_set1000_hit);
  bench("set has, 1000 members, miss", op_set1000_miss);
  bench("build object of 1000 (per object)", op_put1000);
  printf("bench_value  checksum %llu\n", (unsigned long long)sink);
  rt_arena_use(NULL);
  rt_arena_free(a);
  return 0;
}
