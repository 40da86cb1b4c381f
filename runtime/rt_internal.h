/* rt_internal.h: what the runtime's own files share and nothing outside runtime/ may use.
 *
 * rt.h keeps objects and sets opaque so that their layout can change without touching
 * generated code or builtins; the layout lives here because value.c builds them and the
 * JSON reader/writer and tests may want to look inside. The one cross-engineer contract is
 * rt_num_hash: number.c implements it, value.c calls it, and it must give equal numbers
 * (1, 1.0, 1e0, 100e-2) the same hash whatever their representation.
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include "rt.h"

/* ---- numbers (implemented in number.c) ---------------------------------------------------- */

/* Hash of a number's value: equal numbers hash alike whether int or text. */
uint64_t rt_num_hash(const rt_value *n);

/* ---- arenas (arena.c) --------------------------------------------------------------------- */

/* Allocates from a given arena rather than the current one (16-byte aligned). Used where a
 * value must land in an arena other than the current one (rt_copy_to) without switching the
 * global, which a longjmp could leave switched. */
void *rt_arena_alloc(rt_arena *a, size_t n);

/* ---- hashing helpers (value.c) ------------------------------------------------------------ */

/* Hash of raw bytes, the one rt_hash uses for a string with those bytes. */
uint64_t rt_hash_bytes(const char *s, size_t len);

/* A strong 64-bit finaliser (bijective), for callers combining hashes. */
static inline uint64_t rt_hash_mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

/* ---- objects and sets (value.c) ----------------------------------------------------------- */

/* One entry of an object or set. Entries are kept in insertion order; a removed entry keeps
 * its place with key == NULL (a tombstone) until the table is compacted. In a set val == key. */
typedef struct rt_entry {
  uint64_t hash; /* rt_hash(key), cached */
  rt_value *key;
  rt_value *val;
} rt_entry;

/* One slot of the open-addressing index: 0 = empty, RT_SLOT_DELETED = removed, otherwise
 * entry number + 1. `tag` holds the high half of the entry's hash so that most probes that
 * miss are rejected without touching the entry vector. */
typedef struct rt_slot {
  uint32_t idx;
  uint32_t tag;
} rt_slot;
#define RT_SLOT_DELETED UINT32_MAX

/* Tables with at most this many entry slots have no index: a linear scan over cached
 * hashes is as fast as probing and saves the index allocation (see bench_value). */
#ifndef RT_TABLE_LINEAR_MAX
#define RT_TABLE_LINEAR_MAX 8
#endif

typedef struct rt_table {
  rt_value hdr;
  bool hash_ok;      /* `hash` is valid (cleared by every change) */
  uint32_t len;      /* live entries */
  uint32_t used;     /* entry slots used, live or tombstones */
  uint32_t cap;      /* entry slots allocated */
  uint32_t mask;     /* index slots - 1; 0 when there is no index */
  rt_entry *entries;
  rt_slot *index;
  uint64_t hash;     /* cached rt_hash of the whole table */
} rt_table;

struct rt_object {
  rt_table t;
};
struct rt_set {
  rt_table t;
};

/* Recursion limit of compare, equal, hash, copy and merge. JSON input is limited to
 * RT_JSON_MAX_DEPTH levels; policies add a bounded number of levels on top. Deeper values
 * are an internal error (rt_fatal) rather than a stack overflow. */
#define RT_VALUE_MAX_DEPTH 4096

#endif /* RT_INTERNAL_H */
