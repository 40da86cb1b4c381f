/* check_builtins_core.c: unit tests of the operator, comparison, set, aggregate, type,
 * membership, object, array, numbers and cast builtins (stdlib/bi_*.c), results and OPA's
 * error codes and messages in strict mode.
 */
#include "bi_check.h"

START_TEST(test_arith) {
  ASSERT_REGO(bi_plus(J("1"), J("2")), "3");
  ASSERT_REGO(bi_plus(J("1.5"), J("2.5")), "4");
  ASSERT_REGO(bi_plus(J("9223372036854775807"), J("1")), "9223372036854775808");
  ASSERT_REGO(bi_minus(J("1"), J("2.5")), "-1.5");
  ASSERT_REGO(bi_mul(J("18446744073709551617"), J("2")), "36893488147419103234");
  ASSERT_REGO(bi_div(J("7"), J("2")), "3.5");
  ASSERT_REGO(bi_div(J("6"), J("3")), "2");
  ASSERT_REGO(bi_rem(J("7"), J("-3")), "1");
  ASSERT_REGO(bi_rem(J("10"), J("18446744073709551616")), "10");
  ASSERT_TYPE_ERR(bi_plus(STR("a"), J("1")), "plus: operand 1 must be number but got string");
  ASSERT_TYPE_ERR(bi_plus(J("1"), SET("[]")), "plus: operand 2 must be number but got set");
  ASSERT_TYPE_ERR(bi_mul(J("1"), J("null")), "mul: operand 2 must be number but got null");
  ASSERT_BI_ERR(bi_div(J("1"), J("0")), "div: divide by zero");
  ASSERT_BI_ERR(bi_div(J("1"), J("0.0")), "div: divide by zero");
  ASSERT_BI_ERR(bi_rem(J("1"), J("0")), "rem: modulo by zero");
  ASSERT_BI_ERR(bi_rem(J("1.5"), J("2")), "rem: modulo on floating-point number");
  ASSERT_TYPE_ERR(bi_rem(J("[]"), J("2")), "rem: operand 1 must be number but got array");
}
END_TEST

START_TEST(test_minus_sets) {
  ASSERT_REGO(bi_minus(SET("[1,2,3]"), SET("[2]")), "{1, 3}");
  ASSERT_REGO(bi_minus(SET("[1]"), SET("[1]")), "set()");
  ASSERT_TYPE_ERR(bi_minus(STR("a"), J("1")),
                  "minus: operand 1 must be one of {number, set} but got string");
  ASSERT_TYPE_ERR(bi_minus(SET("[]"), J("1")), "minus: operand 2 must be set but got number");
  ASSERT_TYPE_ERR(bi_minus(J("1"), SET("[]")), "minus: operand 2 must be number but got set");
  ASSERT_TYPE_ERR(bi_minus(SET("[]"), STR("x")), "minus: operand 2 must be number but got string");
}
END_TEST

START_TEST(test_unary) {
  ASSERT_REGO(bi_abs(J("-5")), "5");
  ASSERT_REGO(bi_abs(J("-5.5")), "5.5");
  ASSERT_REGO(bi_round(J("2.5")), "3");
  ASSERT_REGO(bi_round(J("-2.5")), "-3");
  ASSERT_REGO(bi_ceil(J("1.1")), "2");
  ASSERT_REGO(bi_floor(J("-1.1")), "-2");
  ASSERT_REGO(bi_floor(J("7")), "7");
  ASSERT_TYPE_ERR(bi_abs(STR("1")), "abs: operand 1 must be number but got string");
  ASSERT_TYPE_ERR(bi_round(J("true")), "round: operand 1 must be number but got boolean");
  ASSERT_TYPE_ERR(bi_ceil(J("{}")), "ceil: operand 1 must be number but got object");
  ASSERT_TYPE_ERR(bi_floor(J("null")), "floor: operand 1 must be number but got null");
}
END_TEST

