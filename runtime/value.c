/* value.c: Rego values — constructors, objects and sets, iteration, and the generic
 * operations (compare, equal, hash, get, length, copy, merge) with OPA's semantics.
 *
 * Objects and sets share one hash table (rt_table in rt_internal.h): an entry vector in
 * insertion order, each entry caching its key's hash, plus an open-addressing index of
 * (entry number, hash tag) slots with linear probing. Insertion order makes iteration and
 * output deterministic without sorting; the index stays at most half full counting removed
 * slots, so probes are short and tombstones never need a separate rehash. Tables of up to
 * RT_TABLE_LINEAR_MAX entries have no index and are scanned, comparing cached hashes first.
 * A removed entry leaves a tombstone that the next growth compacts away.
 *
 * The total order follows OPA's ast.Compare: type tags first; objects compare their
 * entries sorted by key, pairwise key then value, then by size (so {"a": 2} > {"a": 1,
 * "b": 0}); sets compare sorted members like arrays. Equality of objects and sets is
 * decided by lookups instead of sorting. Hashes of objects and sets sum per-entry hashes,
 * so insertion order never matters. Recursion is bounded by RT_VALUE_MAX_DEPTH.
 */
#include "rt_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

rt_value rt_null_value = {RT_NULL, RT_F_STATIC};
rt_boolean rt_true_value = {{RT_BOOLEAN, RT_F_STATIC}, true};
rt_boolean rt_false_value = {{RT_BOOLEAN, RT_F_STATIC}, false};

const char *rt_type_name(const rt_value *v) {
  static const char *const names[] = {
      "undefined", "null", "boolean", "number", "string", "array", "object", "set",
  };
  if (!v || v->type > RT_SET)
    return "undefined";
  return names[v->type];
}

static _Noreturn void too_big(const char *what) {
  fprintf(stderr, "regoc runtime: %s too large\n", what);
  abort();
}

static _Noreturn void too_deep(void) {
  rt_fatal(RT_ERR_INTERNAL, "value nesting exceeds %d levels", RT_VALUE_MAX_DEPTH);
}

/* The current arena, for tables that pick their arena explicitly (see rt_copy_to). */
static rt_arena *cur_arena(void) {
  rt_arena *a = rt_arena_current();
  if (!a) {
    fprintf(stderr, "regoc runtime: allocation with no current arena (rt_arena_use)\n");
    abort();
  }
  return a;
}

#define AS_TABLE(v) ((rt_table *)(v))
#define IS_TABLE(v) ((v)->type == RT_OBJECT || (v)->type == RT_SET)

/* ---- strings ------------------------------------------------------------------------------ */

rt_value *rt_string_n(const char *s, size_t len) {
  if (len > UINT32_MAX)
    too_big("string");
  rt_string *v = rt_alloc(sizeof *v + len + 1);
  char *p = (char *)(v + 1);
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  v->hdr.type = RT_STRING;
  v->hdr.flags = 0;
  v->len = (uint32_t)len;
  v->s = p;
  v->hash = 0;
  return &v->hdr;
}

rt_value *rt_string_z(const char *s) {
  return rt_string_n(s, strlen(s));
}

rt_value *rt_string_own(char *s, size_t len) {
  if (len > UINT32_MAX)
    too_big("string");
  rt_string *v = rt_alloc(sizeof *v);
  v->hdr.type = RT_STRING;
  v->hdr.flags = 0;
  v->len = (uint32_t)len;
  v->s = s;
  v->hash = 0;
  return &v->hdr;
}

/* ---- arrays ------------------------------------------------------------------------------- */

rt_value *rt_array_new(uint32_t cap) {
  rt_array *a = rt_alloc(sizeof *a);
  a->hdr.type = RT_ARRAY;
  a->hdr.flags = 0;
  a->len = 0;
  a->cap = cap;
  a->items = cap ? rt_alloc((size_t)cap * sizeof *a->items) : NULL;
  return &a->hdr;
}

