/* check_value.c: unit tests of runtime/value.c — constructors, objects and sets, iteration,
 * compare/equal/hash, get, length, copy, merge and sorted keys.
 *
 * Most cases pin one rule of OPA's semantics with a small literal; a few property tests
 * (random values; random insert/remove sequences against a reference model) cover what
 * single cases cannot: that compare is a total order consistent with equal and hash, and
 * that the hash table keeps every key and its insertion order through growth, removal and
 * compaction. Each test runs in a fresh arena (checked fixture).
 */
#include "rt_internal.h"

#include <check.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static rt_arena *arena;

static void setup(void) {
  arena = rt_arena_new(0);
  rt_arena_use(arena);
}

static void teardown(void) {
  rt_arena_use(NULL);
  rt_arena_free(arena);
  rt_state = NULL;
}

/* ---- builders ----------------------------------------------------------------------------- */

static rt_value *S(const char *s) {
  return rt_string_z(s);
}
static rt_value *I(int64_t i) {
  return rt_int(i);
}
static rt_value *N(const char *text) {
  rt_value *v = rt_number_text(text, strlen(text));
  ck_assert_ptr_nonnull(v);
  return v;
}

static rt_value *arr(int n, ...) {
  va_list ap;
  rt_value *a = rt_array_new(0);
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    rt_array_push(a, va_arg(ap, rt_value *));
  va_end(ap);
  return a;
}

/* obj(n, k1, v1, ..., kn, vn) */
static rt_value *obj(int n, ...) {
  va_list ap;
  rt_value *o = rt_object_new(0);
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    rt_value *k = va_arg(ap, rt_value *);
    rt_object_put(o, k, va_arg(ap, rt_value *));
  }
  va_end(ap);
  return o;
}

static rt_value *set(int n, ...) {
  va_list ap;
  rt_value *s = rt_set_new(0);
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    rt_set_add(s, va_arg(ap, rt_value *));
  va_end(ap);
  return s;
}

static rt_value *key(int i) {
  char buf[32];
  snprintf(buf, sizeof buf, "key-%d", i);
  return S(buf);
}

/* For hot loops: Check's assertions cost a message to the parent process each. */
#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) ck_abort_msg("%s:%d: check failed: %s", __FILE__, __LINE__, #cond);               \
  } while (0)

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static int sgn(int c) {
  return (c > 0) - (c < 0);
}

/* Runs f(arg) expecting rt_fatal; returns the recorded error code. */
static jmp_buf fatal_jb;
static rt_error_code expect_fatal(void (*f)(void *), void *arg) {
  static rt_eval_state st;
  memset(&st, 0, sizeof st);
  st.jmp = &fatal_jb;
  rt_state = &st;
  if (setjmp(fatal_jb) == 0) {
    f(arg);
    rt_state = NULL;
    ck_abort_msg("expected a fatal error");
  }
  rt_state = NULL;
  ck_assert(st.has_error);
  return st.error.code;
}

/* ---- scalars ------------------------------------------------------------------------------ */

START_TEST(test_singletons) {
  ck_assert_int_eq(rt_typeof(RT_NULLV), RT_NULL);
  ck_assert_int_eq(rt_typeof(RT_TRUE), RT_BOOLEAN);
  ck_assert(RT_AS_BOOL(RT_TRUE));
  ck_assert(!RT_AS_BOOL(RT_FALSE));
  ck_assert_ptr_eq(RT_BOOL(1), RT_TRUE);
  ck_assert_ptr_eq(RT_BOOL(0), RT_FALSE);
  ck_assert(RT_NULLV->flags & RT_F_STATIC);
  ck_assert(rt_is(RT_TRUE, RT_BOOLEAN));
  ck_assert(!rt_is(NULL, RT_BOOLEAN));
  ck_assert(!rt_is(RT_NULLV, RT_BOOLEAN));
}
END_TEST

START_TEST(test_type_names) {
  ck_assert_str_eq(rt_type_name(RT_NULLV), "null");
  ck_assert_str_eq(rt_type_name(RT_FALSE), "boolean");
  ck_assert_str_eq(rt_type_name(I(1)), "number");
  ck_assert_str_eq(rt_type_name(S("x")), "string");
  ck_assert_str_eq(rt_type_name(rt_array_new(0)), "array");
  ck_assert_str_eq(rt_type_name(rt_object_new(0)), "object");
  ck_assert_str_eq(rt_type_name(rt_set_new(0)), "set");
  ck_assert_str_eq(rt_type_name(NULL), "undefined");
  rt_value bogus = {99, 0};
  ck_assert_str_eq(rt_type_name(&bogus), "undefined");
}
END_TEST

START_TEST(test_strings) {
  char src[] = "hello";
  rt_value *s = rt_string_n(src, 5);
  src[0] = 'J'; /* the value has its own copy */
  ck_assert_int_eq(RT_AS_STR(s)->len, 5);
  ck_assert_str_eq(RT_AS_STR(s)->s, "hello");
  ck_assert_int_eq(RT_AS_STR(s)->s[5], '\0');
  rt_value *z = rt_string_z("a\0b"); /* stops at the NUL */
  ck_assert_int_eq(RT_AS_STR(z)->len, 1);
  rt_value *nul = rt_string_n("a\0b", 3); /* embedded NUL kept */
  ck_assert_int_eq(RT_AS_STR(nul)->len, 3);
  ck_assert_int_eq(memcmp(RT_AS_STR(nul)->s, "a\0b", 4), 0);
  rt_value *e = rt_string_n(NULL, 0);
  ck_assert_int_eq(RT_AS_STR(e)->len, 0);
  ck_assert_str_eq(RT_AS_STR(e)->s, "");
  char *own = rt_strndup("owned", 5);
  rt_value *o = rt_string_own(own, 5);
  ck_assert_ptr_eq(RT_AS_STR(o)->s, own);
  ck_assert(rt_equal(o, S("owned")));
  ck_assert(!rt_equal(nul, S("a")));
}
END_TEST

/* ---- arrays ------------------------------------------------------------------------------- */

START_TEST(test_arrays) {
  rt_value *a = rt_array_new(0);
  ck_assert_int_eq(rt_array_len(a), 0);
  for (int i = 0; i < 1000; i++)
    rt_array_push(a, I(i));
  ck_assert_int_eq(rt_array_len(a), 1000);
  for (int i = 0; i < 1000; i++)
    ck_assert_int_eq(RT_AS_NUM(rt_array_at(a, i))->i, i);
  rt_value *b = rt_array_new(3);
  ck_assert_int_eq(RT_AS_ARR(b)->cap, 3);
  rt_array_push(b, RT_NULLV);
  ck_assert_ptr_eq(rt_array_at(b, 0), RT_NULLV);
  ck_assert_int_eq(rt_length(a), 1000);
}
END_TEST