START_TEST(test_compare) {
  ck_assert(bi_equal(J("1"), J("1.0")) == RT_TRUE);
  ck_assert(bi_neq(J("1"), STR("1")) == RT_TRUE);
  ck_assert(bi_lt(J("null"), J("false")) == RT_TRUE);
  ck_assert(bi_lt(J("99"), STR("1")) == RT_TRUE);
  ck_assert(bi_lte(J("[1]"), J("[1]")) == RT_TRUE);
  ck_assert(bi_gt(J("{}"), J("[1,2]")) == RT_TRUE);
  ck_assert(bi_gte(SET("[]"), J("{\"a\":1}")) == RT_TRUE);
  ck_assert(bi_gt(J("2"), J("10")) == RT_FALSE);
  ck_assert(bi_lt(STR("a"), STR("b")) == RT_TRUE);
  ck_assert(!bi_st.has_error);
}
END_TEST

START_TEST(test_sets) {
  ASSERT_REGO(bi_and(SET("[1,2,3]"), SET("[2,3,4]")), "{2, 3}");
  ASSERT_REGO(bi_or(SET("[1]"), SET("[2]")), "{1, 2}");
  ASSERT_REGO(bi_or(SET("[]"), SET("[]")), "set()");
  ASSERT_TYPE_ERR(bi_and(J("[1]"), SET("[]")), "and: operand 1 must be set but got array");
  ASSERT_TYPE_ERR(bi_or(SET("[]"), J("1")), "or: operand 2 must be set but got number");
  rt_value *ss = rt_set_new(0);
  rt_set_add(ss, SET("[1,2]"));
  rt_set_add(ss, SET("[2,3]"));
  ASSERT_REGO(bi_intersection(ss), "{2}");
  ASSERT_REGO(bi_union(ss), "{1, 2, 3}");
  ASSERT_REGO(bi_intersection(SET("[]")), "set()");
  ASSERT_REGO(bi_union(SET("[]")), "set()");
  ASSERT_TYPE_ERR(bi_union(SET("[1]")), "union: operand 1 must be set but got number");
  ASSERT_TYPE_ERR(bi_union(SET("[[1], \"a\"]")), "union: operand 1 must be set but got string");
  ASSERT_TYPE_ERR(bi_intersection(J("[]")), "intersection: operand 1 must be set but got array");
}
END_TEST

START_TEST(test_count) {
  ASSERT_REGO(bi_count(STR("h\xc3\xa9llo")), "5");
  ASSERT_REGO(bi_count(STR("a\xff"
                           "b")),
              "3"); /* an invalid byte counts as one */
  ASSERT_REGO(bi_count(STR("")), "0");
  ASSERT_REGO(bi_count(J("[1,2,3]")), "3");
  ASSERT_REGO(bi_count(J("{\"a\":1}")), "1");
  ASSERT_REGO(bi_count(SET("[1,1,2]")), "2");
  ASSERT_TYPE_ERR(bi_count(J("1")),
                  "count: operand 1 must be one of {array, object, set, string} but got number");
}
END_TEST

START_TEST(test_sum_product) {
  ASSERT_REGO(bi_sum(J("[1,2,3]")), "6");
  ASSERT_REGO(bi_sum(J("[]")), "0");
  ASSERT_REGO(bi_sum(J("[1.5,2.5]")), "4");
  ASSERT_REGO(bi_sum(J("[1,2.5]")), "3.5");
  ASSERT_REGO(bi_sum(J("[9223372036854775807,1]")), "9223372036854775808");
  ASSERT_REGO(bi_sum(J("[-9223372036854775808,-1]")), "-9223372036854775809");
  ASSERT_REGO(bi_sum(SET("[18446744073709551617, 1]")), "18446744073709551618");
  ASSERT_REGO(bi_product(J("[2,3,4]")), "24");
  ASSERT_REGO(bi_product(J("[]")), "1");
  ASSERT_REGO(bi_product(J("[1.5,2]")), "3");
  ASSERT_REGO(bi_product(J("[18446744073709551617,2]")), "36893488147419103234");
  ASSERT_TYPE_ERR(bi_sum(J("[1,\"a\"]")),
                  "sum: operand 1 must be array of numbers but got array containing string");
  ASSERT_TYPE_ERR(bi_product(SET("[1,null]")),
                  "product: operand 1 must be set of numbers but got set containing null");
  ASSERT_TYPE_ERR(bi_sum(J("{}")), "sum: operand 1 must be one of {set, array} but got object");
  ASSERT_TYPE_ERR(bi_sum(SET("[1, [1], \"a\"]")), /* OPA reports the first in sorted order */
                  "sum: operand 1 must be set of numbers but got set containing string");
}
END_TEST

