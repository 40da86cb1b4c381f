/* check_parse.c: Check suite of the front end's API (parse.h) and of the shape of the trees it
 * builds, where the golden files cannot look: pointers shared or not, queries and terms,
 * error returns and counts.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "parse.h"
#include "rt.h"

static rt_arena *arena;
static FILE *sink;

static void setup(void) {
  arena = rt_arena_new(0);
  rt_arena_use(arena);
  sink = tmpfile();
  diag_set_stream(sink);
  diag_reset();
}

static void teardown(void) {
  diag_set_stream(NULL);
  fclose(sink);
  rt_arena_use(NULL);
  rt_arena_free(arena);
}

/* What the diagnostics said so far. */
static const char *said(void) {
  static char buf[4096];
  fflush(sink);
  rewind(sink);
  size_t n = fread(buf, 1, sizeof buf - 1, sink);
  buf[n] = '\0';
  return buf;
}

static ast_module *module(const char *text) {
  return parse_file("t.rego", text, strlen(text));
}

static ast_body *query(const char *text) {
  return parse_query("query", text, strlen(text));
}

static ast_term *term(const char *text) {
  return parse_term("term", text, strlen(text));
}

static bool is_text(const ast_term *t, ast_term_kind k, const char *s) {
  return t && t->kind == k && t->len == strlen(s) && memcmp(t->text, s, t->len) == 0;
}

START_TEST(module_ok) {
  ast_module *m = module("package a.b\n\nimport data.x as y\n\np := 1\n");
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(diag_count(), 0);
  ck_assert_int_eq(m->package->kind, AST_REF);
  ck_assert_int_eq(m->package->n, 2);
  ck_assert(is_text(m->package->items[0], AST_VAR, "a"));
  ck_assert(is_text(m->package->items[1], AST_STRING, "b"));
  ck_assert_int_eq(m->nimports, 1);
  ck_assert_str_eq(m->imports[0].alias, "y");
  ck_assert_int_eq(m->nrules, 1);
  ck_assert_int_eq(m->rules[0]->loc.line, 5);
}
END_TEST

START_TEST(module_errors_return_null) {
  ck_assert_ptr_null(module("package a\n\np := \n\nq := 1 +\n"));
  ck_assert_int_gt(diag_count(), 0);
  /* `p :=` takes q as its value, so the error is at the second := */
  ck_assert_ptr_nonnull(strstr(said(), "t.rego:5:3: rego_parse_error: unexpected assign token"));
  /* one report per error, although the file was parsed twice (fast, then with LAC) */
  int before = diag_count();
  ck_assert_ptr_null(module("package a\n\np { true }\n"));
  ck_assert_int_eq(diag_count() - before, 1);
}
END_TEST

START_TEST(text_need_not_end_in_nul) {
  const char text[] = "package a\np := 1XYZ";
  ck_assert_ptr_nonnull(parse_file("t.rego", text, sizeof text - 4));
}
END_TEST

START_TEST(else_and_chained_heads_are_not_shared) {
  ast_module *m =
      module("package a\n\nf(x) := 1 if x else := 2\n\np := 1 if input.a { input.b }\n");
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(m->nrules, 3);
  ast_rule *f = m->rules[0], *e = f->els;
  ck_assert_ptr_nonnull(e);
  ck_assert_ptr_ne(e->head, f->head);
  ck_assert_ptr_ne(e->args, f->args);
  ck_assert(is_text(e->head->items[0], AST_VAR, "f"));
  ck_assert(is_text(e->args[0], AST_VAR, "x"));
  ck_assert(is_text(e->value, AST_NUMBER, "2"));
  ck_assert_ptr_ne(m->rules[2]->head, m->rules[1]->head);
  ck_assert_ptr_ne(m->rules[2]->value, m->rules[1]->value);
  ck_assert_ptr_ne(m->rules[2]->body, m->rules[1]->body);
}
END_TEST

START_TEST(operators_and_members) {
  ast_body *b = query("x := 1 + 2 * 3; k, v in xs");
  ck_assert_ptr_nonnull(b);
  ck_assert_int_eq(b->n, 2);
  ast_term *assign = b->exprs[0]->term;
  ck_assert(is_text(assign->items[0], AST_VAR, "assign"));
  ast_term *plus = assign->items[2];
  ck_assert(is_text(plus->items[0], AST_VAR, "plus"));
  ck_assert(is_text(plus->items[2]->items[0], AST_VAR, "mul"));
  ast_term *member = b->exprs[1]->term;
  ck_assert_int_eq(member->n, 4);
  ck_assert_int_eq(member->items[0]->kind, AST_REF);
  ck_assert(is_text(member->items[0]->items[0], AST_VAR, "internal"));
  ck_assert(is_text(member->items[0]->items[1], AST_STRING, "member_3"));
}
END_TEST

START_TEST(queries) {
  ast_body *b = query("");
  ck_assert_ptr_nonnull(b);
  ck_assert_int_eq(b->n, 0);
  b = query("data.x.p = y\nz := 1");
  ck_assert_ptr_nonnull(b);
  ck_assert_int_eq(b->n, 2);
  ck_assert_ptr_null(query("x = 1 y = 2"));
  ck_assert_ptr_nonnull(strstr(said(), "query:1:7: rego_parse_error: unexpected identifier"));
}
END_TEST