void rt_array_push(rt_value *arr, rt_value *v) {
  assert(arr->type == RT_ARRAY && v);
  rt_array *a = RT_AS_ARR(arr);
  if (a->len == a->cap) {
    if (a->cap >= UINT32_MAX / 2)
      too_big("array");
    uint32_t cap = a->cap ? a->cap * 2 : 4;
    rt_value **items = rt_alloc((size_t)cap * sizeof *items);
    if (a->len)
      memcpy(items, a->items, (size_t)a->len * sizeof *items);
    a->items = items;
    a->cap = cap;
  }
  a->items[a->len++] = v;
}

/* ---- hashing ------------------------------------------------------------------------------ */

#define K1 0x9e3779b97f4a7c15ULL
#define K2 0xc2b2ae3d27d4eb4fULL
#define K3 0x165667b19e3779f9ULL

static inline uint64_t rotl(uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}

static inline uint64_t load64(const char *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}

static inline uint64_t load32(const char *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}

static inline uint64_t step(uint64_t h, uint64_t w) {
  return rotl(h ^ (w * K2), 29) * K1;
}

/* Eight bytes at a time. The tail is read as overlapping fixed-size loads rather than a
 * variable-length copy (which costs a libc call and a mispredicted branch per string);
 * the length is mixed in, so strings that share those bytes still differ. */
uint64_t rt_hash_bytes(const char *s, size_t len) {
  uint64_t h = K3 ^ ((uint64_t)len * K1), w;
  if (len > 8) {
    const char *last = s + len - 8;
    for (; s < last; s += 8)
      h = step(h, load64(s));
    w = load64(last);
  } else if (len >= 4) {
    w = (load32(s) << 32) | load32(s + len - 4);
  } else if (len > 0) {
    const unsigned char *u = (const unsigned char *)s;
    w = ((uint64_t)u[0] << 16) | ((uint64_t)u[len / 2] << 8) | u[len - 1];
  } else {
    w = 0;
  }
  return rt_hash_mix(step(h, w));
}

#define SEED_NULL 0x6e756c6c00000001ULL
#define SEED_FALSE 0x66616c7365000002ULL
#define SEED_TRUE 0x7472756500000003ULL
#define SEED_NUM 0x6e756d6265720004ULL
#define SEED_ARR 0x6172726179000005ULL
#define SEED_OBJ 0x6f626a6563740006ULL
#define SEED_SET 0x7365740000000007ULL

static uint64_t hash_rec(const rt_value *v, int depth);

static uint64_t hash_table(rt_table *t, int depth) {
  if (t->hash_ok)
    return t->hash;
  /* Sums are commutative: the order entries were inserted in cannot change the result. */
  uint64_t sum = 0;
  for (uint32_t i = 0; i < t->used; i++) {
    const rt_entry *e = &t->entries[i];
    if (!e->key)
      continue;
    if (t->hdr.type == RT_OBJECT)
      sum += rt_hash_mix(e->hash * K1 + hash_rec(e->val, depth + 1));
    else
      sum += rt_hash_mix(e->hash ^ K2);
  }
  uint64_t seed = t->hdr.type == RT_OBJECT ? SEED_OBJ : SEED_SET;
  t->hash = rt_hash_mix(seed ^ sum ^ ((uint64_t)t->len * K3));
  t->hash_ok = true;
  return t->hash;
}

static uint64_t hash_rec(const rt_value *v, int depth) {
  if (depth > RT_VALUE_MAX_DEPTH)
    too_deep();
  switch (v->type) {
  case RT_NULL:
    return SEED_NULL;
  case RT_BOOLEAN:
    return RT_AS_BOOL(v) ? SEED_TRUE : SEED_FALSE;
  case RT_NUMBER:
    return rt_hash_mix(rt_num_hash(v) ^ SEED_NUM);
  case RT_STRING: {
    rt_string *str = RT_AS_STR(v);
    if (str->hash) return str->hash;
    uint64_t h = rt_hash_bytes(str->s, str->len);
    if (!(v->flags & RT_F_STATIC)) str->hash = h; /* static strings may be read-only */
    return h;
  }
  case RT_ARRAY: {
    const rt_array *a = RT_AS_ARR(v);
    uint64_t h = SEED_ARR ^ ((uint64_t)a->len * K3);
    for (uint32_t i = 0; i < a->len; i++)
      h = rotl(h ^ hash_rec(a->items[i], depth + 1), 31) * K1;
    return rt_hash_mix(h);
  }
  case RT_OBJECT:
  case RT_SET:
    return hash_table(AS_TABLE(v), depth);
  }
  return 0;
}

