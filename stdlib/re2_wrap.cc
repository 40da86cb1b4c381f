// re2_wrap.cc: the C interface of re2_wrap.h over RE2 (the only C++ in the project).
//
// Kept deliberately thin: option setting, compile, free, group count and one match call.
// Everything Go-specific (syntax checks, error texts, UTF-8 repair of subjects, the
// find/split/replace loops) lives in C in bi_regex*.c. No C++ exception may cross into C:
// RE2 reports errors through status, and allocation failure aborts, as everywhere else in
// the runtime.
#include "re2_wrap.h"

#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

struct re2w {
  RE2 re;
  re2w(const re2::StringPiece &p, const RE2::Options &o) : re(p, o) {}
};

extern "C" re2w *re2w_new(const char *pat, size_t len, char *err, size_t errcap) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_posix_syntax(false);  // Perl-like syntax, as Go's syntax.Perl
  o.set_longest_match(false); // leftmost-first, as Go's regexp (not its POSIX variant)
  o.set_log_errors(false);
  o.set_literal(false);
  o.set_never_nl(false);
  o.set_dot_nl(false);
  o.set_never_capture(false);
  o.set_case_sensitive(true);
  o.set_perl_classes(true);
  o.set_word_boundary(true);
  o.set_one_line(false);
  // Go accepts programs of up to ~3.3M instructions; RE2's default budget (8 MB) refuses far
  // smaller ones (\pL{1000} compiles to many UTF-8 byte ranges). Memory is only taken as the
  // program and the lazily built DFA need it.
  o.set_max_mem(64 << 20);
  re2w *w = new (std::nothrow) re2w(re2::StringPiece(pat, len), o);
  if (!w) {
    std::fputs("regoc runtime: out of memory compiling a regular expression\n", stderr);
    std::abort();
  }
  if (!w->re.ok()) {
    if (err && errcap) {
      const std::string &e = w->re.error();
      size_t n = e.size() < errcap - 1 ? e.size() : errcap - 1;
      std::memcpy(err, e.data(), n);
      err[n] = '\0';
    }
    delete w;
    return nullptr;
  }
  return w;
}

extern "C" void re2w_free(re2w *re) {
  delete re;
}

extern "C" int re2w_groups(const re2w *re) {
  return re->re.NumberOfCapturingGroups();
}

extern "C" bool re2w_match(const re2w *re, const char *text, size_t len, size_t start, int anchor,
                           size_t *caps, int ncaps) {
  RE2::Anchor a = anchor == RE2W_ANCHOR_BOTH    ? RE2::ANCHOR_BOTH
                  : anchor == RE2W_ANCHOR_START ? RE2::ANCHOR_START
                                                : RE2::UNANCHORED;
  re2::StringPiece sub[16], *m = sub;
  if (ncaps > 16) {
    m = new (std::nothrow) re2::StringPiece[ncaps];
    if (!m) std::abort();
  }
  re2::StringPiece t(text, len);
  bool ok = re->re.Match(t, start, len, a, m, ncaps);
  if (ok) {
    for (int i = 0; i < ncaps; i++) {
      if (m[i].data() == nullptr) {
        caps[2 * i] = caps[2 * i + 1] = RE2W_UNSET;
      } else {
        caps[2 * i] = (size_t)(m[i].data() - text);
        caps[2 * i + 1] = caps[2 * i] + m[i].size();
      }
    }
  }
  if (m != sub) delete[] m;
  return ok;
}
