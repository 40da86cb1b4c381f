/* check_arena.c: unit tests of runtime/arena.c — alignment, accounting, marks, chunk reuse
 * and the abort paths.
 *
 * Allocations are filled with a pattern and checked afterwards, so overlapping blocks show
 * up as failures here and not only under ASan; chunk reuse after a restore is observed
 * through addresses, which the arena hands out deterministically.
 */
#include "rt.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define ALIGNED(p) (((uintptr_t)(p)&15) == 0)

START_TEST(test_alignment_and_disjoint) {
  rt_arena *a = rt_arena_new(1024);
  rt_arena *prev = rt_arena_use(a);
  ck_assert_ptr_null(prev);
  ck_assert_ptr_eq(rt_arena_current(), a);
  enum { N = 500 };
  unsigned char *p[N];
  size_t sz[N];
  for (int i = 0; i < N; i++) {
    sz[i] = (size_t)(i * 37 % 700); /* includes 0 and sizes above chunk/4 */
    p[i] = rt_alloc(sz[i]);
    ck_assert_ptr_nonnull(p[i]);
    ck_assert(ALIGNED(p[i]));
    memset(p[i], i & 0xff, sz[i]);
  }
  for (int i = 0; i < N; i++) {
    for (size_t j = 0; j < sz[i]; j++)
      ck_assert_int_eq(p[i][j], i & 0xff);
    if (i > 0) ck_assert_ptr_ne(p[i], p[i - 1]); /* even zero-byte blocks are distinct */
  }
  rt_arena_use(NULL);
  rt_arena_free(a);
}
END_TEST

START_TEST(test_bytes_and_marks) {
  rt_arena *a = rt_arena_new(4096);
  rt_arena_use(a);
  ck_assert_uint_eq(rt_arena_bytes(a), 0);
  rt_arena_mark empty = rt_arena_save(a);
  rt_alloc(10);
  ck_assert_uint_eq(rt_arena_bytes(a), 16); /* rounded to the alignment */
  rt_alloc(16);
  ck_assert_uint_eq(rt_arena_bytes(a), 32);
  rt_arena_mark m = rt_arena_save(a);
  void *first = rt_alloc(100);
  for (int i = 0; i < 1000; i++)
    rt_alloc(200);  /* several chunks */
  rt_alloc(100000); /* one big chunk */
  ck_assert_uint_eq(rt_arena_bytes(a), 32 + 112 + 1000 * 208 + 100000);
  rt_arena_restore(a, m);
  ck_assert_uint_eq(rt_arena_bytes(a), 32);
  /* The same sequence after a restore gets the same addresses. */
  ck_assert_ptr_eq(rt_alloc(100), first);
  rt_arena_restore(a, empty);
  ck_assert_uint_eq(rt_arena_bytes(a), 0);
  rt_alloc(1);
  ck_assert_uint_eq(rt_arena_bytes(a), 16);
  rt_arena_use(NULL);
  rt_arena_free(a);
}
END_TEST

/* Restoring keeps one regular chunk aside and the next evaluation reuses it. */
START_TEST(test_spare_chunk) {
  rt_arena *a = rt_arena_new(1024);
  rt_arena_use(a);
  rt_alloc(1000); /* fills the first chunk */
  rt_arena_mark m = rt_arena_save(a);
  char *p1 = rt_alloc(200); /* opens a second chunk */
  rt_alloc(1000);           /* and a third */
  rt_arena_restore(a, m);
  char *p2 = rt_alloc(200);
  ck_assert_ptr_eq(p1, p2);
  memset(p2, 1, 200);
  rt_arena_restore(a, m);
  rt_arena_restore(a, m); /* restoring twice is harmless */
  ck_assert_uint_eq(rt_arena_bytes(a), 1008);
  rt_arena_use(NULL);
  rt_arena_free(a);
}
END_TEST

START_TEST(test_alloc_zero) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  rt_arena_mark m = rt_arena_save(a);
  unsigned char *p = rt_alloc(256);
  memset(p, 0xff, 256);
  rt_arena_restore(a, m);
  unsigned char *z = rt_alloc_zero(256);
  ck_assert_ptr_eq(p, z); /* the dirty block comes back, zeroed */
  for (int i = 0; i < 256; i++)
    ck_assert_int_eq(z[i], 0);
  rt_arena_use(NULL);
  rt_arena_free(a);
}
END_TEST

