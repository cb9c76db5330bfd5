/* eslint-disable no-bitwise */ // address arithmetic and parsing are bit operations by nature.
// The strict parser (Go 1.20 net/netip) behind the W2-W5 warnings: the API server warns where it
// rejects an address the lenient parser (ip.ts) accepted. Internal.
import { isV4Mapped } from './ip';
import { formatV6 } from './ip-math';

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
