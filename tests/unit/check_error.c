/* check_error.c: unit tests of runtime/error.c — rt_fatal unwinding, strict and non-strict
 * builtin failures, locations, and OPA's error text.
 *
 * Expected strings follow OPA's topdown Error.Error() and ast Location.String(): "FILE:ROW:
 * CODE: MESSAGE" with a file, "ROW:COL: CODE: MESSAGE" without one, "CODE: MESSAGE" with no
 * location at all.
 */
#include "rt.h"

#include <check.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static rt_arena *arena;
static rt_eval_state st;
static jmp_buf jb;

static void setup(void) {
  arena = rt_arena_new(0);
  rt_arena_use(arena);
  memset(&st, 0, sizeof st);
  st.jmp = &jb;
  rt_state = &st;
  rt_cur_loc = NULL;
}

static void teardown(void) {
  rt_state = NULL;
  rt_cur_loc = NULL;
  rt_arena_use(NULL);
  rt_arena_free(arena);
}

static const char *format(const rt_error *e) {
  rt_buf b;
  rt_buf_init(&b, 0);
  rt_error_format(e, &b);
  return RT_AS_STR(rt_buf_string(&b))->s;
}

START_TEST(test_code_names) {
  ck_assert_str_eq(rt_error_code_name(RT_ERR_CONFLICT), "eval_conflict_error");
  ck_assert_str_eq(rt_error_code_name(RT_ERR_TYPE), "eval_type_error");
  ck_assert_str_eq(rt_error_code_name(RT_ERR_BUILTIN), "eval_builtin_error");
  ck_assert_str_eq(rt_error_code_name(RT_ERR_INTERNAL), "eval_internal_error");
  ck_assert_str_eq(rt_error_code_name(RT_ERR_NONE), "none");
  ck_assert_str_eq(rt_error_code_name((rt_error_code)42), "eval_internal_error");
}
END_TEST

START_TEST(test_fatal_unwinds) {
  static const rt_loc here = {"policy.rego", 12, 5};
  volatile int reached = 0;
  rt_cur_loc = &here;
  if (setjmp(jb) == 0) {
    rt_fatal(RT_ERR_CONFLICT, "complete rules must not produce %s outputs", "multiple");
    reached = 1;
  }
  ck_assert_int_eq(reached, 0);
  ck_assert(st.has_error);
  ck_assert_int_eq(st.error.code, RT_ERR_CONFLICT);
  ck_assert_str_eq(st.error.loc.file, "policy.rego");
  ck_assert_int_eq(st.error.loc.row, 12);
  ck_assert_int_eq(st.error.loc.col, 5);
  ck_assert_str_eq(st.error.message, "complete rules must not produce multiple outputs");
  ck_assert_str_eq(format(&st.error), "policy.rego:12: eval_conflict_error: "
                                      "complete rules must not produce multiple outputs");
}
END_TEST

START_TEST(test_fatal_without_loc) {
  if (setjmp(jb) == 0) rt_fatal(RT_ERR_INTERNAL, "boom %d", 7);
  ck_assert_ptr_null(st.error.loc.file);
  ck_assert_int_eq(st.error.loc.row, 0);
  ck_assert_str_eq(format(&st.error), "eval_internal_error: boom 7");
}
END_TEST

/* A fatal error replaces a builtin error recorded before it: it is what ended evaluation. */
START_TEST(test_fatal_after_builtin) {
  st.strict = true;
  ck_assert_ptr_null(rt_builtin_fail(RT_ERR_TYPE, "count", "operand 1 must be %s", "x"));
  ck_assert(st.has_error);
  if (setjmp(jb) == 0) rt_fatal(RT_ERR_CONFLICT, "object keys must be unique");
  ck_assert_int_eq(st.error.code, RT_ERR_CONFLICT);
  ck_assert_str_eq(st.error.message, "object keys must be unique");
}
END_TEST

START_TEST(test_builtin_nonstrict) {
  ck_assert_ptr_null(rt_builtin_fail(RT_ERR_BUILTIN, "sprintf", "bad %s", "verb"));
  ck_assert(!st.has_error);
  ck_assert_int_eq(st.error.code, RT_ERR_NONE);
  rt_state = NULL; /* no evaluation state at all: still just undefined */
  ck_assert_ptr_null(rt_builtin_fail(RT_ERR_BUILTIN, "sprintf", "bad"));
}
END_TEST

