/* eslint-disable no-bitwise */ // IP address arithmetic and FNV hashing are bit operations by nature.
// IP helpers with the semantics of the Go code kube-apiserver 1.27 runs (RULES.md F8, V27, V28,
// V33, A10, W2-W5). Internal: not exported from src/index.ts.
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

function isV4Mapped(b: number[]): boolean {
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

function maskBytes(bytes: number[], prefix: number): number[] {
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

// ---------------------------------------------------------------------------------------------
// Arithmetic, containment, formatting

/** The address as an unsigned integer. */
export function ipToBigInt(ip: IpAddress): bigint {
  let v = 0n;
  for (const b of ip.bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** The address of a family whose integer value is `v` (taken modulo the family's size). */
export function bigIntToIp(family: IpFamily, v: bigint): IpAddress {
  const len = family === 'IPv4' ? 4 : 16;
  const bytes: number[] = new Array(len);
  for (let i = len - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return { family, bytes };
}

/** True when both are the same address (IPv4-mapped IPv6 equals its IPv4). */
export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
}

function toCidr(c: IpCidr | string): IpCidr | undefined {
  return typeof c === 'string' ? parseCidrSloppy(c) : c;
}

function toIp(ip: IpAddress | string): IpAddress | undefined {
  return typeof ip === 'string' ? parseIpSloppy(ip) : ip;
}

/** How many addresses the CIDR holds (2^(bits - prefix)); 0n for an invalid CIDR. */
export function cidrSize(cidr: IpCidr | string): bigint {
  const c = toCidr(cidr);
  if (!c) return 0n;
  return 1n << BigInt(c.network.bytes.length * 8 - c.prefix);
}

/** True when `ip` lies in `cidr` (Go's `IPNet.Contains`; families must match). */
export function cidrContains(cidr: IpCidr | string, ip: IpAddress | string): boolean {
  const c = toCidr(cidr);
  const a = toIp(ip);
  if (!c || !a || a.bytes.length !== c.network.bytes.length) return false;
  const masked = maskBytes(a.bytes, c.prefix);
  return masked.every((b, i) => b === c.network.bytes[i]);
}

/**
 * The n-th address of the CIDR, counting the network address as 0; undefined when n is outside
 * the CIDR. Allocators skip n=0 (network) and, for IPv4, the last one (broadcast).
 */
export function nthAddress(cidr: IpCidr | string, n: number | bigint): IpAddress | undefined {
  const c = toCidr(cidr);
  if (!c) return undefined;
  const k = BigInt(n);
  if (k < 0n || k >= cidrSize(c)) return undefined;
  return bigIntToIp(c.family, ipToBigInt(c.network) + k);
}

/** The offset of `ip` inside `cidr` (0 = network address), or undefined when outside. */
export function addressOffset(cidr: IpCidr | string, ip: IpAddress | string): bigint | undefined {
  const c = toCidr(cidr);
  const a = toIp(ip);
  if (!c || !a || !cidrContains(c, a)) return undefined;
  return ipToBigInt(a) - ipToBigInt(c.network);
}

/** ipallocator/bitmap.go `New`: an IPv6 range is capped at 65536 addresses (the bitmap's size). */
const IPV6_ALLOCATOR_MAX = 65536n;

/**
 * True when `ip` is an address the Service IP allocator hands out from `cidr`: inside it, not
 * the network address and, for IPv4, not the broadcast address (RULES.md A10); for IPv6 only
 * the first 65535 addresses after the network address, since the allocator caps the range at
 * 65536 (ipallocator/bitmap.go `New`).
 */
export function isAllocatableIn(cidr: IpCidr | string, ip: IpAddress | string): boolean {
  const c = toCidr(cidr);
  const off = c ? addressOffset(c, ip) : undefined;
  if (!c || off === undefined) return false;
  if (off === 0n) return false;
  if (c.family === 'IPv4' && off === cidrSize(c) - 1n) return false;
  if (c.family === 'IPv6' && off >= IPV6_ALLOCATOR_MAX) return false;
  return true;
}

function hex16(bytes: number[], group: number): number {
  return (bytes[group * 2] << 8) | bytes[group * 2 + 1];
}

/** RFC 5952 text of 16 bytes: lower case, no leading zeros, the longest (first) run of >= 2 zero groups as `::`. */
function formatV6(bytes: number[]): string {
  let zs = -1;
  let ze = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && hex16(bytes, j) === 0) j++;
    if (j - i >= 2 && j - i > ze - zs) {
      zs = i;
      ze = j;
    }
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === zs) {
      out += '::';
      i = ze - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += hex16(bytes, i).toString(16);
  }
  return out;
}

/**
 * The canonical text of an address, as Go's `net.IP.String()` writes it: dotted decimal for
 * IPv4 (and IPv4-mapped IPv6), RFC 5952 for IPv6.
 */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 'IPv4' || ip.bytes.length === 4) return ip.bytes.join('.');
  return formatV6(ip.bytes);
}

/** The canonical text of a CIDR's network, e.g. `10.0.0.0/24`. */
export function formatCidr(cidr: IpCidr): string {
  return `${formatIp(cidr.network)}/${cidr.prefix}`;
}

// ---------------------------------------------------------------------------------------------
// Special addresses (Go net.IP methods, used by ValidateNonSpecialIP for V28)

/** `0.0.0.0` or `::`. */
export function isUnspecified(ip: IpAddress): boolean {
  return ip.bytes.every((b) => b === 0);
}

/** `127.0.0.0/8` or `::1`. */
export function isLoopback(ip: IpAddress): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

/** `169.254.0.0/16` or `fe80::/10`. */
export function isLinkLocalUnicast(ip: IpAddress): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 169 && ip.bytes[1] === 254;
  return ip.bytes[0] === 0xfe && (ip.bytes[1] & 0xc0) === 0x80;
}

