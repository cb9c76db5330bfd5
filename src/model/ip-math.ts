/* eslint-disable no-bitwise */ // address arithmetic and parsing are bit operations by nature.
// CIDR arithmetic, containment, formatting and special addresses, with Go's net semantics
// (ipallocator, ValidateNonSpecialIP). Internal.
import { IpAddress, IpCidr, IpFamily, maskBytes, parseCidrSloppy, parseIpSloppy } from './ip';

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
export function formatV6(bytes: number[]): string {
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