START_TEST(test_max_min_sort) {
  ASSERT_REGO(bi_max(J("[1,3,2]")), "3");
  ASSERT_REGO(bi_min(J("[1,3,2]")), "1");
  ASSERT_REGO(bi_max(J("[1,\"a\",null]")), "\"a\"");
  ASSERT_REGO(bi_min(SET("[5,4]")), "4");
  ck_assert_ptr_null(bi_max(J("[]")));
  ck_assert_ptr_null(bi_min(SET("[]")));
  ck_assert(!bi_st.has_error);
  ASSERT_REGO(bi_sort(J("[3,1,\"b\",null,2,\"a\"]")), "[null, 1, 2, 3, \"a\", \"b\"]");
  ASSERT_REGO(bi_sort(SET("[3,1,2]")), "[1, 2, 3]");
  ASSERT_REGO(bi_sort(J("[]")), "[]");
  ASSERT_TYPE_ERR(bi_max(STR("x")), "max: operand 1 must be one of {set, array} but got string");
  ASSERT_TYPE_ERR(bi_sort(J("{}")), "sort: operand 1 must be one of {set, array} but got object");
}
END_TEST

START_TEST(test_types) {
  ck_assert(bi_is_number(J("1")) == RT_TRUE);
  ck_assert(bi_is_number(STR("1")) == RT_FALSE);
  ck_assert(bi_is_string(STR("")) == RT_TRUE);
  ck_assert(bi_is_boolean(J("false")) == RT_TRUE);
  ck_assert(bi_is_array(J("[]")) == RT_TRUE);
  ck_assert(bi_is_set(SET("[]")) == RT_TRUE);
  ck_assert(bi_is_set(J("[]")) == RT_FALSE);
  ck_assert(bi_is_object(J("{}")) == RT_TRUE);
  ck_assert(bi_is_null(J("null")) == RT_TRUE);
  ck_assert(bi_is_null(J("0")) == RT_FALSE);
  ASSERT_TXT(bi_type_name(J("null")), "null");
  ASSERT_TXT(bi_type_name(J("true")), "boolean");
  ASSERT_TXT(bi_type_name(J("1.5")), "number");
  ASSERT_TXT(bi_type_name(STR("x")), "string");
  ASSERT_TXT(bi_type_name(J("[]")), "array");
  ASSERT_TXT(bi_type_name(J("{}")), "object");
  ASSERT_TXT(bi_type_name(SET("[]")), "set");
}
END_TEST