/* ---- objects ------------------------------------------------------------------------------ */

START_TEST(test_object_basic) {
  rt_value *o = rt_object_new(0);
  ck_assert_int_eq(rt_object_len(o), 0);
  ck_assert_ptr_null(rt_object_get(o, S("a")));
  rt_object_put(o, S("a"), I(1));
  rt_object_put(o, S("b"), I(2));
  ck_assert_int_eq(rt_object_len(o), 2);
  ck_assert(rt_equal(rt_object_get(o, S("a")), I(1)));
  ck_assert(rt_equal(rt_object_get(o, S("b")), I(2)));
  ck_assert_ptr_null(rt_object_get(o, S("c")));
  ck_assert(rt_equal(rt_object_get_str(o, "b", 1), I(2)));
  ck_assert_ptr_null(rt_object_get_str(o, "bb", 2));
  ck_assert_ptr_null(rt_object_get_str(o, "", 0));
  /* Wrong types and undefined are never found. */
  ck_assert_ptr_null(rt_object_get(NULL, S("a")));
  ck_assert_ptr_null(rt_object_get(o, NULL));
  ck_assert_ptr_null(rt_object_get(rt_set_new(0), S("a")));
  ck_assert_ptr_null(rt_object_get_str(S("a"), "a", 1));
}
END_TEST

START_TEST(test_object_replace) {
  rt_value *o = obj(3, S("x"), I(1), S("y"), I(2), S("z"), I(3));
  rt_value *k1 = I(1);
  rt_object_put(o, k1, S("one"));
  /* Replacing keeps the size, the position and the first key. */
  rt_object_put(o, S("y"), I(20));
  rt_object_put(o, N("1.0"), S("uno"));
  ck_assert_int_eq(rt_object_len(o), 4);
  ck_assert(rt_equal(rt_object_get(o, S("y")), I(20)));
  ck_assert(rt_equal(rt_object_get(o, I(1)), S("uno")));
  rt_iter it;
  rt_iter_init(&it, o);
  const char *order[] = {"x", "y", "z"};
  for (int i = 0; i < 3; i++) {
    ck_assert(rt_iter_next(&it));
    ck_assert_str_eq(RT_AS_STR(it.key)->s, order[i]);
  }
  ck_assert(rt_iter_next(&it));
  ck_assert_ptr_eq(it.key, k1);
  ck_assert(!rt_iter_next(&it));
}
END_TEST

START_TEST(test_object_put_once) {
  rt_value *o = rt_object_new(2);
  rt_value *v = arr(2, I(1), S("a"));
  ck_assert(rt_object_put_once(o, S("k"), v));
  /* An equal value (a different pointer) is fine and changes nothing. */
  ck_assert(rt_object_put_once(o, S("k"), arr(2, N("1.0"), S("a"))));
  ck_assert_ptr_eq(rt_object_get(o, S("k")), v);
  /* A different value is a conflict and changes nothing either. */
  ck_assert(!rt_object_put_once(o, S("k"), arr(2, I(2), S("a"))));
  ck_assert_ptr_eq(rt_object_get(o, S("k")), v);
  ck_assert_int_eq(rt_object_len(o), 1);
  ck_assert(rt_object_put_once(o, S("j"), RT_NULLV));
  ck_assert_int_eq(rt_object_len(o), 2);
}
END_TEST

START_TEST(test_object_remove) {
  rt_value *o = obj(4, S("a"), I(1), S("b"), I(2), S("c"), I(3), S("d"), I(4));
  ck_assert(rt_object_remove(o, S("b")));
  ck_assert(!rt_object_remove(o, S("b")));
  ck_assert(!rt_object_remove(o, S("nope")));
  ck_assert(!rt_object_remove(o, NULL));
  ck_assert_int_eq(rt_object_len(o), 3);
  ck_assert_ptr_null(rt_object_get(o, S("b")));
  /* Reinsertion goes to the end of the iteration order. */
  rt_object_put(o, S("b"), I(22));
  ck_assert(rt_object_remove(o, S("d"))); /* last entry */
  rt_object_put(o, S("e"), I(5));
  const char *want[] = {"a", "c", "b", "e"};
  rt_iter it;
  rt_iter_init(&it, o);
  for (int i = 0; i < 4; i++) {
    ck_assert(rt_iter_next(&it));
    ck_assert_str_eq(RT_AS_STR(it.key)->s, want[i]);
  }
  ck_assert(!rt_iter_next(&it));
  ck_assert(rt_equal(rt_object_get(o, S("b")), I(22)));
  /* Removing everything leaves an empty object that iterates nothing. */
  for (int i = 0; i < 4; i++)
    ck_assert(rt_object_remove(o, S(want[i])));
  ck_assert_int_eq(rt_object_len(o), 0);
  rt_iter_init(&it, o);
  ck_assert(!rt_iter_next(&it));
  ck_assert(rt_equal(o, rt_object_new(0)));
}
END_TEST

START_TEST(test_object_non_string_keys) {
  rt_value *o = rt_object_new(0);
  rt_value *keys[] = {
      RT_NULLV,
      RT_TRUE,
      RT_FALSE,
      I(0),
      I(-7),
      N("2.5"),
      S(""),
      arr(0),
      arr(2, I(1), S("x")),
      obj(0),
      obj(1, S("k"), arr(1, I(1))),
      set(0),
      set(2, I(1), I(2)),
  };
  int n = (int)(sizeof keys / sizeof *keys);
  for (int i = 0; i < n; i++)
    rt_object_put(o, keys[i], I(i));
  ck_assert_int_eq(rt_object_len(o), n);
  /* Lookups by equal but distinct values. */
  rt_value *probes[] = {
      RT_NULLV,
      RT_TRUE,
      RT_FALSE,
      N("0.0"),
      I(-7),
      N("25e-1"),
      S(""),
      arr(0),
      arr(2, N("1"), S("x")),
      obj(0),
      obj(1, S("k"), arr(1, N("1.00"))),
      set(0),
      set(2, I(2), I(1)),
  };
  for (int i = 0; i < n; i++) {
    rt_value *v = rt_object_get(o, probes[i]);
    ck_assert_msg(v != NULL, "key %d not found", i);
    ck_assert_int_eq(RT_AS_NUM(v)->i, i);
  }
  ck_assert_ptr_null(rt_object_get(o, arr(1, I(1))));
  ck_assert_ptr_null(rt_object_get(o, set(1, I(1))));
  ck_assert_ptr_null(rt_object_get(o, I(1)));
}
END_TEST

