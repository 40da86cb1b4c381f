/* check_builtins_time.c: unit tests of the time builtins (stdlib/bi_time.c) and of the Go
 * time layer under them (gotime.c, tz.c): layouts, Parse leniencies and error texts,
 * durations, zones with DST transitions, half-hour offsets and local mean time, the POSIX
 * footer beyond the transition tables, AddDate's normalisation in gaps and overlaps, and
 * OPA's operand forms and errors.
 *
 * Expected texts come from Go's own time tests where those exist (formatTests,
 * parseErrorTests, parseDurationTests) and otherwise from Go's documented rules; instants
 * were computed independently (Python's zoneinfo on the same tzdata).
 */
#include <stdlib.h>
#include <time.h>

#include "bi_check.h"
#include "gotime.h"
#include "rt_eval.h"

/* [ns, zone] and [ns, zone, layout] arguments. */
static rt_value *TZ(int64_t ns, const char *zone) {
  rt_value *a = rt_array_new(2);
  rt_array_push(a, rt_int(ns));
  rt_array_push(a, STR(zone));
  return a;
}

static rt_value *TZL(int64_t ns, const char *zone, const char *layout) {
  rt_value *a = TZ(ns, zone);
  rt_array_push(a, STR(layout));
  return a;
}

static rt_value *I(int64_t i) {
  return rt_int(i);
}

#define LA_2009 1233810057012345600LL /* Thu Feb  4 21:00:57.012345600 PST 2009 */

