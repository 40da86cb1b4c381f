/* load.h: reading bundles (load.c). */
#ifndef LOAD_H
#define LOAD_H

#include "compile.h"

/* Reads a whole file into compilation-arena memory (NUL-terminated); reports failures. */
char *load_read_file(const char *path, size_t *len);
/* A YAML document as a value; NULL with a message in err if it cannot be read. */
rt_value *load_yaml(const char *text, size_t len, char *err, size_t errlen);

#endif /* LOAD_H */
