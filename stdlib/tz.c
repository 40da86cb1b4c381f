/* tz.c: Go's time.Location for the time builtins: TZif files, lookups, the POSIX TZ footer.
 *
 * OPA answers time.date([ns, "Europe/Berlin"]) and friends with Go's LoadLocation and
 * Location.lookup, so this file reproduces them rather than calling libc: the search order
 * ($ZONEINFO, then /usr/share/zoneinfo/, /usr/share/lib/zoneinfo/, /usr/lib/locale/TZ/,
 * /etc/zoneinfo), the error texts (the first error that is not "file not found" wins, else
 * "unknown time zone NAME"), the TZif reading (the 64-bit block of v2/v3 files, a fake
 * transition at the beginning of time for files without any), the zone used before the
 * first transition (tzcode's four rules) and the footer string (Go's tzset, with its
 * approximate year bounds, which time.Date's second lookup depends on).
 *
 * Loaded zones are cached by name for the life of the process (the checker is single
 * threaded); once the cache is full, further zones are read into the evaluation's arena.
 * Failures are not cached, so names taken from input cannot grow memory.
 */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

#define ALPHA INT64_MIN /* beginning and end of time for transitions */
#define OMEGA INT64_MAX
#define SECS_PER_DAY 86400
#define MAX_FILE (10 << 20) /* Go's maxFileSize */
#define CACHE_MAX 256

typedef struct tz_zone {
  const char *name; /* NUL-terminated abbreviation */
  int offset;
  bool dst;
} tz_zone;

typedef struct tz_trans {
  int64_t when;
  uint8_t idx;
} tz_trans;

struct bi_tz {
  int nzone;
  tz_zone *zones;
  int ntx;
  tz_trans *tx;
  const char *extend; /* POSIX TZ footer, NULL if none */
  size_t extend_len;
};

/* ---- calendar ------------------------------------------------------------------------- */

