/* rt_eval.h: what generated checkers need beyond the value API: memo epochs, `with`
 * upserts, rule-object insertion, conflicts, and the checker's entry points.
 *
 * A generated checker is a set of C functions plus one rt_checker description; main() hands
 * the description to rt_checker_main, which implements the checker's command line (eval,
 * batch, info) and buildx's reading of a decision.
 */
#ifndef RT_EVAL_H
#define RT_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "rt.h"

/* Memoised rules store the epoch their value belongs to. Every evaluation, and every `with`
 * block, runs under a fresh epoch; leaving a `with` restores the outer one, so values
 * computed inside it are never taken for the outer ones. */
extern uint64_t rt_memo_epoch;
uint64_t rt_memo_next(void);

/* Changes once per evaluation (not inside `with`): builtins that must give one value per
 * evaluation (time.now_ns, rand.intn, uuid.rfc4122) key their caches by it. */
extern uint64_t rt_eval_serial;

/* A copy of root with `path` set to val (objects along the path copied or created), as
 * `with input.a.b as v` needs. */
rt_value *rt_upsert(rt_value *root, rt_value **path, int n, rt_value *val);

/* Inserts val under keys[0..n-1] of a rule's object, creating the objects between (marked
 * RT_F_OPEN so that only they are ever extended); when leaf_set the leaf is a set val joins.
 * Returns false on a conflict (a different value already there). */
#define RT_F_OPEN 0x80
bool rt_insert_path_once(rt_value *obj, rt_value **keys, int n, rt_value *val, bool leaf_set);

/* Adds val under key of a rule's object, combining it with a value already there: sets join,
 * objects merge (recursively), equal values agree; anything else is a conflict (false). */
bool rt_object_insert_merge(rt_value *obj, rt_value *key, rt_value *val);

/* A document where base data and rules meet: keys of both; where both have objects they
 * merge, and otherwise the base document's value stands, as in OPA. */
rt_value *rt_merge_base(rt_value *base, rt_value *virt);

/* obj[key] in a data document: a number key also finds the same number written as a string
 * key, as OPA's store reads data[2] from {"2": ...}. */
rt_value *rt_get_data(const rt_value *obj, const rt_value *key);

static inline bool rt_is_collection(const rt_value *v) {
  return v && (v->type == RT_ARRAY || v->type == RT_OBJECT || v->type == RT_SET);
}

/* Values that `with f as <value>` gives replaced functions while an expression runs. */
#define RT_MOCK_SLOTS 1024
extern rt_value *rt_mock[RT_MOCK_SLOTS];

/* Raises eval_conflict_error at loc. */
_Noreturn void rt_conflict(const rt_loc *loc, const char *msg);

typedef void (*rt_plan_fn)(rt_value *input, rt_value *data, rt_value *results);

typedef struct rt_entrypoint {
  const char *name; /* "data.docker.decision" or a query's text */
  rt_plan_fn fn;
  bool is_query;    /* results are binding objects of a query */
} rt_entrypoint;

typedef struct rt_checker {
  const char *compiler_version;
  const char *policy_digest;
  const rt_entrypoint *entries;
  int nentries;
  const char *data_json; /* the bundle's base document */
  size_t data_json_len;
  const char *const *builtins; /* NULL-terminated */
  void (*init)(void);          /* builds composite constants */
  bool buildx;                 /* entry data.docker.decision is a buildx decision */
  bool strict;                 /* strict builtin errors */
  rt_value *(*default_input)(void); /* input compiled in (tests), used when none is given */
} rt_checker;

/* Result of one evaluation. */
typedef struct rt_result {
  rt_value *results; /* array: values (path entries) or binding objects (queries) */
  bool failed;       /* an error was raised (error holds it); results may be partial */
  rt_error error;
} rt_result;

/* Runs entry point `entry` on input (NULL: no input) and data. Allocates from the current
 * arena; the caller resets it. */
void rt_eval(const rt_checker *c, int entry, rt_value *input, rt_value *data, rt_result *out);

/* The checker's command line. */
int rt_checker_main(int argc, char **argv, const rt_checker *c);

#endif /* RT_EVAL_H */