START_TEST(test_format_go_layouts) {
  /* Go's formatTests, with OPA's layout names where OPA has them */
  static const char *const cases[][2] = {
      {"ANSIC", "Wed Feb  4 21:00:57 2009"},
      {"UnixDate", "Wed Feb  4 21:00:57 PST 2009"},
      {"RubyDate", "Wed Feb 04 21:00:57 -0800 2009"},
      {"RFC822", "04 Feb 09 21:00 PST"},
      {"RFC822Z", "04 Feb 09 21:00 -0800"},
      {"RFC850", "Wednesday, 04-Feb-09 21:00:57 PST"},
      {"RFC1123", "Wed, 04 Feb 2009 21:00:57 PST"},
      {"RFC1123Z", "Wed, 04 Feb 2009 21:00:57 -0800"},
      {"RFC3339", "2009-02-04T21:00:57-08:00"},
      {"RFC3339Nano", "2009-02-04T21:00:57.0123456-08:00"},
      {"", "2009-02-04T21:00:57.0123456-08:00"},
      {"3:04PM", "9:00PM"},
      {"3pm", "9pm"},
      {"3PM", "9PM"},
      {"06 01 02", "09 02 04"},
      {"Hi Janet, the Month is January", "Hi Janet, the Month is February"},
      {"Jan _2 15:04:05", "Feb  4 21:00:57"},
      {"Jan _2 15:04:05.000", "Feb  4 21:00:57.012"},
      {"Jan _2 15:04:05.000000", "Feb  4 21:00:57.012345"},
      {"Jan _2 15:04:05.000000000", "Feb  4 21:00:57.012345600"},
      {"Jan  2 002 __2 2", "Feb  4 035  35 4"},
      /* fractions: comma separators, trimming, more than nine digits, digits after */
      {"15:04:05,000", "21:00:57,012"},
      {"05,999999999", "57,0123456"},
      {"05.99", "57.01"},
      {"05.0000000000000", "57.012345600"},
      {"05.0001", "57.0002"}, /* no fraction: a digit follows the 0s; 01 is the month */
      /* literal underscore before the year, numeric and textual elements */
      {"_2006 1 2 3 4 5", "_2009 2 4 9 0 57"},
      {"January Monday Mon Jan", "February Wednesday Wed Feb"},
      {"Z0700 Z07 -07 -070000 -07:00:00 Z07:00:00", "-0800 -08 -08 -080000 -08:00:00 -08:00:00"},
      {"no elements here", "no elements here"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ck_assert_str_eq(TXT(bi_time_format(TZL(LA_2009, "America/Los_Angeles", cases[i][0]))),
                     cases[i][1]);
  ASSERT_TXT(bi_time_format(TZ(LA_2009, "America/Los_Angeles")),
             "2009-02-04T21:00:57.0123456-08:00");
}
END_TEST

START_TEST(test_format_utc_and_opa_cases) {
  /* conformance time/format */
  ASSERT_TXT(bi_time_format(I(1670006453141828752)), "2022-12-02T18:40:53.141828752Z");
  ASSERT_TXT(bi_time_format(TZ(1670006453141828752, "Asia/Kolkata")),
             "2022-12-03T00:10:53.141828752+05:30");
  ASSERT_TXT(
      bi_time_format(TZL(1670006453141828752, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006")),
      "Sat Dec 03 00:10:53 +0530 2022");
  ASSERT_TXT(bi_time_format(TZL(1670006453141828752, "Asia/Kolkata", "RFC1123Z")),
             "Sat, 03 Dec 2022 00:10:53 +0530");
  /* UTC prints Z for the Z forms, +0000 for the others, UTC for MST */
  ASSERT_TXT(bi_time_format(TZL(0, "UTC", "2006-01-02 15:04:05 Z07:00 -07:00 MST")),
             "1970-01-01 00:00:00 Z +00:00 UTC");
  ASSERT_TXT(bi_time_format(TZL(0, "", "Z0700 -0700")), "Z +0000");
  /* a whole second prints no fraction under .999, zeros under .000 */
  ASSERT_TXT(bi_time_format(I(1000000000)), "1970-01-01T00:00:01Z");
  ASSERT_TXT(bi_time_format(TZL(1000000000, "UTC", "05.000")), "01.000");
  /* before 1970 and at the ends of the int64 range */
  ASSERT_TXT(bi_time_format(I(-1)), "1969-12-31T23:59:59.999999999Z");
  ASSERT_TXT(bi_time_format(I(INT64_MIN)), "1677-09-21T00:12:43.145224192Z");
  ASSERT_TXT(bi_time_format(I(INT64_MAX)), "2262-04-11T23:47:16.854775807Z");
  /* 12 noon is 12PM, midnight 12AM */
  ASSERT_TXT(bi_time_format(TZL(12 * 3600 * 1000000000LL, "UTC", "3:04PM 03pm")), "12:00PM 12pm");
  ASSERT_TXT(bi_time_format(TZL(0, "UTC", "3:04PM 03pm")), "12:00AM 12am");
  /* day of year in a leap year */
  ASSERT_TXT(bi_time_format(TZL(1609372800000000000, "UTC", "2006 002 __2")), "2020 366 366");
}
END_TEST

START_TEST(test_format_years) {
  /* Go's TestFormatShortYear: four digits at least, the sign before them */
  static const int64_t years[] = {
      -100001, -100000, -99999, -10001, -10000, -9999, -1001, -1000, -999,  -101,   -100,
      -99,     -11,     -10,    -9,     -1,     0,     1,     9,     10,    11,     99,
      100,     101,     999,    1000,   1001,   9999,  10000, 10001, 99999, 100000, 100001};
  for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
    bi_go_time t;
    char want[32];
    rt_buf b;
    ck_assert(bi_go_date(years[i], 1, 1, 0, 0, 0, 0, bi_tz_utc(), &t));
    rt_buf_init(&b, 32);
    bi_go_format(&b, t, "2006.01.02 06", 13);
    rt_buf_putc(&b, '\0');
    int64_t y = years[i] < 0 ? -years[i] : years[i];
    snprintf(want, sizeof want, "%s%04lld.01.01 %02lld", years[i] < 0 ? "-" : "", (long long)y,
             (long long)(y % 100));
    ck_assert_str_eq(b.data, want);
  }
  /* year 0 is a leap year; 1900 and 2100 are not; weekdays run on through year 0 */
  bi_go_time t;
  rt_buf b;
  ck_assert(bi_go_date(0, 2, 29, 0, 0, 0, 0, bi_tz_utc(), &t));
  rt_buf_init(&b, 32);
  bi_go_format(&b, t, "2006-01-02 Mon 002", 18);
  rt_buf_putc(&b, '\0');
  ck_assert_str_eq(b.data, "0000-02-29 Tue 060");
  ck_assert(bi_go_date(1900, 2, 29, 0, 0, 0, 0, bi_tz_utc(), &t));
  rt_buf_init(&b, 32);
  bi_go_format(&b, t, "2006-01-02", 10);
  rt_buf_putc(&b, '\0');
  ck_assert_str_eq(b.data, "1900-03-01");
}
END_TEST

START_TEST(test_zones_dst) {
  /* America/New_York, 2021: 02:00 EST -> 03:00 EDT on Mar 14, 02:00 EDT -> 01:00 EST on
   * Nov 7 */
  ASSERT_TXT(bi_time_format(TZL(1615705199000000000, "America/New_York", "15:04:05 MST -07:00")),
             "01:59:59 EST -05:00");
  ASSERT_TXT(bi_time_format(TZL(1615705200000000000, "America/New_York", "15:04:05 MST -07:00")),
             "03:00:00 EDT -04:00");
  ASSERT_TXT(bi_time_format(TZL(1636264799000000000, "America/New_York", "15:04:05 MST")),
             "01:59:59 EDT");
  ASSERT_TXT(bi_time_format(TZL(1636264800000000000, "America/New_York", "15:04:05 MST")),
             "01:00:00 EST");
  ASSERT_REGO(bi_time_clock(TZ(1615705200000000000, "America/New_York")), "[3, 0, 0]");
  /* Europe/Berlin, 2021: 02:00 CET -> 03:00 CEST on Mar 28, 03:00 -> 02:00 on Oct 31 */
  ASSERT_TXT(bi_time_format(TZL(1616893199000000000, "Europe/Berlin", "15:04:05 MST")),
             "01:59:59 CET");
  ASSERT_TXT(bi_time_format(TZL(1616893200000000000, "Europe/Berlin", "15:04:05 MST")),
             "03:00:00 CEST");
  ASSERT_TXT(bi_time_format(TZL(1635641999000000000, "Europe/Berlin", "15:04:05 MST")),
             "02:59:59 CEST");
  ASSERT_TXT(bi_time_format(TZL(1635642000000000000, "Europe/Berlin", "15:04:05 MST")),
             "02:00:00 CET");
  /* beyond the tables (2037): the POSIX footer, north and south of the equator */
  ASSERT_TXT(bi_time_format(TZL(4118126400000000000, "America/New_York", "2006-01-02 15:04 MST")),
             "2100-07-01 08:00 EDT");
  ASSERT_TXT(bi_time_format(TZL(7259328000000000000, "Europe/Berlin", "15:04 MST")), "01:00 CET");
  ASSERT_TXT(bi_time_format(TZL(7274966400000000000, "Europe/Berlin", "15:04 MST")), "02:00 CEST");
  ASSERT_TXT(bi_time_format(TZL(4103654400000000000, "Australia/Sydney", "15:04 MST")),
             "11:00 AEDT");
  ASSERT_TXT(bi_time_format(TZL(4119292800000000000, "Australia/Sydney", "15:04 MST")),
             "10:00 AEST");
  ASSERT_TXT(bi_time_format(TZL(4103654400000000000, "America/Santiago", "2006-01-02 15:04 -07")),
             "2100-01-14 21:00 -03");
  /* Asia/Kolkata: +05:30 all year; local mean time before the first transition, offsets
   * with seconds */
  ASSERT_REGO(bi_time_date(TZ(1670006453141828752, "Asia/Kolkata")), "[2022, 12, 3]");
  ASSERT_REGO(bi_time_clock(TZ(1670006453141828752, "Asia/Kolkata")), "[0, 10, 53]");
  ASSERT_TXT(bi_time_format(TZL(-3000000000000000000, "America/New_York",
                                "2006-01-02 15:04:05 MST -07:00:00 -0700 Z07")),
             "1874-12-07 13:43:58 LMT -04:56:02 -0456 -04");
  /* "Local" is $TZ / /etc/localtime; "" and "UTC" are UTC */
  ASSERT_REGO(bi_time_date(TZ(0, "")), "[1970, 1, 1]");
  ck_assert(bi_time_date(TZ(0, "Local")) != NULL);
}
END_TEST

START_TEST(test_date_clock_weekday) {
  /* conformance cases */
  ASSERT_REGO(bi_time_date(TZ(1517814000000000000, "America/Los_Angeles")), "[2018, 2, 4]");
  ASSERT_REGO(bi_time_date(I(1582977600000000000)), "[2020, 2, 29]");
  ASSERT_REGO(bi_time_clock(I(1582977600000000000)), "[12, 0, 0]");
  ASSERT_TXT(bi_time_weekday(I(1517918400000000000)), "Tuesday");
  ASSERT_TXT(bi_time_weekday(I(1518350400000000000)), "Sunday");
  /* before 1970 */
  ASSERT_REGO(bi_time_date(I(-1)), "[1969, 12, 31]");
  ASSERT_REGO(bi_time_clock(I(-1)), "[23, 59, 59]");
  ASSERT_TXT(bi_time_weekday(I(-1)), "Wednesday");
  ASSERT_REGO(bi_time_date(I(INT64_MIN)), "[1677, 9, 21]");
  /* a number OPA reads as an exact int64 after rounding to 64 bits of mantissa */
  ASSERT_REGO(bi_time_date(J("1e9")), "[1970, 1, 1]");
  ASSERT_REGO(bi_time_clock(J("3.6e12")), "[1, 0, 0]");
  ASSERT_REGO(bi_time_clock(J("3600000000000.0")), "[1, 0, 0]");
  ASSERT_REGO(bi_time_clock(J("1.00000000000000000001")), "[0, 0, 0]");
  /* every time builtin checks a third element, though only time.format uses it */
  ASSERT_TYPE_ERR(bi_time_date(J("[1e9, \"UTC\", 7]")),
                  "time.date: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_time_operand_errors) {
  const char *want = "operand 1 must be either number (ns) or [number (ns), string (tz)]";
  char msg[256];
  snprintf(msg, sizeof msg, "time.date: %s but got string", want);
  ASSERT_TYPE_ERR(bi_time_date(STR("x")), msg);
  snprintf(msg, sizeof msg, "time.clock: %s but got array", want);
  ASSERT_TYPE_ERR(bi_time_clock(J("[]")), msg);
  snprintf(msg, sizeof msg, "time.weekday: %s but got object", want);
  ASSERT_TYPE_ERR(bi_time_weekday(J("{}")), msg);
  ASSERT_TYPE_ERR(bi_time_date(J("[\"x\"]")), "time.date: operand 1 must be number but got string");
  ASSERT_TYPE_ERR(bi_time_date(J("[1, 2]")), "time.date: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_time_format(J("[1, \"UTC\", 2]")),
                  "time.format: operand 1 must be string but got number");
  /* OPA names the time argument operand 1 wherever it is */
  ASSERT_TYPE_ERR(bi_time_diff(I(0), STR("x")),
                  "time.diff: operand 1 must be either number (ns) or [number (ns), string (tz)] "
                  "but got string");
  /* numbers that are not an exact int64 */
  ASSERT_BI_ERR(bi_time_date(J("1.5")), "time.date: timestamp too big");
  ASSERT_BI_ERR(bi_time_date(J("9223372036854775808")), "time.date: timestamp too big");
  ASSERT_BI_ERR(bi_time_date(J("-9223372036854775809")), "time.date: timestamp too big");
  ASSERT_BI_ERR(bi_time_format(J("1.5829776e22")), "time.format: timestamp too big");
  ASSERT_BI_ERR(bi_time_date(J("1e-30")), "time.date: timestamp too big");
  ASSERT_REGO(bi_time_date(J("-9223372036854775808")), "[1677, 9, 21]");
  /* zone names as Go's LoadLocation judges them */
  ASSERT_BI_ERR(bi_time_date(TZ(0, "Foo/Bar")), "time.date: unknown time zone Foo/Bar");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "utc")), "time.date: unknown time zone utc");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "Europe")), "time.date: is a directory");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "America/New_York/x")), "time.date: not a directory");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "zone.tab")), "time.date: malformed time zone information");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "../zoneinfo/UTC")), "time.date: time: invalid location name");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "/etc/localtime")), "time.date: time: invalid location name");
  ASSERT_BI_ERR(bi_time_date(TZ(0, "\\x")), "time.date: time: invalid location name");
  rt_value *nul = rt_array_new(2);
  rt_array_push(nul, I(0));
  rt_array_push(nul, rt_string_n("UTC\0x", 5));
  ASSERT_BI_ERR(bi_time_date(nul), "time.date: invalid argument");
  /* zone errors come before timestamp errors */
  ASSERT_BI_ERR(bi_time_date(J("[1.5, \"Nowhere\"]")), "time.date: unknown time zone Nowhere");
}
END_TEST