/** `224.0.0.0/24` or `ff02::/16`-style link-local multicast (Go: `ip[0]==0xff && ip[1]&0x0f==0x02`). */
export function isLinkLocalMulticast(ip: IpAddress): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0;
  return ip.bytes[0] === 0xff && (ip.bytes[1] & 0x0f) === 0x02;
}

// ---------------------------------------------------------------------------------------------
// Strict parsing (Go 1.20 net/netip), for the W2-W5 warnings

/** The result of a strict parse: the canonical `String()` on success, Go's error text otherwise. */
export interface NetipResult {
  /** True when the text parsed. */
  readonly ok: boolean;
  /** On success, netip's `String()` (RFC 5952 for IPv6; `::ffff:a.b.c.d` for mapped; zone kept). */
  readonly canonical?: string;
  /** On success, netip's `Is6()` (true for IPv4-mapped IPv6 too). */
  readonly is6?: boolean;
  /** On failure, the Go error text, e.g. `ParseAddr("010.0.0.1"): IPv4 field has octet with leading zero`. */
  readonly error?: string;
}

class AddrError extends Error {
  constructor(readonly input: string, readonly msg: string, readonly at?: string) {
    super(`ParseAddr(${JSON.stringify(input)}): ${msg}${at ? ` (at ${JSON.stringify(at)})` : ''}`);
  }
}

function strictV4(s: string, input = s): number[] {
  const fields: number[] = [];
  let val = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digLen === 1 && val === 0) throw new AddrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digLen++;
      if (val > 255) throw new AddrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        throw new AddrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (fields.length === 3) throw new AddrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digLen = 0;
    } else {
      throw new AddrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (fields.length < 3) throw new AddrError(input, 'IPv4 address too short');
  fields.push(val);
  return fields;
}

function strictV6(input: string): { bytes: number[]; zone: string } {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') throw new AddrError(input, 'zone must be a non-empty string');
  }
  const ip: number[] = new Array(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { bytes: ip, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const c = s[off];
      let d: number;
      if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
      else if (c >= 'a' && c <= 'f') d = c.charCodeAt(0) - 87;
      else if (c >= 'A' && c <= 'F') d = c.charCodeAt(0) - 55;
      else break;
      acc = acc * 16 + d;
      if (acc > 0xffff) throw new AddrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) throw new AddrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) throw new AddrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) throw new AddrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      let v4: number[];
      try {
        v4 = strictV4(s);
      } catch (e) {
        throw new AddrError(input, (e as Error).message, s);
      }
      ip[i] = v4[0]; ip[i + 1] = v4[1]; ip[i + 2] = v4[2]; ip[i + 3] = v4[3];
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') throw new AddrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw new AddrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw new AddrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) throw new AddrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) throw new AddrError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    throw new AddrError(input, 'the :: must expand to at least one field of zeros');
  }
  return { bytes: ip, zone };
}

function netipString(bytes: number[], zone: string): string {
  const z = zone ? `%${zone}` : '';
  if (isV4Mapped(bytes)) return `::ffff:${bytes.slice(12).join('.')}${z}`;
  return formatV6(bytes) + z;
}

function parseAddrStrict(s: string): { is6: boolean; canonical: string; zone: string } {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '.') return { is6: false, canonical: strictV4(s).join('.'), zone: '' };
    if (s[i] === ':') {
      const { bytes, zone } = strictV6(s);
      return { is6: true, canonical: netipString(bytes, zone), zone };
    }
    if (s[i] === '%') throw new AddrError(s, 'missing IPv6 address');
  }
  throw new AddrError(s, 'unable to parse IP');
}

/** Parses an IP as Go 1.20 `netip.ParseAddr` does: no IPv4 leading zeros; IPv6 zones allowed. */
export function netipParseAddr(s: string): NetipResult {
  try {
    const r = parseAddrStrict(s);
    return { ok: true, canonical: r.canonical, is6: r.is6 };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Parses a prefix as Go 1.20 `netip.ParsePrefix` does; `canonical` keeps host bits (`Prefix.String()`). */
export function netipParsePrefix(s: string): NetipResult {
  const q = JSON.stringify(s);
  const i = s.lastIndexOf('/');
  if (i < 0) return { ok: false, error: `netip.ParsePrefix(${q}): no '/'` };
  let addr: { is6: boolean; canonical: string; zone: string };
  try {
    addr = parseAddrStrict(s.slice(0, i));
  } catch (e) {
    return { ok: false, error: `netip.ParsePrefix(${q}): ${(e as Error).message}` };
  }
  if (addr.is6 && addr.zone !== '') return { ok: false, error: `netip.ParsePrefix(${q}): IPv6 zones cannot be present in a prefix` };
  const bitsStr = s.slice(i + 1);
  // strconv.Atoi: optional sign, decimal digits.
  if (!/^[+-]?[0-9]+$/.test(bitsStr)) return { ok: false, error: `netip.ParsePrefix(${q}): bad bits after slash: ${JSON.stringify(bitsStr)}` };
  const bits = Number(bitsStr);
  const max = addr.is6 ? 128 : 32;
  if (bits < 0 || bits > max) return { ok: false, error: `netip.ParsePrefix(${q}): prefix length out of range` };
  return { ok: true, canonical: `${addr.canonical}/${bits}`, is6: addr.is6 };
}
