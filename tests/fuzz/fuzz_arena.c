/* fuzz_arena.c: the arena API the front end uses (rt.h), for the fuzz build only.
 *
 * The real arena (runtime/arena.c) carves many nodes out of one chunk, where AddressSanitizer
 * cannot see one node overrun the next. Here every allocation is its own malloc, chained so
 * that rt_arena_free releases them all: an overflow hits a redzone, and a node that escaped the
 * arena shows up as a leak.
 */
#include <stdlib.h>
#include <string.h>

#include "rt.h"

typedef struct block {
  struct block *next;
  size_t size;
  _Alignas(16) unsigned char data[];
} block;

struct rt_arena {
  block *blocks;
  size_t bytes;
};

static rt_arena *current;

rt_arena *rt_arena_new(size_t chunk_size) {
  (void)chunk_size;
  rt_arena *a = calloc(1, sizeof *a);
  if (!a)
    abort();
  return a;
}

void rt_arena_free(rt_arena *a) {
  if (!a)
    return;
  for (block *b = a->blocks, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  if (current == a)
    current = NULL;
  free(a);
}

rt_arena *rt_arena_use(rt_arena *a) {
  rt_arena *prev = current;
  current = a;
  return prev;
}

rt_arena *rt_arena_current(void) {
  return current;
}

size_t rt_arena_bytes(const rt_arena *a) {
  return a->bytes;
}

void *rt_alloc(size_t n) {
  if (!current)
    abort();
  block *b = malloc(sizeof *b + (n ? n : 1));
  if (!b)
    abort();
  b->next = current->blocks;
  b->size = n;
  current->blocks = b;
  current->bytes += n;
  return b->data;
}

void *rt_alloc_zero(size_t n) {
  void *p = rt_alloc(n);
  memset(p, 0, n);
  return p;
}

char *rt_strndup(const char *s, size_t n) {
  char *p = rt_alloc(n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}
