/* check_builtins_table.c: unit tests of the builtin table (stdlib/bi_table.c, builtins.def):
 * order and lookup, flags, and that each entry's arity and declaration agree.
 */
#include "bi_check.h"

START_TEST(test_sorted_and_found) {
  ck_assert_uint_ge(bi_table_len, 200);
  for (size_t i = 0; i < bi_table_len; i++) {
    if (i > 0) ck_assert_int_lt(strcmp(bi_table[i - 1].name, bi_table[i].name), 0);
    ck_assert_ptr_eq(bi_lookup(bi_table[i].name), &bi_table[i]);
  }
  ck_assert_ptr_null(bi_lookup("no.such.builtin"));
  ck_assert_ptr_null(bi_lookup(""));
  ck_assert_ptr_null(bi_lookup("zzz"));
}
END_TEST

START_TEST(test_entries) {
  const bi_entry *e = bi_lookup("plus");
  ck_assert_ptr_nonnull(e);
  ck_assert_ptr_eq(e->fn, (bi_fn)bi_plus);
  ck_assert_int_eq(e->arity, 2);
  ck_assert_uint_eq(e->flags, BI_F_BUILDX | BI_F_INFIX);
  ASSERT_REGO(((bi_fn2)e->fn)(J("1"), J("2")), "3");

  e = bi_lookup("print");
  ck_assert_ptr_null(e->fn);
  ck_assert_int_eq(e->arity, -1);
  ck_assert(e->flags & BI_F_VARIADIC);
  ck_assert(e->flags & BI_F_VOID);
  ck_assert(bi_lookup("internal.print")->flags & BI_F_VOID);

  ck_assert(bi_lookup("rand.intn")->flags & BI_F_NONDET);
  ck_assert(bi_lookup("any")->flags & BI_F_DEPRECATED);
  ck_assert(bi_lookup("walk")->flags & BI_F_RELATION);
  ck_assert(!(bi_lookup("http.send")->flags & BI_F_BUILDX));
  ck_assert(bi_lookup("regex.match")->flags & BI_F_BUILDX);
  ck_assert_ptr_eq(bi_lookup("internal.member_2")->fn, (bi_fn)bi_internal_member_2);
  ck_assert_ptr_eq(bi_lookup("strings.replace_n")->fn, (bi_fn)bi_strings_replace_n);
  ck_assert_int_eq(bi_lookup("numbers.range_step")->arity, 3);
}
END_TEST

START_TEST(test_decls_agree) {
  size_t implemented = 0;
  for (size_t i = 0; i < bi_table_len; i++) {
    const bi_entry *e = &bi_table[i];
    rt_value *decl = J(e->decl), *args = rt_object_get_str(decl, "args", 4);
    if (e->fn) implemented++;
    ck_assert_msg(rt_is(decl, RT_OBJECT), "%s", e->name);
    if (e->flags & BI_F_VARIADIC) {
      ck_assert_int_eq(e->arity, -1);
      continue;
    }
    ck_assert_int_eq(e->arity, args ? (int)rt_array_len(args) : 0);
    ck_assert_msg(!rt_object_get_str(decl, "result", 6) == !!(e->flags & BI_F_VOID), "%s", e->name);
  }
  ck_assert_uint_ge(implemented, 70);
}
END_TEST

BI_SUITE_MAIN("builtins_table", test_sorted_and_found, test_entries, test_decls_agree)