START_TEST(test_object_large) {
  const int n = 1000000;
  rt_value *o = rt_object_new(0);
  for (int i = 0; i < n; i++)
    rt_object_put(o, key(i), I(i));
  ck_assert_int_eq(rt_object_len(o), n);
  for (int i = 0; i < n; i += 7) {
    rt_value *v = rt_object_get(o, key(i));
    CHECK(v && RT_AS_NUM(v)->i == i);
  }
  for (int i = n; i < n + 1000; i++)
    CHECK(!rt_object_get(o, key(i)));
  /* Iteration visits every key once, in insertion order. */
  rt_iter it;
  rt_iter_init(&it, o);
  int k = 0;
  while (rt_iter_next(&it))
    CHECK(RT_AS_NUM(it.val)->i == k++);
  ck_assert_int_eq(k, n);
  /* Integer keys: 1e5 of them, found again as equal text numbers. */
  rt_value *p = rt_object_new(16);
  for (int i = 0; i < 100000; i++)
    rt_object_put(p, I(i * 3), I(i));
  for (int i = 0; i < 100000; i += 997) {
    char buf[32];
    snprintf(buf, sizeof buf, "%d.0", i * 3);
    ck_assert_ptr_nonnull(rt_object_get(p, N(buf)));
    ck_assert_ptr_null(rt_object_get(p, I(i * 3 + 1)));
  }
}
END_TEST

/* Random inserts, replacements and removals against a reference model: every key must be
 * found exactly when the model has it, and iteration must follow the order of (latest)
 * insertion through growth, tombstones and compaction. */
static uint64_t rng_state;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static void model_run(bool use_set, int nkeys, int ops) {
  int64_t *seq = calloc((size_t)nkeys, sizeof *seq); /* 0 = absent, else insertion stamp */
  int64_t *val = calloc((size_t)nkeys, sizeof *val);
  rt_value **keys = malloc((size_t)nkeys * sizeof *keys);
  for (int i = 0; i < nkeys; i++)
    keys[i] = key(i);
  rt_value *t = use_set ? rt_set_new(0) : rt_object_new(0);
  int64_t stamp = 0, live = 0;
  for (int op = 0; op < ops; op++) {
    int k = (int)(rng() % (uint64_t)nkeys);
    uint64_t r = rng() % 10;
    /* Fresh key values (equal, not identical) exercise rt_equal in lookups. */
    rt_value *kv = rng() % 2 ? keys[k] : key(k);
    if (r < 5) {
      if (!seq[k]) {
        seq[k] = ++stamp;
        live++;
      }
      val[k] = op;
      if (use_set)
        rt_set_add(t, kv);
      else
        rt_object_put(t, kv, I(op));
    } else if (r < 9) {
      bool had = use_set ? rt_set_remove(t, kv) : rt_object_remove(t, kv);
      CHECK(had == (seq[k] != 0));
      if (seq[k]) live--;
      seq[k] = 0;
    } else {
      bool has = use_set ? rt_set_has(t, kv) : rt_object_get(t, kv) != NULL;
      CHECK(has == (seq[k] != 0));
      if (has && !use_set) CHECK(RT_AS_NUM(rt_object_get(t, kv))->i == val[k]);
    }
    CHECK((use_set ? rt_set_len(t) : rt_object_len(t)) == live);
  }
  rt_iter it;
  rt_iter_init(&it, t);
  int64_t last = 0, seen = 0;
  while (rt_iter_next(&it)) {
    int k = atoi(RT_AS_STR(it.key)->s + 4);
    CHECK(seq[k] > last); /* insertion order */
    last = seq[k];
    seen++;
    CHECK(use_set ? it.key == it.val : RT_AS_NUM(it.val)->i == val[k]);
  }
  ck_assert_int_eq(seen, live);
  free(seq);
  free(val);
  free(keys);
}

START_TEST(test_object_model) {
  rng_state = 0x1234567;
  model_run(false, 5, 2000);   /* linear tables */
  model_run(false, 40, 20000); /* around the index threshold */
  model_run(false, 3000, 100000);
}
END_TEST

START_TEST(test_set_model) {
  rng_state = 0x7654321;
  model_run(true, 6, 2000);
  model_run(true, 2000, 60000);
}
END_TEST

/* Many removals from a big object, then growth: order and contents survive compaction. */
START_TEST(test_object_compaction) {
  rt_value *o = rt_object_new(0);
  for (int i = 0; i < 1000; i++)
    rt_object_put(o, I(i), I(i));
  for (int i = 0; i < 1000; i++)
    if (i % 3) ck_assert(rt_object_remove(o, I(i)));
  for (int i = 1000; i < 3000; i++)
    rt_object_put(o, I(i), I(i));
  rt_iter it;
  rt_iter_init(&it, o);
  int64_t prev = -1, n = 0;
  while (rt_iter_next(&it)) {
    int64_t k = RT_AS_NUM(it.key)->i;
    ck_assert(k > prev);
    ck_assert(k >= 1000 || k % 3 == 0);
    prev = k;
    n++;
  }
  ck_assert_int_eq(n, 334 + 2000);
  ck_assert_int_eq(rt_object_len(o), n);
}
END_TEST

/* ---- sets --------------------------------------------------------------------------------- */

START_TEST(test_set_basic) {
  rt_value *s = rt_set_new(0);
  ck_assert(!rt_set_has(s, I(1)));
  rt_value *one = I(1);
  rt_set_add(s, one);
  rt_set_add(s, N("1.0")); /* equal: no change, the first member stays */
  rt_set_add(s, S("a"));
  ck_assert_int_eq(rt_set_len(s), 2);
  ck_assert(rt_set_has(s, N("1e0")));
  ck_assert(!rt_set_has(s, S("b")));
  ck_assert(!rt_set_has(s, NULL));
  ck_assert(!rt_set_has(NULL, one));
  ck_assert(!rt_set_has(rt_object_new(0), one));
  rt_iter it;
  rt_iter_init(&it, s);
  ck_assert(rt_iter_next(&it));
  ck_assert_ptr_eq(it.key, one);
  ck_assert_ptr_eq(it.val, one);
  ck_assert(rt_set_remove(s, one));
  ck_assert(!rt_set_remove(s, one));
  ck_assert(!rt_set_remove(s, NULL));
  ck_assert_int_eq(rt_set_len(s), 1);
  ck_assert(!rt_set_has(s, one));
  /* Members that are collections, found by equal values built in another order. */
  rt_value *t = rt_set_new(0);
  rt_set_add(t, obj(2, S("a"), I(1), S("b"), I(2)));
  rt_set_add(t, obj(2, S("b"), I(2), S("a"), N("1.0")));
  ck_assert_int_eq(rt_set_len(t), 1);
  ck_assert(rt_set_has(t, obj(2, S("b"), I(2), S("a"), I(1))));
  ck_assert(!rt_set_has(t, obj(1, S("b"), I(2))));
}
END_TEST