START_TEST(test_builtin_strict) {
  static const rt_loc l1 = {"a.rego", 3, 9}, l2 = {"b.rego", 4, 1};
  st.strict = true;
  rt_cur_loc = &l1;
  ck_assert_ptr_null(rt_builtin_fail(RT_ERR_TYPE, "count", "operand 1 must be one of %s",
                                     "{array, object, set, string}"));
  ck_assert(st.has_error);
  rt_cur_loc = &l2;
  ck_assert_ptr_null(rt_builtin_fail(RT_ERR_BUILTIN, "sprintf", "second"));
  /* The first error is kept. */
  ck_assert_int_eq(st.error.code, RT_ERR_TYPE);
  ck_assert_str_eq(st.error.loc.file, "a.rego");
  ck_assert_str_eq(format(&st.error), "a.rego:3: eval_type_error: count: operand 1 must be "
                                      "one of {array, object, set, string}");
}
END_TEST

START_TEST(test_builtin_no_name) {
  st.strict = true;
  rt_builtin_fail(RT_ERR_BUILTIN, NULL, "plain");
  ck_assert_str_eq(st.error.message, "plain");
}
END_TEST

START_TEST(test_long_messages) {
  char big[2000];
  memset(big, 'm', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  st.strict = true;
  rt_builtin_fail(RT_ERR_BUILTIN, "name", "%s", big);
  ck_assert_uint_eq(strlen(st.error.message), sizeof st.error.message - 1);
  ck_assert_int_eq(strncmp(st.error.message, "name: mmm", 9), 0);
  memset(&st, 0, sizeof st);
  st.strict = true;
  rt_builtin_fail(RT_ERR_BUILTIN, big, "tail"); /* a name longer than the message buffer */
  ck_assert_uint_eq(strlen(st.error.message), sizeof st.error.message - 1);
  st.jmp = &jb;
  if (setjmp(jb) == 0) rt_fatal(RT_ERR_INTERNAL, "%s", big);
  ck_assert_uint_eq(strlen(st.error.message), sizeof st.error.message - 1);
}
END_TEST

START_TEST(test_format) {
  rt_error e = {RT_ERR_TYPE, {"x.rego", 7, 3}, "msg"};
  ck_assert_str_eq(format(&e), "x.rego:7: eval_type_error: msg");
  rt_error nofile = {RT_ERR_BUILTIN, {NULL, 7, 3}, "msg"};
  ck_assert_str_eq(format(&nofile), "7:3: eval_builtin_error: msg");
  rt_error empty = {RT_ERR_BUILTIN, {"", 2, 1}, "msg"};
  ck_assert_str_eq(format(&empty), "2:1: eval_builtin_error: msg");
  rt_error none = {RT_ERR_CONFLICT, {NULL, 0, 0}, "m"};
  ck_assert_str_eq(format(&none), "eval_conflict_error: m");
  /* Appends to what the buffer holds. */
  rt_buf b;
  rt_buf_init(&b, 0);
  rt_buf_puts(&b, "error: ");
  rt_error_format(&e, &b);
  ck_assert_str_eq(RT_AS_STR(rt_buf_string(&b))->s, "error: x.rego:7: eval_type_error: msg");
}
END_TEST

/* ---- aborts (fork mode only) -------------------------------------------------------------- */

START_TEST(test_fatal_no_state) {
  rt_state = NULL;
  rt_fatal(RT_ERR_CONFLICT, "nowhere to go");
}
END_TEST

START_TEST(test_fatal_no_jmp) {
  st.jmp = NULL;
  rt_arena_use(NULL); /* the report must not need an arena either */
  rt_fatal(RT_ERR_CONFLICT, "nowhere to go");
}
END_TEST

int main(void) {
  SRunner *sr = srunner_create(NULL);
  Suite *s = suite_create("error");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_code_names);
  tcase_add_test(tc, test_fatal_unwinds);
  tcase_add_test(tc, test_fatal_without_loc);
  tcase_add_test(tc, test_fatal_after_builtin);
  tcase_add_test(tc, test_builtin_nonstrict);
  tcase_add_test(tc, test_builtin_strict);
  tcase_add_test(tc, test_builtin_no_name);
  tcase_add_test(tc, test_long_messages);
  tcase_add_test(tc, test_format);
  suite_add_tcase(s, tc);
  if (srunner_fork_status(sr) == CK_FORK) {
    TCase *ab = tcase_create("abort");
    tcase_add_checked_fixture(ab, setup, teardown);
    tcase_add_test_raise_signal(ab, test_fatal_no_state, SIGABRT);
    tcase_add_test_raise_signal(ab, test_fatal_no_jmp, SIGABRT);
    suite_add_tcase(s, ab);
  }
  srunner_add_suite(sr, s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