uint64_t rt_hash(const rt_value *v) {
  return v ? hash_rec(v, 0) : 0;
}

/* ---- tables: objects and sets ------------------------------------------------------------- */

static bool equal_rec(const rt_value *a, const rt_value *b, int depth);

static uint32_t index_size(uint32_t cap) {
  uint32_t n = 16;
  while (n < 2 * (uint64_t)cap)
    n *= 2;
  return n;
}

/* Puts entry number i (0-based) into the index, at the first free or removed slot. */
static void index_add(rt_table *t, uint32_t i, uint64_t hash) {
  uint32_t pos = (uint32_t)hash & t->mask;
  while (t->index[pos].idx != 0 && t->index[pos].idx != RT_SLOT_DELETED)
    pos = (pos + 1) & t->mask;
  t->index[pos].idx = i + 1;
  t->index[pos].tag = (uint32_t)(hash >> 32);
}

/* Gives t room for `cap` entry slots (cap >= t->len), dropping tombstones and rebuilding
 * the index. The new vectors come from arena `a`. */
static void table_resize(rt_table *t, uint32_t cap, rt_arena *a) {
  if (cap > UINT32_MAX / 4)
    too_big(t->hdr.type == RT_OBJECT ? "object" : "set");
  rt_entry *old = t->entries;
  uint32_t used = t->used;
  t->entries = rt_arena_alloc(a, (size_t)cap * sizeof *t->entries);
  t->cap = cap;
  t->used = 0;
  for (uint32_t i = 0; i < used; i++)
    if (old[i].key)
      t->entries[t->used++] = old[i];
  if (cap > RT_TABLE_LINEAR_MAX) {
    uint32_t n = index_size(cap);
    t->index = rt_arena_alloc(a, (size_t)n * sizeof *t->index);
    memset(t->index, 0, (size_t)n * sizeof *t->index);
    t->mask = n - 1;
    for (uint32_t i = 0; i < t->used; i++)
      index_add(t, i, t->entries[i].hash);
  } else {
    t->index = NULL;
    t->mask = 0;
  }
}

static rt_table *table_new(rt_type type, uint32_t cap, rt_arena *a) {
  rt_table *t = rt_arena_alloc(a, sizeof *t);
  memset(t, 0, sizeof *t);
  t->hdr.type = (uint8_t)type;
  if (cap)
    table_resize(t, cap, a);
  return t;
}

/* Key equality with the common case, string keys, inline. */
static inline bool key_equal(const rt_value *a, const rt_value *b, int depth) {
  if (a == b)
    return true;
  if (a->type == RT_STRING && b->type == RT_STRING) {
    const rt_string *x = RT_AS_STR(a), *y = RT_AS_STR(b);
    return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
  }
  return equal_rec(a, b, depth);
}

/* Finds key (whose hash is h) in t: returns its entry number, or -1. *slot receives the
 * index slot that points at it (when t has an index). */
static int64_t table_find(const rt_table *t, const rt_value *key, uint64_t h, uint32_t *slot,
                          int depth) {
  if (!t->index) {
    for (uint32_t i = 0; i < t->used; i++) {
      const rt_entry *e = &t->entries[i];
      if (e->hash == h && e->key && key_equal(e->key, key, depth))
        return i;
    }
    return -1;
  }
  uint32_t tag = (uint32_t)(h >> 32);
  for (uint32_t pos = (uint32_t)h & t->mask;; pos = (pos + 1) & t->mask) {
    rt_slot s = t->index[pos];
    if (s.idx == 0)
      return -1;
    if (s.idx != RT_SLOT_DELETED && s.tag == tag) {
      const rt_entry *e = &t->entries[s.idx - 1];
      if (e->hash == h && key_equal(e->key, key, depth)) {
        if (slot)
          *slot = pos;
        return s.idx - 1;
      }
    }
  }
}