/* ---- compare / equal / hash --------------------------------------------------------------- */

START_TEST(test_compare_types) {
  rt_value *v[] = {RT_NULLV, RT_FALSE, RT_TRUE, I(-5),  N("1.5"),
                   S(""),    S("a"),   arr(0),  obj(0), set(0)};
  int n = (int)(sizeof v / sizeof *v);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      int want = (i > j) - (i < j);
      ck_assert_msg(sgn(rt_compare(v[i], v[j])) == want, "compare %d %d", i, j);
      ck_assert_int_eq(rt_equal(v[i], v[j]), i == j);
    }
  /* Undefined sorts before everything and equals only itself. */
  ck_assert_int_lt(rt_compare(NULL, RT_NULLV), 0);
  ck_assert_int_gt(rt_compare(RT_NULLV, NULL), 0);
  ck_assert_int_eq(rt_compare(NULL, NULL), 0);
  ck_assert(!rt_equal(NULL, RT_NULLV));
  ck_assert(rt_equal(NULL, NULL));
  ck_assert_int_eq(rt_hash(NULL), 0);
}
END_TEST

START_TEST(test_compare_scalars) {
  ck_assert_int_lt(rt_compare(S("a"), S("b")), 0);
  ck_assert_int_lt(rt_compare(S("a"), S("aa")), 0);
  ck_assert_int_gt(rt_compare(S("b"), S("aa")), 0);
  ck_assert_int_lt(rt_compare(S(""), S("a")), 0);
  ck_assert_int_gt(rt_compare(S("\xff"), S("a")), 0); /* bytewise, unsigned */
  ck_assert_int_lt(rt_compare(rt_string_n("a\0", 2), rt_string_n("a\0b", 3)), 0);
  ck_assert_int_gt(rt_compare(rt_string_n("a\1", 2), rt_string_n("a\0b", 3)), 0);
  ck_assert_int_eq(rt_compare(S("same"), S("same")), 0);
  ck_assert_int_lt(rt_compare(I(1), I(2)), 0);
  ck_assert_int_gt(rt_compare(I(INT64_MAX), I(INT64_MIN)), 0);
  ck_assert_int_eq(rt_compare(I(1), N("1.0")), 0);
  ck_assert_int_lt(rt_compare(N("1.5"), I(2)), 0);
  ck_assert_int_gt(rt_compare(N("2.5"), N("2.25")), 0);
  ck_assert(rt_equal(I(3), N("3e0")));
  ck_assert(!rt_equal(I(3), N("3.1")));
  ck_assert_int_lt(rt_compare(RT_FALSE, RT_TRUE), 0);
}
END_TEST

START_TEST(test_compare_arrays) {
  ck_assert_int_lt(rt_compare(arr(2, I(1), I(2)), arr(2, I(1), I(3))), 0);
  ck_assert_int_lt(rt_compare(arr(2, I(1), I(2)), arr(3, I(1), I(2), I(0))), 0);
  ck_assert_int_gt(rt_compare(arr(1, I(2)), arr(3, I(1), I(2), I(0))), 0);
  ck_assert_int_lt(rt_compare(arr(0), arr(1, RT_NULLV)), 0);
  ck_assert_int_eq(rt_compare(arr(2, I(1), S("x")), arr(2, N("1.0"), S("x"))), 0);
  ck_assert_int_lt(rt_compare(arr(1, S("z")), arr(1, arr(0))), 0);
}
END_TEST

START_TEST(test_compare_objects) {
  /* OPA compares sorted entries pairwise, key then value, before sizes. */
  ck_assert_int_gt(rt_compare(obj(1, S("a"), I(2)), obj(2, S("a"), I(1), S("b"), I(0))), 0);
  ck_assert_int_lt(rt_compare(obj(1, S("a"), I(1)), obj(2, S("a"), I(1), S("b"), I(0))), 0);
  ck_assert_int_lt(rt_compare(obj(1, S("a"), I(9)), obj(1, S("b"), I(0))), 0);
  ck_assert_int_gt(
      rt_compare(obj(2, S("b"), I(0), S("c"), I(0)), obj(2, S("a"), I(5), S("z"), I(0))), 0);
  ck_assert_int_eq(
      rt_compare(obj(2, S("x"), I(1), S("y"), I(2)), obj(2, S("y"), I(2), S("x"), I(1))), 0);
  ck_assert_int_lt(rt_compare(obj(0), obj(1, RT_NULLV, RT_NULLV)), 0);
  /* Keys of different types sort by type. */
  ck_assert_int_lt(rt_compare(obj(2, I(1), I(0), S("a"), I(0)), obj(1, S("a"), I(0))), 0);
  /* Big objects (scratch vectors on the heap). */
  rt_value *a = rt_object_new(0), *b = rt_object_new(0);
  for (int i = 0; i < 100; i++) {
    rt_object_put(a, key(i), I(i));
    rt_object_put(b, key(99 - i), I(99 - i));
  }
  ck_assert_int_eq(rt_compare(a, b), 0);
  ck_assert(rt_equal(a, b));
  rt_object_put(b, key(50), I(-1));
  ck_assert_int_gt(rt_compare(a, b), 0);
  ck_assert(!rt_equal(a, b));
  rt_object_put(b, key(50), I(50));
  rt_object_put(b, S("zzz"), I(0)); /* sorts after every key of a: a is a prefix */
  ck_assert_int_lt(rt_compare(a, b), 0);
  ck_assert_int_gt(rt_compare(b, a), 0);
  /* Same size, same keys, different values; same size, different keys. */
  ck_assert(!rt_equal(obj(1, S("a"), I(1)), obj(1, S("a"), I(2))));
  ck_assert(!rt_equal(obj(1, S("a"), I(1)), obj(1, S("b"), I(1))));
}
END_TEST

START_TEST(test_compare_sets) {
  ck_assert_int_lt(rt_compare(set(2, I(1), I(2)), set(2, I(3), I(1))), 0);
  ck_assert_int_lt(rt_compare(set(1, I(1)), set(2, I(2), I(1))), 0);
  ck_assert_int_gt(rt_compare(set(1, I(3)), set(2, I(2), I(1))), 0);
  ck_assert_int_eq(rt_compare(set(3, S("a"), I(1), RT_NULLV), set(3, I(1), RT_NULLV, S("a"))), 0);
  ck_assert(rt_equal(set(2, S("a"), I(1)), set(2, N("1.0"), S("a"))));
  ck_assert(!rt_equal(set(2, S("a"), I(1)), set(2, I(2), S("a"))));
  ck_assert(!rt_equal(set(1, I(1)), set(2, I(2), I(1))));
  rt_value *a = rt_set_new(0), *b = rt_set_new(0);
  for (int i = 0; i < 40; i++) {
    rt_set_add(a, I(i));
    rt_set_add(b, I(39 - i));
  }
  ck_assert_int_eq(rt_compare(a, b), 0);
  rt_set_remove(b, I(0));
  ck_assert_int_lt(rt_compare(a, b), 0);
}
END_TEST

