/* bi_time.c: OPA's time builtins (time.now_ns, parse_ns, parse_rfc3339_ns,
 * parse_duration_ns, format, date, clock, weekday, add_date, diff).
 *
 * OPA implements them on Go's time package (v1/topdown/time.go); gotime.c reproduces the
 * parts of it they use and tz.c its time zones, so this file is OPA's glue: the argument
 * forms (a number of nanoseconds, or [ns, "zone"] with "" and "UTC" meaning UTC and
 * "Local" the process's zone, or for time.format [ns, "zone", "layout"]), the named
 * layouts OPA accepts ("RFC3339", "ANSIC", ...), the checks and error texts ("timestamp
 * too big", "time outside of valid range", operand errors that always say operand 1 for
 * the time argument, as OPA's tzTime does).
 *
 * A timestamp operand is read as OPA reads it: the number is converted to a 64-bit binary
 * float (big.Float's default precision) and must then be an exact int64. So 1e9 and 1.0
 * are accepted, 1.5 is "timestamp too big", like 2^63. Integer operands of add_date follow
 * OPA's IntOperand, which parses the number's text as a Go int: "1.0" is refused there.
 *
 * time.now_ns gives one value per evaluation: the reading is cached under rt_eval_serial,
 * which the runtime advances once per evaluation and not inside `with` blocks.
 */
#include <stdint.h> /* before mpfr.h, for mpfr_get_sj */
#include <string.h>
#include <time.h>

#include <mpfr.h>

#include "bi.h"
#include "bi_util.h"
#include "gotime.h"
#include "rt_eval.h"

#define NS_PER_SEC 1000000000LL
/* time.Unix(0, math.MinInt64) and time.Unix(0, math.MaxInt64) as seconds + nanoseconds */
#define MIN_SEC (-9223372037LL)
#define MIN_NSEC 145224192
#define MAX_SEC 9223372036LL
#define MAX_NSEC 854775807

static const char *const RFC3339 = "2006-01-02T15:04:05Z07:00";
static const char *const RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

/* OPA's acceptedTimeFormats: layout names that stand for Go's constants. */
static void named_layout(const char **s, size_t *n) {
  static const struct {
    const char *name, *layout;
  } named[] = {{"ANSIC", "Mon Jan _2 15:04:05 2006"},
               {"UnixDate", "Mon Jan _2 15:04:05 MST 2006"},
               {"RubyDate", "Mon Jan 02 15:04:05 -0700 2006"},
               {"RFC822", "02 Jan 06 15:04 MST"},
               {"RFC822Z", "02 Jan 06 15:04 -0700"},
               {"RFC850", "Monday, 02-Jan-06 15:04:05 MST"},
               {"RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"},
               {"RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"},
               {"RFC3339", "2006-01-02T15:04:05Z07:00"},
               {"RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"}};
  for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
    if (strlen(named[i].name) == *n && memcmp(named[i].name, *s, *n) == 0) {
      *s = named[i].layout;
      *n = strlen(named[i].layout);
      return;
    }
  }
}

/* builtins.NumberToFloat(n).Int64() with exact accuracy: the number rounded to a 64-bit
 * mantissa must be an integer within int64. */
static bool timestamp_ns(const rt_value *n, int64_t *out) {
  if (rt_num_to_int64(n, out)) return true;
  const rt_number *num = RT_AS_NUM(n);
  if (num->hdr.flags & RT_F_INT) return false;
  static bool ranges_set;
  if (!ranges_set) { /* big.Float's exponent range is practically unbounded */
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    ranges_set = true;
  }
  char small[64];
  char *text = num->len < sizeof small ? small : rt_alloc(num->len + 1);
  memcpy(text, num->text, num->len);
  text[num->len] = '\0';
  mpfr_t x;
  mpfr_init2(x, 64);
  mpfr_strtofr(x, text, NULL, 10, MPFR_RNDN);
  bool ok = mpfr_integer_p(x) && mpfr_fits_intmax_p(x, MPFR_RNDN);
  if (ok) *out = (int64_t)mpfr_get_sj(x, MPFR_RNDN);
  mpfr_clear(x);
  return ok;
}

