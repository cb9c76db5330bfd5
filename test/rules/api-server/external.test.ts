// RULES.md V13, V28, V33, V34, V36: externalName, externalIPs, load balancer fields.
import { Severity } from '../../../src/model/findings';
import { LB_SOURCE_RANGES_ANNOTATION } from '../../../src/rules/api-server/external';
import { check, expectNoRule, expectRule, findingsOf, service } from '../../helpers';

// RULES.md describes 1.27: V33's one error for the whole list holds through 1.29 (1.30 indexes it, versions.test.ts).
const svc = (spec: any, metadata: any = {}) => check([service(spec, metadata)], { kubernetesVersion: '1.27' });
const ports = [{ port: 80 }];
const sel = { app: 'web' };
const ANNOTATION_PATH = `metadata.annotations[${LB_SOURCE_RANGES_ANNOTATION}]`;

function apiErrors(findings: ReturnType<typeof check>) {
  return findings.filter((f) => f.category === 'api-server' && f.severity === Severity.ERROR).map((f) => `${f.rule} ${f.field}: ${f.message}`);
}

const extName = (externalName: any, extra: any = {}) => svc({ type: 'ExternalName', externalName, ...extra });

describe('V13 externalName is a lower-case DNS-1123 subdomain for ExternalName Services', () => {
  test('rejects a missing externalName as Required', () => {
    const [f] = expectRule(svc({ type: 'ExternalName' }), 'V13', 'spec.externalName');
    expect(f.message).toContain('Required value');
  });
  test('rejects a lone "." (trimmed to empty) as Required', () => {
    expectRule(extName('.'), 'V13', 'spec.externalName');
  });
  test('rejects upper case and suggests the lower-case name', () => {
    const [f] = expectRule(extName('DB.example.com'), 'V13', 'spec.externalName');
    expect(f.message).toContain('a lowercase RFC 1123 subdomain');
    expect(f.fix).toContain('db.example.com');
  });
  test('rejects a URL, an underscore and two trailing dots (only one is trimmed)', () => {
    expectRule(extName('https://db.example.com'), 'V13', 'spec.externalName');
    expectRule(extName('_sip._tcp.example.com'), 'V13', 'spec.externalName');
    expectRule(extName('db.example.com..'), 'V13', 'spec.externalName');
  });
  test('the fix names the bare DNS name the author most likely meant', () => {
    expect(expectRule(extName('https://db.example.com:5432/x'), 'V13')[0].fix).toContain('externalName: db.example.com ');
    expect(expectRule(extName('db.example.com..'), 'V13')[0].fix).toContain('externalName: db.example.com ');
    // Nothing mechanical to suggest for an underscore: the generic advice.
    expect(expectRule(extName('_sip._tcp.example.com'), 'V13')[0].fix).toContain('no scheme, port, path, underscore or spaces');
  });
  test('rejects more than 253 characters', () => {
    const long = `${'a'.repeat(60)}.`.repeat(4) + 'b'.repeat(20); // 264 characters
    const hits = expectRule(extName(long), 'V13', 'spec.externalName');
    expect(hits.map((h) => h.message)).toContain('must be no more than 253 characters');
  });
  test('accepts a name with one trailing dot, the nearest valid neighbour', () => {
    expectNoRule(extName('db.example.com.'), 'V13');
    expectNoRule(extName('db.example.com'), 'V13');
  });
  test('accepts an IPv4 literal: the regex matches it (RULES.md §8.9; a security rule covers it)', () => {
    expectNoRule(extName('1.2.3.4'), 'V13');
  });
  test('accepts a label longer than 63 characters: no per-label limit (RULES.md §8.9)', () => {
    expectNoRule(extName(`${'a'.repeat(70)}.example.com`), 'V13');
  });
  test('ignores externalName on other types', () => {
    expectNoRule(svc({ externalName: 'NOT A NAME', selector: sel, ports }), 'V13');
  });
});