/* Appends a new entry (the key must be absent). */
static void table_append(rt_table *t, rt_value *key, uint64_t h, rt_value *val) {
  if (t->used == t->cap) {
    uint32_t cap;
    if (t->cap == 0)
      cap = 4;
    else if (t->len <= t->cap / 2)
      cap = t->cap; /* half tombstones: compacting makes room */
    else
      cap = t->cap * 2; /* table_resize refuses sizes the index cannot hold */
    table_resize(t, cap, cur_arena());
  }
  uint32_t i = t->used++;
  t->entries[i].hash = h;
  t->entries[i].key = key;
  t->entries[i].val = val;
  t->len++;
  t->hash_ok = false;
  if (t->index)
    index_add(t, i, h);
}

static bool table_remove(rt_table *t, const rt_value *key) {
  uint32_t slot = 0;
  int64_t i = table_find(t, key, rt_hash(key), &slot, 0);
  if (i < 0)
    return false;
  t->entries[i].key = NULL;
  t->entries[i].val = NULL;
  if (t->index)
    t->index[slot].idx = RT_SLOT_DELETED;
  t->len--;
  t->hash_ok = false;
  /* Without an index, trailing tombstones can simply be forgotten. (With one they must
   * stay counted: `used` bounds the index's filled slots, which keeps it half empty.) */
  while (!t->index && t->used > 0 && !t->entries[t->used - 1].key)
    t->used--;
  return true;
}

rt_value *rt_object_new(uint32_t cap) {
  return &table_new(RT_OBJECT, cap, cur_arena())->hdr;
}

void rt_object_put(rt_value *obj, rt_value *key, rt_value *val) {
  assert(obj->type == RT_OBJECT && key && val);
  rt_table *t = AS_TABLE(obj);
  uint64_t h = rt_hash(key);
  int64_t i = table_find(t, key, h, NULL, 0);
  if (i >= 0) {
    t->entries[i].val = val; /* the first key stays, as in OPA */
    t->hash_ok = false;
  } else {
    table_append(t, key, h, val);
  }
}

bool rt_object_put_once(rt_value *obj, rt_value *key, rt_value *val) {
  assert(obj->type == RT_OBJECT && key && val);
  rt_table *t = AS_TABLE(obj);
  uint64_t h = rt_hash(key);
  int64_t i = table_find(t, key, h, NULL, 0);
  if (i >= 0)
    return rt_equal(t->entries[i].val, val);
  table_append(t, key, h, val);
  return true;
}

rt_value *rt_object_get(const rt_value *obj, const rt_value *key) {
  if (!obj || obj->type != RT_OBJECT || !key)
    return NULL;
  const rt_table *t = AS_TABLE(obj);
  if (t->len == 0)
    return NULL;
  int64_t i = table_find(t, key, rt_hash(key), NULL, 0);
  return i >= 0 ? t->entries[i].val : NULL;
}

rt_value *rt_object_get_str(const rt_value *obj, const char *key, size_t len) {
  if (len > UINT32_MAX)
    return NULL;
  rt_string k = {{RT_STRING, RT_F_STATIC}, (uint32_t)len, key, 0};
  return rt_object_get(obj, &k.hdr);
}

bool rt_object_remove(rt_value *obj, const rt_value *key) {
  assert(obj->type == RT_OBJECT);
  return key && table_remove(AS_TABLE(obj), key);
}

uint32_t rt_object_len(const rt_value *obj) {
  return AS_TABLE(obj)->len;
}

rt_value *rt_set_new(uint32_t cap) {
  return &table_new(RT_SET, cap, cur_arena())->hdr;
}

void rt_set_add(rt_value *set, rt_value *v) {
  assert(set->type == RT_SET && v);
  rt_table *t = AS_TABLE(set);
  uint64_t h = rt_hash(v);
  if (table_find(t, v, h, NULL, 0) < 0)
    table_append(t, v, h, v);
}

bool rt_set_has(const rt_value *set, const rt_value *v) {
  if (!set || set->type != RT_SET || !v || AS_TABLE(set)->len == 0)
    return false;
  return table_find(AS_TABLE(set), v, rt_hash(v), NULL, 0) >= 0;
}

bool rt_set_remove(rt_value *set, const rt_value *v) {
  assert(set->type == RT_SET);
  return v && table_remove(AS_TABLE(set), v);
}

uint32_t rt_set_len(const rt_value *set) {
  return AS_TABLE(set)->len;
}

/* ---- iteration ---------------------------------------------------------------------------- */

