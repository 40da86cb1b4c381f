/* rt.h: the public API of libregort, the runtime every checker links.
 *
 * Generated code, the builtins (stdlib/) and the compiler itself use Rego values only through
 * this header. Values are immutable once built and shared freely; nothing is reference
 * counted. An evaluation allocates from the current arena, which is reset after it, so
 * neither generated code nor builtins ever free a value. Undefined is the NULL pointer.
 *
 * Every value starts with an rt_value header whose one-byte type tag is in Rego's sort order
 * (null < boolean < number < string < array < object < set), so comparing values of different
 * types is comparing tags. Strings and numbers have public layouts so that the compiler can
 * emit policy constants as static data; arrays, objects and sets are opaque outside the
 * runtime except for the array's contiguous item vector.
 */
#ifndef RT_H
#define RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- values ----------------------------------------------------------------------------- */

typedef enum rt_type {
  RT_NULL = 1,
  RT_BOOLEAN = 2,
  RT_NUMBER = 3,
  RT_STRING = 4,
  RT_ARRAY = 5,
  RT_OBJECT = 6,
  RT_SET = 7,
} rt_type;

/* Header flags. RT_F_STATIC marks values that live outside any arena (constants, data). */
#define RT_F_STATIC 0x01
/* Numbers: set when the int64 field holds the value; otherwise `text` holds it. */
#define RT_F_INT 0x02

typedef struct rt_value {
  uint8_t type;  /* rt_type */
  uint8_t flags; /* RT_F_* */
} rt_value;

typedef struct rt_boolean {
  rt_value hdr;
  bool b;
} rt_boolean;

/* A number is either a 64-bit integer (RT_F_INT) or its decimal text as written in JSON or
 * in the policy ("1e400", "0.1", "18446744073709551617"). Text is the exact value; arithmetic
 * converts it to arbitrary precision on demand. Integral results that fit come back as int. */
typedef struct rt_number {
  rt_value hdr;
  uint32_t len; /* length of text, 0 when RT_F_INT */
  int64_t i;
  const char *text;
} rt_number;

/* UTF-8 bytes (not necessarily NUL-terminated; builders always add a NUL after them). The
 * hash is cached on first use (0: not yet; static strings may carry it precomputed), since
 * the same key strings are looked up again and again. */
typedef struct rt_string {
  rt_value hdr;
  uint32_t len;
  const char *s;
  uint64_t hash;
} rt_string;

typedef struct rt_array {
  rt_value hdr;
  uint32_t len, cap;
  rt_value **items;
} rt_array;

typedef struct rt_object rt_object; /* hash table, insertion-ordered entries */
typedef struct rt_set rt_set;       /* hash table, insertion-ordered members */

/* Initialisers for static constants in generated code. */
#define RT_STATIC_STRING(lit, n) {{RT_STRING, RT_F_STATIC}, (n), (lit), 0}
#define RT_STATIC_STRING_H(lit, n, h) {{RT_STRING, RT_F_STATIC}, (n), (lit), (h)}
#define RT_STATIC_INT(v) {{RT_NUMBER, RT_F_STATIC | RT_F_INT}, 0, (v), NULL}
#define RT_STATIC_NUMTEXT(lit, n) {{RT_NUMBER, RT_F_STATIC}, (n), 0, (lit)}

extern rt_value rt_null_value;
extern rt_boolean rt_true_value, rt_false_value;
#define RT_NULLV (&rt_null_value)
#define RT_TRUE ((rt_value *)&rt_true_value)
#define RT_FALSE ((rt_value *)&rt_false_value)
#define RT_BOOL(b) ((b) ? RT_TRUE : RT_FALSE)

static inline rt_type rt_typeof(const rt_value *v) {
  return (rt_type)v->type;
}
static inline bool rt_is(const rt_value *v, rt_type t) {
  return v && v->type == t;
}
#define RT_AS_BOOL(v) (((const rt_boolean *)(v))->b)
#define RT_AS_NUM(v) ((rt_number *)(v))
#define RT_AS_STR(v) ((rt_string *)(v))
#define RT_AS_ARR(v) ((rt_array *)(v))