START_TEST(test_add_date) {
  /* conformance cases */
  ASSERT_REGO(bi_time_add_date(I(1585852421593912000), I(3), I(9), I(12)), "1705257221593912000");
  ASSERT_REGO(bi_time_add_date(I(1585852421593912000), I(-1), I(-1), I(-1)), "1551465221593912000");
  ASSERT_BI_ERR(bi_time_add_date(I(0), I(2262), I(1), I(1)),
                "time.add_date: time outside of valid range");
  ASSERT_BI_ERR(bi_time_add_date(I(INT64_MIN), I(0), I(0), I(-1)),
                "time.add_date: time outside of valid range");
  ASSERT_BI_ERR(bi_time_add_date(I(0), I(INT64_MAX), I(INT64_MAX), I(INT64_MAX)),
                "time.add_date: time outside of valid range");
  ASSERT_BI_ERR(bi_time_add_date(I(0), I(INT64_MIN), I(0), I(0)),
                "time.add_date: time outside of valid range");
  /* normalisation: Jan 31 + 1 month is Feb 31, i.e. Mar 3 (Mar 2 in a leap year) */
  ASSERT_REGO(bi_time_add_date(I(1612051200000000000), I(0), I(1), I(0)), "1614729600000000000");
  ASSERT_REGO(bi_time_add_date(I(1580428800000000000), I(0), I(1), I(0)), "1583107200000000000");
  /* Feb 29 + 1 year is Mar 1; + 4 years is Feb 29 again; - 1 day is Feb 28 */
  ASSERT_REGO(bi_time_add_date(I(1582934400000000000), I(1), I(0), I(0)), "1614556800000000000");
  ASSERT_REGO(bi_time_add_date(I(1582934400000000000), I(4), I(0), I(0)), "1709164800000000000");
  ASSERT_REGO(bi_time_date(bi_time_add_date(I(1582934400000000000), I(0), I(0), I(-1))),
              "[2020, 2, 28]");
  /* months and days far out of range carry into years */
  ASSERT_REGO(bi_time_date(bi_time_add_date(I(0), I(0), I(-13), I(0))), "[1968, 12, 1]");
  ASSERT_REGO(bi_time_date(bi_time_add_date(I(0), I(0), I(0), I(365 + 365))), "[1972, 1, 1]");
  /* in a zone, wall-clock arithmetic: across DST the elapsed time is 23 or 25 hours */
  ASSERT_REGO(bi_time_add_date(TZ(1615654800000000000, "America/New_York"), I(0), I(0), I(1)),
              "1615737600000000000"); /* Mar 13 12:00 EST + 1 day = Mar 14 12:00 EDT (23 h) */
  /* a wall time in the gap: Go's Date resolves 02:30 on Mar 14 in New York to 01:30 EST
   * (06:30Z), and 02:30 on Mar 28 in Berlin to 03:30 CEST (01:30Z) */
  ASSERT_REGO(bi_time_add_date(TZ(1615620600000000000, "America/New_York"), I(0), I(0), I(1)),
              "1615703400000000000");
  ASSERT_REGO(bi_time_add_date(TZ(1616808600000000000, "Europe/Berlin"), I(0), I(0), I(1)),
              "1616895000000000000");
  /* a wall time that occurs twice: New York takes the first (EDT), Berlin the second (CET) */
  ASSERT_REGO(bi_time_add_date(TZ(1636176600000000000, "America/New_York"), I(0), I(0), I(1)),
              "1636263000000000000");
  ASSERT_REGO(bi_time_add_date(TZ(1635553800000000000, "Europe/Berlin"), I(0), I(0), I(1)),
              "1635643800000000000");
  /* operands: OPA's IntOperand parses the number's text as a Go int */
  ASSERT_TYPE_ERR(bi_time_add_date(I(0), J("1.5"), I(0), I(0)),
                  "time.add_date: operand 2 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_time_add_date(I(0), I(0), J("1.0"), I(0)),
                  "time.add_date: operand 3 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_time_add_date(I(0), I(0), I(0), J("1e2")),
                  "time.add_date: operand 4 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_time_add_date(I(0), I(0), I(0), J("9223372036854775808")),
                  "time.add_date: operand 4 must be integer number but got floating-point number");
  ASSERT_TYPE_ERR(bi_time_add_date(I(0), STR("1"), I(0), I(0)),
                  "time.add_date: operand 2 must be number but got string");
  ASSERT_REGO(bi_time_add_date(I(0), I(0), I(0), J("-9223372036854775808")), "<undefined>");
  ck_assert(bi_st.has_error);
  bi_st.has_error = false;
  ASSERT_TYPE_ERR(bi_time_add_date(STR("x"), STR("y"), I(0), I(0)),
                  "time.add_date: operand 1 must be either number (ns) or [number (ns), string "
                  "(tz)] but got string");
}
END_TEST

