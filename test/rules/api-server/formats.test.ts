// RULES.md §4.3: the apimachinery format helpers F1-F7 (and the V41 path-segment check).
import * as fc from 'fast-check';
import {
  dns1035Label, dns1123Label, dns1123Subdomain, ianaSvcName, isValidPortNum, labelValue,
  maskTrailingDash, pathSegmentName, qualifiedName, suggestName, supportedValues,
} from '../../../src/rules/formats';

describe('F1 DNS-1035 label', () => {
  test('rejects a leading digit with apimachinery\'s exact message', () => {
    expect(dns1035Label('1web')).toEqual([
      'a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });
  test.each(['Web', 'web.prod', 'web-', '-web', '', 'web_1'])('rejects %j', (v) => {
    expect(dns1035Label(v)).toHaveLength(1);
  });
  test('rejects 64 characters with a length message only', () => {
    expect(dns1035Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
  test.each(['web', 'a', 'web-1', 'a'.repeat(63)])('accepts %j', (v) => {
    expect(dns1035Label(v)).toEqual([]);
  });
});

describe('F2 DNS-1123 label', () => {
  test('a subdomain gets "must not contain dots"', () => {
    expect(dns1123Label('my.name')).toEqual(['must not contain dots']);
  });
  test('upper case gets the regex message', () => {
    expect(dns1123Label('Http')[0]).toMatch(/^a lowercase RFC 1123 label must consist of .*'my-name',  or '123-abc'/);
  });
  test('a leading digit is fine (unlike DNS-1035)', () => {
    expect(dns1123Label('1http')).toEqual([]);
    expect(dns1035Label('1http')).not.toEqual([]);
  });
  test('64 characters is too long, 63 is fine', () => {
    expect(dns1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(dns1123Label('a'.repeat(63))).toEqual([]);
  });
});

describe('F3 DNS-1123 subdomain', () => {
  test('accepts dotted names and labels longer than 63 characters', () => {
    expect(dns1123Subdomain('example.com')).toEqual([]);
    expect(dns1123Subdomain(`${'a'.repeat(100)}.com`)).toEqual([]);
  });
  test('rejects upper case, a trailing dot and more than 253 characters', () => {
    expect(dns1123Subdomain('Example.com')).toHaveLength(1);
    expect(dns1123Subdomain('example.com.')).toHaveLength(1);
    expect(dns1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(dns1123Subdomain('a'.repeat(253))).toEqual([]);
  });
});

describe('F4 IANA_SVC_NAME', () => {
  test('HTTP fails two conditions, each its own message', () => {
    expect(ianaSvcName('HTTP')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
  });
  test('"8080" as a string has no letter', () => {
    expect(ianaSvcName('8080')).toEqual(['must contain at least one letter (a-z)']);
  });
  test('16 characters is too long, 15 is fine', () => {
    expect(ianaSvcName('a'.repeat(16))).toEqual(['must be no more than 15 characters']);
    expect(ianaSvcName('a'.repeat(15))).toEqual([]);
  });
  test('consecutive and edge hyphens', () => {
    expect(ianaSvcName('a--b')).toEqual(['must not contain consecutive hyphens']);
    expect(ianaSvcName('-ab')).toEqual(['must not begin or end with a hyphen']);
    expect(ianaSvcName('ab-')).toEqual(['must not begin or end with a hyphen']);
    expect(ianaSvcName('a-b')).toEqual([]);
  });
});

describe('F5 qualified name', () => {
  test('"" gives two causes', () => {
    expect(qualifiedName('')).toHaveLength(2);
    expect(qualifiedName('')[0]).toBe('name part must be non-empty');
  });
  test('accepts upper case in the name part and a DNS prefix', () => {
    expect(qualifiedName('MyName')).toEqual([]);
    expect(qualifiedName('example.com/MyName')).toEqual([]);
    expect(qualifiedName('kubernetes.io/h2c')).toEqual([]);
  });
  test('rejects an empty or upper-case prefix, two slashes and 64-character names', () => {
    expect(qualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedName('Example.com/name')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(qualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
    expect(qualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(qualifiedName('-name')[0]).toMatch(/^name part must consist of/);
  });
});

describe('F6 label value', () => {
  test('accepts empty, dots, underscores and upper case', () => {
    for (const v of ['', 'v1.2_3', 'MyValue', 'a'.repeat(63)]) expect(labelValue(v)).toEqual([]);
  });
  test('rejects spaces, edge punctuation and 64 characters', () => {
    expect(labelValue('my value')).toHaveLength(1);
    expect(labelValue('-v')).toHaveLength(1);
    expect(labelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('F7 port number', () => {
  test('1 and 65535 are the inclusive bounds', () => {
    expect(isValidPortNum(1)).toEqual([]);
    expect(isValidPortNum(65535)).toEqual([]);
    expect(isValidPortNum(0)).toEqual(['must be between 1 and 65535, inclusive']);
    expect(isValidPortNum(65536)).toEqual(['must be between 1 and 65535, inclusive']);
    expect(isValidPortNum(80.5)).toHaveLength(1);
  });
});

describe('V2 maskTrailingDash (apimachinery quirk)', () => {
  test('drops the last two characters and appends "a"', () => {
    expect(maskTrailingDash('web-')).toBe('wea');
    expect(maskTrailingDash('A-')).toBe('a');
    expect(maskTrailingDash('-')).toBe('-');
    expect(maskTrailingDash('web')).toBe('web');
    expect(maskTrailingDash('a/-')).toBe('aa');
  });
});

describe('V41 path segment names', () => {
  test('rejects ".", ".." and "/" or "%"', () => {
    expect(pathSegmentName('.')).toEqual(['may not be \'.\'']);
    expect(pathSegmentName('..')).toEqual(['may not be \'..\'']);
    expect(pathSegmentName('a/b%')).toEqual(['may not contain \'/\'', 'may not contain \'%\'']);
    expect(pathSegmentName('.', true)).toEqual([]);
    expect(pathSegmentName('web')).toEqual([]);
  });
  test('is implied by F1 and F2: any DNS label is a valid path segment (why V41 never fires for Services)', () => {
    const chars = fc.constantFrom(...'ab1-./%A'.split(''));
    fc.assert(fc.property(fc.string({ unit: chars, maxLength: 8 }), (v) => {
      if (dns1035Label(v).length === 0 || dns1123Label(v).length === 0) return pathSegmentName(v).length === 0;
      // generateName: the mask quirk lets "a/-" pass V2 (it checks "aa"), but the generated name
      // "a/-xxxxx" fails V1, which the API server checks before V41.
      if (dns1035Label(`${v}xxxxx`).length === 0) return pathSegmentName(v, true).length === 0;
      return true;
    }));
  });
});

describe('helpers for messages and fixes', () => {
  test('supported values are sorted and quoted', () => {
    expect(supportedValues(['TCP', 'UDP', 'SCTP'])).toBe('supported values: "SCTP", "TCP", "UDP"');
  });
  test('suggestName turns a bad name into a valid one', () => {
    expect(suggestName('My_Web.App')).toBe('my-web-app');
    expect(suggestName('1web', { startWithLetter: true })).toBe('web');
    expect(suggestName('123', { startWithLetter: true })).toBe('svc-123');
    expect(dns1035Label(suggestName('9 Lives!', { startWithLetter: true })!)).toEqual([]);
    expect(suggestName('___')).toBeUndefined();
  });
});