START_TEST(test_member) {
  ck_assert(bi_internal_member_2(J("2"), J("[1,2]")) == RT_TRUE);
  ck_assert(bi_internal_member_2(J("2.0"), J("[1,2]")) == RT_TRUE);
  ck_assert(bi_internal_member_2(J("3"), J("[1,2]")) == RT_FALSE);
  ck_assert(bi_internal_member_2(J("1"), J("{\"a\":1}")) == RT_TRUE);
  ck_assert(bi_internal_member_2(STR("a"), J("{\"a\":1}")) == RT_FALSE);
  ck_assert(bi_internal_member_2(STR("a"), SET("[\"a\"]")) == RT_TRUE);
  ck_assert(bi_internal_member_2(STR("a"), STR("abc")) == RT_FALSE);
  ck_assert(bi_internal_member_2(J("1"), J("1")) == RT_FALSE);
  ck_assert(bi_internal_member_3(J("1"), STR("b"), J("[\"a\",\"b\"]")) == RT_TRUE);
  ck_assert(bi_internal_member_3(J("0"), STR("b"), J("[\"a\",\"b\"]")) == RT_FALSE);
  ck_assert(bi_internal_member_3(J("5"), STR("b"), J("[\"a\",\"b\"]")) == RT_FALSE);
  ck_assert(bi_internal_member_3(STR("a"), J("1"), J("{\"a\":1}")) == RT_TRUE);
  ck_assert(bi_internal_member_3(STR("a"), J("2"), J("{\"a\":1}")) == RT_FALSE);
  ck_assert(bi_internal_member_3(J("1"), J("1"), SET("[1]")) == RT_TRUE);
  ck_assert(bi_internal_member_3(J("1"), J("2"), SET("[1]")) == RT_FALSE);
  ck_assert(bi_internal_member_3(J("0"), STR("a"), STR("a")) == RT_FALSE);
}
END_TEST

START_TEST(test_objects) {
  ASSERT_REGO(bi_object_union(J("{\"a\":1,\"b\":{\"c\":1}}"), J("{\"b\":{\"d\":2},\"e\":3}")),
              "{\"a\": 1, \"b\": {\"c\": 1, \"d\": 2}, \"e\": 3}");
  ASSERT_REGO(bi_object_union(J("{\"a\":{\"b\":1}}"), J("{\"a\":2}")), "{\"a\": 2}");
  ASSERT_TYPE_ERR(bi_object_union(J("{}"), J("[]")),
                  "object.union: operand 2 must be object but got array");
  ASSERT_REGO(bi_object_union_n(J("[{\"a\":{\"b\":2}},{\"a\":4},{\"a\":{\"c\":3}}]")),
              "{\"a\": {\"c\": 3}}");
  ASSERT_REGO(bi_object_union_n(J("[]")), "{}");
  ASSERT_TYPE_ERR(bi_object_union_n(J("[{},1]")),
                  "object.union_n: operand 1 must be array of objects but got array containing "
                  "number");
  ASSERT_REGO(bi_object_get(J("{\"a\":{\"b\":[5,6]}}"), J("[\"a\",\"b\",1]"), STR("d")), "6");
  ASSERT_REGO(bi_object_get(J("{\"a\":1}"), STR("a"), STR("d")), "1");
  ASSERT_REGO(bi_object_get(J("{\"a\":1}"), STR("x"), STR("d")), "\"d\"");
  ASSERT_REGO(bi_object_get(J("{\"a\":1}"), J("[]"), STR("d")), "{\"a\": 1}");
  ASSERT_REGO(bi_object_get(J("{\"a\":1}"), J("[\"a\",\"b\"]"), STR("d")), "\"d\"");
  ASSERT_TYPE_ERR(bi_object_get(STR("x"), STR("a"), J("1")),
                  "object.get: operand 1 must be object but got string");
  ASSERT_REGO(bi_object_keys(J("{\"a\":1,\"b\":2}")), "{\"a\", \"b\"}");
  ASSERT_TYPE_ERR(bi_object_keys(STR("x")), "object.keys: operand 1 must be object but got string");
  ASSERT_REGO(bi_object_remove(J("{\"a\":1,\"b\":2,\"c\":3}"), J("[\"a\"]")),
              "{\"b\": 2, \"c\": 3}");
  ASSERT_REGO(bi_object_remove(J("{\"a\":1,\"b\":2}"), SET("[\"a\",\"b\"]")), "{}");
  ASSERT_REGO(bi_object_remove(J("{\"a\":1,\"b\":2}"), J("{\"b\":0}")), "{\"a\": 1}");
  ASSERT_TYPE_ERR(bi_object_remove(J("{}"), J("1")),
                  "object.remove: operand 2 must be one of {object, set, array} but got number");
  ASSERT_TYPE_ERR(bi_object_remove(J("null"), J("[]")),
                  "object.remove: operand 1 must be object but got null");
  ASSERT_REGO(bi_object_filter(J("{\"a\":1,\"b\":2,\"c\":3}"), J("[\"a\",\"c\",\"z\"]")),
              "{\"a\": 1, \"c\": 3}");
  ASSERT_TYPE_ERR(bi_object_filter(J("{}"), STR("a")),
                  "object.filter: operand 2 must be one of {object, set, array} but got string");
}
END_TEST

