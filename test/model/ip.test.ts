// IP helpers with Go semantics (RULES.md F8, V27, V28, V33, A10, W2-W5).
import * as fc from 'fast-check';
import { ipFamilyOf, parseCidrSloppy, parseIpSloppy } from '../../src/model/ip';
import { addressOffset, cidrContains, cidrSize, formatCidr, formatIp, isAllocatableIn, isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified, nthAddress } from '../../src/model/ip-math';
import { netipParseAddr, netipParsePrefix } from '../../src/model/ip-strict';

function fmt(s: string): string | undefined {
  const ip = parseIpSloppy(s);
  return ip ? formatIp(ip) : undefined;
}

describe('F8 parseIpSloppy (Go 1.16 net.ParseIP)', () => {
  test.each([
    ['10.0.0.1', '10.0.0.1', 'IPv4'],
    ['010.000.000.050', '10.0.0.50', 'IPv4'], // leading zeros read as decimal (A10, W2)
    ['0000000010.0.0.1', '10.0.0.1', 'IPv4'],
    ['::', '::', 'IPv6'],
    ['::1', '::1', 'IPv6'],
    ['2001:DB8::FFFF', '2001:db8::ffff', 'IPv6'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 'IPv6'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1', 'IPv6'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3', 'IPv6'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7', 'IPv6'], // a single zero group is not shortened
    ['::ffff:1.2.3.4', '1.2.3.4', 'IPv4'], // IPv4-mapped counts as IPv4 (To4)
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304', 'IPv6'],
    ['fd00:10:96::a', 'fd00:10:96::a', 'IPv6'],
  ])('accepts %s as %s (%s)', (input, canonical, family) => {
    expect(fmt(input)).toBe(canonical);
    expect(ipFamilyOf(input)).toBe(family);
  });

  test.each([
    '', 'None', 'none', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.4/32', ' 1.2.3.4', '1.2.3.4 ', 'fe80::1%eth0',
    ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1', '1.2.3.4:80', '::1.2.3', '1:2:3:4:5:6:7:8::',
    '1..2.3', '1.2.3.',
  ])('rejects %j', (input) => {
    expect(parseIpSloppy(input)).toBeUndefined();
  });
});

describe('F8 parseCidrSloppy (Go 1.16 net.ParseCIDR)', () => {
  test('keeps host bits in address and clears them in network', () => {
    const c = parseCidrSloppy('10.0.0.1/24')!;
    expect(c.family).toBe('IPv4');
    expect(formatIp(c.address)).toBe('10.0.0.1');
    expect(formatCidr(c)).toBe('10.0.0.0/24');
  });
  test('reads IPv6 and leading zeros', () => {
    expect(formatCidr(parseCidrSloppy('fd00:10:96::/112')!)).toBe('fd00:10:96::/112');
    expect(formatCidr(parseCidrSloppy('010.0.0.0/08')!)).toBe('10.0.0.0/8');
  });
  test.each(['10.0.0.1', '10.0.0.0/33', '::/129', ' 10.0.0.0/8', '10.0.0.0/8 ', '10.0.0.0/', '/8', 'fe80::%eth0/64', '10.0.0.0/-1'])(
    'rejects %j', (input) => {
      expect(parseCidrSloppy(input)).toBeUndefined();
    });
});

describe('CIDR arithmetic for allocators', () => {
  test('cidrSize', () => {
    expect(cidrSize('10.0.0.0/24')).toBe(256n);
    expect(cidrSize('fd00:10:96::/112')).toBe(65536n);
    expect(cidrSize('fd00::/64')).toBe(2n ** 64n);
    expect(cidrSize('nonsense')).toBe(0n);
  });
  test('nthAddress counts from the network address', () => {
    expect(formatIp(nthAddress('10.0.0.0/24', 1)!)).toBe('10.0.0.1');
    expect(formatIp(nthAddress('10.0.0.5/24', 255)!)).toBe('10.0.0.255');
    expect(nthAddress('10.0.0.0/24', 256)).toBeUndefined();
    expect(formatIp(nthAddress('fd00:10:96::/112', 10n)!)).toBe('fd00:10:96::a');
    expect(formatIp(nthAddress('10.0.0.0/8', 65536 + 2)!)).toBe('10.1.0.2');
  });
  test('cidrContains matches families and bits', () => {
    expect(cidrContains('10.0.0.0/24', '10.0.0.255')).toBe(true);
    expect(cidrContains('10.0.0.0/24', '10.0.1.0')).toBe(false);
    expect(cidrContains('10.0.0.0/24', '010.000.000.050')).toBe(true);
    expect(cidrContains('10.0.0.0/24', '::ffff:10.0.0.7')).toBe(true);
    expect(cidrContains('10.0.0.0/24', 'fd00::1')).toBe(false);
    expect(cidrContains('fd00:10:96::/112', 'fd00:10:96::ffff')).toBe(true);
    expect(cidrContains('fd00:10:96::/112', 'fd00:10:97::1')).toBe(false);
  });
  test('addressOffset and isAllocatableIn exclude network and IPv4 broadcast (A10)', () => {
    expect(addressOffset('10.0.0.0/24', '10.0.0.9')).toBe(9n);
    expect(addressOffset('10.0.0.0/24', '10.0.1.9')).toBeUndefined();
    expect(isAllocatableIn('10.0.0.0/24', '10.0.0.0')).toBe(false);
    expect(isAllocatableIn('10.0.0.0/24', '10.0.0.1')).toBe(true);
    expect(isAllocatableIn('10.0.0.0/24', '10.0.0.254')).toBe(true);
    expect(isAllocatableIn('10.0.0.0/24', '10.0.0.255')).toBe(false);
    expect(isAllocatableIn('fd00:10:96::/112', 'fd00:10:96::')).toBe(false);
    expect(isAllocatableIn('fd00:10:96::/112', 'fd00:10:96::ffff')).toBe(true); // no broadcast in IPv6
  });

  test('isAllocatableIn: an IPv6 range larger than 65536 addresses is capped there (ipallocator/bitmap.go New)', () => {
    expect(isAllocatableIn('fd00:10:96::/108', 'fd00:10:96::ffff')).toBe(true); // offset 65535, the last one
    expect(isAllocatableIn('fd00:10:96::/108', 'fd00:10:96::1:0')).toBe(false); // offset 65536
    expect(isAllocatableIn('fd00:10:96::/108', 'fd00:10:96::a:1')).toBe(false);
  });
});

describe('V28 special-address predicates (Go net.IP methods)', () => {
  const p = (s: string) => parseIpSloppy(s)!;
  test('unspecified', () => {
    expect(isUnspecified(p('0.0.0.0'))).toBe(true);
    expect(isUnspecified(p('::'))).toBe(true);
    expect(isUnspecified(p('0.0.0.1'))).toBe(false);
  });
  test('loopback', () => {
    expect(isLoopback(p('127.255.0.1'))).toBe(true);
    expect(isLoopback(p('::1'))).toBe(true);
    expect(isLoopback(p('::ffff:127.0.0.1'))).toBe(true);
    expect(isLoopback(p('128.0.0.1'))).toBe(false);
    expect(isLoopback(p('::2'))).toBe(false);
  });
  test('link-local unicast', () => {
    expect(isLinkLocalUnicast(p('169.254.169.254'))).toBe(true);
    expect(isLinkLocalUnicast(p('fe80::1'))).toBe(true);
    expect(isLinkLocalUnicast(p('febf::1'))).toBe(true);
    expect(isLinkLocalUnicast(p('fec0::1'))).toBe(false);
    expect(isLinkLocalUnicast(p('169.253.0.1'))).toBe(false);
  });
  test('link-local multicast', () => {
    expect(isLinkLocalMulticast(p('224.0.0.251'))).toBe(true);
    expect(isLinkLocalMulticast(p('224.0.1.1'))).toBe(false);
    expect(isLinkLocalMulticast(p('ff02::fb'))).toBe(true);
    expect(isLinkLocalMulticast(p('ff12::1'))).toBe(true);
    expect(isLinkLocalMulticast(p('ff05::1'))).toBe(false);
  });
});

describe('W2-W5 netip strictness (Go 1.20 net/netip)', () => {
  test('rejects IPv4 leading zeros with Go\'s error text', () => {
    expect(netipParseAddr('010.000.000.050')).toEqual({ ok: false, error: 'ParseAddr("010.000.000.050"): IPv4 field has octet with leading zero' });
  });
  test('accepts canonical IPv4 and zero octets', () => {
    expect(netipParseAddr('10.0.0.0')).toEqual({ ok: true, canonical: '10.0.0.0', is6: false });
  });
  test('gives the RFC 5952 text of IPv6', () => {
    expect(netipParseAddr('2001:DB8:0:0::1')).toEqual({ ok: true, canonical: '2001:db8::1', is6: true });
    expect(netipParseAddr('::ffff:1.2.3.4')).toEqual({ ok: true, canonical: '::ffff:1.2.3.4', is6: true });
  });
  test.each([
    ['', 'unable to parse IP'],
    ['not-an-ip', 'unable to parse IP'],
    ['1.2.3', 'IPv4 address too short'],
    ['1.2.3.4.5', 'IPv4 address too long'],
    ['1.2.3.256', 'IPv4 field has value >255'],
    ['1..2.3', 'IPv4 field must have at least one digit'],
    ['1::2::3', 'multiple :: in address'],
    ['%eth0', 'missing IPv6 address'],
  ])('rejects %j (%s)', (input, msg) => {
    const r = netipParseAddr(input);
    expect(r.ok).toBe(false);
    expect(r.error).toContain(msg);
  });
  test('ParsePrefix keeps host bits and checks bits', () => {
    expect(netipParsePrefix('10.0.0.1/24')).toEqual({ ok: true, canonical: '10.0.0.1/24', is6: false });
    expect(netipParsePrefix('2001:DB8::/32').canonical).toBe('2001:db8::/32');
    expect(netipParsePrefix(' 10.0.0.0/24').error).toContain('unexpected character');
    expect(netipParsePrefix('10.0.0.0/33').error).toBe('netip.ParsePrefix("10.0.0.0/33"): prefix length out of range');
    expect(netipParsePrefix('10.0.0.0').error).toBe('netip.ParsePrefix("10.0.0.0"): no \'/\'');
    expect(netipParsePrefix('10.0.0.0/x').error).toContain('bad bits after slash');
    expect(netipParsePrefix('fe80::1%eth0/64').error).toContain('IPv6 zones cannot be present in a prefix');
  });
});

describe('F8 round trips (property-based)', () => {
  const bytes16 = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 });
  const sparse16 = fc.array(fc.constantFrom(0, 0, 0, 1, 0xab, 0xff), { minLength: 16, maxLength: 16 });
  test('formatIp output parses back to the same address, and netip agrees it is canonical', () => {
    fc.assert(fc.property(fc.oneof(bytes16, sparse16), (b: number[]) => {
      const isMapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
      const text = formatIp({ family: isMapped ? 'IPv4' : 'IPv6', bytes: isMapped ? b.slice(12) : b });
      const back = parseIpSloppy(text)!;
      expect(formatIp(back)).toBe(text);
      if (!isMapped) expect(netipParseAddr(text)).toEqual({ ok: true, canonical: text, is6: true });
    }), { numRuns: 300 });
  });
  test('every dotted quad is canonical for both parsers', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (b: number[]) => {
      const text = b.join('.');
      expect(formatIp(parseIpSloppy(text)!)).toBe(text);
      expect(netipParseAddr(text).canonical).toBe(text);
    }), { numRuns: 200 });
  });
});