/* Index keys 0..255 are static, so iterating small arrays allocates nothing. */
#define I1(n) RT_STATIC_INT(n)
#define I4(n) I1(n), I1(n + 1), I1(n + 2), I1(n + 3)
#define I16(n) I4(n), I4(n + 4), I4(n + 8), I4(n + 12)
#define I64(n) I16(n), I16(n + 16), I16(n + 32), I16(n + 48)
static rt_number small_ints[256] = {I64(0), I64(64), I64(128), I64(192)};

static rt_value *index_key(uint32_t i) {
  if (i < 256)
    return &small_ints[i].hdr;
  rt_number *n = rt_alloc(sizeof *n);
  n->hdr.type = RT_NUMBER;
  n->hdr.flags = RT_F_INT;
  n->len = 0;
  n->i = i;
  n->text = NULL;
  return &n->hdr;
}

void rt_iter_init(rt_iter *it, const rt_value *coll) {
  it->coll = coll;
  it->pos = 0;
  it->key = it->val = NULL;
}

bool rt_iter_next(rt_iter *it) {
  const rt_value *c = it->coll;
  if (!c)
    return false;
  if (c->type == RT_ARRAY) {
    const rt_array *a = RT_AS_ARR(c);
    if (it->pos >= a->len)
      return false;
    it->key = index_key(it->pos);
    it->val = a->items[it->pos++];
    return true;
  }
  if (!IS_TABLE(c))
    return false;
  const rt_table *t = AS_TABLE(c);
  while (it->pos < t->used) {
    const rt_entry *e = &t->entries[it->pos++];
    if (e->key) {
      it->key = e->key;
      it->val = e->val;
      return true;
    }
  }
  return false;
}

/* ---- sorting ------------------------------------------------------------------------------ */

static int compare_rec(const rt_value *a, const rt_value *b, int depth);

/* Merge sort by rt_compare (insertion sort below 9 elements): the comparison count stays
 * at n log n, which matters when keys are themselves collections, and a sorted input costs
 * one comparison per merge. Table keys are distinct, so stability is moot. Defined twice,
 * for value vectors and for entry vectors compared by key; tmp holds n / 2 elements. */
#define DEFINE_SORT(NAME, T, KEY)                                                             \
  static void NAME(T *v, T *tmp, size_t n, int depth) {                                      \
    if (n <= 8) {                                                                             \
      for (size_t i = 1; i < n; i++) {                                                        \
        T x = v[i];                                                                           \
        size_t j = i;                                                                         \
        for (; j > 0 && compare_rec(KEY(v[j - 1]), KEY(x), depth) > 0; j--)                   \
          v[j] = v[j - 1];                                                                    \
        v[j] = x;                                                                             \
      }                                                                                       \
      return;                                                                                 \
    }                                                                                         \
    size_t h = n / 2, i = 0, j = h, k = 0;                                                    \
    NAME(v, tmp, h, depth);                                                                   \
    NAME(v + h, tmp, n - h, depth);                                                           \
    if (compare_rec(KEY(v[h - 1]), KEY(v[h]), depth) <= 0)                                    \
      return;                                                                                 \
    memcpy(tmp, v, h * sizeof *v);                                                           \
    while (i < h && j < n)                                                                    \
      v[k++] = compare_rec(KEY(v[j]), KEY(tmp[i]), depth) < 0 ? v[j++] : tmp[i++];            \
    while (i < h)                                                                             \
      v[k++] = tmp[i++];                                                                      \
  }

#define VALUE_KEY(x) (x)
#define ENTRY_KEY(x) ((x)->key)
DEFINE_SORT(sort_values, rt_value *, VALUE_KEY)
DEFINE_SORT(sort_entries, const rt_entry *, ENTRY_KEY)

/* Fills out[0..len) with t's live entries sorted by key; tmp holds len / 2 + 1. */
static void sorted_entries(const rt_table *t, const rt_entry **out, const rt_entry **tmp,
                           int depth) {
  uint32_t k = 0;
  for (uint32_t i = 0; i < t->used; i++)
    if (t->entries[i].key)
      out[k++] = &t->entries[i];
  sort_entries(out, tmp, k, depth);
}