START_TEST(test_subset) {
  ck_assert(bi_object_subset(J("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}"), J("{\"b\":{\"c\":2}}")) ==
            RT_TRUE);
  ck_assert(bi_object_subset(J("{\"a\":1}"), J("{\"a\":2}")) == RT_FALSE);
  ck_assert(bi_object_subset(J("[1,2,3,4]"), J("[2,3]")) == RT_TRUE);
  ck_assert(bi_object_subset(J("[1,2,3,4]"), J("[2,4]")) == RT_FALSE);
  ck_assert(bi_object_subset(J("[1,2,3]"), SET("[3,1]")) == RT_TRUE);
  ck_assert(bi_object_subset(SET("[1,2]"), SET("[2]")) == RT_TRUE);
  ck_assert(bi_object_subset(J("{\"a\":[1,2,3]}"), J("{\"a\":[2,3]}")) == RT_TRUE);
  ASSERT_TYPE_ERR(bi_object_subset(J("{}"), J("[]")),
                  "object.subset: both arguments object.subset must be of the same type or array "
                  "and set");
}
END_TEST

START_TEST(test_arrays) {
  ASSERT_REGO(bi_array_concat(J("[1]"), J("[2,3]")), "[1, 2, 3]");
  ASSERT_REGO(bi_array_concat(J("[]"), J("[]")), "[]");
  ASSERT_TYPE_ERR(bi_array_concat(J("{}"), J("[]")),
                  "array.concat: operand 1 must be array but got object");
  ASSERT_REGO(bi_array_slice(J("[1,2,3,4]"), J("1"), J("3")), "[2, 3]");
  ASSERT_REGO(bi_array_slice(J("[1,2,3,4]"), J("-5"), J("2")), "[1, 2]");
  ASSERT_REGO(bi_array_slice(J("[1,2,3,4]"), J("3"), J("1")), "[]");
  ASSERT_REGO(bi_array_slice(J("[1,2,3,4]"), J("2"), J("100")), "[3, 4]");
  ASSERT_TYPE_ERR(bi_array_slice(J("[1]"), J("1.5"), J("2")),
                  "array.slice: operand 2 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_array_slice(J("[1]"), J("0"), STR("2")),
                  "array.slice: operand 3 must be number but got string");
  ASSERT_REGO(bi_array_reverse(J("[1,2,3]")), "[3, 2, 1]");
  ASSERT_TYPE_ERR(bi_array_reverse(J("{}")),
                  "array.reverse: operand 1 must be array but got object");
  ASSERT_REGO(bi_array_flatten(J("[[1,[2]],3,[]]")), "[1, [2], 3]");
  ASSERT_TYPE_ERR(bi_array_flatten(J("1")),
                  "array.flatten: operand 1 must be array but got number");
}
END_TEST

