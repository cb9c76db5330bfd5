/* eslint-disable no-bitwise */ // parsing addresses is bit operations by nature.
// IP addresses and CIDRs as kube-apiserver reads them (RULES.md F8, V27, V28, V33, A10, W2-W5):
// the types and the lenient parser. CIDR arithmetic and formatting are in ip-math.ts, the strict
// parser of the W2-W5 warnings in ip-strict.ts. Internal: not exported from src/index.ts.
//
// Two parsers, on purpose:
// - `parseIpSloppy` / `parseCidrSloppy` follow k8s.io/utils/net ParseIPSloppy/ParseCIDRSloppy,
//   a fork of Go 1.16 net.ParseIP/ParseCIDR: IPv4 leading zeros are allowed and read as decimal.
//   This is what validation and the allocators accept.
// - `netipParseAddr` / `netipParsePrefix` follow Go 1.20 net/netip, which is strict; the API
//   server only *warns* (W2-W5) when it rejects an address the sloppy parser accepted.

/** An IP family, spelled as in `spec.ipFamilies`. */
export type IpFamily = 'IPv4' | 'IPv6';

/**
 * A parsed IP address. IPv4 (including IPv4-mapped IPv6 such as `::ffff:1.2.3.4`, which Go's
 * `To4()` and Kubernetes' `IsIPv4` treat as IPv4) has 4 bytes; IPv6 has 16.
 */
export interface IpAddress {
  readonly family: IpFamily;
  readonly bytes: number[];
}

/** A parsed CIDR: the address as written (host bits kept) and the network it names. */
export interface IpCidr {
  readonly family: IpFamily;
  /** The address before the slash, as parsed (host bits allowed, as ParseCIDRSloppy does). */
  readonly address: IpAddress;
  /** The network address (host bits cleared). */
  readonly network: IpAddress;
  /** Prefix length. */
  readonly prefix: number;
}

// ---------------------------------------------------------------------------------------------
// Sloppy parsing (Go 1.16 net.ParseIP / ParseCIDR, as forked in k8s.io/utils/net)

const BIG = 0xffffff;

/** Go 1.16 `dtoi`: decimal digits at the start of s; leading zeros allowed. */
function dtoi(s: string, start = 0): { n: number; end: number; ok: boolean } {
  let n = 0;
  let i = start;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return { n: BIG, end: i, ok: false };
  }
  if (i === start) return { n: 0, end: start, ok: false };
  return { n, end: i, ok: true };
}

/** Go 1.16 `xtoi`: hex digits at the start of s. */
function xtoi(s: string, start: number): { n: number; end: number; ok: boolean } {
  let n = 0;
  let i = start;
  for (; i < s.length; i++) {
    const c = s[i];
    let d: number;
    if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
    else if (c >= 'a' && c <= 'f') d = c.charCodeAt(0) - 87;
    else if (c >= 'A' && c <= 'F') d = c.charCodeAt(0) - 55;
    else break;
    n = n * 16 + d;
    if (n >= BIG) return { n: 0, end: i, ok: false };
  }
  if (i === start) return { n: 0, end: start, ok: false };
  return { n, end: i, ok: true };
}

/** Go 1.16 `parseIPv4`: exactly 4 decimal fields, leading zeros allowed. */
function sloppyV4(s: string): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  for (let f = 0; f < 4; f++) {
    if (f > 0) {
      if (s[i] !== '.') return undefined;
      i++;
    }
    const { n, end, ok } = dtoi(s, i);
    if (!ok || n > 0xff) return undefined;
    out.push(n);
    i = end;
  }
  return i === s.length ? out : undefined;
}

/** Go 1.16 `parseIPv6` (no zone): `::` once, an optional trailing embedded IPv4. */
function sloppyV6(s: string): number[] | undefined {
  const ip: number[] = new Array(16).fill(0);
  let ellipsis = -1;
  let pos = 0;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return ip;
  }
  let i = 0;
  while (i < 16) {
    const { n, end, ok } = xtoi(s, pos);
    if (!ok || n > 0xffff) return undefined;
    if (end < s.length && s[end] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = sloppyV4(s.slice(pos));
      if (!v4) return undefined;
      ip[i] = v4[0]; ip[i + 1] = v4[1]; ip[i + 2] = v4[2]; ip[i + 3] = v4[3];
      i += 4;
      pos = s.length;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    pos = end;
    if (pos === s.length) break;
    if (s[pos] !== ':' || pos + 1 === s.length) return undefined;
    pos++;
    if (s[pos] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

/** True for an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function isV4Mapped(b: number[]): boolean {
  if (b.length !== 16) return false;
  for (let j = 0; j < 10; j++) if (b[j] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Go's `To4()` normal form: 4 bytes for IPv4 and IPv4-mapped IPv6, 16 otherwise. */
function normalize(b16: number[]): IpAddress {
  if (isV4Mapped(b16)) return { family: 'IPv4', bytes: b16.slice(12) };
  return { family: 'IPv6', bytes: b16 };
}

/**
 * Parses an IP as `netutils.ParseIPSloppy` does (Go 1.16 `net.ParseIP`): IPv4 leading zeros
 * are allowed and read as decimal (`010.000.000.050` is 10.0.0.50); IPv6 with `::` and an
 * embedded IPv4; no zone, no CIDR, no surrounding spaces. Returns undefined when invalid.
 */
export function parseIpSloppy(s: string): IpAddress | undefined {
  if (typeof s !== 'string') return undefined;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '.') {
      const v4 = sloppyV4(s);
      return v4 ? { family: 'IPv4', bytes: v4 } : undefined;
    }
    if (s[i] === ':') {
      const v6 = sloppyV6(s);
      return v6 ? normalize(v6) : undefined;
    }
  }
  return undefined;
}

/** The family of an IP string as Kubernetes' `IsIPv4String`/`IsIPv6String` see it, or undefined. */
export function ipFamilyOf(s: string): IpFamily | undefined {
  return parseIpSloppy(s)?.family;
}

export function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

/**
 * Parses a CIDR as `netutils.ParseCIDRSloppy` does (Go 1.16 `net.ParseCIDR`): host bits are
 * allowed (`10.0.0.1/24`), IPv4 leading zeros are allowed, the prefix is decimal. A bare IP,
 * spaces or a zone are invalid. Returns undefined when invalid.
 */
export function parseCidrSloppy(s: string): IpCidr | undefined {
  if (typeof s !== 'string') return undefined;
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bytes = sloppyV4(addr);
  let len = 4;
  if (!bytes) {
    len = 16;
    bytes = sloppyV6(addr);
  }
  const { n, end, ok } = dtoi(mask);
  if (!bytes || !ok || end !== mask.length || n < 0 || n > 8 * len) return undefined;
  const family: IpFamily = len === 4 ? 'IPv4' : 'IPv6';
  return { family, address: { family, bytes }, network: { family, bytes: maskBytes(bytes, n) }, prefix: n };
}