START_TEST(test_diff) {
  /* conformance time/diff cases, and the same with the arguments swapped */
  ASSERT_REGO(bi_time_diff(I(61000000000), I(0)), "[0, 0, 0, 0, 1, 1]");
  ASSERT_REGO(bi_time_diff(I(0), I(61000000000)), "[0, 0, 0, 0, 1, 1]");
  /* Feb 1 -> Mar 1: one month; a leap February has 29 days to borrow */
  int64_t feb1_2020 = 1580515200000000000, mar1_2020 = 1583020800000000000;
  ASSERT_REGO(bi_time_diff(I(feb1_2020), I(mar1_2020)), "[0, 1, 0, 0, 0, 0]");
  /* Jan 31 -> Mar 1 2021: 2 months - 30 days borrows January's 31 days */
  ASSERT_REGO(bi_time_diff(I(1612051200000000000), I(1614556800000000000)), "[0, 1, 1, 0, 0, 0]");
  /* shown in the first argument's zone: 23:30 and 00:30 UTC are the same day in Kolkata */
  int64_t t1 = 1609457400000000000 /* 2020-12-31T23:30Z */, t2 = t1 + 3600000000000LL;
  ASSERT_REGO(bi_time_diff(I(t1), I(t2)), "[0, 0, 0, 1, 0, 0]");
  ASSERT_REGO(bi_time_diff(TZ(t1, "Asia/Kolkata"), I(t2)), "[0, 0, 0, 1, 0, 0]");
  /* across a DST change the wall clock difference is what counts */
  ASSERT_REGO(bi_time_diff(TZ(1615654800000000000, "America/New_York"), I(1615737600000000000)),
              "[0, 0, 1, 0, 0, 0]");
  ASSERT_REGO(bi_time_diff(I(INT64_MIN), I(INT64_MAX)), "[584, 6, 20, 23, 34, 33]");
  ASSERT_BI_ERR(bi_time_diff(I(0), TZ(0, "Nowhere")), "time.diff: unknown time zone Nowhere");
}
END_TEST