START_TEST(test_numbers_range) {
  ASSERT_REGO(bi_numbers_range(J("1"), J("4")), "[1, 2, 3, 4]");
  ASSERT_REGO(bi_numbers_range(J("2"), J("-1")), "[2, 1, 0, -1]");
  ASSERT_REGO(bi_numbers_range(J("0"), J("0")), "[0]");
  ASSERT_REGO(bi_numbers_range(J("18446744073709551616"), J("18446744073709551617")),
              "[18446744073709551616, 18446744073709551617]");
  ASSERT_REGO(bi_numbers_range_step(J("0"), J("10"), J("4")), "[0, 4, 8]");
  ASSERT_REGO(bi_numbers_range_step(J("10"), J("0"), J("4")), "[10, 6, 2]");
  ASSERT_TYPE_ERR(bi_numbers_range(J("3.14"), J("4")),
                  "numbers.range: operand 1 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_numbers_range(J("1"), STR("4")),
                  "numbers.range: operand 2 must be integer but got string");
  ASSERT_BI_ERR(bi_numbers_range_step(J("0"), J("10"), J("0")),
                "numbers.range_step: numbers.range_step: step must be a positive integer");
  ASSERT_BI_ERR(bi_numbers_range_step(J("0"), J("10"), J("-1")),
                "numbers.range_step: numbers.range_step: step must be a positive integer");
}
END_TEST

START_TEST(test_to_number) {
  ASSERT_REGO(bi_to_number(J("null")), "0");
  ASSERT_REGO(bi_to_number(J("true")), "1");
  ASSERT_REGO(bi_to_number(J("false")), "0");
  ASSERT_REGO(bi_to_number(J("1.5")), "1.5");
  ASSERT_REGO(bi_to_number(STR("42")), "42");
  ASSERT_REGO(bi_to_number(STR("-0.5")), "-0.5");
  ASSERT_REGO(bi_to_number(STR("+5")), "5");
  ASSERT_REGO(bi_to_number(STR(".5")), "0.5");
  ASSERT_REGO(bi_to_number(STR("1_000")), "1000");
  ASSERT_REGO(bi_to_number(STR("0x1p-2")), "0.25");
  ck_assert(rt_equal(bi_to_number(STR("1e3")), J("1000")));
  ASSERT_BI_ERR(bi_to_number(STR(" 1")),
                "to_number: strconv.ParseFloat: parsing \" 1\": invalid syntax");
  ASSERT_BI_ERR(bi_to_number(STR("0x10")),
                "to_number: strconv.ParseFloat: parsing \"0x10\": invalid syntax");
  ASSERT_BI_ERR(bi_to_number(STR("abc")),
                "to_number: strconv.ParseFloat: parsing \"abc\": invalid syntax");
  ASSERT_BI_ERR(bi_to_number(STR("")),
                "to_number: strconv.ParseFloat: parsing \"\": invalid syntax");
  ASSERT_BI_ERR(bi_to_number(STR("1e400")),
                "to_number: strconv.ParseFloat: parsing \"1e400\": value out of range");
  ASSERT_TYPE_ERR(bi_to_number(STR("-Inf")),
                  "to_number: operand 1 must be valid number string but got string");
  ASSERT_TYPE_ERR(bi_to_number(STR("NaN")),
                  "to_number: operand 1 must be valid number string but got string");
  ASSERT_TYPE_ERR(bi_to_number(J("[]")),
                  "to_number: operand 1 must be one of {null, boolean, number, string} but got "
                  "array");
}
END_TEST

START_TEST(test_nonstrict_records_nothing) {
  bi_st.strict = false;
  ck_assert_ptr_null(bi_plus(STR("a"), J("1")));
  ck_assert_ptr_null(bi_div(J("1"), J("0")));
  ck_assert(!bi_st.has_error);
}
END_TEST

START_TEST(test_first_error_kept) {
  ck_assert_ptr_null(bi_plus(STR("a"), J("1")));
  ck_assert_ptr_null(bi_div(J("1"), J("0")));
  ASSERT_TYPE_ERR(NULL, "plus: operand 1 must be number but got string");
}
END_TEST

BI_SUITE_MAIN("builtins_core", test_arith, test_minus_sets, test_unary, test_compare, test_sets,
              test_count, test_sum_product, test_max_min_sort, test_types, test_member,
              test_objects, test_subset, test_arrays, test_numbers_range, test_to_number,
              test_nonstrict_records_nothing, test_first_error_kept)
