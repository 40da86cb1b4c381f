/* bi_net.c: net.cidr_contains, net.cidr_contains_matches, net.cidr_intersects,
 * net.cidr_expand, net.cidr_merge, net.cidr_is_valid and the deprecated net.cidr_overlap.
 *
 * OPA works with Go's net.IP (4 or 16 bytes; ParseIP always gives 16, IPv4 mapped into
 * ::ffff:0:0/96) and net.IPNet, so this file models those byte slices rather than abstract
 * addresses: the results depend on them (an IPv4-mapped IPv6 network contains IPv4
 * addresses; net.cidr_merge gives a bare IPv4 address its classful default mask and, when it
 * merges with nothing, prints it unmasked: "1.2.3.4" becomes "1.2.3.4/8"). Parsing follows
 * net/netip (no leading zeros in IPv4 fields, at most one "::", no zones); printing follows
 * net.IP.String (dotted quads for IPv4 and IPv4-mapped, RFC 5952 for IPv6). Merging sorts
 * the ranges, joins overlapping or adjacent ones and writes each joined range as the fewest
 * CIDR blocks, as OPA's cidr/merge does. Both operands of cidr_contains and cidr_intersects
 * are called "operand 1" in type errors, as in OPA. cidr_expand refuses ranges of more than
 * EXPAND_MAX addresses rather than exhausting memory (OPA runs until cancelled).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bi_util.h"

#define S(v) (RT_AS_STR(v)->s)
#define N(v) ((size_t)RT_AS_STR(v)->len)

#define EXPAND_MAX (1u << 22)

typedef struct gip {
  unsigned char b[16];
  int len; /* 4 or 16 */
} gip;

typedef struct gnet {
  gip ip, mask;
} gnet;

static const unsigned char v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* net.IP.To4: the 4-byte form, or false. */
static bool to4(const gip *ip, gip *out) {
  if (ip->len == 4) {
    *out = *ip;
    return true;
  }
  if (ip->len == 16 && memcmp(ip->b, v4prefix, 12) == 0) {
    memcpy(out->b, ip->b + 12, 4);
    out->len = 4;
    return true;
  }
  return false;
}

/* ---- parsing (net/netip) ----------------------------------------------------------------------
 */

static bool parse_v4(const char *s, size_t n, unsigned char out[4]) {
  size_t i = 0;
  for (int f = 0; f < 4; f++) {
    size_t start = i;
    unsigned v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (unsigned)(s[i] - '0');
      if (v > 255) return false;
      i++;
    }
    if (i == start || (i - start > 1 && s[start] == '0')) return false;
    out[f] = (unsigned char)v;
    if (f < 3) {
      if (i >= n || s[i] != '.') return false;
      i++;
    }
  }
  return i == n;
}

static int hexv(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool parse_v6(const char *s, size_t n, unsigned char ip[16]) {
  int ellipsis = -1, i = 0;
  size_t p = 0;
  memset(ip, 0, 16);
  if (n >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    p = 2;
    if (p == n) return true;
  }
  while (i < 16) {
    size_t off = 0;
    unsigned acc = 0;
    while (p + off < n && hexv(s[p + off]) >= 0) {
      acc = acc << 4 | (unsigned)hexv(s[p + off]);
      if (off > 3 || acc > 0xffff) return false;
      off++;
    }
    if (off == 0) return false;
    if (p + off < n && s[p + off] == '.') { /* a trailing IPv4 */
      if ((ellipsis < 0 && i != 12) || i + 4 > 16) return false;
      if (!parse_v4(s + p, n - p, ip + i)) return false;
      p = n;
      i += 4;
      break;
    }
    ip[i] = (unsigned char)(acc >> 8);
    ip[i + 1] = (unsigned char)acc;
    i += 2;
    p += off;
    if (p == n) break;
    if (s[p] != ':' || p + 1 == n) return false;
    p++;
    if (s[p] == ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      p++;
      if (p == n) break;
    }
  }
  if (p != n) return false;
  if (i < 16) {
    if (ellipsis < 0) return false;
    int gap = 16 - i;
    for (int j = i - 1; j >= ellipsis; j--)
      ip[j + gap] = ip[j];
    memset(ip + ellipsis, 0, (size_t)gap);
  } else if (ellipsis >= 0) {
    return false;
  }
  return true;
}

/* netip.ParseAddr without zones; *is4 tells an IPv4 literal. The result has 16 bytes. */
static bool parse_addr(const char *s, size_t n, gip *ip, bool *is4) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '.') {
      memcpy(ip->b, v4prefix, 12);
      ip->len = 16;
      *is4 = true;
      return parse_v4(s, n, ip->b + 12);
    }
    if (s[i] == ':') {
      ip->len = 16;
      *is4 = false;
      return parse_v6(s, n, ip->b);
    }
    if (s[i] == '%') return false;
  }
  return false;
}