describe('V28 externalIPs are IPs that are not special, for every type', () => {
  test('rejects a CIDR with the IsValidIP message', () => {
    const [f] = expectRule(svc({ externalIPs: ['203.0.113.0/24'], selector: sel, ports }), 'V28', 'spec.externalIPs[0]');
    expect(f.message).toBe('must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    expect(f.fix).toContain('without the /prefix');
  });
  test.each([
    ['0.0.0.0', 'may not be unspecified (0.0.0.0)'],
    ['::', 'may not be unspecified (::)'],
    ['127.0.0.1', 'may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ['::1', 'may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ['169.254.169.254', 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
    ['fe80::1', 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
    ['224.0.0.251', 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
    ['ff02::1', 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
  ])('rejects %s', (ip, message) => {
    const [f] = expectRule(svc({ externalIPs: ['203.0.113.10', ip], selector: sel, ports }), 'V28', 'spec.externalIPs[1]');
    expect(f.message).toBe(message);
  });
  test('accepts a routable address and a non-link-local multicast neighbour', () => {
    expectNoRule(svc({ externalIPs: ['203.0.113.10', '224.0.1.1', '2001:db8::10'], selector: sel, ports }), 'V28');
  });
  test('checks ExternalName and headless Services too, and accepts valid externalIPs there (RULES.md §8.9)', () => {
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', externalIPs: ['127.0.0.1'] }), 'V28', 'spec.externalIPs[0]');
    expectRule(svc({ clusterIP: 'None', externalIPs: ['nope'] }), 'V28', 'spec.externalIPs[0]');
    expect(apiErrors(svc({ type: 'ExternalName', externalName: 'db.example.com', externalIPs: ['203.0.113.10'] }))).toEqual([]);
  });
  test('accepts leading zeros (sloppy parse), leaving W3 to warn', () => {
    expectNoRule(svc({ externalIPs: ['203.0.113.010'], selector: sel, ports }), 'V28');
  });
});

describe('V33 loadBalancerSourceRanges: LoadBalancer only, CIDRs only, field wins over annotation', () => {
  const lb = (extra: any) => ({ type: 'LoadBalancer', selector: sel, ports, ...extra });
  test('rejects the field on a ClusterIP Service at the capital-L path', () => {
    const [f] = expectRule(svc({ loadBalancerSourceRanges: ['10.0.0.0/8'], selector: sel, ports }), 'V33', 'spec.LoadBalancerSourceRanges');
    expect(f.message).toBe('may only be used when `type` is \'LoadBalancer\'');
  });
  test('rejects the annotation on a NodePort Service at the annotation path', () => {
    expectRule(svc({ type: 'NodePort', selector: sel, ports }, { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: '10.0.0.0/8' } }), 'V33', ANNOTATION_PATH);
  });
  test('rejects a bare IP, an empty entry and garbage with one error for the whole list', () => {
    for (const ranges of [['10.0.0.1'], [''], ['   '], ['10.0.0.0/8', 'nope']]) {
      const hits = expectRule(svc(lb({ loadBalancerSourceRanges: ranges })), 'V33', 'spec.LoadBalancerSourceRanges');
      expect(hits).toHaveLength(1);
      expect(hits[0].message.startsWith('must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ')).toBe(true);
    }
  });
  test('the message names the entries that are not CIDRs, and only those', () => {
    const [f] = expectRule(svc(lb({ loadBalancerSourceRanges: ['10.0.0.0/8', 'nope', '10.0.0.1'] })), 'V33', 'spec.LoadBalancerSourceRanges');
    expect(f.message).toContain('not a CIDR: "nope", "10.0.0.1"');
    expect(f.message).not.toContain('"10.0.0.0/8"');
    const [a] = expectRule(svc(lb({}), { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: '10.0.0.0/8,10.1.2.3' } }), 'V33', ANNOTATION_PATH);
    expect(a.message).toContain('not a CIDR: "10.1.2.3"');
  });
  test('accepts host bits, IPv6, leading zeros and surrounding spaces (TrimSpace, ParseCIDRSloppy)', () => {
    expectNoRule(svc(lb({ loadBalancerSourceRanges: ['10.0.0.1/24', '2001:db8::/32', '010.0.0.0/8', ' 192.168.0.0/16 '] })), 'V33');
  });
  test('reports both Forbidden and Invalid when both apply', () => {
    const findings = svc({ loadBalancerSourceRanges: ['10.0.0.1'], selector: sel, ports });
    expect(findingsOf(findings, 'V33')).toHaveLength(2);
  });
  test('annotation: comma-separated CIDRs are valid; an empty value means 0.0.0.0/0', () => {
    expectNoRule(svc(lb({}), { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: '10.0.0.0/8, 192.168.0.0/16' } }), 'V33');
    expectNoRule(svc(lb({}), { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: '  ' } }), 'V33');
  });
  test('annotation: a trailing comma or a bare IP is invalid', () => {
    expectRule(svc(lb({}), { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: '10.0.0.0/8,' } }), 'V33', ANNOTATION_PATH);
    expectRule(svc(lb({}), { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: '10.0.0.1' } }), 'V33', ANNOTATION_PATH);
  });
  test('an invalid annotation is ignored when the field is set (RULES.md §8.12)', () => {
    const findings = svc(lb({ loadBalancerSourceRanges: ['10.0.0.0/8'] }), { annotations: { [LB_SOURCE_RANGES_ANNOTATION]: 'garbage' } });
    expectNoRule(findings, 'V33');
  });
});

describe('V34 allocateLoadBalancerNodePorts only on LoadBalancer', () => {
  test('rejects false on a ClusterIP Service', () => {
    const [f] = expectRule(svc({ allocateLoadBalancerNodePorts: false, selector: sel, ports }), 'V34', 'spec.allocateLoadBalancerNodePorts');
    expect(f.message).toBe('may only be used when `type` is \'LoadBalancer\'');
  });
  test('rejects true on a NodePort Service', () => {
    expectRule(svc({ type: 'NodePort', allocateLoadBalancerNodePorts: true, selector: sel, ports }), 'V34', 'spec.allocateLoadBalancerNodePorts');
  });
  test('accepts false on a LoadBalancer, and null elsewhere', () => {
    expectNoRule(svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, selector: sel, ports }), 'V34');
    expectNoRule(svc({ allocateLoadBalancerNodePorts: null, selector: sel, ports }), 'V34');
  });
});

describe('V36 loadBalancerClass is a qualified name, only on LoadBalancer', () => {
  const lb = (loadBalancerClass: any) => svc({ type: 'LoadBalancer', loadBalancerClass, selector: sel, ports });
  test('rejects it on a ClusterIP Service', () => {
    const [f] = expectRule(svc({ loadBalancerClass: 'example.com/lb', selector: sel, ports }), 'V36', 'spec.loadBalancerClass');
    expect(f.message).toBe('may only be used when `type` is \'LoadBalancer\'');
  });
  test('rejects "" with two causes', () => {
    expect(expectRule(lb(''), 'V36', 'spec.loadBalancerClass')).toHaveLength(2);
  });
  test('rejects two slashes and a bad prefix', () => {
    expectRule(lb('a/b/c'), 'V36', 'spec.loadBalancerClass');
    expectRule(lb('Example.com/lb'), 'V36', 'spec.loadBalancerClass');
  });
  test('accepts a prefixed name and an upper-case name part', () => {
    expectNoRule(lb('example.com/internal-lb'), 'V36');
    expectNoRule(lb('MyClass'), 'V36');
  });
});