START_TEST(test_parse_ns) {
  ASSERT_REGO(bi_time_parse_ns(STR("2006-01-02"), STR("2017-06-02")), "1496361600000000000");
  /* Go's parseTests that fix the instant (numeric zones) or leave it in UTC */
  static const char *const cases[][3] = {
      {"RubyDate", "Thu Feb 04 21:00:57 -0800 2010", "1265346057000000000"},
      {"RFC1123Z", "Thu, 04 Feb 2010 21:00:57 -0800", "1265346057000000000"},
      {"RFC3339", "2010-02-04T21:00:57-08:00", "1265346057000000000"},
      {"2006-01-02 15:04:05-07", "2010-02-04 21:00:57-08", "1265346057000000000"},
      {"RubyDate", "Thu Feb 04 21:00:57.012 -0800 2010", "1265346057012000000"},
      {"RFC3339", "2010-02-04T21:00:57.012345678-08:00", "1265346057012345678"},
      {"RFC3339", "2010-02-04T21:00:57,012345678-08:00", "1265346057012345678"},
      {"RFC3339Nano", "2010-02-04T21:00:57.0123456789999-08:00", "1265346057012345678"},
      {"ANSIC", "Thu Feb  4 21:00:57 2010", "1265317257000000000"},
      {"ANSIC", "Thu Feb 4 21:00:57 2010", "1265317257000000000"},
      {"ANSIC", "Thu      Feb     4     21:00:57     2010", "1265317257000000000"},
      {"ANSIC", "THU FEB 4 21:00:57 2010", "1265317257000000000"},
      {"ANSIC", "thu feb 4 21:00:57 2010", "1265317257000000000"},
      {"ANSIC", "Thu Feb  4 21:00:57.0 2010", "1265317257000000000"},
      {"2006-01-02 15:04:05", "2010-02-04 21:00:57.0", "1265317257000000000"},
      {"Mon Jan _2 15:04:05,000 2006", "Thu Feb  4 21:00:57.012 2010", "1265317257012000000"},
      {"2006.01.02.15.04.05.00", "2010.02.04.21.00.57.01", "1265317257010000000"},
      {"2006-01-02 15:04:05.9999 -0700", "2010-02-04 21:00:57 -0800", "1265346057000000000"},
      {"2006-01-02 15:04:05.9999 -0700", "2010-02-04 21:00:57.012345678 -0800",
       "1265346057012345678"},
      {"2006-01-02 002 15:04:05", "2010-02-04 035 21:00:57", "1265317257000000000"},
      {"2006-002 15:04:05", "2010-035 21:00:57", "1265317257000000000"},
      {"200600204 15:04:05", "201003504 21:00:57", "1265317257000000000"},
      {"2006 __2", "2020   60", "1582934400000000000"}, /* day 60 of a leap year: Feb 29 */
      {"15:04_20060102", "14:38_20150618", "1434638280000000000"},
      {"3:04PM 2006-01-02", "12:00AM 2010-02-04", "1265241600000000000"},
      {"06 Jan 2", "10 feb 4", "1265241600000000000"},
      {"06", "69", "-31536000000000000"}, /* two-digit years: 69..99 are 19xx */
      /* GMT+N names a made-up zone: the instant stays as if UTC (Go's fake zone) */
      {"UnixDate", "Fri Feb  5 05:00:57 GMT-8 2010", "1265346057000000000"},
      {"UnixDate", "Thu Feb  4 21:00:57 UTC 2010", "1265317257000000000"},
      /* Z accepted for Z07:00, offsets with seconds */
      {"2006-01-02T15:04:05Z07:00", "2010-02-04T21:00:57Z", "1265317257000000000"},
      {"2006-01-02T15:04:05-070000", "2010-02-04T21:00:57-003408", "1265319305000000000"},
      {"2006-01-02T15:04:05Z07:00:00", "2010-02-04T21:00:57+00:34:08", "1265315209000000000"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rt_value *r = bi_time_parse_ns(STR(cases[i][0]), STR(cases[i][1]));
    ck_assert_msg(r != NULL, "%s / %s: %s", cases[i][0], cases[i][1],
                  bi_st.has_error ? bi_st.error.message : "undefined");
    ck_assert_msg(strcmp(REGO(r), cases[i][2]) == 0, "%s / %s: got %s, want %s", cases[i][0],
                  cases[i][1], REGO(r), cases[i][2]);
  }
  /* the ends of the int64 range */
  ASSERT_REGO(bi_time_parse_rfc3339_ns(STR("1677-09-21T00:12:43.145224192Z")),
              "-9223372036854775808");
  ASSERT_REGO(bi_time_parse_rfc3339_ns(STR("2262-04-11T23:47:16.854775807Z")),
              "9223372036854775807");
  ASSERT_BI_ERR(bi_time_parse_rfc3339_ns(STR("2262-04-11T23:47:16.854775808Z")),
                "time.parse_rfc3339_ns: time outside of valid range");
  ASSERT_BI_ERR(bi_time_parse_rfc3339_ns(STR("1677-09-21T00:12:43.145224191Z")),
                "time.parse_rfc3339_ns: time outside of valid range");
  ASSERT_BI_ERR(bi_time_parse_ns(STR("15:04"), STR("10:30")),
                "time.parse_ns: time outside of valid range"); /* year 0 */
  ASSERT_REGO(bi_time_parse_rfc3339_ns(STR("2017-06-02T19:00:00.123456789-07:00")),
              "1496455200123456789");
}
END_TEST

START_TEST(test_parse_errors) {
  /* Go's parseErrorTests (whole messages), with OPA's prefix */
  static const char *const cases[][3] = {
      {"2006-01-02", "x", "parsing time \"x\" as \"2006-01-02\": cannot parse \"x\" as \"2006\""},
      {"RFC3339", "2006-01-02T15:04:05Z07:00",
       "parsing time \"2006-01-02T15:04:05Z07:00\": extra text: \"07:00\""},
      {"RFC3339", "2006-01-02T15:04_abc",
       "parsing time \"2006-01-02T15:04_abc\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
       "\"_abc\" as \":\""},
      {"RFC3339", "2006-01-02T15:04:05_abc",
       "parsing time \"2006-01-02T15:04:05_abc\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
       "\"_abc\" as \"Z07:00\""},
      {"RFC3339", "2006-01-02T15:04:05Z_abc",
       "parsing time \"2006-01-02T15:04:05Z_abc\": extra text: \"_abc\""},
      {"RFC3339", "2010-02-04T21:00:67.012345678-08:00",
       "parsing time \"2010-02-04T21:00:67.012345678-08:00\": second out of range"},
      {"ANSIC", "Feb  4 21:00:60 2010",
       "parsing time \"Feb  4 21:00:60 2010\" as \"Mon Jan _2 15:04:05 2006\": cannot parse "
       "\"Feb  4 21:00:60 2010\" as \"Mon\""},
      {"ANSIC", "Thu Feb  4 21:00:57 @2010",
       "parsing time \"Thu Feb  4 21:00:57 @2010\" as \"Mon Jan _2 15:04:05 2006\": cannot "
       "parse \"@2010\" as \"2006\""},
      {"ANSIC", "Thu Feb  4 21:00:60 2010",
       "parsing time \"Thu Feb  4 21:00:60 2010\": second out of range"},
      {"ANSIC", "Thu Feb  4 21:61:57 2010",
       "parsing time \"Thu Feb  4 21:61:57 2010\": minute out of range"},
      {"ANSIC", "Thu Feb  4 24:00:60 2010",
       "parsing time \"Thu Feb  4 24:00:60 2010\": hour out of range"},
      {"ANSIC", "Thu Feb 29 21:00:57 2010",
       "parsing time \"Thu Feb 29 21:00:57 2010\": day out of range"},
      {"ANSIC", "Thu Jan 32 21:00:57 2010",
       "parsing time \"Thu Jan 32 21:00:57 2010\": day out of range"},
      {"Mon Jan _2 15:04:05.000 2006", "Thu Feb  4 23:00:59x01 2010",
       "parsing time \"Thu Feb  4 23:00:59x01 2010\" as \"Mon Jan _2 15:04:05.000 2006\": "
       "cannot parse \"x01 2010\" as \".000\""},
      {"Mon Jan _2 15:04:05.000 2006", "Thu Feb  4 23:00:59.xxx 2010",
       "parsing time \"Thu Feb  4 23:00:59.xxx 2010\" as \"Mon Jan _2 15:04:05.000 2006\": "
       "cannot parse \".xxx 2010\" as \".000\""},
      {"Mon Jan _2 15:04:05.000 2006", "Thu Feb  4 23:00:59.-123 2010",
       "parsing time \"Thu Feb  4 23:00:59.-123 2010\": fractional second out of range"},
      {"Jan _2 15:04:05.000000000", "Dec  7 11:22:01.000000",
       "parsing time \"Dec  7 11:22:01.000000\" as \"Jan _2 15:04:05.000000000\": cannot parse "
       "\".000000\" as \".000000000\""},
      {"Jan _2 15:04:05.000000000", "Dec  7 11:22:01.0000000000",
       "parsing time \"Dec  7 11:22:01.0000000000\": extra text: \"0\""},
      {"_2 Jan 06 15:04 MST", "4 --- 00 00:00 GMT",
       "parsing time \"4 --- 00 00:00 GMT\" as \"_2 Jan 06 15:04 MST\": cannot parse \"--- 00 "
       "00:00 GMT\" as \"Jan\""},
      {"Jan _2 002 2006", "Feb  4 034 2006",
       "parsing time \"Feb  4 034 2006\": day-of-year does not match day"},
      {"Jan _2 002 2006", "Feb  4 004 2006",
       "parsing time \"Feb  4 004 2006\": day-of-year does not match month"},
      {"2006 002", "2010 366", "parsing time \"2010 366\": day-of-year out of range"},
      {"01-02", "13-01", "parsing time \"13-01\": month out of range"},
      {"01-02", "00-01", "parsing time \"00-01\": month out of range"},
      {"01 MST", "1 MST", "parsing time \"1 MST\" as \"01 MST\": cannot parse \"1 MST\" as \"01\""},
      {"3PM", "3XM", "parsing time \"3XM\" as \"3PM\": cannot parse \"XM\" as \"PM\""},
      {"MST", "Xyz", "parsing time \"Xyz\" as \"MST\": cannot parse \"Xyz\" as \"MST\""},
      {"-07:00", "+2500",
       "parsing time \"+2500\" as \"-07:00\": cannot parse \"+2500\" as "
       "\"-07:00\""},
      {"-0700", "+2500", "parsing time \"+2500\": time zone offset hour out of range"},
      {"", "x", "parsing time \"x\": extra text: \"x\""},
      /* the time package's quoting: bytes outside printable ASCII as \x escapes */
      {"2006", "\xc3\xa9\"\\\t",
       "parsing time \"\\xc3\\xa9\\\"\\\\\\x09\" as \"2006\": cannot parse "
       "\"\\xc3\\xa9\\\"\\\\\\x09\" as \"2006\""},
  };
  char want[512];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(want, sizeof want, "time.parse_ns: %s", cases[i][2]);
    ASSERT_BI_ERR(bi_time_parse_ns(STR(cases[i][0]), STR(cases[i][1])), want);
  }
  ASSERT_BI_ERR(bi_time_parse_rfc3339_ns(STR("2017-06-02")),
                "time.parse_rfc3339_ns: parsing time \"2017-06-02\" as "
                "\"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"");
  ASSERT_TYPE_ERR(bi_time_parse_ns(I(1), STR("x")),
                  "time.parse_ns: operand 1 must be string but got number");
  ASSERT_TYPE_ERR(bi_time_parse_ns(STR("x"), J("null")),
                  "time.parse_ns: operand 2 must be string but got null");
  ASSERT_TYPE_ERR(bi_time_parse_rfc3339_ns(J("[]")),
                  "time.parse_rfc3339_ns: operand 1 must be string but got array");
}
END_TEST

START_TEST(test_parse_local_zone) {
  /* Parse matches zone abbreviations and offsets against time.Local: in Los Angeles, PST and
   * PDT move the instant; elsewhere an unknown abbreviation leaves it as if UTC */
  setenv("TZ", "America/Los_Angeles", 1);
  ASSERT_REGO(bi_time_parse_ns(STR("UnixDate"), STR("Thu Feb  4 21:00:57 PST 2010")),
              "1265346057000000000");
  ASSERT_REGO(bi_time_parse_ns(STR("RFC1123"), STR("Thu, 04 Feb 2010 22:00:57 PDT")),
              "1265346057000000000");
  ASSERT_REGO(bi_time_parse_ns(STR("RFC1123"), STR("Thu, 04 Feb 2010 21:00:57 EST")),
              "1265317257000000000");
  ASSERT_TXT(bi_time_format(TZL(LA_2009, "Local", "15:04 MST")), "21:00 PST");
}
END_TEST

START_TEST(test_parse_duration) {
  static const struct {
    const char *in;
    int64_t want;
  } ok[] = {{"0", 0},
            {"5s", 5000000000},
            {"-5s", -5000000000},
            {"+5s", 5000000000},
            {"-0", 0},
            {"+0", 0},
            {"5.0s", 5000000000},
            {"5.6s", 5600000000},
            {"5.s", 5000000000},
            {".5s", 500000000},
            {"1.004s", 1004000000},
            {"100.00100s", 100001000000},
            {"10ns", 10},
            {"11us", 11000},
            {"12\xc2\xb5s", 12000},
            {"12\xce\xbcs", 12000},
            {"13ms", 13000000},
            {"15m", 900000000000},
            {"16h", 57600000000000},
            {"3h30m", 12600000000000},
            {"10.5s4m", 250500000000},
            {"-2m3.4s", -123400000000},
            {"1h2m3s4ms5us6ns", 3723004005006},
            {"1h2m3.5s", 3723500000000},
            {"-1.5h", -5400000000000},
            {"39h9m14.425s", 140954425000000},
            {"52763797000ns", 52763797000},
            {"0.3333333333333333333h", 1200000000000},
            {"9007199254740993ns", 9007199254740993},
            {"9223372036854775807ns", INT64_MAX},
            {"9223372036854775.807us", INT64_MAX},
            {"9223372036s854ms775us807ns", INT64_MAX},
            {"-9223372036854775808ns", INT64_MIN},
            {"-9223372036854775.808us", INT64_MIN},
            {"-9223372036s854ms775us808ns", INT64_MIN},
            {"-2562047h47m16.854775808s", INT64_MIN},
            {"0.100000000000000000000h", 360000000000},
            {"0.830103483285477580700h", 2988372539827}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    rt_value *r = bi_time_parse_duration_ns(STR(ok[i].in));
    int64_t got;
    ck_assert_msg(r && rt_num_to_int64(r, &got) && got == ok[i].want, "%s: got %s", ok[i].in,
                  REGO(r));
  }
  static const char *const bad[][2] = {
      {"", "time: invalid duration \"\""},
      {"3", "time: missing unit in duration \"3\""},
      {"-", "time: invalid duration \"-\""},
      {"s", "time: invalid duration \"s\""},
      {".", "time: invalid duration \".\""},
      {"-.", "time: invalid duration \"-.\""},
      {".s", "time: invalid duration \".s\""},
      {"+.s", "time: invalid duration \"+.s\""},
      {"1d", "time: unknown unit \"d\" in duration \"1d\""},
      {"1.5", "time: missing unit in duration \"1.5\""},
      {"1h 2m", "time: unknown unit \"h \" in duration \"1h 2m\""},
      {"\x85\x85", "time: invalid duration \"\\x85\\x85\""},
      {"\xff"
       "ff",
       "time: invalid duration \"\\xffff\""},
      {"1\xef\xbf\xbd", "time: unknown unit \"\\xef\\xbf\\xbd\" in duration \"1\\xef\\xbf\\xbd\""},
      {"9223372036854775810ns", "time: invalid duration \"9223372036854775810ns\""},
      {"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
      {"-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""},
      {"9223372036854776us", "time: invalid duration \"9223372036854776us\""},
      {"3000000h", "time: invalid duration \"3000000h\""},
      {"9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\""},
      {"9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\""},
      {"99999999999999999999s", "time: invalid duration \"99999999999999999999s\""},
  };
  char want[256];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(want, sizeof want, "time.parse_duration_ns: %s", bad[i][1]);
    ASSERT_BI_ERR(bi_time_parse_duration_ns(STR(bad[i][0])), want);
  }
  ASSERT_TYPE_ERR(bi_time_parse_duration_ns(I(1)),
                  "time.parse_duration_ns: operand 1 must be string but got number");
}
END_TEST

START_TEST(test_now_ns) {
  rt_value *a = bi_time_now_ns(), *b = bi_time_now_ns();
  int64_t x, y;
  ck_assert(rt_num_to_int64(a, &x) && rt_num_to_int64(b, &y));
  ck_assert(x == y);                    /* one value per evaluation */
  ck_assert(x > 1600000000000000000LL); /* after September 2020 */
  struct timespec ts = {0, 2000000};
  nanosleep(&ts, NULL);
  ck_assert(rt_num_to_int64(bi_time_now_ns(), &y) && y == x);
  rt_eval_serial++; /* the next evaluation reads the clock again */
  ck_assert(rt_num_to_int64(bi_time_now_ns(), &y) && y > x);
}
END_TEST

START_TEST(test_tz_internals) {
  /* lookupName prefers the zone of that name in effect at the time */
  const char *err = NULL;
  const bi_tz *ny = bi_tz_load("America/New_York", 16, &err);
  int off = 0;
  ck_assert(ny != NULL);
  ck_assert(bi_tz_lookup_name(ny, "EDT", 3, 1625140800, &off) && off == -4 * 3600);
  ck_assert(bi_tz_lookup_name(ny, "EST", 3, 1609459200, &off) && off == -5 * 3600);
  ck_assert(!bi_tz_lookup_name(ny, "CET", 3, 1609459200, &off));
  ck_assert(!bi_tz_lookup_name(bi_tz_utc(), "UTC", 3, 0, &off));
  /* cached: the same location comes back */
  ck_assert(bi_tz_load("America/New_York", 16, &err) == ny);
  /* UTC answers every lookup with UTC, 0 */
  bi_tz_info in;
  bi_tz_lookup(bi_tz_utc(), 123, &in);
  ck_assert(in.offset == 0 && in.name_len == 3 && memcmp(in.name, "UTC", 3) == 0);
  /* calendar helpers around year 0 and negative years */
  int64_t y;
  int m, d, yd;
  bi_tz_civil(bi_tz_days_from_civil(0, 3, 1), &y, &m, &d, &yd);
  ck_assert(y == 0 && m == 3 && d == 1 && yd == 61);
  bi_tz_civil(bi_tz_days_from_civil(-1, 12, 31), &y, &m, &d, &yd);
  ck_assert(y == -1 && m == 12 && d == 31 && yd == 365);
  ck_assert(bi_tz_days_from_civil(1970, 1, 1) == 0);
  ck_assert(bi_tz_days_from_civil(1970, 1, 0) == -1);
  ck_assert(bi_tz_is_leap(0) && bi_tz_is_leap(-4) && !bi_tz_is_leap(-100) && bi_tz_is_leap(-400));
}
END_TEST

BI_SUITE_MAIN("builtins_time", test_format_go_layouts, test_format_utc_and_opa_cases,
              test_format_years, test_zones_dst, test_date_clock_weekday, test_time_operand_errors,
              test_add_date, test_diff, test_parse_ns, test_parse_errors, test_parse_local_zone,
              test_parse_duration, test_now_ns, test_tz_internals)