rt_value *rt_sorted_keys(const rt_value *coll) {
  if (!coll)
    return NULL;
  if (coll->type == RT_ARRAY) {
    const rt_array *a = RT_AS_ARR(coll);
    rt_array *r = RT_AS_ARR(rt_array_new(a->len));
    rt_value **tmp = rt_alloc(((size_t)a->len / 2 + 1) * sizeof *tmp);
    if (a->len)
      memcpy(r->items, a->items, (size_t)a->len * sizeof *r->items);
    r->len = a->len;
    sort_values(r->items, tmp, r->len, 0);
    return &r->hdr;
  }
  if (!IS_TABLE(coll))
    return NULL;
  const rt_table *t = AS_TABLE(coll);
  rt_array *r = RT_AS_ARR(rt_array_new(t->len));
  const rt_entry **ents = rt_alloc(((size_t)t->len + t->len / 2 + 1) * sizeof *ents);
  sorted_entries(t, ents, ents + t->len, 0);
  for (uint32_t i = 0; i < t->len; i++)
    r->items[i] = ents[i]->key;
  r->len = t->len;
  return &r->hdr;
}

/* ---- compare and equal -------------------------------------------------------------------- */

static inline int sign(int c) {
  return (c > 0) - (c < 0);
}

static int compare_strings(const rt_string *a, const rt_string *b) {
  uint32_t n = a->len < b->len ? a->len : b->len;
  int c = n ? memcmp(a->s, b->s, n) : 0;
  if (c)
    return sign(c);
  return (a->len > b->len) - (a->len < b->len);
}

static int compare_numbers(const rt_value *a, const rt_value *b) {
  if ((a->flags & b->flags & RT_F_INT)) {
    int64_t x = RT_AS_NUM(a)->i, y = RT_AS_NUM(b)->i;
    return (x > y) - (x < y);
  }
  return sign(rt_num_cmp(a, b));
}

/* Tables are compared on their entries sorted by key. Scratch vectors for up to SMALL
 * entries live on the stack; larger ones are malloc'd (not the arena: a sort of many
 * objects would otherwise fill it with garbage). Only a too-deep value, which unwinds with
 * rt_fatal, can skip the free; that ends the evaluation with an internal error anyway. */
#define SMALL 16

static int compare_tables(const rt_table *a, const rt_table *b, int depth) {
  const rt_entry *sa[SMALL], *sb[SMALL], *st[SMALL / 2 + 1];
  const rt_entry **ea = sa, **eb = sb, **tmp = st, **heap = NULL;
  size_t na = a->len, nb = b->len, nmax = na > nb ? na : nb;
  if (nmax > SMALL) {
    heap = malloc((na + nb + nmax / 2 + 1) * sizeof *heap);
    if (!heap) {
      fprintf(stderr, "regoc runtime: out of memory\n");
      abort();
    }
    ea = heap;
    eb = heap + na;
    tmp = heap + na + nb;
  }
  sorted_entries(a, ea, tmp, depth);
  sorted_entries(b, eb, tmp, depth);
  int c = 0;
  size_t n = na < nb ? na : nb;
  for (size_t i = 0; i < n && c == 0; i++) {
    const rt_entry *x = ea[i], *y = eb[i];
    c = compare_rec(x->key, y->key, depth);
    if (c == 0 && a->hdr.type == RT_OBJECT)
      c = compare_rec(x->val, y->val, depth);
  }
  if (c == 0)
    c = (na > nb) - (na < nb);
  free((void *)heap);
  return c;
}

static int compare_rec(const rt_value *a, const rt_value *b, int depth) {
  if (a == b)
    return 0;
  if (!a || !b)
    return a ? 1 : -1; /* undefined sorts first, as nil in OPA */
  if (a->type != b->type)
    return a->type < b->type ? -1 : 1;
  if (++depth > RT_VALUE_MAX_DEPTH)
    too_deep();
  switch (a->type) {
  case RT_NULL:
    return 0;
  case RT_BOOLEAN:
    return (int)RT_AS_BOOL(a) - (int)RT_AS_BOOL(b);
  case RT_NUMBER:
    return compare_numbers(a, b);
  case RT_STRING:
    return compare_strings(RT_AS_STR(a), RT_AS_STR(b));
  case RT_ARRAY: {
    const rt_array *x = RT_AS_ARR(a), *y = RT_AS_ARR(b);
    uint32_t n = x->len < y->len ? x->len : y->len;
    for (uint32_t i = 0; i < n; i++) {
      int c = compare_rec(x->items[i], y->items[i], depth);
      if (c)
        return c;
    }
    return (x->len > y->len) - (x->len < y->len);
  }
  case RT_OBJECT:
  case RT_SET:
    return compare_tables(AS_TABLE(a), AS_TABLE(b), depth);
  }
  return 0;
}

