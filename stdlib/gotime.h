/* gotime.h: the parts of Go's time package that OPA's time builtins expose (private to
 * stdlib/): time.Date, the presentation of an instant in a location, Time.Format and
 * time.Parse with Go's reference layouts, time.ParseDuration. Results and error texts are
 * Go's, byte for byte, since OPA passes both through to policies.
 *
 * An instant is Unix seconds plus nanoseconds in [0, 1e9); int64 seconds cover every time
 * Parse can produce and far more than the int64-nanosecond range OPA accepts.
 */
#ifndef BI_GOTIME_H
#define BI_GOTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "rt.h"
#include "tz.h"

typedef struct bi_go_time {
  int64_t sec;  /* Unix seconds */
  int32_t nsec; /* [0, 1e9) */
  const bi_tz *loc;
} bi_go_time;

/* The wall clock of an instant in its location (Time.Date, Clock, YearDay, Weekday, Zone). */
typedef struct bi_go_civil {
  int64_t year;
  int month, day, yday; /* month 1..12, yday 1..366 */
  int hour, min, sec;
  int wday;         /* 0 = Sunday */
  const char *zone; /* abbreviation, zone_len bytes */
  size_t zone_len;
  int offset; /* seconds east of UTC */
} bi_go_civil;

void bi_go_civil_of(bi_go_time t, bi_go_civil *c);

/* time.Date(year, month, day, hour, min, sec, nsec, loc): out-of-range fields normalise
 * into the next larger one (October 32 is November 1); a wall time in a DST gap or overlap
 * resolves as Go resolves it. False if the result is beyond int64 Unix seconds (Go's
 * arithmetic would wrap there; every such time is far outside what OPA accepts). */
bool bi_go_date(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t min, int64_t sec,
                int64_t nsec, const bi_tz *loc, bi_go_time *out);

/* Time.Format(layout), appended to out. */
void bi_go_format(rt_buf *out, bi_go_time t, const char *layout, size_t len);

/* time.Parse(layout, value) with `local` as time.Local (zone abbreviations and offsets are
 * matched against it). On failure returns false and appends Go's error text to err, e.g.
 * parsing time "x" as "2006-01-02": cannot parse "x" as "2006". */
bool bi_go_parse(const char *layout, size_t llen, const char *value, size_t vlen,
                 const bi_tz *local, bi_go_time *out, rt_buf *err);

/* time.ParseDuration: nanoseconds, or false with Go's error text appended to err. */
bool bi_go_parse_duration(const char *s, size_t n, int64_t *out, rt_buf *err);

/* The time package's own quoting in error texts: "..." with \" and \\ escaped and every
 * byte below 0x20 or above 0x7f written as \xHH. */
void bi_go_time_quote(rt_buf *b, const char *s, size_t n);

#endif /* BI_GOTIME_H */
