/* bi_table.c: the builtin table, built from builtins.def, and lookup by name.
 *
 * The .def is sorted by name (the generator sorts it), so lookup is a binary search; a test
 * checks the order. Entries without a C function keep fn NULL so the compiler can say
 * "builtin X is not supported yet" rather than "unknown function".
 */
#include <string.h>

#include "bi.h"

#define BI_FN_0(f) NULL
#define BI_FN_1(f) ((bi_fn)(f))
#define BI(name, f, a, flags, decl)                                                                \
  {name, BI_CAT(BI_FN_, BI_SECOND(BI_PROBE_##f, 1))(f), a, flags, decl},

const bi_entry bi_table[] = {
#include "builtins.def"
};
#undef BI

const size_t bi_table_len = sizeof bi_table / sizeof bi_table[0];

const bi_entry *bi_lookup(const char *name) {
  size_t lo = 0, hi = bi_table_len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(name, bi_table[mid].name);
    if (c == 0) return &bi_table[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}