/* Name of a type as OPA spells it in messages and type_name: "null", "boolean", "number",
 * "string", "array", "object", "set". */
const char *rt_type_name(const rt_value *v);

/* ---- memory ----------------------------------------------------------------------------- */

/* An arena is a list of chunks; allocation bumps a pointer, reset rewinds to a mark. All
 * rt_* constructors allocate from the current arena (rt_arena_current). Allocation failure
 * aborts the process with a message: out-of-memory is not a recoverable evaluation error. */
typedef struct rt_arena rt_arena;
typedef struct rt_arena_mark {
  void *chunk;
  size_t used;
} rt_arena_mark;

rt_arena *rt_arena_new(size_t chunk_size);
void rt_arena_free(rt_arena *a);
rt_arena_mark rt_arena_save(rt_arena *a);
void rt_arena_restore(rt_arena *a, rt_arena_mark m);
size_t rt_arena_bytes(const rt_arena *a); /* bytes handed out, for tests and benchmarks */
/* Makes `a` the arena that constructors use; returns the previous one. */
rt_arena *rt_arena_use(rt_arena *a);
rt_arena *rt_arena_current(void);
void *rt_alloc(size_t n);         /* 16-byte aligned, from the current arena */
void *rt_alloc_zero(size_t n);    /* zeroed */
char *rt_strndup(const char *s, size_t n);

/* ---- scalars ---------------------------------------------------------------------------- */

rt_value *rt_int(int64_t i);
/* A number from decimal text (JSON number syntax, or a Rego literal such as "1e3"); returns
 * NULL if the text is not a number. Integral text that fits int64 becomes an int. */
rt_value *rt_number_text(const char *text, size_t len);
rt_value *rt_double(double d); /* only for builtins whose OPA version computes in float64 */
rt_value *rt_string_n(const char *s, size_t len); /* copies */
rt_value *rt_string_z(const char *s);             /* copies a NUL-terminated string */
rt_value *rt_string_own(char *s, size_t len);     /* takes s (arena memory, NUL after len) */

/* Number queries. */
bool rt_num_is_int(const rt_value *n);                /* integral value (any size) */
bool rt_num_to_int64(const rt_value *n, int64_t *out); /* integral and fits */
double rt_num_to_double(const rt_value *n);
/* Canonical text of a number as OPA prints it; *len receives its length. */
const char *rt_num_str(const rt_value *n, size_t *len);

/* Arithmetic with OPA's semantics (exact integers of any size; other values in arbitrary
 * precision). Return NULL and set *err to a message (static string) on failure:
 * "divide by zero", "modulo by zero", "modulo on floating-point number". */
rt_value *rt_num_add(const rt_value *a, const rt_value *b);
rt_value *rt_num_sub(const rt_value *a, const rt_value *b);
rt_value *rt_num_mul(const rt_value *a, const rt_value *b);
rt_value *rt_num_div(const rt_value *a, const rt_value *b, const char **err);
rt_value *rt_num_rem(const rt_value *a, const rt_value *b, const char **err);
rt_value *rt_num_neg(const rt_value *a);
rt_value *rt_num_abs(const rt_value *a);
rt_value *rt_num_round(const rt_value *a); /* half away from zero */
rt_value *rt_num_ceil(const rt_value *a);
rt_value *rt_num_floor(const rt_value *a);
int rt_num_cmp(const rt_value *a, const rt_value *b);

/* ---- strings and UTF-8 ------------------------------------------------------------------ */

bool rt_utf8_valid(const char *s, size_t len);
size_t rt_utf8_count(const char *s, size_t len); /* code points; invalid bytes count as one */
/* Decodes one code point at s[*i], advancing *i; invalid bytes yield U+FFFD and advance 1. */
uint32_t rt_utf8_next(const char *s, size_t len, size_t *i);
size_t rt_utf8_encode(uint32_t cp, char out[4]);
/* Byte offset of code point number `cp_index` (len if past the end). */
size_t rt_utf8_offset(const char *s, size_t len, size_t cp_index);

