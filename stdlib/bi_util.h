/* bi_util.h: helpers shared by the builtin files (private to stdlib/).
 *
 * OPA words operand errors in a few fixed shapes (topdown/builtins/builtins.go); these
 * helpers produce them so every builtin words them alike. Each returns NULL so a builtin
 * can `return bi_type_err(...)`.
 */
#ifndef BI_UTIL_H
#define BI_UTIL_H

#include "bi.h"

/* "NAME: operand POS must be WANT but got TYPE" (eval_type_error). WANT may be a list
 * such as "one of {number, set}". */
rt_value *bi_type_err(const char *name, int pos, const rt_value *got, const char *want);
/* "NAME: operand POS must be KIND of WANTs but got KIND containing TYPE". */
rt_value *bi_elem_err(const char *name, int pos, const rt_value *coll, const rt_value *got,
                      const char *want);
/* "NAME: operand POS must be integer number but got floating-point number". */
rt_value *bi_int_err(const char *name, int pos);

/* Integral number operand that fits int64 (OPA's IntOperand): on failure records OPA's
 * error for operand `pos` and returns false. Integers beyond int64 are reported as
 * floating-point, as Go's int conversion fails on them too. */
bool bi_int_operand(const char *name, int pos, const rt_value *v, int64_t *out);

/* The string a text number value holds, or the decimal digits of an int (buf >= 24). */
const char *bi_num_text(const rt_value *n, char *buf, size_t *len);

/* A string value sharing s (which must stay alive, e.g. part of an argument). */
rt_value *bi_str_ref(const char *s, size_t len);

/* Go's unicode and strconv behaviour (bi_unicode.c). */
uint32_t bi_uni_lower(uint32_t cp); /* simple case mappings */
uint32_t bi_uni_upper(uint32_t cp);
bool bi_uni_isspace(uint32_t cp);
bool bi_uni_isprint(uint32_t cp);
/* strconv.Quote (ascii: QuoteToASCII) and QuoteRune of s; CanBackquote. */
void bi_go_quote(rt_buf *b, const char *s, size_t n, bool ascii);
void bi_go_quote_rune(rt_buf *b, uint32_t r, bool ascii);
bool bi_go_can_backquote(const char *s, size_t n);

#endif /* BI_UTIL_H */