START_TEST(test_hash) {
  ck_assert_uint_eq(rt_hash(I(1)), rt_hash(N("1.0")));
  ck_assert_uint_eq(rt_hash(S("abc")), rt_hash(rt_string_n("abcd", 3)));
  ck_assert_uint_ne(rt_hash(S("a")), rt_hash(rt_string_n("a\0", 2)));
  ck_assert_uint_ne(rt_hash(arr(0)), rt_hash(obj(0)));
  ck_assert_uint_ne(rt_hash(obj(0)), rt_hash(set(0)));
  ck_assert_uint_ne(rt_hash(RT_TRUE), rt_hash(RT_FALSE));
  ck_assert_uint_ne(rt_hash(arr(2, I(1), I(2))), rt_hash(arr(2, I(2), I(1))));
  /* Objects and sets built in different orders hash alike. */
  rt_value *a = rt_object_new(0), *b = rt_object_new(0);
  rt_value *s = rt_set_new(0), *t = rt_set_new(0);
  for (int i = 0; i < 300; i++) {
    rt_object_put(a, key(i), arr(1, I(i)));
    rt_object_put(b, key(299 - i), arr(1, I(299 - i)));
    rt_set_add(s, key(i));
    rt_set_add(t, key(299 - i));
  }
  ck_assert_uint_eq(rt_hash(a), rt_hash(b));
  ck_assert_uint_eq(rt_hash(s), rt_hash(t));
  /* The cached hash follows changes. */
  uint64_t h = rt_hash(a);
  rt_object_put(a, key(7), arr(1, I(-7)));
  ck_assert_uint_ne(rt_hash(a), h);
  ck_assert(!rt_equal(a, b));
  rt_object_put(a, key(7), arr(1, I(7)));
  ck_assert_uint_eq(rt_hash(a), h);
  ck_assert(rt_equal(a, b));
  rt_object_put(a, S("new"), RT_NULLV);
  ck_assert_uint_ne(rt_hash(a), h);
  rt_object_remove(a, S("new"));
  ck_assert_uint_eq(rt_hash(a), h);
  h = rt_hash(s);
  rt_set_remove(s, key(3));
  ck_assert_uint_ne(rt_hash(s), h);
  rt_set_add(s, key(3));
  ck_assert_uint_eq(rt_hash(s), h);
  /* Swapping values between keys changes an object's hash. */
  ck_assert_uint_ne(rt_hash(obj(2, S("a"), I(1), S("b"), I(2))),
                    rt_hash(obj(2, S("a"), I(2), S("b"), I(1))));
  /* Distinct strings do not collide (64-bit hashes of 20000 short strings). */
  enum { NH = 20000 };
  uint64_t *hs = malloc(NH * sizeof *hs);
  for (int i = 0; i < NH; i++) {
    char buf[16];
    snprintf(buf, sizeof buf, "%d", i);
    hs[i] = rt_hash(S(buf));
  }
  qsort(hs, NH, sizeof *hs, cmp_u64);
  for (int i = 1; i < NH; i++)
    CHECK(hs[i - 1] != hs[i]);
  free(hs);
}
END_TEST

/* Random values: compare must be a total order agreeing with equal and hash. */
static rt_value *gen(int depth) {
  static const char *strs[] = {"", "a", "b", "ab", "\xc3\xa9"};
  static const char *nums[] = {"1.0", "2", "-0.5", "1e0", "3"};
  int t = (int)(rng() % (depth > 2 ? 5 : 8));
  switch (t) {
  case 0:
    return RT_NULLV;
  case 1:
    return RT_BOOL(rng() % 2);
  case 2:
    return rng() % 2 ? I((int64_t)(rng() % 4)) : N(nums[rng() % 5]);
  case 3:
  case 4:
    return S(strs[rng() % 5]);
  case 5: {
    rt_value *a = rt_array_new(0);
    for (int n = (int)(rng() % 3); n > 0; n--)
      rt_array_push(a, gen(depth + 1));
    return a;
  }
  case 6: {
    rt_value *o = rt_object_new(0);
    for (int n = (int)(rng() % 3); n > 0; n--)
      rt_object_put(o, gen(depth + 2), gen(depth + 1));
    return o;
  }
  default: {
    rt_value *s = rt_set_new(0);
    for (int n = (int)(rng() % 3); n > 0; n--)
      rt_set_add(s, gen(depth + 1));
    return s;
  }
  }
}

START_TEST(test_compare_properties) {
  rng_state = 0xdeadbeef;
  enum { NV = 400 };
  rt_value *v[NV];
  rt_value *all = rt_array_new(NV);
  for (int i = 0; i < NV; i++) {
    v[i] = gen(0);
    rt_array_push(all, v[i]);
  }
  int equal_pairs = 0;
  for (int i = 0; i < NV; i++)
    for (int j = 0; j < NV; j++) {
      int c = sgn(rt_compare(v[i], v[j]));
      CHECK(c == -sgn(rt_compare(v[j], v[i])));
      CHECK((c == 0) == rt_equal(v[i], v[j]));
      if (c == 0) {
        CHECK(rt_hash(v[i]) == rt_hash(v[j]));
        equal_pairs += i != j;
      }
    }
  ck_assert_int_gt(equal_pairs, 0); /* the generator does produce equal pairs */
  rt_value *sorted = rt_sorted_keys(all);
  ck_assert_int_eq(rt_array_len(sorted), NV);
  for (uint32_t i = 1; i < NV; i++)
    CHECK(rt_compare(rt_array_at(sorted, i - 1), rt_array_at(sorted, i)) <= 0);
  /* Transitivity over sampled triples. */
  for (int n = 0; n < 20000; n++) {
    rt_value *a = v[rng() % NV], *b = v[rng() % NV], *c = v[rng() % NV];
    if (rt_compare(a, b) <= 0 && rt_compare(b, c) <= 0) CHECK(rt_compare(a, c) <= 0);
  }
  /* The sort is a permutation of the input. */
  rt_value *s1 = rt_set_new(0), *s2 = rt_set_new(0);
  for (int i = 0; i < NV; i++) {
    rt_set_add(s1, v[i]);
    rt_set_add(s2, rt_array_at(sorted, (uint32_t)i));
  }
  ck_assert(rt_equal(s1, s2));
}
END_TEST