/* A growable byte buffer in the current arena, for building strings and JSON text. */
typedef struct rt_buf {
  char *data;
  size_t len, cap;
} rt_buf;
void rt_buf_init(rt_buf *b, size_t cap);
void rt_buf_put(rt_buf *b, const char *s, size_t n);
void rt_buf_putc(rt_buf *b, char c);
void rt_buf_puts(rt_buf *b, const char *s);
void rt_buf_printf(rt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
rt_value *rt_buf_string(rt_buf *b); /* the buffer's bytes as a string value */

/* ---- arrays ----------------------------------------------------------------------------- */

rt_value *rt_array_new(uint32_t cap);
void rt_array_push(rt_value *arr, rt_value *v);
static inline uint32_t rt_array_len(const rt_value *arr) {
  return ((const rt_array *)arr)->len;
}
static inline rt_value *rt_array_at(const rt_value *arr, uint32_t i) {
  return ((const rt_array *)arr)->items[i];
}

/* ---- objects ---------------------------------------------------------------------------- */

rt_value *rt_object_new(uint32_t cap);
/* Inserts or replaces. Keys may be any value (Rego allows non-string keys). */
void rt_object_put(rt_value *obj, rt_value *key, rt_value *val);
/* Inserts; if the key exists with a different value returns false and changes nothing. */
bool rt_object_put_once(rt_value *obj, rt_value *key, rt_value *val);
rt_value *rt_object_get(const rt_value *obj, const rt_value *key);
rt_value *rt_object_get_str(const rt_value *obj, const char *key, size_t len);
bool rt_object_remove(rt_value *obj, const rt_value *key);
uint32_t rt_object_len(const rt_value *obj);

/* ---- sets ------------------------------------------------------------------------------- */

rt_value *rt_set_new(uint32_t cap);
void rt_set_add(rt_value *set, rt_value *v);
bool rt_set_has(const rt_value *set, const rt_value *v);
bool rt_set_remove(rt_value *set, const rt_value *v);
uint32_t rt_set_len(const rt_value *set);

/* ---- iteration -------------------------------------------------------------------------- */

/* A cursor over an array (key = index number), object (key, value) or set (key = value =
 * member). Objects and sets are visited in insertion order; deleted slots are skipped.
 * Usage: rt_iter it; rt_iter_init(&it, coll); while (rt_iter_next(&it)) use it.key, it.val.
 * Iterating a scalar (or NULL) yields nothing. The collection must not change meanwhile. */
typedef struct rt_iter {
  const rt_value *coll;
  uint32_t pos;
  rt_value *key, *val;
} rt_iter;
void rt_iter_init(rt_iter *it, const rt_value *coll);
bool rt_iter_next(rt_iter *it);

/* Members of a set or keys of an object, sorted in Rego's order (a fresh array). For an
 * array, a sorted copy of its elements (duplicates kept), as the `sort` builtin needs; NULL
 * for anything else. */
rt_value *rt_sorted_keys(const rt_value *coll);

/* ---- generic operations ----------------------------------------------------------------- */

/* Total order of Rego values: type tag first; numbers by value; strings bytewise; arrays
 * element-wise then by length; objects as OPA's ast.Compare does: entries sorted by key,
 * compared pairwise (key, then value), then by size, so {"a": 2} > {"a": 1, "b": 0}; sets
 * by sorted members. Undefined (NULL) sorts before every value. */
int rt_compare(const rt_value *a, const rt_value *b);
bool rt_equal(const rt_value *a, const rt_value *b);
/* Hash consistent with rt_equal (1 and 1.0 hash alike; insertion order never matters). */
uint64_t rt_hash(const rt_value *v);
/* v[key] for arrays (integral number keys), objects and sets (key if member); NULL if
 * absent or v is a scalar. */
rt_value *rt_get(const rt_value *v, const rt_value *key);
/* Number of elements of a collection, code points of a string; -1 for other values. */
int64_t rt_length(const rt_value *v);
/* A copy of v that lives in arena `dst` (deep), for values that must outlive an evaluation.
 * Static values are shared, not copied. */
rt_value *rt_copy_to(rt_arena *dst, const rt_value *v);
/* Recursive object merge for base plus virtual documents (OPA's Object.Merge): keys of both;
 * where both values are objects they merge, otherwise returns NULL (a conflict, even when
 * the two values are equal). NULL plus x is x; a non-object argument is a conflict. */
rt_value *rt_merge(const rt_value *a, const rt_value *b);

/* ---- JSON ------------------------------------------------------------------------------- */

typedef struct rt_json_error {
  int line, col;    /* 1-based position of the problem */
  char message[160];
} rt_json_error;

/* Parse limits: the checker refuses deeper or larger documents with a clear error. */
#define RT_JSON_MAX_DEPTH 1000
#define RT_JSON_MAX_SIZE ((size_t)1 << 30)

/* Parses one JSON document (RFC 8259, as OPA accepts it: exact numbers kept as text,
 * duplicate object keys keep the last value). Returns NULL and fills err on failure. */
rt_value *rt_json_parse(const char *text, size_t len, rt_json_error *err);

/* Output flags. */
#define RT_JSON_PRETTY 0x01 /* two-space indentation, as `opa eval` prints */
/* Appends v as JSON: object keys sorted, sets as sorted arrays, non-string object keys as
 * their JSON text, strings escaped as OPA (Go's encoding/json) escapes them. */
void rt_json_write(rt_buf *out, const rt_value *v, int flags);
/* Rego syntax (sets as {..}/set(), as print and sprintf("%v") show values). */
void rt_rego_write(rt_buf *out, const rt_value *v);

/* ---- errors ----------------------------------------------------------------------------- */

typedef enum rt_error_code {
  RT_ERR_NONE = 0,
  RT_ERR_CONFLICT,    /* eval_conflict_error */
  RT_ERR_TYPE,        /* eval_type_error */
  RT_ERR_BUILTIN,     /* eval_builtin_error */
  RT_ERR_INTERNAL,    /* eval_internal_error */
} rt_error_code;

const char *rt_error_code_name(rt_error_code c); /* "eval_conflict_error", ... */

/* A source position in the policy, emitted by the compiler as static data. */
typedef struct rt_loc {
  const char *file;
  int row, col;
} rt_loc;

/* Where the evaluation is: generated code sets it before calls that may fail, so errors can
 * name the policy location without passing it to every builtin. */
extern const rt_loc *rt_cur_loc;

typedef struct rt_error {
  rt_error_code code;
  rt_loc loc;
  char message[512];
} rt_error;

/* Evaluation-wide state: strict builtin errors, the first builtin error (strict mode), the
 * unwinding target for fatal errors. */
typedef struct rt_eval_state {
  bool strict;        /* strict builtin errors: record the first one */
  bool has_error;
  rt_error error;     /* the first error recorded; a fatal error replaces it */
  void *jmp;          /* jmp_buf * of the evaluation's entry, for rt_fatal */
} rt_eval_state;
extern rt_eval_state *rt_state;

/* Fatal evaluation error (conflicts, internal errors): records it and unwinds to the entry
 * (longjmp). Never returns. */
_Noreturn void rt_fatal(rt_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A builtin failed: in strict mode the first such error is recorded (evaluation continues
 * with the call undefined, as OPA does); always returns NULL so builtins can
 * `return rt_builtin_fail(...)`. `name` is the builtin's Rego name, prefixed to the message
 * as OPA does ("sprintf: ..."). */
rt_value *rt_builtin_fail(rt_error_code code, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Formats an error as OPA does: "FILE:ROW: CODE: MESSAGE". */
void rt_error_format(const rt_error *e, rt_buf *out);

#endif /* RT_H */
