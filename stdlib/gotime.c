/* gotime.c: Go's time.Date, Format, Parse and ParseDuration, for OPA's time builtins.
 *
 * Go layouts are written as the reference time, Mon Jan 2 15:04:05 MST 2006, so a layout
 * is read as a sequence of "std chunks" (2006, Jan, _2, .000, Z07:00, ...) between literal
 * text. next_chunk finds them exactly as Go's nextStdChunk does, including its quirks
 * ("1" alone is the month, "_2006" is a literal underscore and the year, a run of 0s or 9s
 * after '.' or ',' is a fraction only if no digit follows), because formatting and parsing
 * both depend on that scan. Parse reproduces Go's leniencies too: a fractional second in
 * the value after a seconds field the layout lacks, signs accepted by its atoi, range
 * checks that run before syntax errors, error texts quoting with the time package's own
 * quote. Everything is integer arithmetic except where Go itself uses float64 (fractional
 * duration units).
 */
#include "gotime.h"

#include <string.h>

#define NS_PER_SEC 1000000000LL

static const char *const long_days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};
static const char *const short_days[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const long_months[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const short_months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const int days_before[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

/* ---- instants and wall clocks --------------------------------------------------------- */

void bi_go_civil_of(bi_go_time t, bi_go_civil *c) {
  bi_tz_info in;
  bi_tz_lookup(t.loc, t.sec, &in);
  int64_t local = t.sec + in.offset;
  int64_t days = bi_tz_fdiv(local, 86400);
  int64_t s = local - days * 86400;
  bi_tz_civil(days, &c->year, &c->month, &c->day, &c->yday);
  c->hour = (int)(s / 3600);
  c->min = (int)(s / 60 % 60);
  c->sec = (int)(s % 60);
  c->wday = (int)bi_tz_fmod(days + 4, 7); /* 1970-01-01 was a Thursday */
  c->zone = in.name;
  c->zone_len = in.name_len;
  c->offset = in.offset;
}

/* Go's norm: hi*base + lo == nhi*base + nlo with 0 <= nlo < base. */
static void norm(int64_t *hi, int64_t *lo, int64_t base) {
  int64_t q = bi_tz_fdiv(*lo, base);
  *hi += q;
  *lo -= q * base;
}

bool bi_go_date(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t min, int64_t sec,
                int64_t nsec, const bi_tz *loc, bi_go_time *out) {
  /* Bounds that keep the arithmetic below in int64; anything beyond them lies millions of
   * years away, where Go's own arithmetic overflows. */
  const int64_t big = (int64_t)1 << 40;
  if (year > big || year < -big || month > big || month < -big || day > big || day < -big ||
      hour > big || hour < -big || min > big || min < -big || sec > big || sec < -big)
    return false;
  int64_t m = month - 1;
  norm(&year, &m, 12);
  norm(&sec, &nsec, NS_PER_SEC);
  norm(&min, &sec, 60);
  norm(&hour, &min, 60);
  norm(&day, &hour, 24);
  if (year > 1000000000 || year < -1000000000) return false;
  int64_t wall =
      (bi_tz_days_from_civil(year, (int)m + 1, 1) + day - 1) * 86400 + hour * 3600 + min * 60 + sec;
  /* Look the wall time up as if it were UTC; if the zone found does not hold at the
   * corrected instant (a transition lies between), look again at the corrected one. */
  bi_tz_info in;
  bi_tz_lookup(loc, wall, &in);
  int offset = in.offset;
  if (offset != 0) {
    int64_t utc = wall - offset;
    if (utc < in.start || utc >= in.end) {
      bi_tz_lookup(loc, utc, &in);
      offset = in.offset;
    }
    wall -= offset;
  }
  out->sec = wall;
  out->nsec = (int32_t)nsec;
  out->loc = loc;
  return true;
}

/* ---- layout chunks ---------------------------------------------------------------------- */

enum {
  STD_NONE,
  STD_LONG_MONTH,        /* January */
  STD_MONTH,             /* Jan */
  STD_NUM_MONTH,         /* 1 */
  STD_ZERO_MONTH,        /* 01 */
  STD_LONG_WEEKDAY,      /* Monday */
  STD_WEEKDAY,           /* Mon */
  STD_DAY,               /* 2 */
  STD_UNDER_DAY,         /* _2 */
  STD_ZERO_DAY,          /* 02 */
  STD_UNDER_YDAY,        /* __2 */
  STD_ZERO_YDAY,         /* 002 */
  STD_HOUR,              /* 15 */
  STD_HOUR12,            /* 3 */
  STD_ZERO_HOUR12,       /* 03 */
  STD_MINUTE,            /* 4 */
  STD_ZERO_MINUTE,       /* 04 */
  STD_SECOND,            /* 5 */
  STD_ZERO_SECOND,       /* 05 */
  STD_LONG_YEAR,         /* 2006 */
  STD_YEAR,              /* 06 */
  STD_PM,                /* PM */
  STD_PM_LOWER,          /* pm */
  STD_TZ,                /* MST */
  STD_ISO_TZ,            /* Z0700 */
  STD_ISO_SECS_TZ,       /* Z070000 */
  STD_ISO_SHORT_TZ,      /* Z07 */
  STD_ISO_COLON_TZ,      /* Z07:00 */
  STD_ISO_COLON_SECS_TZ, /* Z07:00:00 */
  STD_NUM_TZ,            /* -0700 */
  STD_NUM_SECS_TZ,       /* -070000 */
  STD_NUM_SHORT_TZ,      /* -07 */
  STD_NUM_COLON_TZ,      /* -07:00 */
  STD_NUM_COLON_SECS_TZ, /* -07:00:00 */
  STD_FRAC0,             /* .000 (digits kept) */
  STD_FRAC9,             /* .999 (trailing zeros dropped) */
};

/* One scan step: layout[0, pre) is literal text, layout[pre, pre + len) the element `std`
 * (STD_NONE: no element, pre is the whole length). Fractions carry their digit count
 * (Go keeps it in 12 bits) and separator. */
typedef struct chunk {
  size_t pre, len;
  int std;
  int digits;
  char sep;
} chunk;

static bool has(const char *l, size_t n, size_t i, const char *lit) {
  size_t k = strlen(lit);
  return n >= i + k && memcmp(l + i, lit, k) == 0;
}

static bool is_digit_at(const char *s, size_t n, size_t i) {
  return i < n && s[i] >= '0' && s[i] <= '9';
}

static bool lower_at(const char *s, size_t n, size_t i) {
  return i < n && s[i] >= 'a' && s[i] <= 'z';
}

static void next_chunk(const char *l, size_t n, chunk *c) {
  static const int std0x[6] = {STD_ZERO_MONTH,  STD_ZERO_DAY,    STD_ZERO_HOUR12,
                               STD_ZERO_MINUTE, STD_ZERO_SECOND, STD_YEAR};
  static const struct {
    const char *lit;
    int std;
  } tz_minus[] = {{"-070000", STD_NUM_SECS_TZ},
                  {"-07:00:00", STD_NUM_COLON_SECS_TZ},
                  {"-0700", STD_NUM_TZ},
                  {"-07:00", STD_NUM_COLON_TZ},
                  {"-07", STD_NUM_SHORT_TZ}},
    tz_z[] = {{"Z070000", STD_ISO_SECS_TZ},
              {"Z07:00:00", STD_ISO_COLON_SECS_TZ},
              {"Z0700", STD_ISO_TZ},
              {"Z07:00", STD_ISO_COLON_TZ},
              {"Z07", STD_ISO_SHORT_TZ}};
  memset(c, 0, sizeof *c);
#define FOUND(p, k, s)                                                                             \
  do {                                                                                             \
    c->pre = (p);                                                                                  \
    c->len = (k);                                                                                  \
    c->std = (s);                                                                                  \
    return;                                                                                        \
  } while (0)
  for (size_t i = 0; i < n; i++) {
    switch (l[i]) {
    case 'J':
      if (has(l, n, i, "Jan")) {
        if (has(l, n, i, "January")) FOUND(i, 7, STD_LONG_MONTH);
        if (!lower_at(l, n, i + 3)) FOUND(i, 3, STD_MONTH);
      }
      break;
    case 'M':
      if (has(l, n, i, "Mon")) {
        if (has(l, n, i, "Monday")) FOUND(i, 6, STD_LONG_WEEKDAY);
        if (!lower_at(l, n, i + 3)) FOUND(i, 3, STD_WEEKDAY);
      }
      if (has(l, n, i, "MST")) FOUND(i, 3, STD_TZ);
      break;
    case '0':
      if (i + 1 < n && l[i + 1] >= '1' && l[i + 1] <= '6') FOUND(i, 2, std0x[l[i + 1] - '1']);
      if (has(l, n, i, "002")) FOUND(i, 3, STD_ZERO_YDAY);
      break;
    case '1':
      if (has(l, n, i, "15")) FOUND(i, 2, STD_HOUR);
      FOUND(i, 1, STD_NUM_MONTH);
    case '2':
      if (has(l, n, i, "2006")) FOUND(i, 4, STD_LONG_YEAR);
      FOUND(i, 1, STD_DAY);
    case '_':
      if (i + 1 < n && l[i + 1] == '2') {
        if (has(l, n, i + 1, "2006")) FOUND(i + 1, 4, STD_LONG_YEAR); /* literal _ first */
        FOUND(i, 2, STD_UNDER_DAY);
      }
      if (has(l, n, i, "__2")) FOUND(i, 3, STD_UNDER_YDAY);
      break;
    case '3':
      FOUND(i, 1, STD_HOUR12);
    case '4':
      FOUND(i, 1, STD_MINUTE);
    case '5':
      FOUND(i, 1, STD_SECOND);
    case 'P':
      if (has(l, n, i, "PM")) FOUND(i, 2, STD_PM);
      break;
    case 'p':
      if (has(l, n, i, "pm")) FOUND(i, 2, STD_PM_LOWER);
      break;
    case '-':
      for (size_t k = 0; k < sizeof tz_minus / sizeof tz_minus[0]; k++)
        if (has(l, n, i, tz_minus[k].lit)) FOUND(i, strlen(tz_minus[k].lit), tz_minus[k].std);
      break;
    case 'Z':
      for (size_t k = 0; k < sizeof tz_z / sizeof tz_z[0]; k++)
        if (has(l, n, i, tz_z[k].lit)) FOUND(i, strlen(tz_z[k].lit), tz_z[k].std);
      break;
    case '.':
    case ',':
      if (i + 1 < n && (l[i + 1] == '0' || l[i + 1] == '9')) {
        char ch = l[i + 1];
        size_t j = i + 1;
        while (j < n && l[j] == ch)
          j++;
        if (!is_digit_at(l, n, j)) { /* a fraction only if the digit run ends here */
          c->digits = (int)((j - (i + 1)) & 0xfff);
          c->sep = l[i];
          FOUND(i, j - i, ch == '0' ? STD_FRAC0 : STD_FRAC9);
        }
      }
      break;
    default:
      break;
    }
  }
#undef FOUND
  c->pre = n;
}

static bool is_iso_tz(int std) {
  return std >= STD_ISO_TZ && std <= STD_ISO_COLON_SECS_TZ;
}

/* ---- formatting --------------------------------------------------------------------------- */

/* Go's appendInt: a sign, then the digits zero-padded to `width`. */
static void put_int(rt_buf *b, int64_t x, int width) {
  char tmp[24];
  int k = 0;
  uint64_t u = (uint64_t)x;
  if (x < 0) {
    rt_buf_putc(b, '-');
    u = -u;
  }
  do {
    tmp[k++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  for (int pad = width - k; pad > 0; pad--)
    rt_buf_putc(b, '0');
  while (k)
    rt_buf_putc(b, tmp[--k]);
}

static void put_nano(rt_buf *b, int nsec, int std, int digits, char sep) {
  bool trim = std == STD_FRAC9;
  if (trim && (digits == 0 || nsec == 0)) return;
  char d[10];
  d[0] = sep;
  for (int i = 9, v = nsec; i >= 1; i--, v /= 10)
    d[i] = (char)('0' + v % 10);
  int len = 1 + (digits < 9 ? digits : 9);
  if (trim) {
    while (len > 0 && d[len - 1] == '0')
      len--;
    if (len > 0 && d[len - 1] == sep) len--;
  }
  rt_buf_put(b, d, (size_t)len);
}

void bi_go_format(rt_buf *out, bi_go_time t, const char *layout, size_t len) {
  bi_go_civil c;
  bi_go_civil_of(t, &c);
  while (len) {
    chunk ch;
    next_chunk(layout, len, &ch);
    rt_buf_put(out, layout, ch.pre);
    if (ch.std == STD_NONE) break;
    layout += ch.pre + ch.len;
    len -= ch.pre + ch.len;
    switch (ch.std) {
    case STD_YEAR:
      put_int(out, (c.year < 0 ? -c.year : c.year) % 100, 2);
      break;
    case STD_LONG_YEAR:
      put_int(out, c.year, 4);
      break;
    case STD_MONTH:
      rt_buf_puts(out, short_months[c.month - 1]);
      break;
    case STD_LONG_MONTH:
      rt_buf_puts(out, long_months[c.month - 1]);
      break;
    case STD_NUM_MONTH:
      put_int(out, c.month, 0);
      break;
    case STD_ZERO_MONTH:
      put_int(out, c.month, 2);
      break;
    case STD_WEEKDAY:
      rt_buf_puts(out, short_days[c.wday]);
      break;
    case STD_LONG_WEEKDAY:
      rt_buf_puts(out, long_days[c.wday]);
      break;
    case STD_DAY:
      put_int(out, c.day, 0);
      break;
    case STD_UNDER_DAY:
      if (c.day < 10) rt_buf_putc(out, ' ');
      put_int(out, c.day, 0);
      break;
    case STD_ZERO_DAY:
      put_int(out, c.day, 2);
      break;
    case STD_UNDER_YDAY:
      if (c.yday < 100) rt_buf_puts(out, c.yday < 10 ? "  " : " ");
      put_int(out, c.yday, 0);
      break;
    case STD_ZERO_YDAY:
      put_int(out, c.yday, 3);
      break;
    case STD_HOUR:
      put_int(out, c.hour, 2);
      break;
    case STD_HOUR12:
    case STD_ZERO_HOUR12:
      put_int(out, c.hour % 12 ? c.hour % 12 : 12, ch.std == STD_HOUR12 ? 0 : 2);
      break;
    case STD_MINUTE:
      put_int(out, c.min, 0);
      break;
    case STD_ZERO_MINUTE:
      put_int(out, c.min, 2);
      break;
    case STD_SECOND:
      put_int(out, c.sec, 0);
      break;
    case STD_ZERO_SECOND:
      put_int(out, c.sec, 2);
      break;
    case STD_PM:
      rt_buf_puts(out, c.hour >= 12 ? "PM" : "AM");
      break;
    case STD_PM_LOWER:
      rt_buf_puts(out, c.hour >= 12 ? "pm" : "am");
      break;
    case STD_TZ:
      if (c.zone_len) {
        rt_buf_put(out, c.zone, c.zone_len);
        break;
      }
      /* no abbreviation known: -0700 form, as Go does */
      {
        int zone = c.offset / 60;
        rt_buf_putc(out, zone < 0 ? '-' : '+');
        if (zone < 0) zone = -zone;
        put_int(out, zone / 60, 2);
        put_int(out, zone % 60, 2);
      }
      break;
    case STD_FRAC0:
    case STD_FRAC9:
      put_nano(out, t.nsec, ch.std, ch.digits, ch.sep);
      break;
    default: { /* numeric zones; the Z forms print Z for UTC */
      if (c.offset == 0 && is_iso_tz(ch.std)) {
        rt_buf_putc(out, 'Z');
        break;
      }
      int zone = c.offset / 60, absoff = c.offset; /* Go truncates toward zero here */
      if (zone < 0) {
        rt_buf_putc(out, '-');
        zone = -zone;
        absoff = -absoff;
      } else {
        rt_buf_putc(out, '+');
      }
      put_int(out, zone / 60, 2);
      int s = ch.std;
      if (s == STD_ISO_COLON_TZ || s == STD_NUM_COLON_TZ || s == STD_ISO_COLON_SECS_TZ ||
          s == STD_NUM_COLON_SECS_TZ)
        rt_buf_putc(out, ':');
      if (s != STD_NUM_SHORT_TZ && s != STD_ISO_SHORT_TZ) put_int(out, zone % 60, 2);
      if (s == STD_ISO_SECS_TZ || s == STD_NUM_SECS_TZ || s == STD_NUM_COLON_SECS_TZ ||
          s == STD_ISO_COLON_SECS_TZ) {
        if (s == STD_NUM_COLON_SECS_TZ || s == STD_ISO_COLON_SECS_TZ) rt_buf_putc(out, ':');
        put_int(out, absoff % 60, 2);
      }
    }
    }
  }
}

/* ---- parsing ------------------------------------------------------------------------------ */

void bi_go_time_quote(rt_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  rt_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80 || c < ' ') {
      char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
      rt_buf_put(b, e, 4);
    } else {
      if (c == '"' || c == '\\') rt_buf_putc(b, '\\');
      rt_buf_putc(b, (char)c);
    }
  }
  rt_buf_putc(b, '"');
}

/* A string slice being consumed. */
typedef struct str {
  const char *s;
  size_t n;
} str;

static void adv(str *v, size_t k) {
  v->s += k;
  v->n -= k;
}

/* leadingInt: the leading [0-9]* as uint64; false on overflow past 2^63. */
static bool leading_int(str *v, uint64_t *out) {
  uint64_t x = 0;
  size_t i = 0;
  for (; i < v->n && v->s[i] >= '0' && v->s[i] <= '9'; i++) {
    if (x > ((uint64_t)1 << 63) / 10) return false;
    x = x * 10 + (uint64_t)(v->s[i] - '0');
    if (x > (uint64_t)1 << 63) return false;
  }
  adv(v, i);
  *out = x;
  return true;
}

/* Go's atoi: optional sign, digits, nothing else. */
static bool go_atoi(const char *s, size_t n, int64_t *out) {
  bool neg = false;
  if (n > 0 && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s++;
    n--;
  }
  str v = {s, n};
  uint64_t q;
  if (!leading_int(&v, &q) || v.n > 0) return false;
  *out = neg ? -(int64_t)q : (int64_t)q;
  return true;
}

/* getnum: one or two digits (fixed: exactly two). */
static bool getnum(str *v, bool fixed, int *out) {
  if (!is_digit_at(v->s, v->n, 0)) return false;
  if (!is_digit_at(v->s, v->n, 1)) {
    if (fixed) return false;
    *out = v->s[0] - '0';
    adv(v, 1);
    return true;
  }
  *out = (v->s[0] - '0') * 10 + (v->s[1] - '0');
  adv(v, 2);
  return true;
}

static bool getnum3(str *v, bool fixed, int *out) {
  int x = 0;
  size_t i = 0;
  for (; i < 3 && is_digit_at(v->s, v->n, i); i++)
    x = x * 10 + (v->s[i] - '0');
  if (i == 0 || (fixed && i != 3)) return false;
  adv(v, i);
  *out = x;
  return true;
}

/* skip: removes the literal prefix, a run of spaces in it matching any run in the value. */
static bool skip(str *v, const char *p, size_t n) {
  while (n > 0) {
    if (p[0] == ' ') {
      if (v->n > 0 && v->s[0] != ' ') return false;
      while (n > 0 && p[0] == ' ') {
        p++;
        n--;
      }
      while (v->n > 0 && v->s[0] == ' ')
        adv(v, 1);
      continue;
    }
    if (v->n == 0 || v->s[0] != p[0]) return false;
    p++;
    n--;
    adv(v, 1);
  }
  return true;
}

/* lookup: the first name in tab that prefixes the value, ignoring ASCII case. */
static int lookup_name(const char *const *tab, int ntab, str *v) {
  for (int i = 0; i < ntab; i++) {
    size_t k = strlen(tab[i]);
    if (v->n < k) continue;
    bool ok = true;
    for (size_t j = 0; j < k && ok; j++) {
      unsigned char c1 = (unsigned char)v->s[j], c2 = (unsigned char)tab[i][j];
      if (c1 != c2) {
        c1 |= 'a' - 'A';
        c2 |= 'a' - 'A';
        ok = c1 == c2 && c1 >= 'a' && c1 <= 'z';
      }
    }
    if (ok) {
      adv(v, k);
      return i;
    }
  }
  return -1;
}

static bool comma_or_period(char c) {
  return c == '.' || c == ',';
}

/* parseNanoseconds(value, nbytes): value[0] is the separator; at most nine digits count.
 * Returns false for a syntax error; *range is set for a negative fraction (atoi takes a
 * sign). */
static bool parse_nanos(const char *s, size_t nbytes, int *ns, const char **range) {
  int64_t x;
  if (!comma_or_period(s[0])) return false;
  if (nbytes > 10) nbytes = 10;
  if (!go_atoi(s + 1, nbytes - 1, &x)) return false;
  if (x < 0) {
    *range = "fractional second";
    return true;
  }
  for (size_t i = nbytes; i < 10; i++)
    x *= 10;
  *ns = (int)x;
  return true;
}

/* parseSignedOffset: "+03", "-4": a sign and a number up to 23; 0 if not one. */
static size_t signed_offset(const char *s, size_t n) {
  if (n == 0 || (s[0] != '-' && s[0] != '+')) return 0;
  str v = {s + 1, n - 1};
  uint64_t x;
  if (!leading_int(&v, &x) || v.n == n - 1 || x > 23) return 0;
  return n - v.n;
}

/* parseTimeZone: the length of a zone abbreviation at the start of s, 0 if none. */
static size_t time_zone_len(const char *s, size_t n) {
  if (n < 3) return 0;
  if (n >= 4 && (memcmp(s, "ChST", 4) == 0 || memcmp(s, "MeST", 4) == 0)) return 4;
  if (memcmp(s, "GMT", 3) == 0) return 3 + (n > 3 ? signed_offset(s + 3, n - 3) : 0);
  if (s[0] == '+' || s[0] == '-') return signed_offset(s, n);
  size_t up = 0;
  while (up < 6 && up < n && s[up] >= 'A' && s[up] <= 'Z')
    up++;
  switch (up) {
  case 5:
    return s[4] == 'T' ? 5 : 0;
  case 4:
    return s[3] == 'T' || memcmp(s, "WITA", 4) == 0 ? 4 : 0;
  case 3:
    return 3;
  default:
    return 0;
  }
}

/* A ParseError: without a message, "cannot parse ELEM as LAYOUT_ELEM"; with one, the
 * message follows the quoted value. */
static bool parse_error(rt_buf *err, const char *layout, size_t llen, const char *value,
                        size_t vlen, const char *lelem, size_t lelen, str velem, const char *msg) {
  rt_buf_puts(err, "parsing time ");
  bi_go_time_quote(err, value, vlen);
  if (msg) {
    rt_buf_puts(err, msg);
    return false;
  }
  rt_buf_puts(err, " as ");
  bi_go_time_quote(err, layout, llen);
  rt_buf_puts(err, ": cannot parse ");
  bi_go_time_quote(err, velem.s, velem.n);
  rt_buf_puts(err, " as ");
  bi_go_time_quote(err, lelem, lelen);
  return false;
}

bool bi_go_parse(const char *layout, size_t llen, const char *value, size_t vlen,
                 const bi_tz *local, bi_go_time *out, rt_buf *err) {
  str l = {layout, llen}, v = {value, vlen};
  bool am = false, pm = false, have_z = false;
  int64_t year = 0;
  int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
  int zone_offset = -1;
  str zone_name = {NULL, 0};
  char rangebuf[64];

  for (;;) {
    chunk ch;
    next_chunk(l.s, l.n, &ch);
    const char *stdstr = l.s + ch.pre;
    if (!skip(&v, l.s, ch.pre))
      return parse_error(err, layout, llen, value, vlen, l.s, ch.pre, v, NULL);
    if (ch.std == STD_NONE) {
      if (v.n == 0) break;
      rt_buf b;
      rt_buf_init(&b, v.n + 16);
      rt_buf_puts(&b, ": extra text: ");
      bi_go_time_quote(&b, v.s, v.n);
      rt_buf_putc(&b, '\0');
      return parse_error(err, layout, llen, value, vlen, NULL, 0, v, b.data);
    }
    adv(&l, ch.pre + ch.len);
    str hold = v;
    bool ok = true;
    const char *range = NULL;
    int std = ch.std;
    switch (std) {
    case STD_YEAR: {
      int64_t y;
      if (v.n < 2 || !go_atoi(v.s, 2, &y)) {
        ok = false;
        if (v.n >= 2) adv(&v, 2);
        break;
      }
      adv(&v, 2);
      year = y >= 69 ? y + 1900 : y + 2000;
      break;
    }
    case STD_LONG_YEAR:
      if (v.n < 4 || !is_digit_at(v.s, v.n, 0) || !go_atoi(v.s, 4, &year)) {
        ok = false;
        break;
      }
      adv(&v, 4);
      break;
    case STD_MONTH:
    case STD_LONG_MONTH:
      month = lookup_name(std == STD_MONTH ? short_months : long_months, 12, &v) + 1;
      ok = month > 0;
      break;
    case STD_NUM_MONTH:
    case STD_ZERO_MONTH:
      ok = getnum(&v, std == STD_ZERO_MONTH, &month);
      if (ok && (month <= 0 || month > 12)) range = "month";
      break;
    case STD_WEEKDAY:
      ok = lookup_name(short_days, 7, &v) >= 0;
      break;
    case STD_LONG_WEEKDAY:
      ok = lookup_name(long_days, 7, &v) >= 0;
      break;
    case STD_DAY:
    case STD_UNDER_DAY:
    case STD_ZERO_DAY:
      if (std == STD_UNDER_DAY && v.n > 0 && v.s[0] == ' ') adv(&v, 1);
      ok = getnum(&v, std == STD_ZERO_DAY, &day);
      break;
    case STD_UNDER_YDAY:
    case STD_ZERO_YDAY:
      for (int i = 0; i < 2; i++)
        if (std == STD_UNDER_YDAY && v.n > 0 && v.s[0] == ' ') adv(&v, 1);
      ok = getnum3(&v, std == STD_ZERO_YDAY, &yday);
      break;
    case STD_HOUR:
      hour = 0;
      ok = getnum(&v, false, &hour);
      if (hour >= 24) range = "hour";
      break;
    case STD_HOUR12:
    case STD_ZERO_HOUR12:
      hour = 0;
      ok = getnum(&v, std == STD_ZERO_HOUR12, &hour);
      if (hour > 12) range = "hour";
      break;
    case STD_MINUTE:
    case STD_ZERO_MINUTE:
      min = 0;
      ok = getnum(&v, std == STD_ZERO_MINUTE, &min);
      if (min >= 60) range = "minute";
      break;
    case STD_SECOND:
    case STD_ZERO_SECOND: {
      ok = getnum(&v, std == STD_ZERO_SECOND, &sec);
      if (!ok) break;
      if (sec >= 60) {
        range = "second";
        break;
      }
      /* a fraction in the value that the layout does not announce is taken anyway */
      if (v.n >= 2 && comma_or_period(v.s[0]) && is_digit_at(v.s, v.n, 1)) {
        chunk nx;
        next_chunk(l.s, l.n, &nx);
        if (nx.std == STD_FRAC0 || nx.std == STD_FRAC9) break;
        size_t k = 2;
        while (is_digit_at(v.s, v.n, k))
          k++;
        ok = parse_nanos(v.s, k, &nsec, &range);
        adv(&v, k);
      }
      break;
    }
    case STD_PM:
    case STD_PM_LOWER: {
      if (v.n < 2) {
        ok = false;
        break;
      }
      const char *p = std == STD_PM ? "PM" : "pm", *a = std == STD_PM ? "AM" : "am";
      if (memcmp(v.s, p, 2) == 0)
        pm = true;
      else if (memcmp(v.s, a, 2) == 0)
        am = true;
      else
        ok = false;
      adv(&v, 2);
      break;
    }
    case STD_TZ: {
      if (v.n >= 3 && memcmp(v.s, "UTC", 3) == 0) {
        have_z = true;
        adv(&v, 3);
        break;
      }
      size_t k = time_zone_len(v.s, v.n);
      if (!k) {
        ok = false;
        break;
      }
      zone_name = (str){v.s, k};
      adv(&v, k);
      break;
    }
    case STD_FRAC0: {
      size_t nd = 1 + (size_t)ch.digits;
      if (v.n < nd) {
        ok = false;
        break;
      }
      ok = parse_nanos(v.s, nd, &nsec, &range);
      adv(&v, nd);
      break;
    }
    case STD_FRAC9: {
      if (v.n < 2 || !comma_or_period(v.s[0]) || v.s[1] < '0' || v.s[1] > '9') break;
      size_t i = 0;
      while (i + 1 < v.n && v.s[i + 1] >= '0' && v.s[i + 1] <= '9')
        i++;
      ok = parse_nanos(v.s, 1 + i, &nsec, &range);
      adv(&v, 1 + i);
      break;
    }
    default: { /* numeric zones */
      if (is_iso_tz(std) && v.n >= 1 && v.s[0] == 'Z') {
        adv(&v, 1);
        have_z = true;
        break;
      }
      const char *sign = NULL, *hh = NULL, *mm = "00", *ss = "00";
      if (std == STD_ISO_COLON_TZ || std == STD_NUM_COLON_TZ) {
        if (v.n < 6 || v.s[3] != ':') {
          ok = false;
          break;
        }
        sign = v.s, hh = v.s + 1, mm = v.s + 4;
        adv(&v, 6);
      } else if (std == STD_NUM_SHORT_TZ || std == STD_ISO_SHORT_TZ) {
        if (v.n < 3) {
          ok = false;
          break;
        }
        sign = v.s, hh = v.s + 1;
        adv(&v, 3);
      } else if (std == STD_ISO_COLON_SECS_TZ || std == STD_NUM_COLON_SECS_TZ) {
        if (v.n < 9 || v.s[3] != ':' || v.s[6] != ':') {
          ok = false;
          break;
        }
        sign = v.s, hh = v.s + 1, mm = v.s + 4, ss = v.s + 7;
        adv(&v, 9);
      } else if (std == STD_ISO_SECS_TZ || std == STD_NUM_SECS_TZ) {
        if (v.n < 7) {
          ok = false;
          break;
        }
        sign = v.s, hh = v.s + 1, mm = v.s + 3, ss = v.s + 5;
        adv(&v, 7);
      } else {
        if (v.n < 5) {
          ok = false;
          break;
        }
        sign = v.s, hh = v.s + 1, mm = v.s + 3;
        adv(&v, 5);
      }
      int hr = 0, mi = 0, se = 0;
      str th = {hh, 2}, tm = {mm, 2}, ts = {ss, 2};
      ok = getnum(&th, true, &hr) && getnum(&tm, true, &mi) && getnum(&ts, true, &se);
      /* > rather than >=: offsets of 24 hours or 60 minutes occur in the wild */
      if (hr > 24) range = "time zone offset hour";
      if (mi > 60) range = "time zone offset minute";
      if (se > 60) range = "time zone offset second";
      zone_offset = (hr * 60 + mi) * 60 + se;
      if (sign[0] == '-')
        zone_offset = -zone_offset;
      else if (sign[0] != '+')
        ok = false;
    }
    }
    if (range) {
      snprintf(rangebuf, sizeof rangebuf, ": %s out of range", range);
      return parse_error(err, layout, llen, value, vlen, NULL, 0, v, rangebuf);
    }
    if (!ok) return parse_error(err, layout, llen, value, vlen, stdstr, ch.len, hold, NULL);
  }
  if (pm && hour < 12)
    hour += 12;
  else if (am && hour == 12)
    hour = 0;

  if (yday >= 0) {
    int d = 0, m = 0;
    if (bi_tz_is_leap(year)) {
      if (yday == 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365)
      return parse_error(err, layout, llen, value, vlen, NULL, 0, v, ": day-of-year out of range");
    if (m == 0) {
      m = (yday - 1) / 31 + 1;
      if (days_before[m] < yday) m++;
      d = yday - days_before[m - 1];
    }
    if (month >= 0 && month != m)
      return parse_error(err, layout, llen, value, vlen, NULL, 0, v,
                         ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day != d)
      return parse_error(err, layout, llen, value, vlen, NULL, 0, v,
                         ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > bi_tz_days_in(month, year))
    return parse_error(err, layout, llen, value, vlen, NULL, 0, v, ": day out of range");

  bi_go_date(year, month, day, hour, min, sec, nsec, bi_tz_utc(), out);
  if (have_z) return true;
  if (zone_offset != -1) {
    out->sec -= zone_offset;
    return true;
  }
  if (zone_name.n) {
    /* an abbreviation the local zone knows moves the instant; any other only names a
     * fabricated zone (GMT+3 included), leaving the instant as if UTC */
    int off;
    if (bi_tz_lookup_name(local, zone_name.s, zone_name.n, out->sec, &off)) out->sec -= off;
  }
  return true;
}

/* ---- durations ----------------------------------------------------------------------------- */

static bool dur_error(rt_buf *err, const char *what, const char *s, size_t n) {
  rt_buf_puts(err, what);
  bi_go_time_quote(err, s, n);
  return false;
}

bool bi_go_parse_duration(const char *s, size_t n, int64_t *out, rt_buf *err) {
  static const struct {
    const char *name;
    uint64_t ns;
  } units[] = {
      {"ns", 1},           {"us", 1000},      {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
      {"\xce\xbcs", 1000},                                         /* U+03BC Greek mu */
      {"ms", 1000000},     {"s", 1000000000}, {"m", 60000000000ULL}, {"h", 3600000000000ULL}};
  const uint64_t lim = (uint64_t)1 << 63;
  str v = {s, n};
  uint64_t d = 0;
  bool neg = false;
  if (v.n && (v.s[0] == '-' || v.s[0] == '+')) {
    neg = v.s[0] == '-';
    adv(&v, 1);
  }
  if (v.n == 1 && v.s[0] == '0') {
    *out = 0;
    return true;
  }
  if (v.n == 0) return dur_error(err, "time: invalid duration ", s, n);
  while (v.n) {
    uint64_t x, f = 0;
    double scale = 1;
    if (!(v.s[0] == '.' || (v.s[0] >= '0' && v.s[0] <= '9')))
      return dur_error(err, "time: invalid duration ", s, n);
    size_t before = v.n;
    if (!leading_int(&v, &x)) return dur_error(err, "time: invalid duration ", s, n);
    bool pre = v.n != before, post = false;
    if (v.n && v.s[0] == '.') {
      adv(&v, 1);
      size_t b2 = v.n;
      bool overflow = false;
      /* leadingFraction: stop gaining precision rather than fail */
      while (v.n && v.s[0] >= '0' && v.s[0] <= '9') {
        if (!overflow) {
          if (f > (lim - 1) / 10) {
            overflow = true;
          } else {
            uint64_t y = f * 10 + (uint64_t)(v.s[0] - '0');
            if (y > lim) {
              overflow = true;
            } else {
              f = y;
              scale *= 10;
            }
          }
        }
        adv(&v, 1);
      }
      post = v.n != b2;
    }
    if (!pre && !post) return dur_error(err, "time: invalid duration ", s, n);
    size_t i = 0;
    while (i < v.n && v.s[i] != '.' && !(v.s[i] >= '0' && v.s[i] <= '9'))
      i++;
    if (i == 0) return dur_error(err, "time: missing unit in duration ", s, n);
    uint64_t unit = 0;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
      if (strlen(units[k].name) == i && memcmp(units[k].name, v.s, i) == 0) unit = units[k].ns;
    if (!unit) {
      rt_buf_puts(err, "time: unknown unit ");
      bi_go_time_quote(err, v.s, i);
      return dur_error(err, " in duration ", s, n);
    }
    adv(&v, i);
    if (x > lim / unit) return dur_error(err, "time: invalid duration ", s, n);
    x *= unit;
    if (f > 0) {
      /* float64, as Go: exact to the nanosecond for fractions of an hour */
      x += (uint64_t)((double)f * ((double)unit / scale));
      if (x > lim) return dur_error(err, "time: invalid duration ", s, n);
    }
    d += x;
    if (d > lim) return dur_error(err, "time: invalid duration ", s, n);
  }
  if (neg) {
    *out = (int64_t)(0 - d);
    return true;
  }
  if (d > lim - 1) return dur_error(err, "time: invalid duration ", s, n);
  *out = (int64_t)d;
  return true;
}