/* ---- deep nesting ------------------------------------------------------------------------- */

static rt_value *deep_array(int depth) {
  rt_value *v = I(1);
  for (int i = 0; i < depth; i++)
    v = arr(1, v);
  return v;
}

static rt_value *deep_object(int depth) {
  rt_value *v = RT_TRUE;
  for (int i = 0; i < depth; i++)
    v = obj(1, S("k"), v);
  return v;
}

static rt_value *deep_a, *deep_b;
static void do_hash(void *p) {
  (void)p;
  rt_hash(deep_a);
}
static void do_compare(void *p) {
  (void)p;
  rt_compare(deep_a, deep_b);
}
static void do_equal(void *p) {
  (void)p;
  rt_equal(deep_a, deep_b);
}
static void do_copy(void *p) {
  rt_copy_to(p, deep_a);
}
static void do_merge(void *p) {
  (void)p;
  rt_merge(deep_a, deep_b);
}

START_TEST(test_deep_ok) {
  const int d = RT_VALUE_MAX_DEPTH - 10;
  rt_value *a = deep_array(d), *b = deep_array(d);
  ck_assert_int_eq(rt_compare(a, b), 0);
  ck_assert(rt_equal(a, b));
  ck_assert_uint_eq(rt_hash(a), rt_hash(b));
  rt_value *c = deep_object(d), *e = deep_object(d);
  ck_assert(rt_equal(c, e));
  ck_assert_int_eq(rt_compare(c, e), 0);
  ck_assert_uint_eq(rt_hash(c), rt_hash(e));
  rt_arena *other = rt_arena_new(0);
  rt_value *copy = rt_copy_to(other, c);
  ck_assert(rt_equal(copy, e));
  ck_assert_ptr_null(rt_merge(c, e)); /* the innermost values conflict */
  ck_assert_ptr_nonnull(rt_merge(c, obj(1, S("other"), RT_NULLV)));
  rt_arena_free(other);
}
END_TEST

START_TEST(test_deep_fatal) {
  const int d = RT_VALUE_MAX_DEPTH + 10;
  deep_a = deep_array(d);
  deep_b = deep_array(d);
  ck_assert_int_eq(expect_fatal(do_hash, NULL), RT_ERR_INTERNAL);
  ck_assert_int_eq(expect_fatal(do_compare, NULL), RT_ERR_INTERNAL);
  ck_assert_int_eq(expect_fatal(do_equal, NULL), RT_ERR_INTERNAL);
  rt_arena *other = rt_arena_new(0);
  ck_assert_int_eq(expect_fatal(do_copy, other), RT_ERR_INTERNAL);
  rt_arena_free(other);
  deep_a = deep_object(d);
  deep_b = deep_object(d);
  ck_assert_int_eq(expect_fatal(do_merge, NULL), RT_ERR_INTERNAL);
  ck_assert_int_eq(expect_fatal(do_compare, NULL), RT_ERR_INTERNAL);
  ck_assert_int_eq(expect_fatal(do_hash, NULL), RT_ERR_INTERNAL);
}
END_TEST

/* ---- get and length ----------------------------------------------------------------------- */

START_TEST(test_get) {
  rt_value *a = arr(3, S("a"), S("b"), S("c"));
  ck_assert_str_eq(RT_AS_STR(rt_get(a, I(0)))->s, "a");
  ck_assert_str_eq(RT_AS_STR(rt_get(a, N("1.0")))->s, "b");
  ck_assert_str_eq(RT_AS_STR(rt_get(a, N("2")))->s, "c");
  ck_assert_ptr_null(rt_get(a, N("1.5")));
  ck_assert_ptr_null(rt_get(a, I(-1)));
  ck_assert_ptr_null(rt_get(a, I(3)));
  ck_assert_ptr_null(rt_get(a, I(INT64_MAX)));
  ck_assert_ptr_null(rt_get(a, N("1e30")));
  ck_assert_ptr_null(rt_get(a, S("0")));
  ck_assert_ptr_null(rt_get(a, NULL));
  rt_value *o = obj(2, S("k"), I(1), arr(1, I(2)), S("v"));
  ck_assert(rt_equal(rt_get(o, S("k")), I(1)));
  ck_assert(rt_equal(rt_get(o, arr(1, N("2.0"))), S("v")));
  ck_assert_ptr_null(rt_get(o, S("missing")));
  rt_value *one = I(1);
  rt_value *s = set(2, one, S("x"));
  ck_assert_ptr_eq(rt_get(s, N("1.0")), one); /* s[x] is the member */
  ck_assert_ptr_null(rt_get(s, I(2)));
  ck_assert_ptr_null(rt_get(rt_set_new(0), I(2)));
  ck_assert_ptr_null(rt_get(S("abc"), I(0)));
  ck_assert_ptr_null(rt_get(I(5), I(0)));
  ck_assert_ptr_null(rt_get(RT_NULLV, I(0)));
  ck_assert_ptr_null(rt_get(NULL, I(0)));
}
END_TEST

START_TEST(test_length) {
  ck_assert_int_eq(rt_length(S("h\xc3\xa9llo")), 5);
  ck_assert_int_eq(rt_length(S("")), 0);
  ck_assert_int_eq(rt_length(S("\xff\xfe")), 2); /* invalid bytes count one each */
  ck_assert_int_eq(rt_length(arr(2, I(1), I(2))), 2);
  ck_assert_int_eq(rt_length(obj(1, S("a"), I(1))), 1);
  ck_assert_int_eq(rt_length(set(3, I(1), I(2), I(1))), 2);
  ck_assert_int_eq(rt_length(I(12)), -1);
  ck_assert_int_eq(rt_length(RT_TRUE), -1);
  ck_assert_int_eq(rt_length(RT_NULLV), -1);
  ck_assert_int_eq(rt_length(NULL), -1);
}
END_TEST

/* ---- iteration ---------------------------------------------------------------------------- */

START_TEST(test_iter) {
  rt_value *a = rt_array_new(0);
  for (int i = 0; i < 600; i++)
    rt_array_push(a, S("x"));
  rt_iter it;
  rt_iter_init(&it, a);
  int n = 0;
  while (rt_iter_next(&it)) {
    ck_assert_int_eq(rt_typeof(it.key), RT_NUMBER);
    ck_assert(RT_AS_NUM(it.key)->hdr.flags & RT_F_INT);
    ck_assert_int_eq(RT_AS_NUM(it.key)->i, n);
    ck_assert_ptr_eq(it.val, rt_array_at(a, n));
    n++;
  }
  ck_assert_int_eq(n, 600);
  ck_assert(!rt_iter_next(&it)); /* stays finished */
  rt_value *scalars[] = {NULL, RT_NULLV, RT_TRUE, I(3), S("abc")};
  for (int i = 0; i < 5; i++) {
    rt_iter_init(&it, scalars[i]);
    ck_assert(!rt_iter_next(&it));
  }
  rt_iter_init(&it, rt_array_new(0));
  ck_assert(!rt_iter_next(&it));
  rt_value *o = obj(3, S("c"), I(3), S("a"), I(1), S("b"), I(2));
  rt_iter_init(&it, o);
  ck_assert(rt_iter_next(&it));
  ck_assert_str_eq(RT_AS_STR(it.key)->s, "c");
  ck_assert_int_eq(RT_AS_NUM(it.val)->i, 3);
}
END_TEST

