/* emit.h: options of the C emitter (emit.c). */
#ifndef EMIT_H
#define EMIT_H

#include "compile.h"

typedef struct emit_options {
  const char *version; /* regoc's version, recorded in the checker */
  const char *digest;  /* digest of the policy's sources, for `info` */
  bool buildx;         /* interpret data.docker.decision as buildx does */
  const bool *reachable; /* per IR function: emit it (NULL: all) */
  rt_value *input;       /* an input compiled in (used when none is given), or NULL */
} emit_options;

bool emit_c(compiler *c, FILE *out, const emit_options *opts);

#endif /* EMIT_H */