static void cidr_mask(gip *m, int ones, int bits) {
  m->len = bits / 8;
  memset(m->b, 0, sizeof m->b);
  for (int i = 0; i < ones; i++)
    m->b[i / 8] |= (unsigned char)(0x80 >> (i % 8));
}

/* net.IP.Mask; false where Go returns nil. */
static bool ip_mask(const gip *ip, const gip *mask, gip *out) {
  gip x = *ip, m = *mask;
  if (m.len == 16 && x.len == 4) {
    bool ff = true;
    for (int i = 0; i < 12; i++)
      ff = ff && m.b[i] == 0xff;
    if (ff) {
      memmove(m.b, m.b + 12, 4);
      m.len = 4;
    }
  }
  if (m.len == 4 && x.len == 16 && memcmp(x.b, v4prefix, 12) == 0) {
    memmove(x.b, x.b + 12, 4);
    x.len = 4;
  }
  if (x.len != m.len) return false;
  out->len = x.len;
  for (int i = 0; i < x.len; i++)
    out->b[i] = x.b[i] & m.b[i];
  return true;
}

/* net.ParseCIDR: the address (16 bytes) and the network. */
static bool parse_cidr(const char *s, size_t n, gip *addr, gnet *net) {
  const char *slash = memchr(s, '/', n);
  bool is4;
  size_t i;
  long bits = 0;
  if (!slash || !parse_addr(s, (size_t)(slash - s), addr, &is4)) return false;
  int iplen = is4 ? 4 : 16;
  for (i = (size_t)(slash - s) + 1; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    bits = bits * 10 + (s[i] - '0');
    if (bits >= 0xFFFFFF) return false;
  }
  if (i == (size_t)(slash - s) + 1 || i != n || bits > 8 * iplen) return false;
  cidr_mask(&net->mask, (int)bits, 8 * iplen);
  return ip_mask(addr, &net->mask, &net->ip);
}

/* ---- printing ------------------------------------------------------------------------------- */

static void ip_string(rt_buf *b, const gip *ip) {
  gip v4;
  if (to4(ip, &v4)) {
    rt_buf_printf(b, "%u.%u.%u.%u", v4.b[0], v4.b[1], v4.b[2], v4.b[3]);
    return;
  }
  unsigned g[8];
  int zs = -1, ze = -1;
  for (int i = 0; i < 8; i++)
    g[i] = (unsigned)ip->b[2 * i] << 8 | ip->b[2 * i + 1];
  for (int i = 0; i < 8; i++) {
    int j = i;
    while (j < 8 && g[j] == 0)
      j++;
    if (j - i >= 2 && j - i > ze - zs) {
      zs = i;
      ze = j;
    }
  }
  for (int i = 0; i < 8; i++) {
    if (i == zs) {
      rt_buf_puts(b, "::");
      i = ze - 1;
      continue;
    }
    if (i > 0 && i != ze) rt_buf_putc(b, ':');
    rt_buf_printf(b, "%x", g[i]);
  }
}

/* net.IPNet.String for canonical masks: network address "/" prefix length. */
static rt_value *net_string(const gnet *n) {
  rt_buf b;
  gip ip = n->ip, m = n->mask;
  int ones = 0;
  if (!to4(&n->ip, &ip)) ip = n->ip;
  if (m.len == 16 && ip.len == 4) {
    memmove(m.b, m.b + 12, 4);
    m.len = 4;
  }
  for (int i = 0; i < m.len * 8 && (m.b[i / 8] & (0x80 >> (i % 8))); i++)
    ones++;
  rt_buf_init(&b, 48);
  ip_string(&b, &ip);
  rt_buf_printf(&b, "/%d", ones);
  return rt_buf_string(&b);
}

/* ---- containment ------------------------------------------------------------------------------
 */