START_TEST(test_sorted_keys) {
  rt_value *o = obj(5, S("b"), I(0), I(2), I(0), S("a"), I(0), RT_NULLV, I(0), arr(0), I(0));
  rt_value *k = rt_sorted_keys(o);
  ck_assert_int_eq(rt_array_len(k), 5);
  ck_assert_ptr_eq(rt_array_at(k, 0), RT_NULLV);
  ck_assert(rt_equal(rt_array_at(k, 1), I(2)));
  ck_assert_str_eq(RT_AS_STR(rt_array_at(k, 2))->s, "a");
  ck_assert_str_eq(RT_AS_STR(rt_array_at(k, 3))->s, "b");
  ck_assert_int_eq(rt_typeof(rt_array_at(k, 4)), RT_ARRAY);
  rt_value *s = rt_set_new(0);
  for (int i = 99; i >= 0; i--)
    rt_set_add(s, I(i % 50 * 2));
  rt_set_remove(s, I(10));
  k = rt_sorted_keys(s);
  ck_assert_int_eq(rt_array_len(k), 49);
  for (uint32_t i = 1; i < 49; i++)
    ck_assert_int_lt(rt_compare(rt_array_at(k, i - 1), rt_array_at(k, i)), 0);
  /* Arrays: a sorted copy, duplicates kept, the input untouched. */
  rt_value *a = arr(5, S("b"), I(3), S("a"), I(3), RT_FALSE);
  k = rt_sorted_keys(a);
  ck_assert_int_eq(rt_array_len(k), 5);
  ck_assert_ptr_eq(rt_array_at(k, 0), RT_FALSE);
  ck_assert(rt_equal(rt_array_at(k, 1), I(3)));
  ck_assert(rt_equal(rt_array_at(k, 2), I(3)));
  ck_assert_str_eq(RT_AS_STR(rt_array_at(k, 4))->s, "b");
  ck_assert_str_eq(RT_AS_STR(rt_array_at(a, 0))->s, "b");
  ck_assert_int_eq(rt_array_len(rt_sorted_keys(obj(0))), 0);
  ck_assert_int_eq(rt_array_len(rt_sorted_keys(arr(0))), 0);
  ck_assert_ptr_null(rt_sorted_keys(S("abc")));
  ck_assert_ptr_null(rt_sorted_keys(NULL));
  /* Many elements, reverse order: exercises the merge. */
  rt_value *big = rt_array_new(0);
  for (int i = 1000; i > 0; i--)
    rt_array_push(big, I(i));
  k = rt_sorted_keys(big);
  for (uint32_t i = 0; i < 1000; i++)
    ck_assert_int_eq(RT_AS_NUM(rt_array_at(k, i))->i, (int64_t)i + 1);
}
END_TEST

/* ---- copy --------------------------------------------------------------------------------- */

START_TEST(test_copy) {
  rt_arena *dst = rt_arena_new(0);
  static rt_string st = RT_STATIC_STRING("static", 6);
  ck_assert_ptr_eq(rt_copy_to(dst, &st.hdr), &st.hdr);
  ck_assert_ptr_eq(rt_copy_to(dst, RT_NULLV), RT_NULLV);
  ck_assert_ptr_eq(rt_copy_to(dst, RT_TRUE), RT_TRUE);
  ck_assert_ptr_null(rt_copy_to(dst, NULL));
  /* Build a value in a scratch arena, copy it out, free the scratch arena. */
  rt_arena *src = rt_arena_new(1024);
  rt_arena *prev = rt_arena_use(src);
  rt_value *o = rt_object_new(0);
  for (int i = 0; i < 50; i++)
    rt_object_put(o, key(i), arr(3, I(i), N("1.25"), set(2, S("m"), I(i))));
  rt_object_put(o, obj(1, S("k"), RT_NULLV), &st.hdr);
  rt_object_remove(o, key(10));
  rt_value *small = obj(2, S("x"), I(1), S("y"), I(2));
  rt_object_remove(small, S("x"));
  uint64_t h = rt_hash(o);
  rt_value *c = rt_copy_to(dst, o);
  rt_value *cs = rt_copy_to(dst, small);
  rt_value *ce = rt_copy_to(dst, rt_object_new(0));
  rt_arena_use(prev);
  rt_arena_free(src);
  /* The copy must stand alone (ASan/valgrind check the freed source is not touched). */
  rt_value *want = rt_object_new(0);
  for (int i = 0; i < 50; i++)
    if (i != 10) rt_object_put(want, key(i), arr(3, I(i), N("1.25"), set(2, I(i), S("m"))));
  rt_object_put(want, obj(1, S("k"), RT_NULLV), S("static"));
  ck_assert(rt_equal(c, want));
  ck_assert_uint_eq(rt_hash(c), h);
  ck_assert_uint_eq(rt_hash(want), h);
  ck_assert_int_eq(rt_object_len(c), 50);
  ck_assert_ptr_eq(rt_object_get(c, obj(1, S("k"), RT_NULLV)), &st.hdr);
  rt_iter it;
  rt_iter_init(&it, c);
  for (int i = 0; i < 50; i++) {
    if (i == 10) continue;
    ck_assert(rt_iter_next(&it));
    ck_assert(rt_equal(it.key, key(i)));
  }
  rt_value *num = rt_array_at(rt_object_get(c, key(3)), 1);
  ck_assert_str_eq(RT_AS_NUM(num)->text, "1.25");
  ck_assert(rt_equal(cs, obj(1, S("y"), I(2))));
  ck_assert_int_eq(rt_object_len(ce), 0);
  /* The copy can still grow (in the current arena). */
  rt_object_put(c, S("later"), I(1));
  ck_assert_int_eq(rt_object_len(c), 51);
  rt_set_add(rt_array_at(rt_object_get(c, key(0)), 2), S("more"));
  rt_arena_free(dst);
}
END_TEST

/* ---- merge -------------------------------------------------------------------------------- */