int rt_compare(const rt_value *a, const rt_value *b) {
  return compare_rec(a, b, 0);
}

static bool equal_tables(const rt_table *a, const rt_table *b, int depth) {
  if (a->len != b->len)
    return false;
  if (a->hash_ok && b->hash_ok && a->hash != b->hash)
    return false;
  for (uint32_t i = 0; i < a->used; i++) {
    const rt_entry *e = &a->entries[i];
    if (!e->key)
      continue;
    int64_t j = table_find(b, e->key, e->hash, NULL, depth);
    if (j < 0)
      return false;
    if (a->hdr.type == RT_OBJECT && !equal_rec(e->val, b->entries[j].val, depth))
      return false;
  }
  return true;
}

static bool equal_rec(const rt_value *a, const rt_value *b, int depth) {
  if (a == b)
    return true;
  if (!a || !b || a->type != b->type)
    return false;
  if (++depth > RT_VALUE_MAX_DEPTH)
    too_deep();
  switch (a->type) {
  case RT_NULL:
    return true;
  case RT_BOOLEAN:
    return RT_AS_BOOL(a) == RT_AS_BOOL(b);
  case RT_NUMBER:
    return compare_numbers(a, b) == 0;
  case RT_STRING: {
    const rt_string *x = RT_AS_STR(a), *y = RT_AS_STR(b);
    return x->len == y->len && (x->len == 0 || memcmp(x->s, y->s, x->len) == 0);
  }
  case RT_ARRAY: {
    const rt_array *x = RT_AS_ARR(a), *y = RT_AS_ARR(b);
    if (x->len != y->len)
      return false;
    for (uint32_t i = 0; i < x->len; i++)
      if (!equal_rec(x->items[i], y->items[i], depth))
        return false;
    return true;
  }
  case RT_OBJECT:
  case RT_SET:
    return equal_tables(AS_TABLE(a), AS_TABLE(b), depth);
  }
  return false;
}

bool rt_equal(const rt_value *a, const rt_value *b) {
  return equal_rec(a, b, 0);
}

/* ---- get and length ----------------------------------------------------------------------- */

rt_value *rt_get(const rt_value *v, const rt_value *key) {
  if (!v || !key)
    return NULL;
  switch (v->type) {
  case RT_ARRAY: {
    int64_t i;
    if (key->type != RT_NUMBER)
      return NULL;
    if (key->flags & RT_F_INT)
      i = RT_AS_NUM(key)->i;
    else if (!rt_num_to_int64(key, &i))
      return NULL;
    const rt_array *a = RT_AS_ARR(v);
    return i >= 0 && i < (int64_t)a->len ? a->items[i] : NULL;
  }
  case RT_OBJECT:
    return rt_object_get(v, key);
  case RT_SET: {
    const rt_table *t = AS_TABLE(v);
    if (t->len == 0)
      return NULL;
    int64_t i = table_find(t, key, rt_hash(key), NULL, 0);
    return i >= 0 ? t->entries[i].key : NULL;
  }
  }
  return NULL;
}

int64_t rt_length(const rt_value *v) {
  if (!v)
    return -1;
  switch (v->type) {
  case RT_STRING:
    return (int64_t)rt_utf8_count(RT_AS_STR(v)->s, RT_AS_STR(v)->len);
  case RT_ARRAY:
    return RT_AS_ARR(v)->len;
  case RT_OBJECT:
  case RT_SET:
    return AS_TABLE(v)->len;
  }
  return -1;
}

/* ---- copy --------------------------------------------------------------------------------- */