/* net.IPNet.Contains. */
static bool net_contains(const gnet *n, const gip *ip) {
  gip nn, m = n->mask, x;
  if (!to4(&n->ip, &nn)) {
    nn = n->ip;
    if (nn.len != 16) return false;
  }
  if (m.len == 4) {
    if (nn.len != 4) return false;
  } else if (nn.len == 4) {
    memmove(m.b, m.b + 12, 4);
    m.len = 4;
  }
  if (!to4(ip, &x)) x = *ip;
  if (x.len != nn.len) return false;
  for (int i = 0; i < x.len; i++)
    if ((nn.b[i] & m.b[i]) != (x.b[i] & m.b[i])) return false;
  return true;
}

static int mask_ones(const gip *m) {
  int ones = 0;
  while (ones < m->len * 8 && (m->b[ones / 8] & (0x80 >> (ones % 8))))
    ones++;
  return ones;
}

/* getLastIP: the network's last address, mask-length bytes long. */
static gip last_ip(const gnet *n) {
  gip last;
  int bits = n->mask.len * 8, ones = mask_ones(&n->mask);
  if (ones == bits) return n->ip;
  last.len = bits / 8;
  memset(last.b, 0, sizeof last.b);
  /* the network's bytes, right-aligned, with the host bits set */
  int off = last.len - n->ip.len;
  for (int i = 0; i < n->ip.len; i++)
    if (off + i >= 0) last.b[off + i] = n->ip.b[i];
  for (int i = 0; i < bits - ones; i++)
    last.b[last.len - 1 - i / 8] |= (unsigned char)(1u << (i % 8));
  return last;
}

static bool get_net(const char *name, rt_value *v, gnet *n) {
  gip addr;
  if (!rt_is(v, RT_STRING)) {
    bi_type_err(name, 1, v, "string");
    return false;
  }
  if (!parse_cidr(S(v), N(v), &addr, n)) {
    rt_builtin_fail(RT_ERR_BUILTIN, name, "invalid CIDR address: %.*s", (int)N(v), S(v));
    return false;
  }
  return true;
}

/* builtinNetCIDRContains, shared with cidr_overlap and cidr_contains_matches. */
static rt_value *cidr_contains(const char *name, rt_value *a, rt_value *b) {
  gnet na, nb;
  gip ip;
  bool is4;
  if (!get_net(name, a, &na)) return NULL;
  if (!rt_is(b, RT_STRING)) return bi_type_err(name, 1, b, "string");
  if (parse_addr(S(b), N(b), &ip, &is4)) return RT_BOOL(net_contains(&na, &ip));
  if (!parse_cidr(S(b), N(b), &ip, &nb))
    return rt_builtin_fail(RT_ERR_BUILTIN, name,
                           "not a valid textual representation of an IP address or CIDR: %.*s",
                           (int)N(b), S(b));
  if (!net_contains(&na, &nb.ip)) return RT_FALSE;
  gip last = last_ip(&nb);
  return RT_BOOL(net_contains(&na, &last));
}

rt_value *bi_net_cidr_contains(rt_value *a, rt_value *b) {
  return cidr_contains("net.cidr_contains", a, b);
}

rt_value *bi_net_cidr_overlap(rt_value *a, rt_value *b) {
  return cidr_contains("net.cidr_overlap", a, b);
}

rt_value *bi_net_cidr_intersects(rt_value *a, rt_value *b) {
  gnet na, nb;
  if (!get_net("net.cidr_intersects", a, &na) || !get_net("net.cidr_intersects", b, &nb))
    return NULL;
  return RT_BOOL(net_contains(&na, &nb.ip) || net_contains(&nb, &na.ip));
}

rt_value *bi_net_cidr_is_valid(rt_value *a) {
  gip addr;
  gnet n;
  return RT_BOOL(rt_is(a, RT_STRING) && parse_cidr(S(a), N(a), &addr, &n));
}

/* The (cidr, index) pairs of a contains_matches operand: a string is itself; arrays give
 * (element or its first item, position), sets (member or its first item, member), objects
 * (value or its first item, key), in OPA's order. Other operands give none. A bad element
 * ends the list as RT_NULLV: OPA reports it only when its turn comes. */