START_TEST(test_merge) {
  rt_value *a = obj(2, S("x"), I(1), S("n"), obj(1, S("p"), I(1)));
  rt_value *b = obj(2, S("y"), I(2), S("n"), obj(1, S("q"), I(2)));
  rt_value *m = rt_merge(a, b);
  ck_assert(
      rt_equal(m, obj(3, S("x"), I(1), S("y"), I(2), S("n"), obj(2, S("p"), I(1), S("q"), I(2)))));
  /* Inputs unchanged. */
  ck_assert_int_eq(rt_object_len(a), 2);
  ck_assert_int_eq(rt_object_len(rt_object_get(a, S("n"))), 1);
  /* A key in both whose values are not both objects is a conflict, even when equal. */
  ck_assert_ptr_null(rt_merge(a, obj(1, S("x"), I(2))));
  ck_assert_ptr_null(rt_merge(a, obj(1, S("x"), I(1))));
  ck_assert_ptr_null(rt_merge(a, obj(1, S("n"), I(1))));
  ck_assert_ptr_null(rt_merge(a, obj(1, S("n"), obj(1, S("p"), I(1)))));
  ck_assert_ptr_null(rt_merge(a, arr(0)));
  ck_assert_ptr_null(rt_merge(S("a"), a));
  /* Undefined on either side gives the other. */
  ck_assert_ptr_eq(rt_merge(NULL, b), b);
  ck_assert_ptr_eq(rt_merge(a, NULL), a);
  ck_assert(rt_equal(rt_merge(obj(0), b), b));
  ck_assert(rt_equal(rt_merge(b, obj(0)), b));
}
END_TEST

/* Tables with tombstones (removed entries in the middle) in equal, hash and merge; values
 * that are not the static singletons (a null or boolean built elsewhere). */
START_TEST(test_tombstones_and_copies) {
  rt_value *a = obj(3, S("a"), I(1), S("gone"), I(0), S("b"), I(2));
  rt_value *b = obj(3, S("b"), I(2), S("x"), I(0), S("a"), I(1));
  ck_assert(rt_object_remove(a, S("gone")));
  ck_assert(rt_object_remove(b, S("x")));
  ck_assert(rt_equal(a, b));
  ck_assert(rt_equal(b, a));
  ck_assert_uint_eq(rt_hash(a), rt_hash(b));
  rt_value *m = rt_merge(a, obj(1, S("c"), I(3)));
  ck_assert(rt_equal(m, obj(3, S("a"), I(1), S("b"), I(2), S("c"), I(3))));
  m = rt_merge(obj(1, S("c"), I(3)), b);
  ck_assert_int_eq(rt_object_len(m), 3);
  rt_value *s = set(3, I(1), I(2), I(3)), *t = set(2, I(3), I(1));
  rt_set_remove(s, I(2));
  ck_assert(rt_equal(s, t));
  ck_assert_uint_eq(rt_hash(s), rt_hash(t));
  ck_assert_int_eq(rt_compare(s, t), 0);

  rt_value *n2 = rt_alloc(sizeof *n2);
  n2->type = RT_NULL;
  n2->flags = 0;
  rt_boolean *b2 = rt_alloc(sizeof *b2);
  b2->hdr.type = RT_BOOLEAN;
  b2->hdr.flags = 0;
  b2->b = true;
  ck_assert_int_eq(rt_compare(n2, RT_NULLV), 0);
  ck_assert(rt_equal(n2, RT_NULLV));
  ck_assert_uint_eq(rt_hash(n2), rt_hash(RT_NULLV));
  ck_assert_int_eq(rt_compare(&b2->hdr, RT_TRUE), 0);
  ck_assert(rt_equal(&b2->hdr, RT_TRUE));
  ck_assert(!rt_equal(&b2->hdr, RT_FALSE));
  rt_arena *dst = rt_arena_new(0);
  ck_assert_ptr_eq(rt_copy_to(dst, n2), RT_NULLV); /* copies become the singletons */
  ck_assert_ptr_eq(rt_copy_to(dst, &b2->hdr), RT_TRUE);
  rt_arena_free(dst);
  /* A key longer than any string value cannot be present (and is not read). */
  ck_assert_ptr_null(rt_object_get_str(a, "a", (size_t)UINT32_MAX + 1));
}
END_TEST

/* ---- aborts (fork mode only) -------------------------------------------------------------- */

START_TEST(test_put_wrong_type) {
  rt_object_put(rt_set_new(0), S("a"), I(1));
}
END_TEST

START_TEST(test_table_too_big) {
  rt_object_new(UINT32_MAX);
}
END_TEST

static Suite *value_suite(bool forking) {
  Suite *s = suite_create("value");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_singletons);
  tcase_add_test(tc, test_type_names);
  tcase_add_test(tc, test_strings);
  tcase_add_test(tc, test_arrays);
  tcase_add_test(tc, test_object_basic);
  tcase_add_test(tc, test_object_replace);
  tcase_add_test(tc, test_object_put_once);
  tcase_add_test(tc, test_object_remove);
  tcase_add_test(tc, test_object_non_string_keys);
  tcase_add_test(tc, test_object_compaction);
  tcase_add_test(tc, test_set_basic);
  tcase_add_test(tc, test_compare_types);
  tcase_add_test(tc, test_compare_scalars);
  tcase_add_test(tc, test_compare_arrays);
  tcase_add_test(tc, test_compare_objects);
  tcase_add_test(tc, test_compare_sets);
  tcase_add_test(tc, test_hash);
  tcase_add_test(tc, test_get);
  tcase_add_test(tc, test_length);
  tcase_add_test(tc, test_iter);
  tcase_add_test(tc, test_sorted_keys);
  tcase_add_test(tc, test_copy);
  tcase_add_test(tc, test_merge);
  tcase_add_test(tc, test_tombstones_and_copies);
  suite_add_tcase(s, tc);

  TCase *big = tcase_create("big");
  tcase_add_checked_fixture(big, setup, teardown);
  tcase_set_timeout(big, 600);
  tcase_add_test(big, test_object_large);
  tcase_add_test(big, test_object_model);
  tcase_add_test(big, test_set_model);
  tcase_add_test(big, test_compare_properties);
  tcase_add_test(big, test_deep_ok);
  tcase_add_test(big, test_deep_fatal);
  suite_add_tcase(s, big);

  if (forking) {
    TCase *ab = tcase_create("abort");
    tcase_add_checked_fixture(ab, setup, teardown);
    tcase_add_test_raise_signal(ab, test_put_wrong_type, SIGABRT);
    tcase_add_test_raise_signal(ab, test_table_too_big, SIGABRT);
    suite_add_tcase(s, ab);
  }
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(NULL);
  srunner_add_suite(sr, value_suite(srunner_fork_status(sr) == CK_FORK));
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
