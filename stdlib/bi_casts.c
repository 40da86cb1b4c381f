/* bi_casts.c: to_number.
 *
 * OPA (topdown/casts.go) maps null to 0 and booleans to 0/1, returns numbers unchanged and
 * parses strings with Go's strconv.ParseFloat, rejecting the spellings of infinity and NaN
 * with a type error. So "1e3", "+5", ".5" and "1_000" are numbers, " 1" and "0x10" are not
 * (a hexadecimal mantissa needs a p exponent), and a value beyond float64's range is an
 * error even though Rego numbers are exact. Parse errors keep Go's wording.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

/* Go's underscoreOK: underscores only between digits (or after a base prefix). */
static bool underscore_ok(const char *s, size_t n) {
  char saw = '^';
  size_t i = 0;
  bool hex = false;
  if (n >= 1 && (s[0] == '-' || s[0] == '+')) {
    s++;
    n--;
  }
  if (n >= 2 && s[0] == '0' && strchr("bBoOxX", s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] == 'x' || s[1] == 'X';
  }
  for (; i < n; i++) {
    char c = s[i];
    if (isdigit((unsigned char)c) || (hex && isxdigit((unsigned char)c))) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

/* The syntax of strconv.ParseFloat (without the inf/nan words, rejected earlier). */
static bool parse_float_syntax(const char *s, size_t n) {
  size_t i = 0;
  bool hex = false, digits = false, dot = false, under = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  if (i + 2 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    hex = true;
    i += 2;
  }
  for (; i < n; i++) {
    char c = s[i];
    if (c == '_') {
      under = true;
    } else if (c == '.') {
      if (dot) return false;
      dot = true;
    } else if (hex ? isxdigit((unsigned char)c) : isdigit((unsigned char)c)) {
      digits = true;
    } else {
      break;
    }
  }
  if (!digits) return false;
  if (i < n && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
    bool edigits = false;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (; i < n && (isdigit((unsigned char)s[i]) || s[i] == '_'); i++) {
      if (s[i] == '_')
        under = true;
      else
        edigits = true;
    }
    if (!edigits) return false;
  } else if (hex) {
    return false; /* a hexadecimal mantissa needs its p exponent */
  }
  return i == n && (!under || underscore_ok(s, n));
}

/* JSON's number syntax: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number(const char *s, size_t n) {
  size_t i = 0, d;
  if (i < n && s[i] == '-') i++;
  if (i < n && s[i] == '0')
    i++;
  else if (i < n && s[i] >= '1' && s[i] <= '9')
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
  else
    return false;
  if (i < n && s[i] == '.') {
    for (d = ++i; i < n && isdigit((unsigned char)s[i]); i++)
      ;
    if (i == d) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    for (d = i; i < n && isdigit((unsigned char)s[i]); i++)
      ;
    if (i == d) return false;
  }
  return i == n;
}

static rt_value *parse_error(const char *s, size_t n, const char *what) {
  rt_buf b;
  rt_buf_init(&b, n + 48);
  rt_buf_puts(&b, "strconv.ParseFloat: parsing ");
  bi_go_quote(&b, s, n, false);
  rt_buf_puts(&b, ": ");
  rt_buf_puts(&b, what);
  rt_buf_putc(&b, '\0');
  return rt_builtin_fail(RT_ERR_BUILTIN, "to_number", "%s", b.data);
}

static rt_value *string_to_number(rt_value *v) {
  const char *s = RT_AS_STR(v)->s;
  size_t n = RT_AS_STR(v)->len, i = 0, k = 0;
  char word[9];
  rt_value *num;
  while (i < n && (s[i] == '+' || s[i] == '-'))
    i++;
  if (n - i <= 8) {
    for (size_t j = i; j < n; j++)
      word[k++] = (char)tolower((unsigned char)s[j]);
    word[k] = '\0';
    if (!strcmp(word, "inf") || !strcmp(word, "infinity") || !strcmp(word, "nan"))
      return bi_type_err("to_number", 1, v, "valid number string");
  }
  if (json_number(s, n) && (num = rt_number_text(s, n)) != NULL) {
    /* JSON syntax; still out of range if float64 cannot hold it, as for Go. */
    if (isinf(rt_num_to_double(num))) return parse_error(s, n, "value out of range");
    return num;
  }
  if (!parse_float_syntax(s, n)) return parse_error(s, n, "invalid syntax");
  /* Go-only spellings (+5, .5, 5., 1_000, 0x1p-2): their value, written as JSON. */
  char *clean = rt_alloc(n + 2), *end;
  size_t m = 0;
  for (size_t j = 0; j < n; j++)
    if (s[j] != '_') clean[m++] = s[j];
  clean[m] = '\0';
  double d = strtod(clean, &end);
  if (isinf(d)) return parse_error(s, n, "value out of range");
  if (!strpbrk(clean, "xX")) {
    /* Decimal: keep the exact digits, only normalised to JSON's number syntax. */
    rt_buf b;
    const char *p = clean;
    rt_buf_init(&b, m + 3);
    if (*p == '+')
      p++;
    else if (*p == '-')
      rt_buf_putc(&b, *p++);
    if (*p == '.') rt_buf_putc(&b, '0');
    for (; *p; p++) {
      rt_buf_putc(&b, *p);
      if (*p == '.' && !isdigit((unsigned char)p[1])) rt_buf_putc(&b, '0');
    }
    if ((num = rt_number_text(b.data, b.len)) != NULL) return num;
  }
  return rt_double(d);
}

rt_value *bi_to_number(rt_value *v) {
  switch (rt_typeof(v)) {
  case RT_NULL:
    return rt_int(0);
  case RT_BOOLEAN:
    return rt_int(RT_AS_BOOL(v) ? 1 : 0);
  case RT_NUMBER:
    return v;
  case RT_STRING:
    return string_to_number(v);
  default:
    return bi_type_err("to_number", 1, v, "one of {null, boolean, number, string}");
  }
}