static rt_value *match_items(rt_value *v) {
  rt_value *out = rt_array_new(4), *keys;
  if (rt_is(v, RT_STRING)) {
    rt_value *p = rt_array_new(2);
    rt_array_push(p, v);
    rt_array_push(p, v);
    rt_array_push(out, p);
    return out;
  }
  if (!rt_is(v, RT_ARRAY) && !rt_is(v, RT_SET) && !rt_is(v, RT_OBJECT)) return out;
  keys = rt_is(v, RT_ARRAY) ? NULL : rt_sorted_keys(v);
  uint32_t n = keys ? rt_array_len(keys) : rt_array_len(v);
  for (uint32_t i = 0; i < n; i++) {
    rt_value *k = keys ? rt_array_at(keys, i) : rt_int(i);
    rt_value *e = keys ? (rt_is(v, RT_SET) ? k : rt_object_get(v, k)) : rt_array_at(v, i);
    rt_value *cidr, *p;
    if (rt_is(e, RT_STRING)) {
      cidr = e;
    } else if (rt_is(e, RT_ARRAY) && rt_array_len(e) > 0) {
      cidr = rt_array_at(e, 0);
    } else {
      rt_array_push(out, RT_NULLV);
      break;
    }
    p = rt_array_new(2);
    rt_array_push(p, cidr);
    rt_array_push(p, k);
    rt_array_push(out, p);
  }
  return out;
}

static rt_value *bad_element(int pos) {
  return rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_contains_matches",
                         "operand %d: element must be string or non-empty array", pos);
}

rt_value *bi_net_cidr_contains_matches(rt_value *a, rt_value *b) {
  const char *name = "net.cidr_contains_matches";
  rt_value *xs = match_items(a), *ys = match_items(b), *out = rt_set_new(4);
  for (uint32_t i = 0; i < rt_array_len(xs); i++) {
    rt_value *x = rt_array_at(xs, i);
    if (rt_is(x, RT_NULL)) return bad_element(1);
    for (uint32_t j = 0; j < rt_array_len(ys); j++) {
      rt_value *y = rt_array_at(ys, j), *r, *pair;
      if (rt_is(y, RT_NULL)) return bad_element(2);
      if (!(r = cidr_contains(name, rt_array_at(x, 0), rt_array_at(y, 0)))) return NULL;
      if (r != RT_TRUE) continue;
      pair = rt_array_new(2);
      rt_array_push(pair, rt_array_at(x, 1));
      rt_array_push(pair, rt_array_at(y, 1));
      rt_set_add(out, pair);
    }
  }
  return out;
}

rt_value *bi_net_cidr_expand(rt_value *a) {
  gip addr, ip;
  gnet n;
  rt_value *out;
  if (!rt_is(a, RT_STRING)) return bi_type_err("net.cidr_expand", 1, a, "string");
  if (!parse_cidr(S(a), N(a), &addr, &n))
    return rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_expand", "invalid CIDR address: %.*s",
                           (int)N(a), S(a));
  int host = n.mask.len * 8 - mask_ones(&n.mask);
  if (host > 22)
    return rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_expand",
                           "too many addresses to expand: 2^%d (at most %u)", host, EXPAND_MAX);
  ip_mask(&addr, &n.mask, &ip);
  out = rt_set_new(1u << host);
  for (uint32_t k = 0; k < (1u << host) && net_contains(&n, &ip); k++) {
    rt_buf b;
    rt_buf_init(&b, 40);
    ip_string(&b, &ip);
    rt_set_add(out, rt_buf_string(&b));
    for (int j = ip.len - 1; j >= 0 && ++ip.b[j] == 0; j--) {
    }
  }
  return out;
}

/* ---- cidr_merge ------------------------------------------------------------------------------ */

__extension__ typedef unsigned __int128 u128;

static u128 to_u128(const unsigned char b[16]) {
  u128 v = 0;
  for (int i = 0; i < 16; i++)
    v = v << 8 | b[i];
  return v;
}

static void from_u128(u128 v, unsigned char b[16]) {
  for (int i = 15; i >= 0; i--) {
    b[i] = (unsigned char)v;
    v >>= 8;
  }
}

#define V4BASE ((u128)0xffff << 32)

typedef struct crange {
  u128 first, last;
  bool merged;
  gnet net; /* the network as given, printed when nothing merged with it */
} crange;

