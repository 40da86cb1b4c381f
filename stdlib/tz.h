/* tz.h: time zones and the proleptic Gregorian calendar for the time builtins (private to
 * stdlib/).
 *
 * OPA resolves zone names with Go's time.LoadLocation, so this module reads the system's
 * TZif files (/usr/share/zoneinfo) itself and answers lookups as Go's Location does: the
 * same choice of zone before the first transition, the same POSIX TZ footer rules after
 * the last one, the same start/end bounds (time.Date relies on them at DST gaps). libc's
 * localtime is not used: its zone is process-global state and its answers differ from Go's
 * at the edges. Loaded zones are cached for the life of the process, failures too.
 */
#ifndef BI_TZ_H
#define BI_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A loaded location (Go's *time.Location). */
typedef struct bi_tz bi_tz;

/* What is in effect at one instant: abbreviation (not NUL-terminated), offset in seconds
 * east of UTC, the Unix seconds [start, end) the answer holds for, daylight saving. */
typedef struct bi_tz_info {
  const char *name;
  size_t name_len;
  int offset;
  int64_t start, end;
  bool dst;
} bi_tz_info;

/* UTC (no zones: every lookup answers "UTC", 0). */
const bi_tz *bi_tz_utc(void);
/* Go's time.Local: $TZ (unset: /etc/localtime; empty or "UTC": UTC; ":NAME", "/FILE" or a
 * zone name), falling back to UTC. Loaded once. */
const bi_tz *bi_tz_local(void);
/* time.LoadLocation(name): "" and "UTC" are UTC, "Local" is Local, otherwise the TZif file
 * of that name under $ZONEINFO or the system zone directories. On failure returns NULL
 * and sets *err to Go's message ("unknown time zone X", "time: invalid location name",
 * "malformed time zone information", "is a directory", ...), valid until the next call. */
const bi_tz *bi_tz_load(const char *name, size_t len, const char **err);
/* Location.lookup(sec). */
void bi_tz_lookup(const bi_tz *z, int64_t sec, bi_tz_info *out);
/* Location.lookupName: the offset of the zone abbreviated `name` around pseudo-Unix time
 * `wall` (the wall clock read as UTC); false if the location has no such zone. */
bool bi_tz_lookup_name(const bi_tz *z, const char *name, size_t len, int64_t wall, int *offset);

/* ---- calendar (proleptic Gregorian, year 0 exists, floor division) ---------------------- */

bool bi_tz_is_leap(int64_t year);
/* Days in month m (1..12) of year. */
int bi_tz_days_in(int m, int64_t year);
/* Days from 1970-01-01 to year-m-d (m 1..12, d may be any value: it is added). */
int64_t bi_tz_days_from_civil(int64_t year, int m, int64_t d);
/* The date of a day count from 1970-01-01; yday is 1-based. */
void bi_tz_civil(int64_t days, int64_t *year, int *m, int *d, int *yday);
/* Floor division and modulo by a positive divisor. */
static inline int64_t bi_tz_fdiv(int64_t a, int64_t b) {
  return a / b - (a % b < 0);
}
static inline int64_t bi_tz_fmod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

#endif /* BI_TZ_H */
