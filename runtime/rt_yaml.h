/* rt_yaml.h: YAML documents as Rego values (yaml.c), as OPA's loader and yaml.unmarshal read
 * them. */
#ifndef RT_YAML_H
#define RT_YAML_H

#include "rt.h"

/* The first document of text as a value; NULL with a message (line and column when libyaml
 * gives them) in err on failure. */
rt_value *rt_yaml_parse(const char *text, size_t len, char *err, size_t errlen);

#endif /* RT_YAML_H */