START_TEST(test_strndup) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  char *s = rt_strndup("hello world", 5);
  ck_assert_str_eq(s, "hello");
  char *e = rt_strndup(NULL, 0);
  ck_assert_str_eq(e, "");
  char *n = rt_strndup("a\0b", 3);
  ck_assert_int_eq(memcmp(n, "a\0b\0", 4), 0);
  rt_arena_use(NULL);
  rt_arena_free(a);
}
END_TEST

START_TEST(test_use_and_free) {
  rt_arena *a = rt_arena_new(1); /* below the minimum chunk: raised */
  rt_arena *b = rt_arena_new(0);
  ck_assert_ptr_null(rt_arena_use(a));
  void *pa = rt_alloc(300);
  ck_assert_ptr_nonnull(pa);
  ck_assert_ptr_eq(rt_arena_use(b), a);
  rt_alloc(8);
  ck_assert_uint_eq(rt_arena_bytes(b), 16);
  ck_assert_uint_eq(rt_arena_bytes(a), 304);
  ck_assert_ptr_eq(rt_arena_use(a), b);
  rt_arena_free(a); /* freeing the current arena clears the current arena */
  ck_assert_ptr_null(rt_arena_current());
  rt_arena_free(b);
  rt_arena_free(NULL);
}
END_TEST

START_TEST(test_many_small) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  for (int round = 0; round < 3; round++) {
    rt_arena_mark m = rt_arena_save(a);
    for (int i = 0; i < 200000; i++)
      *(int *)rt_alloc(sizeof(int)) = i;
    ck_assert_uint_eq(rt_arena_bytes(a), 200000u * 16);
    rt_arena_restore(a, m);
  }
  rt_arena_use(NULL);
  rt_arena_free(a);
}
END_TEST

/* ---- aborts (fork mode only) -------------------------------------------------------------- */

START_TEST(test_no_arena) {
  rt_arena_use(NULL);
  rt_alloc(1);
}
END_TEST

START_TEST(test_foreign_mark) {
  rt_arena *a = rt_arena_new(0), *b = rt_arena_new(0);
  rt_arena_use(b);
  rt_alloc(1);
  rt_arena_mark m = rt_arena_save(b);
  rt_arena_restore(a, m);
}
END_TEST

START_TEST(test_huge) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  rt_alloc(SIZE_MAX - 8);
}
END_TEST

START_TEST(test_huge_strndup) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  rt_strndup("x", SIZE_MAX);
}
END_TEST

/* ASan reports the failed huge malloc itself, so this one needs a plain build. */
#ifndef __SANITIZE_ADDRESS__
START_TEST(test_out_of_memory) {
  rt_arena *a = rt_arena_new(0);
  rt_arena_use(a);
  rt_alloc(SIZE_MAX / 2); /* passes the overflow checks; malloc fails */
}
END_TEST
#endif

int main(void) {
  SRunner *sr = srunner_create(NULL);
  Suite *s = suite_create("arena");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_alignment_and_disjoint);
  tcase_add_test(tc, test_bytes_and_marks);
  tcase_add_test(tc, test_spare_chunk);
  tcase_add_test(tc, test_alloc_zero);
  tcase_add_test(tc, test_strndup);
  tcase_add_test(tc, test_use_and_free);
  tcase_add_test(tc, test_many_small);
  tcase_set_timeout(tc, 120);
  suite_add_tcase(s, tc);
  if (srunner_fork_status(sr) == CK_FORK) {
    TCase *ab = tcase_create("abort");
    tcase_add_test_raise_signal(ab, test_no_arena, SIGABRT);
    tcase_add_test_raise_signal(ab, test_foreign_mark, SIGABRT);
    tcase_add_test_raise_signal(ab, test_huge, SIGABRT);
    tcase_add_test_raise_signal(ab, test_huge_strndup, SIGABRT);
#ifndef __SANITIZE_ADDRESS__
    tcase_add_test_raise_signal(ab, test_out_of_memory, SIGABRT);
#endif
    suite_add_tcase(s, ab);
  }
  srunner_add_suite(sr, s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