static rt_value *copy_rec(rt_arena *dst, const rt_value *v, int depth) {
  if (v->flags & RT_F_STATIC)
    return (rt_value *)v;
  if (++depth > RT_VALUE_MAX_DEPTH)
    too_deep();
  switch (v->type) {
  case RT_NULL:
    return RT_NULLV; /* a null or boolean built in some arena becomes the singleton */
  case RT_BOOLEAN:
    return RT_BOOL(RT_AS_BOOL(v));
  case RT_NUMBER: {
    const rt_number *n = RT_AS_NUM(v);
    rt_number *c = rt_arena_alloc(dst, sizeof *c + (n->text ? n->len + 1 : 0));
    *c = *n;
    if (n->text) {
      char *p = (char *)(c + 1);
      memcpy(p, n->text, n->len);
      p[n->len] = '\0';
      c->text = p;
    }
    return &c->hdr;
  }
  case RT_STRING: {
    const rt_string *s = RT_AS_STR(v);
    rt_string *c = rt_arena_alloc(dst, sizeof *c + s->len + 1);
    char *p = (char *)(c + 1);
    if (s->len)
      memcpy(p, s->s, s->len);
    p[s->len] = '\0';
    *c = *s;
    c->s = p;
    return &c->hdr;
  }
  case RT_ARRAY: {
    const rt_array *a = RT_AS_ARR(v);
    rt_array *c = rt_arena_alloc(dst, sizeof *c);
    *c = *a;
    c->cap = a->len;
    c->items = a->len ? rt_arena_alloc(dst, (size_t)a->len * sizeof *c->items) : NULL;
    for (uint32_t i = 0; i < a->len; i++)
      c->items[i] = copy_rec(dst, a->items[i], depth);
    return &c->hdr;
  }
  case RT_OBJECT:
  case RT_SET: {
    const rt_table *t = AS_TABLE(v);
    rt_table *c = table_new((rt_type)t->hdr.type, 0, dst);
    c->hdr.flags = t->hdr.flags;
    if (t->len == 0)
      return &c->hdr;
    /* Copy the entries (compacted, order kept), then fill in deep copies of their parts;
     * the cached hashes stay valid because copies are equal. */
    rt_table tmp = *t;
    table_resize(&tmp, t->len, dst);
    *c = tmp;
    for (uint32_t i = 0; i < c->used; i++) {
      rt_entry *e = &c->entries[i];
      e->key = copy_rec(dst, e->key, depth);
      e->val = t->hdr.type == RT_SET ? e->key : copy_rec(dst, e->val, depth);
    }
    return &c->hdr;
  }
  }
  return (rt_value *)v; /* not a value type: nothing to copy */
}

rt_value *rt_copy_to(rt_arena *dst, const rt_value *v) {
  return v ? copy_rec(dst, v, 0) : NULL;
}

/* ---- merge -------------------------------------------------------------------------------- */

/* OPA's Object.Merge: keys of both; a key in both merges recursively when both values are
 * objects and is a conflict otherwise, even when the two values are equal. */
static rt_value *merge_rec(const rt_value *a, const rt_value *b, int depth) {
  if (a->type != RT_OBJECT || b->type != RT_OBJECT)
    return NULL;
  if (++depth > RT_VALUE_MAX_DEPTH)
    too_deep();
  const rt_table *x = AS_TABLE(a), *y = AS_TABLE(b);
  rt_table *r = AS_TABLE(rt_object_new(x->len + y->len));
  for (uint32_t i = 0; i < x->used; i++) {
    const rt_entry *e = &x->entries[i];
    if (!e->key)
      continue;
    int64_t j = table_find(y, e->key, e->hash, NULL, depth);
    rt_value *v = e->val;
    if (j >= 0 && !(v = merge_rec(v, y->entries[j].val, depth)))
      return NULL;
    table_append(r, e->key, e->hash, v);
  }
  for (uint32_t i = 0; i < y->used; i++) {
    const rt_entry *e = &y->entries[i];
    if (e->key && table_find(x, e->key, e->hash, NULL, depth) < 0)
      table_append(r, e->key, e->hash, e->val);
  }
  return &r->hdr;
}

rt_value *rt_merge(const rt_value *a, const rt_value *b) {
  if (!a)
    return (rt_value *)b;
  if (!b)
    return (rt_value *)a;
  return merge_rec(a, b, 0);
}
