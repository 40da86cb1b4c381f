/* arena.c: bump allocation in chunks, rewound by marks; the runtime's one allocator.
 *
 * Every value an evaluation builds comes from the current arena and dies when the checker
 * restores the mark it took before the evaluation, so nothing is ever freed one by one
 * (DESIGN.md §5). The chunks form a list, newest first; allocation bumps a pointer in the
 * newest chunk. A request that does not fit opens a new chunk; one larger than a quarter
 * of the chunk size gets a chunk of its own, so big vectors do not waste regular chunks.
 * Restoring a mark frees the chunks opened after it but keeps one regular chunk aside,
 * because the next evaluation will need it again (no malloc churn per evaluation).
 */
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define DEFAULT_CHUNK ((size_t)64 * 1024)
#define MIN_CHUNK ((size_t)256)

typedef struct chunk {
  struct chunk *prev; /* the next older chunk */
  size_t size;        /* usable bytes after the header */
  size_t before;      /* bytes handed out by the arena before this chunk was opened */
} chunk;

/* The header rounded up so that a chunk's data is 16-byte aligned. */
#define HDR (((sizeof(chunk) + ALIGN - 1) / ALIGN) * ALIGN)

struct rt_arena {
  chunk *head;       /* newest chunk, the one allocations bump in (NULL when empty) */
  size_t used;       /* bytes used in head */
  size_t chunk_size; /* usable size of a regular chunk */
  chunk *spare;      /* one regular chunk kept by restore for reuse */
};

static rt_arena *current;

static _Noreturn void out_of_memory(size_t n) {
  fprintf(stderr, "regoc runtime: out of memory (allocating %zu bytes)\n", n);
  abort();
}

static char *chunk_data(chunk *c) {
  return (char *)c + HDR;
}

static chunk *chunk_new(size_t size) {
  if (size > SIZE_MAX - HDR - ALIGN)
    out_of_memory(size);
  size_t total = (HDR + size + ALIGN - 1) / ALIGN * ALIGN;
  chunk *c = aligned_alloc(ALIGN, total);
  if (!c)
    out_of_memory(size);
  c->size = total - HDR;
  return c;
}

rt_arena *rt_arena_new(size_t chunk_size) {
  rt_arena *a = calloc(1, sizeof *a);
  if (!a)
    out_of_memory(sizeof *a);
  if (chunk_size == 0)
    chunk_size = DEFAULT_CHUNK;
  if (chunk_size < MIN_CHUNK)
    chunk_size = MIN_CHUNK;
  a->chunk_size = (chunk_size + ALIGN - 1) / ALIGN * ALIGN;
  return a;
}

void rt_arena_free(rt_arena *a) {
  if (!a)
    return;
  chunk *c = a->head;
  while (c) {
    chunk *p = c->prev;
    free(c);
    c = p;
  }
  free(a->spare);
  if (current == a)
    current = NULL;
  free(a);
}

rt_arena_mark rt_arena_save(rt_arena *a) {
  rt_arena_mark m = {a->head, a->used};
  return m;
}

void rt_arena_restore(rt_arena *a, rt_arena_mark m) {
  while (a->head != m.chunk) {
    chunk *c = a->head;
    if (!c) {
      fprintf(stderr, "regoc runtime: rt_arena_restore: mark is not from this arena\n");
      abort();
    }
    a->head = c->prev;
    if (c->size == a->chunk_size && !a->spare) {
      a->spare = c;
    } else {
      free(c);
    }
  }
  a->used = m.used;
}

size_t rt_arena_bytes(const rt_arena *a) {
  return a->head ? a->head->before + a->used : 0;
}

rt_arena *rt_arena_use(rt_arena *a) {
  rt_arena *prev = current;
  current = a;
  return prev;
}

rt_arena *rt_arena_current(void) {
  return current;
}

/* Opens a chunk that can hold n bytes and makes it the head. */
static void grow(rt_arena *a, size_t n) {
  chunk *c;
  if (n > a->chunk_size / 4) {
    c = chunk_new(n);
  } else if (a->spare) {
    c = a->spare;
    a->spare = NULL;
  } else {
    c = chunk_new(a->chunk_size);
  }
  c->before = rt_arena_bytes(a);
  c->prev = a->head;
  a->head = c;
  a->used = 0;
}

void *rt_arena_alloc(rt_arena *a, size_t n) {
  if (n > SIZE_MAX - 2 * ALIGN)
    out_of_memory(n);
  n = n ? (n + ALIGN - 1) / ALIGN * ALIGN : ALIGN;
  if (!a->head || a->head->size - a->used < n)
    grow(a, n);
  void *p = chunk_data(a->head) + a->used;
  a->used += n;
  return p;
}

void *rt_alloc(size_t n) {
  if (!current) {
    fprintf(stderr, "regoc runtime: allocation with no current arena (rt_arena_use)\n");
    abort();
  }
  return rt_arena_alloc(current, n);
}

void *rt_alloc_zero(size_t n) {
  void *p = rt_alloc(n);
  memset(p, 0, n);
  return p;
}

char *rt_strndup(const char *s, size_t n) {
  if (n == SIZE_MAX)
    out_of_memory(n);
  char *p = rt_alloc(n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}
