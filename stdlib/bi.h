/* bi.h: the builtin library (libregostd): the table of every OPA builtin and the C
 * functions of those stdlib/ implements.
 *
 * The compiler, the library and the man page all read one list, builtins.def (an X-macro
 * generated from OPA's capabilities file), so names, arities and declarations never drift.
 *
 * Calling convention of a builtin with a fixed arity N:
 *     rt_value *bi_NAME(rt_value *a1, ..., rt_value *aN)       (N == 0: (void))
 * Arguments are never NULL. The result is NULL for undefined; a builtin that fails calls
 * rt_builtin_fail() first (RT_ERR_TYPE for a wrong operand type, RT_ERR_BUILTIN otherwise),
 * with the message OPA's topdown gives, so strict mode reports OPA's error text.
 * Results are allocated in the current arena, or are one of the arguments (or part of
 * one: a substring may share its bytes), or static. A BI_F_VOID builtin (internal.print)
 * returns RT_TRUE when it succeeds. bi_NAME is the Rego name with dots as underscores:
 * bi_plus, bi_strings_replace_n, bi_internal_member_2.
 *
 * print is variadic (BI_F_VARIADIC, no C_FUNC in the table): the compiler calls
 * bi_print_n() with the argument values, NULL for an undefined argument. eq and assign are
 * in the table (fn NULL) only so that the compiler knows their names: it compiles them.
 */
#ifndef BI_H
#define BI_H

#include <stddef.h>

#include "rt.h"

/* ---- flags ------------------------------------------------------------------------------ */

#define BI_F_VOID 0x01       /* no result (print, internal.print) */
#define BI_F_NONDET 0x02     /* non-deterministic (rand.intn, time.now_ns, http.send) */
#define BI_F_DEPRECATED 0x04 /* deprecated in OPA (rejected by v1 policies) */
#define BI_F_BUILDX 0x08     /* on Docker Buildx's allowlist (spec section 4.1) */
#define BI_F_INFIX 0x10      /* has an operator form (plus is +, internal.member_2 is in) */
#define BI_F_RELATION 0x20   /* a relation: the result is a collection to scan (walk) */
#define BI_F_VARIADIC 0x40   /* any number of arguments; arity is -1 (print) */

/* ---- the table -------------------------------------------------------------------------- */

/* A generic function pointer: call it through the type of its arity (bi_fn0 ... bi_fn4). */
typedef void (*bi_fn)(void); /* the type GCC lets any function pointer cast to */
typedef rt_value *(*bi_fn0)(void);
typedef rt_value *(*bi_fn1)(rt_value *);
typedef rt_value *(*bi_fn2)(rt_value *, rt_value *);
typedef rt_value *(*bi_fn3)(rt_value *, rt_value *, rt_value *);
typedef rt_value *(*bi_fn4)(rt_value *, rt_value *, rt_value *, rt_value *);

typedef struct bi_entry {
  const char *name; /* Rego name: "plus", "strings.replace_n", "internal.member_2" */
  bi_fn fn;         /* NULL: known to OPA but not implemented (or variadic: print) */
  int arity;        /* number of arguments, -1 if variadic */
  unsigned flags;   /* BI_F_* */
  const char *decl; /* OPA's type declaration, compact JSON */
} bi_entry;

/* Every builtin of OPA's capabilities, sorted by name (bytewise). */
extern const bi_entry bi_table[];
extern const size_t bi_table_len;

/* The entry named `name`, or NULL if OPA has no such builtin. Binary search. */
const bi_entry *bi_lookup(const char *name);

/* ---- prototypes of the implemented builtins, generated from the table -------------------- */

#define BI_PARAMS_0 (void)
#define BI_PARAMS_1 (rt_value *)
#define BI_PARAMS_2 (rt_value *, rt_value *)
#define BI_PARAMS_3 (rt_value *, rt_value *, rt_value *)
#define BI_PARAMS_4 (rt_value *, rt_value *, rt_value *, rt_value *)
/* Entries whose C_FUNC is the token NULL declare nothing: BI_PROBE_NULL makes the second
 * item of the list 0 for them, and a real function name leaves it 1. */
#define BI_PROBE_NULL ~, 0
#define BI_SECOND_(a, b, ...) b
#define BI_SECOND(...) BI_SECOND_(__VA_ARGS__, )
#define BI_CAT_(a, b) a##b
#define BI_CAT(a, b) BI_CAT_(a, b)
#define BI_DECLARE_0(f, a)
#define BI_DECLARE_1(f, a) rt_value *f BI_PARAMS_##a;
#define BI(name, f, a, flags, decl) BI_CAT(BI_DECLARE_, BI_SECOND(BI_PROBE_##f, 1))(f, a)
#include "builtins.def"
#undef BI

/* ---- print -------------------------------------------------------------------------------- */

/* print(x1, ..., xn): writes one line "FILE:ROW: x1 x2 ... xn" (the prefix from rt_cur_loc,
 * left out when it is NULL) to bi_print_stream. Strings print raw, other values in Rego
 * syntax, NULL (undefined) arguments as <undefined>. */
void bi_print_n(rt_value **args, int n);
/* Where print writes; NULL (the default) means stderr. */
extern FILE *bi_print_stream;

#endif /* BI_H */