START_TEST(terms) {
  ast_term *t = term("{\"a\", set(), {{1}},}");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->kind, AST_SET);
  ck_assert_int_eq(t->n, 3);
  ck_assert_int_eq(t->items[1]->kind, AST_SET);
  ck_assert_int_eq(t->items[1]->n, 0);
  t = term("{}");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->kind, AST_OBJECT);
  t = term("input");
  ck_assert_int_eq(t->kind, AST_REF);
  ck_assert_int_eq(t->n, 1);
  ck_assert(is_text(term("-.5"), AST_NUMBER, "-0.5"));
  int before = diag_count();
  ck_assert_ptr_null(term("1 + 2"));
  ck_assert_ptr_null(term("x with y as 1"));
  ck_assert_ptr_null(term("1; 2"));
  ck_assert_ptr_null(term(""));
  ck_assert_int_eq(diag_count() - before, 4);
}
END_TEST

START_TEST(strings_and_templates) {
  ast_term *t = term("\"a\\u00e9\\uD834\\uDD1E\\n\"");
  ck_assert(is_text(t, AST_STRING, "a\xc3\xa9\xf0\x9d\x84\x9e\n"));
  t = term("\"\\u0000x\"");
  ck_assert_int_eq(t->len, 2);
  ck_assert_int_eq(t->text[0], 0);
  t = term("$\"{1}{x}\\{\"");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->kind, AST_TEMPLATE);
  ck_assert_int_eq(t->n, 5); /* "", 1, "", x, "{" */
  ck_assert(is_text(t->items[0], AST_STRING, ""));
  ck_assert(is_text(t->items[1], AST_NUMBER, "1"));
  ck_assert(is_text(t->items[2], AST_STRING, ""));
  ck_assert(is_text(t->items[3], AST_VAR, "x"));
  ck_assert(is_text(t->items[4], AST_STRING, "{"));
  ck_assert_ptr_null(t->exprs[0]);
  ck_assert_ptr_eq(t->exprs[3]->term, t->items[3]);
  t = term("$\"{x with input as 1}\"");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->exprs[1]->nwiths, 1);
}
END_TEST

START_TEST(keyword_refs) {
  ast_module *m = module("package in.x\n\nelse.y := 1 if { not.z; input.if }\n");
  ck_assert_ptr_nonnull(m);
  ck_assert(is_text(m->package->items[0], AST_VAR, "in"));
  ck_assert(is_text(m->rules[0]->head->items[0], AST_VAR, "else"));
  ck_assert(is_text(m->rules[0]->body->exprs[1]->term->items[1], AST_STRING, "if"));
  ck_assert_ptr_null(module("package a\n\np if { x := in.y }\n"));
  ck_assert_ptr_nonnull(strstr(said(), "unexpected in keyword"));
}
END_TEST

START_TEST(logic_keywords_need_their_import) {
  /* without the import, `and` is a name */
  ast_module *m = module("package a\n\nand := 1\n");
  ck_assert_ptr_nonnull(m);
  m = module("package a\nimport future.keywords.and\n\np if { input.x and input.y }\n");
  ck_assert_ptr_nonnull(m);
  ast_expr *e = m->rules[0]->body->exprs[0];
  ck_assert_int_eq(e->kind, AST_EXPR_AND);
  ck_assert_int_eq(e->lhs->kind, AST_EXPR_TERM);
}
END_TEST

START_TEST(annotations) {
  ast_module *m = module("# METADATA\n# title: t\npackage a\n\n# METADATA\n#  x: 1\np := 1\n");
  ck_assert_ptr_nonnull(m);
  ck_assert_int_eq(m->nannotations, 2);
  ck_assert_ptr_eq(m->package_annotation, &m->annotations[0]);
  ck_assert_str_eq(m->annotations[0].text, "title: t\n");
  ck_assert_ptr_eq(m->rules[0]->annotation, &m->annotations[1]);
  ck_assert_str_eq(m->rules[0]->annotation->text, " x: 1\n");
}
END_TEST

START_TEST(read_files) {
  ck_assert_ptr_null(parse_path("/nonexistent/file.rego"));
  ck_assert_ptr_nonnull(strstr(said(), "/nonexistent/file.rego: rego_parse_error: cannot read"));
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("parse");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, module_ok);
  tcase_add_test(tc, module_errors_return_null);
  tcase_add_test(tc, text_need_not_end_in_nul);
  tcase_add_test(tc, else_and_chained_heads_are_not_shared);
  tcase_add_test(tc, operators_and_members);
  tcase_add_test(tc, queries);
  tcase_add_test(tc, terms);
  tcase_add_test(tc, strings_and_templates);
  tcase_add_test(tc, keyword_refs);
  tcase_add_test(tc, logic_keywords_need_their_import);
  tcase_add_test(tc, annotations);
  tcase_add_test(tc, read_files);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? 1 : 0;
}