/* GetAddressRange: first and last address in the 16-byte space (IPv4 mapped). */
static void address_range(const gnet *n, u128 *first, u128 *last) {
  gip f;
  unsigned char b[16];
  ip_mask(&n->ip, &n->mask, &f);
  gip f4;
  if (to4(&f, &f4)) {
    memcpy(b, v4prefix, 12);
    memcpy(b + 12, f4.b, 4);
  } else {
    memcpy(b, f.b, 16);
  }
  *first = to_u128(b);
  int host = n->mask.len * 8 - mask_ones(&n->mask);
  *last = *first | (host >= 128 ? ~(u128)0 : (((u128)1 << host) - 1));
}

static int cmp_u128(u128 a, u128 b) {
  return (a > b) - (a < b);
}

static int cmp_ranges(const void *x, const void *y) {
  const crange *a = x, *b = y;
  int c = cmp_u128(a->last, b->last);
  return c ? c : cmp_u128(a->first, b->first);
}

static rt_value *block_string(u128 first, int prefix, bool v4) {
  gnet n;
  n.ip.len = 16;
  from_u128(first, n.ip.b);
  cidr_mask(&n.mask, v4 ? prefix - 96 : prefix, v4 ? 32 : 128);
  return net_string(&n);
}

/* The fewest CIDR blocks covering first..last. */
static void range_blocks(rt_value *out, u128 first, u128 last) {
  bool v4 = (first >> 32) == 0xffff;
  for (;;) {
    int k = 0, maxk = v4 ? 32 : 128;
    while (k < maxk) {
      if (k + 1 == 128) { /* the whole space */
        if (first == 0 && last == ~(u128)0) k = 128;
        break;
      }
      u128 size = (u128)1 << (k + 1);
      if ((first & (size - 1)) != 0 || last - first < size - 1) break;
      k++;
    }
    rt_set_add(out, block_string(first, 128 - k, v4));
    if (k == 128) break;
    u128 end = first + (((u128)1 << k) - 1);
    if (end >= last) break;
    first = end + 1;
  }
}

static bool merge_element(rt_value *e, crange *r) {
  gip ip, addr;
  bool is4;
  if (!rt_is(e, RT_STRING)) {
    rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_merge", "element must be string");
    return false;
  }
  if (parse_addr(S(e), N(e), &ip, &is4)) {
    gip v4;
    if (!to4(&ip, &v4)) {
      rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_merge", "IPv6 invalid: needs prefix length");
      return false;
    }
    r->net.ip = ip; /* unmasked, with the classful default mask */
    cidr_mask(&r->net.mask, v4.b[0] < 0x80 ? 8 : v4.b[0] < 0xC0 ? 16 : 24, 32);
  } else if (!parse_cidr(S(e), N(e), &addr, &r->net)) {
    rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_merge", "invalid CIDR address: %.*s", (int)N(e),
                    S(e));
    return false;
  }
  address_range(&r->net, &r->first, &r->last);
  r->merged = false;
  return true;
}

rt_value *bi_net_cidr_merge(rt_value *a) {
  rt_value *items, *out;
  crange *r;
  uint32_t n;
  if (rt_is(a, RT_SET))
    items = rt_sorted_keys(a);
  else if (rt_is(a, RT_ARRAY))
    items = a;
  else
    return rt_builtin_fail(RT_ERR_BUILTIN, "net.cidr_merge", "operand must be an array");
  n = rt_array_len(items);
  r = rt_alloc((n + 1) * sizeof *r);
  for (uint32_t i = 0; i < n; i++)
    if (!merge_element(rt_array_at(items, i), &r[i])) return NULL;
  qsort(r, n, sizeof *r, cmp_ranges);
  /* from the end: join a range into the one before it when they touch */
  for (uint32_t i = n; i-- > 1;) {
    u128 prev = r[i].first;
    if (prev != 0 && prev != V4BASE) prev--;
    if (prev <= r[i - 1].last) {
      r[i - 1].first = r[i - 1].first < r[i].first ? r[i - 1].first : r[i].first;
      r[i - 1].last = r[i].last;
      r[i - 1].merged = true;
      memmove(&r[i], &r[i + 1], (n - i - 1) * sizeof *r);
      n--;
    }
  }
  out = rt_set_new(n);
  for (uint32_t i = 0; i < n; i++) {
    if (!r[i].merged)
      rt_set_add(out, net_string(&r[i].net));
    else
      range_blocks(out, r[i].first, r[i].last);
  }
  return out;
}
