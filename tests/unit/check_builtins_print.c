/* check_builtins_print.c: unit tests of print (bi_print_n) and internal.print: the line
 * format "FILE:ROW: args", strings raw, other values in Rego syntax, <undefined>, and the
 * one-line-per-combination rule of internal.print's sets.
 */
#include <stdio.h>
#include <unistd.h>

#include "bi_check.h"

static FILE *out;

/* What print wrote since the last call. */
static const char *printed(void) {
  static char text[4096];
  size_t n;
  fflush(out);
  rewind(out);
  n = fread(text, 1, sizeof text - 1, out);
  text[n] = '\0';
  rewind(out);
  ck_assert_int_eq(ftruncate(fileno(out), 0), 0);
  return text;
}

static void print_setup(void) {
  bi_setup();
  out = tmpfile();
  ck_assert_ptr_nonnull(out);
  bi_print_stream = out;
}

static void print_teardown(void) {
  bi_print_stream = NULL;
  fclose(out);
  bi_teardown();
}

START_TEST(test_print_n) {
  static const rt_loc loc = {"policy.rego", 7, 3};
  rt_value *args[] = {STR("hello"), J("1.50"), J("[1, \"a\"]"), NULL, SET("[2, 1]"), J("{}")};
  rt_cur_loc = &loc;
  bi_print_n(args, 6);
  ck_assert_str_eq(printed(), "policy.rego:7: hello 1.50 [1, \"a\"] <undefined> {1, 2} {}\n");
  bi_print_n(NULL, 0);
  ck_assert_str_eq(printed(), "policy.rego:7: \n");
  rt_cur_loc = NULL;
  bi_print_n(args, 1);
  ck_assert_str_eq(printed(), "hello\n");
}
END_TEST

START_TEST(test_print_frees_nothing_it_should_not) {
  rt_value *keep = STR("still here");
  rt_value *args[] = {J("{\"big\": [1, 2, 3]}")};
  bi_print_n(args, 1);
  ck_assert_str_eq(printed(), "{\"big\": [1, 2, 3]}\n");
  ASSERT_TXT(keep, "still here");
}
END_TEST

START_TEST(test_internal_print) {
  rt_value *arr = rt_array_new(3);
  rt_array_push(arr, SET("[\"x\"]"));
  rt_array_push(arr, SET("[]"));
  rt_array_push(arr, SET("[2, 1]"));
  ck_assert_ptr_nonnull(bi_internal_print(arr));
  ck_assert_str_eq(printed(), "x <undefined> 1\nx <undefined> 2\n");
  ck_assert_ptr_nonnull(bi_internal_print(J("[]")));
  ck_assert_str_eq(printed(), "\n");
  ASSERT_TYPE_ERR(bi_internal_print(STR("x")),
                  "internal.print: operand 1 must be array but got string");
}
END_TEST

int main(void) {
  Suite *s = suite_create("builtins_print");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, print_setup, print_teardown);
  tcase_add_test(tc, test_print_n);
  tcase_add_test(tc, test_print_frees_nothing_it_should_not);
  tcase_add_test(tc, test_internal_print);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
