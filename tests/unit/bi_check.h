/* bi_check.h: helpers shared by the Check suites of the builtins (check_builtins_*.c).
 *
 * Every test runs in a fresh arena with a strict evaluation state, so a builtin's recorded
 * error (code and OPA's message) can be checked next to its NULL result. Values are written
 * as JSON (J), sets from JSON arrays (SET); results are compared in Rego syntax (REGO), the
 * form print and sprintf("%v") use, so sets and non-string keys read naturally.
 */
#ifndef BI_CHECK_H
#define BI_CHECK_H

#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "bi.h"

static rt_arena *bi_arena;
static rt_eval_state bi_st;
static jmp_buf bi_jb;

static void bi_setup(void) {
  bi_arena = rt_arena_new(0);
  rt_arena_use(bi_arena);
  memset(&bi_st, 0, sizeof bi_st);
  bi_st.strict = true;
  bi_st.jmp = &bi_jb;
  rt_state = &bi_st;
  rt_cur_loc = NULL;
}

static void bi_teardown(void) {
  rt_state = NULL;
  rt_cur_loc = NULL;
  rt_arena_use(NULL);
  rt_arena_free(bi_arena);
}

/* A value from JSON text (numbers keep their text). */
static inline rt_value *J(const char *json) {
  rt_json_error e;
  rt_value *v = rt_json_parse(json, strlen(json), &e);
  ck_assert_msg(v != NULL, "bad JSON in test: %s (%s)", json, e.message);
  return v;
}

static inline rt_value *STR(const char *s) {
  return rt_string_z(s);
}

/* A set of the elements of a JSON array. */
static inline rt_value *SET(const char *json_array) {
  rt_value *a = J(json_array), *s = rt_set_new(0);
  for (uint32_t i = 0; i < rt_array_len(a); i++)
    rt_set_add(s, rt_array_at(a, i));
  return s;
}

/* v in Rego syntax, "<undefined>" for NULL. */
static inline const char *REGO(const rt_value *v) {
  rt_buf b;
  if (!v) return "<undefined>";
  rt_buf_init(&b, 64);
  rt_rego_write(&b, v);
  rt_buf_putc(&b, '\0');
  return b.data;
}

/* The bytes of a string result (NUL-terminated copy); fails if v is not a string. */
static inline const char *TXT(const rt_value *v) {
  ck_assert_msg(v != NULL, "undefined result (error: %s)",
                bi_st.has_error ? bi_st.error.message : "none");
  ck_assert_msg(rt_is(v, RT_STRING), "not a string: %s", REGO(v));
  return rt_strndup(RT_AS_STR(v)->s, RT_AS_STR(v)->len);
}

#define ASSERT_REGO(v, want) ck_assert_str_eq(REGO(v), want)
#define ASSERT_TXT(v, want) ck_assert_str_eq(TXT(v), want)

/* res is undefined with the recorded error code and message; clears the error. */
#define ASSERT_ERR(res, code_, msg)                                                                \
  do {                                                                                             \
    const rt_value *r_ = (res);                                                                    \
    ck_assert_msg(r_ == NULL, "expected an error, got %s", REGO(r_));                              \
    ck_assert_msg(bi_st.has_error, "no error recorded");                                           \
    ck_assert_str_eq(rt_error_code_name(bi_st.error.code), rt_error_code_name(code_));             \
    ck_assert_str_eq(bi_st.error.message, msg);                                                    \
    bi_st.has_error = false;                                                                       \
  } while (0)

#define ASSERT_TYPE_ERR(res, msg) ASSERT_ERR(res, RT_ERR_TYPE, msg)
#define ASSERT_BI_ERR(res, msg) ASSERT_ERR(res, RT_ERR_BUILTIN, msg)

/* A suite with one test case holding the given tests, run with the usual fixtures. */
#define BI_SUITE_MAIN(name, ...)                                                                   \
  int main(void) {                                                                                 \
    Suite *s = suite_create(name);                                                                 \
    TCase *tc = tcase_create("core");                                                              \
    const TTest *tests[] = {__VA_ARGS__};                                                          \
    tcase_add_checked_fixture(tc, bi_setup, bi_teardown);                                          \
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)                                    \
      _tcase_add_test(tc, tests[i], 0, 0, 0, 1);                                                   \
    suite_add_tcase(s, tc);                                                                        \
    SRunner *sr = srunner_create(s);                                                               \
    srunner_run_all(sr, CK_NORMAL);                                                                \
    int failed = srunner_ntests_failed(sr);                                                        \
    srunner_free(sr);                                                                              \
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                                   \
  }

#endif /* BI_CHECK_H */