static const int days_before[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

/* Go's isLeap, with truncating % as in Go (the same answers as floor % for this test). */
bool bi_tz_is_leap(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int bi_tz_days_in(int m, int64_t year) {
  if (m == 2 && bi_tz_is_leap(year)) return 29;
  return days_before[m] - days_before[m - 1];
}

/* Counting from March 1 puts the leap day last, so one formula serves every month. */
int64_t bi_tz_days_from_civil(int64_t year, int m, int64_t d) {
  int64_t y = year - (m <= 2);
  int64_t era = bi_tz_fdiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

void bi_tz_civil(int64_t days, int64_t *year, int *m, int *d, int *yday) {
  int64_t z = days + 719468;
  int64_t era = bi_tz_fdiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
  int64_t y = yoe + era * 400 + (mm <= 2);
  if (year) *year = y;
  if (m) *m = mm;
  if (d) *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  if (yday) *yday = (int)(days - bi_tz_days_from_civil(y, 1, 1) + 1);
}

/* ---- the POSIX TZ footer (Go's tzset) ---------------------------------------------------- */

typedef struct tz_str {
  const char *s;
  size_t n;
} tz_str;

static bool ts_name(tz_str *s, tz_str *name) {
  if (s->n == 0) return false;
  if (s->s[0] != '<') {
    size_t i;
    for (i = 0; i < s->n; i++) {
      char c = s->s[i];
      if ((c >= '0' && c <= '9') || c == ',' || c == '-' || c == '+') break;
    }
    if (i < 3) return false;
    name->s = s->s;
    name->n = i;
    s->s += i;
    s->n -= i;
    return true;
  }
  for (size_t i = 0; i < s->n; i++) {
    if (s->s[i] == '>') {
      name->s = s->s + 1;
      name->n = i - 1;
      s->s += i + 1;
      s->n -= i + 1;
      return true;
    }
  }
  return false;
}

static bool ts_num(tz_str *s, int min, int max, int *out) {
  size_t i;
  int num = 0;
  if (s->n == 0) return false;
  for (i = 0; i < s->n && s->s[i] >= '0' && s->s[i] <= '9'; i++) {
    num = num * 10 + (s->s[i] - '0');
    if (num > max) return false;
  }
  if (i == 0 || num < min) return false;
  s->s += i;
  s->n -= i;
  *out = num;
  return true;
}

static bool ts_offset(tz_str *s, int *out) {
  bool neg = false;
  int h, m, sec, off;
  if (s->n == 0) return false;
  if (s->s[0] == '+' || s->s[0] == '-') {
    neg = s->s[0] == '-';
    s->s++;
    s->n--;
  }
  if (!ts_num(s, 0, 24 * 7, &h)) return false;
  off = h * 3600;
  if (s->n && s->s[0] == ':') {
    s->s++;
    s->n--;
    if (!ts_num(s, 0, 59, &m)) return false;
    off += m * 60;
    if (s->n && s->s[0] == ':') {
      s->s++;
      s->n--;
      if (!ts_num(s, 0, 59, &sec)) return false;
      off += sec;
    }
  }
  *out = neg ? -off : off;
  return true;
}

enum { RULE_JULIAN, RULE_DOY, RULE_MWD };

typedef struct tz_rule {
  int kind, day, week, mon, time;
} tz_rule;

static bool ts_dot(tz_str *s) {
  if (s->n == 0 || s->s[0] != '.') return false;
  s->s++;
  s->n--;
  return true;
}

static bool ts_rule(tz_str *s, tz_rule *r) {
  memset(r, 0, sizeof *r);
  if (s->n == 0) return false;
  if (s->s[0] == 'J') {
    s->s++;
    s->n--;
    r->kind = RULE_JULIAN;
    if (!ts_num(s, 1, 365, &r->day)) return false;
  } else if (s->s[0] == 'M') {
    s->s++;
    s->n--;
    r->kind = RULE_MWD;
    if (!ts_num(s, 1, 12, &r->mon) || !ts_dot(s) || !ts_num(s, 1, 5, &r->week) || !ts_dot(s) ||
        !ts_num(s, 0, 6, &r->day))
      return false;
  } else {
    r->kind = RULE_DOY;
    if (!ts_num(s, 0, 365, &r->day)) return false;
  }
  r->time = 2 * 3600;
  if (s->n == 0 || s->s[0] != '/') return true;
  s->s++;
  s->n--;
  return ts_offset(s, &r->time);
}

/* Seconds from the start of `year` (UTC) to the rule's moment, for a zone at offset `off`.
 * Go finds the weekday of the month's first day with Zeller's congruence, in truncating
 * arithmetic, and so do we. */
static int64_t rule_time(int64_t year, const tz_rule *r, int off) {
  int64_t s = 0;
  switch (r->kind) {
  case RULE_JULIAN:
    s = (int64_t)(r->day - 1) * SECS_PER_DAY;
    if (bi_tz_is_leap(year) && r->day >= 60) s += SECS_PER_DAY;
    break;
  case RULE_DOY:
    s = (int64_t)r->day * SECS_PER_DAY;
    break;
  default: {
    int64_t m1 = (r->mon + 9) % 12 + 1;
    int64_t yy0 = year - (r->mon <= 2);
    int64_t yy1 = yy0 / 100, yy2 = yy0 % 100;
    int64_t dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    int64_t d = r->day - dow;
    if (d < 0) d += 7;
    for (int i = 1; i < r->week; i++) {
      if (d + 7 >= bi_tz_days_in(r->mon, year)) break;
      d += 7;
    }
    d += days_before[r->mon - 1];
    if (bi_tz_is_leap(year) && r->mon > 2) d++;
    s = d * SECS_PER_DAY;
  }
  }
  return s + r->time - off;
}

static bool tzset(const char *str, size_t len, int64_t init_end, int64_t sec, bi_tz_info *out) {
  tz_str s = {str, len}, std_name, dst_name;
  int std_off, dst_off;
  tz_rule r1, r2;
  if (!ts_name(&s, &std_name) || !ts_offset(&s, &std_off)) return false;
  std_off = -std_off; /* POSIX offsets are west of UTC */
  if (s.n == 0 || s.s[0] == ',') {
    *out = (bi_tz_info){std_name.s, std_name.n, std_off, init_end, OMEGA, false};
    return true;
  }
  if (!ts_name(&s, &dst_name)) return false;
  if (s.n == 0 || s.s[0] == ',') {
    dst_off = std_off + 3600;
  } else {
    if (!ts_offset(&s, &dst_off)) return false;
    dst_off = -dst_off;
  }
  if (s.n == 0) s = (tz_str){",M3.2.0,M11.1.0", 15}; /* tzcode's default rules */
  if (s.s[0] != ',' && s.s[0] != ';') return false;
  s.s++;
  s.n--;
  if (!ts_rule(&s, &r1) || s.n == 0 || s.s[0] != ',') return false;
  s.s++;
  s.n--;
  if (!ts_rule(&s, &r2) || s.n > 0) return false;

  int64_t year;
  int yday;
  bi_tz_civil(bi_tz_fdiv(sec, SECS_PER_DAY), &year, NULL, NULL, &yday);
  /* Go adds the truncated remainder, which is negative before 1970: keep that. */
  int64_t ysec = (int64_t)(yday - 1) * SECS_PER_DAY + sec % SECS_PER_DAY;
  int64_t abs = bi_tz_days_from_civil(year, 1, 1) * SECS_PER_DAY;
  int64_t start = rule_time(year, &r1, std_off), end = rule_time(year, &r2, dst_off);
  bool dst_is_dst = true, std_is_dst = false;
  if (end < start) { /* southern hemisphere: the labels swap with the bounds */
    int64_t t = start;
    start = end;
    end = t;
    tz_str n = std_name;
    std_name = dst_name;
    dst_name = n;
    int o = std_off;
    std_off = dst_off;
    dst_off = o;
    std_is_dst = true;
    dst_is_dst = false;
  }
  if (ysec < start)
    *out = (bi_tz_info){std_name.s, std_name.n, std_off, abs, start + abs, std_is_dst};
  else if (ysec >= end)
    *out = (bi_tz_info){std_name.s, std_name.n, std_off, end + abs, abs + 365 * SECS_PER_DAY,
                        std_is_dst};
  else
    *out = (bi_tz_info){dst_name.s, dst_name.n, dst_off, start + abs, end + abs, dst_is_dst};
  return true;
}

/* ---- lookups ------------------------------------------------------------------------------ */

static bi_tz utc_zone;

const bi_tz *bi_tz_utc(void) {
  return &utc_zone;
}

/* The zone in effect before the first transition (Go's lookupFirstZone). */
static int first_zone(const bi_tz *z) {
  bool used = false;
  for (int i = 0; i < z->ntx; i++)
    if (z->tx[i].idx == 0) used = true;
  if (!used) return 0;
  if (z->ntx > 0 && z->zones[z->tx[0].idx].dst) {
    for (int i = (int)z->tx[0].idx - 1; i >= 0; i--)
      if (!z->zones[i].dst) return i;
  }
  for (int i = 0; i < z->nzone; i++)
    if (!z->zones[i].dst) return i;
  return 0;
}

static void set_zone(bi_tz_info *out, const tz_zone *zn, int64_t start, int64_t end) {
  out->name = zn->name;
  out->name_len = strlen(zn->name);
  out->offset = zn->offset;
  out->dst = zn->dst;
  out->start = start;
  out->end = end;
}

void bi_tz_lookup(const bi_tz *z, int64_t sec, bi_tz_info *out) {
  if (z->nzone == 0) {
    *out = (bi_tz_info){"UTC", 3, 0, ALPHA, OMEGA, false};
    return;
  }
  if (z->ntx == 0 || sec < z->tx[0].when) {
    set_zone(out, &z->zones[first_zone(z)], ALPHA, z->ntx ? z->tx[0].when : OMEGA);
    return;
  }
  int lo = 0, hi = z->ntx;
  int64_t end = OMEGA;
  while (hi - lo > 1) {
    int m = lo + (hi - lo) / 2;
    if (sec < z->tx[m].when) {
      end = z->tx[m].when;
      hi = m;
    } else {
      lo = m;
    }
  }
  set_zone(out, &z->zones[z->tx[lo].idx], z->tx[lo].when, end);
  if (lo == z->ntx - 1 && z->extend) {
    bi_tz_info e;
    if (tzset(z->extend, z->extend_len, out->start, sec, &e)) *out = e;
  }
}

bool bi_tz_lookup_name(const bi_tz *z, const char *name, size_t len, int64_t wall, int *offset) {
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < z->nzone; i++) {
      const tz_zone *zn = &z->zones[i];
      if (strlen(zn->name) != len || memcmp(zn->name, name, len) != 0) continue;
      if (pass == 1) {
        *offset = zn->offset;
        return true;
      }
      /* prefer the zone of that name actually in effect then (Sydney's two "EST"s) */
      bi_tz_info in;
      bi_tz_lookup(z, wall - zn->offset, &in);
      if (in.name_len == len && memcmp(in.name, name, len) == 0) {
        *offset = in.offset;
        return true;
      }
    }
  }
  return false;
}

/* ---- reading TZif files ---------------------------------------------------------------- */

static void *zalloc(bool heap, size_t n) {
  if (!heap) return rt_alloc_zero(n);
  void *p = calloc(1, n ? n : 1);
  if (!p) {
    fputs("regoc: out of memory\n", stderr);
    abort();
  }
  return p;
}

typedef struct rd {
  const unsigned char *p;
  size_t n;
  bool bad;
} rd;

static const unsigned char *rd_take(rd *r, size_t n) {
  if (r->n < n) {
    r->bad = true;
    r->n = 0;
    return NULL;
  }
  const unsigned char *p = r->p;
  r->p += n;
  r->n -= n;
  return p;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* LoadLocationFromTZData. NULL if the data is malformed. */
static bi_tz *parse_tzif(const unsigned char *data, size_t len, bool heap) {
  rd r = {data, len, false};
  const unsigned char *p = rd_take(&r, 4);
  enum { N_UTCLOCAL, N_STDWALL, N_LEAP, N_TIME, N_ZONE, N_CHAR };
  size_t n[6];
  if (!p || memcmp(p, "TZif", 4) != 0) return NULL;
  if (!(p = rd_take(&r, 16))) return NULL;
  int version = p[0] == 0 ? 1 : p[0] == '2' ? 2 : p[0] == '3' ? 3 : 0;
  if (!version) return NULL;
  for (int i = 0; i < 6; i++) {
    if (!(p = rd_take(&r, 4))) return NULL;
    n[i] = be32(p);
  }
  size_t size = 4;
  if (version > 1) { /* skip the 32-bit block and the second header, read the 64-bit one */
    rd_take(&r, n[N_TIME] * 5 + n[N_ZONE] * 6 + n[N_CHAR] + n[N_LEAP] * 8 + n[N_STDWALL] +
                    n[N_UTCLOCAL] + 20);
    for (int i = 0; i < 6; i++) {
      if (!(p = rd_take(&r, 4))) return NULL;
      n[i] = be32(p);
    }
    size = 8;
  }
  const unsigned char *times = rd_take(&r, n[N_TIME] * size);
  const unsigned char *idx = rd_take(&r, n[N_TIME]);
  const unsigned char *zdata = rd_take(&r, n[N_ZONE] * 6);
  const unsigned char *abbrev = rd_take(&r, n[N_CHAR]);
  rd_take(&r, n[N_LEAP] * (size + 4));
  rd_take(&r, n[N_STDWALL]);
  rd_take(&r, n[N_UTCLOCAL]);
  if (r.bad || n[N_ZONE] == 0) return NULL;

  for (size_t i = 0; i < n[N_ZONE]; i++)
    if (zdata[6 * i + 5] >= n[N_CHAR]) return NULL;
  for (size_t i = 0; i < n[N_TIME]; i++)
    if (idx[i] >= n[N_ZONE]) return NULL;

  bi_tz *z = zalloc(heap, sizeof *z);
  if (r.n > 2 && r.p[0] == '\n' && r.p[r.n - 1] == '\n') {
    char *e = zalloc(heap, r.n - 1);
    memcpy(e, r.p + 1, r.n - 2);
    z->extend = e;
    z->extend_len = r.n - 2;
  }
  /* abbreviations: one NUL-terminated copy of the table; names point into it */
  char *abbr = zalloc(heap, n[N_CHAR] + 1);
  memcpy(abbr, abbrev, n[N_CHAR]);
  z->nzone = (int)n[N_ZONE];
  z->zones = zalloc(heap, n[N_ZONE] * sizeof *z->zones);
  for (size_t i = 0; i < n[N_ZONE]; i++) {
    const unsigned char *q = zdata + 6 * i;
    z->zones[i].offset = (int)(int32_t)be32(q);
    z->zones[i].dst = q[4] != 0;
    z->zones[i].name = abbr + q[5];
  }
  int ntx = (int)n[N_TIME];
  z->tx = zalloc(heap, (size_t)(ntx ? ntx : 1) * sizeof *z->tx);
  for (int i = 0; i < ntx; i++) {
    if (size == 4) {
      z->tx[i].when = (int32_t)be32(times + 4 * i);
    } else {
      uint64_t w = (uint64_t)be32(times + 8 * i) << 32 | be32(times + 8 * i + 4);
      z->tx[i].when = (int64_t)w;
    }
    z->tx[i].idx = idx[i];
  }
  if (ntx == 0) { /* fixed zones: one transition at the beginning of time */
    z->tx[0].when = ALPHA;
    z->tx[0].idx = 0;
    ntx = 1;
  }
  z->ntx = ntx;
  return z;
}

/* An errno as Go's syscall.Errno prints it: the C text with its first letter lowered. */
static const char *errno_text(int e, char *buf, size_t cap) {
  const char *s = strerror(e);
  snprintf(buf, cap, "%s", s);
  if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z')) buf[0] += 'a' - 'A';
  return buf;
}

/* Reads a whole file (Go's readFile). Returns 0 with the bytes (malloc'd), or an errno, or
 * -1 for a file larger than Go reads. */
static int read_file(const char *path, unsigned char **out, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  size_t cap = 4096, n = 0;
  unsigned char *buf = malloc(cap);
  if (!buf) abort();
  for (;;) {
    if (n == cap) {
      cap *= 2;
      unsigned char *nb = realloc(buf, cap);
      if (!nb) abort();
      buf = nb;
    }
    ssize_t k = read(fd, buf + n, cap - n > 4096 ? 4096 : cap - n);
    if (k < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      free(buf);
      return e;
    }
    if (k == 0) break;
    n += (size_t)k;
    if (n > MAX_FILE) {
      close(fd);
      free(buf);
      return -1;
    }
  }
  close(fd);
  *out = buf;
  *len = n;
  return 0;
}

/* One source directory (dir == "" means the name is a path). Returns the zone, or NULL
 * with *err set to the error (left alone for "no such file"). */
static bi_tz *load_from(const char *dir, const char *name, size_t nlen, bool heap, char *err,
                        size_t errcap) {
  size_t dlen = strlen(dir);
  char *path = malloc(dlen + nlen + 2);
  if (!path) abort();
  memcpy(path, dir, dlen);
  size_t k = dlen;
  if (dlen) path[k++] = '/';
  memcpy(path + k, name, nlen);
  path[k + nlen] = '\0';
  bi_tz *z = NULL;
  unsigned char *data = NULL;
  size_t len = 0;
  int e;
  if (memchr(name, '\0', nlen)) {
    e = EINVAL; /* Go refuses a path with a NUL byte before any system call */
  } else {
    e = read_file(path, &data, &len);
  }
  if (e == 0) {
    z = parse_tzif(data, len, heap);
    free(data);
    if (!z && !err[0]) snprintf(err, errcap, "malformed time zone information");
  } else if (e == -1) {
    if (!err[0]) snprintf(err, errcap, "time: file %s is too large", path);
  } else if (e != ENOENT && !err[0]) {
    errno_text(e, err, errcap);
  }
  free(path);
  return z;
}

static const char *const zone_dirs[] = {"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/",
                                        "/usr/lib/locale/TZ/", "/etc/zoneinfo"};

/* Go's loadLocation over the system directories (there is no embedded copy here). */
static bi_tz *load_system(const char *name, size_t nlen, bool heap, char *err, size_t errcap) {
  for (size_t i = 0; i < sizeof zone_dirs / sizeof zone_dirs[0]; i++) {
    bi_tz *z = load_from(zone_dirs[i], name, nlen, heap, err, errcap);
    if (z) return z;
  }
  return NULL;
}

typedef struct cache_ent {
  char *name;
  size_t len;
  bi_tz *z;
} cache_ent;

static cache_ent cache[CACHE_MAX];
static int ncache;

const bi_tz *bi_tz_load(const char *name, size_t len, const char **err) {
  static char errbuf[512];
  if (len == 0 || (len == 3 && memcmp(name, "UTC", 3) == 0)) return &utc_zone;
  if (len == 5 && memcmp(name, "Local", 5) == 0) return bi_tz_local();
  for (size_t i = 0; i + 1 < len; i++) {
    if (name[i] == '.' && name[i + 1] == '.') {
      *err = "time: invalid location name";
      return NULL;
    }
  }
  if (name[0] == '/' || name[0] == '\\') {
    *err = "time: invalid location name";
    return NULL;
  }
  for (int i = 0; i < ncache; i++)
    if (cache[i].len == len && memcmp(cache[i].name, name, len) == 0) return cache[i].z;

  bool heap = ncache < CACHE_MAX;
  bi_tz *z = NULL;
  errbuf[0] = '\0';
  const char *zi = getenv("ZONEINFO");
  if (zi && zi[0]) {
    size_t zl = strlen(zi);
    /* Go also reads an uncompressed zip here; a directory is what systems have */
    if (!(zl > 4 && strcmp(zi + zl - 4, ".zip") == 0))
      z = load_from(zi, name, len, heap, errbuf, sizeof errbuf);
  }
  if (!z) z = load_system(name, len, heap, errbuf, sizeof errbuf);
  if (!z) {
    if (!errbuf[0]) snprintf(errbuf, sizeof errbuf, "unknown time zone %.*s", (int)len, name);
    *err = errbuf;
    return NULL;
  }
  if (heap) {
    char *copy = malloc(len + 1);
    if (!copy) abort();
    memcpy(copy, name, len);
    copy[len] = '\0';
    cache[ncache++] = (cache_ent){copy, len, z};
  }
  return z;
}

const bi_tz *bi_tz_local(void) {
  static const bi_tz *local;
  if (local) return local;
  char err[256] = "";
  const char *tz = getenv("TZ");
  bi_tz *z = NULL;
  if (!tz) {
    z = load_from("/etc", "localtime", 9, true, err, sizeof err);
  } else if (tz[0]) {
    if (tz[0] == ':') tz++;
    if (tz[0] == '/')
      z = load_from("", tz, strlen(tz), true, err, sizeof err);
    else if (tz[0] && strcmp(tz, "UTC") != 0)
      z = load_system(tz, strlen(tz), true, err, sizeof err);
  }
  local = z ? z : &utc_zone;
  return local;
}