/* builtins.IntOperand: a number whose text Go's strconv.ParseInt reads as an int64. */
static bool int_operand(const char *name, int pos, const rt_value *v, int64_t *out) {
  if (!rt_is(v, RT_NUMBER)) {
    bi_type_err(name, pos, v, "number");
    return false;
  }
  const rt_number *n = RT_AS_NUM(v);
  if (n->hdr.flags & RT_F_INT) {
    *out = n->i;
    return true;
  }
  size_t i = 0;
  bool neg = false;
  uint64_t u = 0;
  if (i < n->len && (n->text[i] == '+' || n->text[i] == '-')) neg = n->text[i++] == '-';
  bool ok = i < n->len;
  for (; ok && i < n->len; i++) {
    char c = n->text[i];
    if (c < '0' || c > '9' || u > ((uint64_t)1 << 63) / 10) {
      ok = false;
      break;
    }
    u = u * 10 + (uint64_t)(c - '0');
    if (u > ((uint64_t)1 << 63) - !neg) ok = false;
  }
  if (!ok) {
    bi_int_err(name, pos);
    return false;
  }
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

/* OPA's tzTime: the instant and location an argument names; for time.format also the
 * layout (NULL when none was given). Errors are recorded, as OPA words them. */
static bool tz_time(const char *name, const rt_value *a, bi_go_time *t, const char **layout,
                    size_t *llen) {
  static const char *const want = "either number (ns) or [number (ns), string (tz)]";
  const rt_value *num = a;
  const bi_tz *loc = bi_tz_utc();
  if (layout) *layout = NULL;
  if (rt_is(a, RT_ARRAY)) {
    uint32_t len = rt_array_len(a);
    if (len == 0) {
      bi_type_err(name, 1, a, want);
      return false;
    }
    num = rt_array_at(a, 0);
    if (!rt_is(num, RT_NUMBER)) {
      bi_type_err(name, 1, num, "number");
      return false;
    }
    if (len > 1) {
      const rt_value *tz = rt_array_at(a, 1);
      if (!rt_is(tz, RT_STRING)) {
        bi_type_err(name, 1, tz, "string");
        return false;
      }
      const char *err = NULL;
      loc = bi_tz_load(RT_AS_STR(tz)->s, RT_AS_STR(tz)->len, &err);
      if (!loc) {
        rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", err);
        return false;
      }
    }
    if (len > 2) {
      const rt_value *lay = rt_array_at(a, 2);
      if (!rt_is(lay, RT_STRING)) {
        bi_type_err(name, 1, lay, "string");
        return false;
      }
      if (layout) {
        *layout = RT_AS_STR(lay)->s;
        *llen = RT_AS_STR(lay)->len;
      }
    }
  } else if (!rt_is(a, RT_NUMBER)) {
    bi_type_err(name, 1, a, want);
    return false;
  }
  int64_t ns;
  if (!timestamp_ns(num, &ns)) {
    rt_builtin_fail(RT_ERR_BUILTIN, name, "timestamp too big");
    return false;
  }
  t->sec = bi_tz_fdiv(ns, NS_PER_SEC);
  t->nsec = (int32_t)bi_tz_fmod(ns, NS_PER_SEC);
  t->loc = loc;
  return true;
}

/* toSafeUnixNano: the instant as int64 nanoseconds, or OPA's range error. */
static rt_value *safe_ns(const char *name, bi_go_time t) {
  if (t.sec < MIN_SEC || (t.sec == MIN_SEC && t.nsec < MIN_NSEC) || t.sec > MAX_SEC ||
      (t.sec == MAX_SEC && t.nsec > MAX_NSEC))
    return rt_builtin_fail(RT_ERR_BUILTIN, name, "time outside of valid range");
  /* below zero, (sec + 1) first: sec * 1e9 alone would overflow at the lower end */
  if (t.sec < 0) return rt_int((t.sec + 1) * NS_PER_SEC + (t.nsec - NS_PER_SEC));
  return rt_int(t.sec * NS_PER_SEC + t.nsec);
}

static rt_value *int_triple(int64_t a, int64_t b, int64_t c) {
  rt_value *arr = rt_array_new(3);
  rt_array_push(arr, rt_int(a));
  rt_array_push(arr, rt_int(b));
  rt_array_push(arr, rt_int(c));
  return arr;
}

/* ---- the builtins ------------------------------------------------------------------------ */

rt_value *bi_time_now_ns(void) {
  static bool have;
  static uint64_t serial;
  static int64_t ns;
  if (!have || serial != rt_eval_serial) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ns = (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
    serial = rt_eval_serial;
    have = true;
  }
  return rt_int(ns);
}

static rt_value *parse_with(const char *name, const char *layout, size_t llen,
                            const rt_value *value) {
  bi_go_time t;
  rt_buf err;
  rt_buf_init(&err, 128);
  if (!bi_go_parse(layout, llen, RT_AS_STR(value)->s, RT_AS_STR(value)->len, bi_tz_local(), &t,
                   &err)) {
    rt_buf_putc(&err, '\0');
    return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", err.data);
  }
  return safe_ns(name, t);
}

rt_value *bi_time_parse_ns(rt_value *layout, rt_value *value) {
  static const char *const name = "time.parse_ns";
  if (!rt_is(layout, RT_STRING)) return bi_type_err(name, 1, layout, "string");
  if (!rt_is(value, RT_STRING)) return bi_type_err(name, 2, value, "string");
  const char *l = RT_AS_STR(layout)->s;
  size_t n = RT_AS_STR(layout)->len;
  named_layout(&l, &n);
  return parse_with(name, l, n, value);
}

rt_value *bi_time_parse_rfc3339_ns(rt_value *value) {
  static const char *const name = "time.parse_rfc3339_ns";
  if (!rt_is(value, RT_STRING)) return bi_type_err(name, 1, value, "string");
  return parse_with(name, RFC3339, strlen(RFC3339), value);
}

rt_value *bi_time_parse_duration_ns(rt_value *s) {
  static const char *const name = "time.parse_duration_ns";
  if (!rt_is(s, RT_STRING)) return bi_type_err(name, 1, s, "string");
  int64_t d;
  rt_buf err;
  rt_buf_init(&err, 64);
  if (!bi_go_parse_duration(RT_AS_STR(s)->s, RT_AS_STR(s)->len, &d, &err)) {
    rt_buf_putc(&err, '\0');
    return rt_builtin_fail(RT_ERR_BUILTIN, name, "%s", err.data);
  }
  return rt_int(d);
}

rt_value *bi_time_format(rt_value *x) {
  bi_go_time t;
  const char *layout;
  size_t llen = 0;
  if (!tz_time("time.format", x, &t, &layout, &llen)) return NULL;
  if (!layout || llen == 0) {
    layout = RFC3339_NANO;
    llen = strlen(RFC3339_NANO);
  } else {
    named_layout(&layout, &llen);
  }
  rt_buf out;
  rt_buf_init(&out, llen + 16);
  bi_go_format(&out, t, layout, llen);
  return rt_buf_string(&out);
}

rt_value *bi_time_date(rt_value *x) {
  bi_go_time t;
  bi_go_civil c;
  if (!tz_time("time.date", x, &t, NULL, NULL)) return NULL;
  bi_go_civil_of(t, &c);
  return int_triple(c.year, c.month, c.day);
}

rt_value *bi_time_clock(rt_value *x) {
  bi_go_time t;
  bi_go_civil c;
  if (!tz_time("time.clock", x, &t, NULL, NULL)) return NULL;
  bi_go_civil_of(t, &c);
  return int_triple(c.hour, c.min, c.sec);
}

rt_value *bi_time_weekday(rt_value *x) {
  static const char *const days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
  bi_go_time t;
  bi_go_civil c;
  if (!tz_time("time.weekday", x, &t, NULL, NULL)) return NULL;
  bi_go_civil_of(t, &c);
  return rt_string_z(days[c.wday]);
}

/* Time.AddDate: the wall clock's fields plus the deltas, normalised by time.Date in the
 * time's own location (so Jan 31 + 1 month is Mar 2 or 3, and DST gaps resolve as Go's). */
rt_value *bi_time_add_date(rt_value *x, rt_value *years, rt_value *months, rt_value *days) {
  static const char *const name = "time.add_date";
  bi_go_time t, r;
  bi_go_civil c;
  int64_t dy, dm, dd, y, m, d;
  if (!tz_time(name, x, &t, NULL, NULL) || !int_operand(name, 2, years, &dy) ||
      !int_operand(name, 3, months, &dm) || !int_operand(name, 4, days, &dd))
    return NULL;
  bi_go_civil_of(t, &c);
  if (__builtin_add_overflow(c.year, dy, &y) || __builtin_add_overflow((int64_t)c.month, dm, &m) ||
      __builtin_add_overflow((int64_t)c.day, dd, &d) ||
      !bi_go_date(y, m, d, c.hour, c.min, c.sec, t.nsec, t.loc, &r))
    return rt_builtin_fail(RT_ERR_BUILTIN, name, "time outside of valid range");
  return safe_ns(name, r);
}

/* OPA's time.diff (from icza/gox): both times shown in the first one's location, ordered,
 * then field-wise differences borrowed upward; a day borrow takes the length of the
 * earlier time's month. */
rt_value *bi_time_diff(rt_value *x1, rt_value *x2) {
  static const char *const name = "time.diff";
  bi_go_time t1, t2;
  bi_go_civil a, b;
  if (!tz_time(name, x1, &t1, NULL, NULL) || !tz_time(name, x2, &t2, NULL, NULL)) return NULL;
  t2.loc = t1.loc;
  if (t1.sec > t2.sec || (t1.sec == t2.sec && t1.nsec > t2.nsec)) {
    bi_go_time tmp = t1;
    t1 = t2;
    t2 = tmp;
  }
  bi_go_civil_of(t1, &a);
  bi_go_civil_of(t2, &b);
  int64_t year = b.year - a.year, month = b.month - a.month, day = b.day - a.day;
  int64_t hour = b.hour - a.hour, min = b.min - a.min, sec = b.sec - a.sec;
  if (sec < 0) {
    sec += 60;
    min--;
  }
  if (min < 0) {
    min += 60;
    hour--;
  }
  if (hour < 0) {
    hour += 24;
    day--;
  }
  if (day < 0) {
    day += bi_tz_days_in(a.month, a.year);
    month--;
  }
  if (month < 0) {
    month += 12;
    year--;
  }
  rt_value *arr = rt_array_new(6);
  int64_t parts[6] = {year, month, day, hour, min, sec};
  for (int i = 0; i < 6; i++)
    rt_array_push(arr, rt_int(parts[i]));
  return arr;
}
