// RULES.md V10-V12, V24-V27 (validation.go) and A1-A10, A12 (alloc.go): clusterIPs, IP families, allocation.
import { IpFamily } from '../../../src/enums';
import { Severity } from '../../../src/model/findings';
import { NO_ERROR } from '../../../src/rules/api-server/cluster-ips';
import { ValidationOptions } from '../../../src/rules/engine';
import { check, expectNoRule, expectRule, findingsOf, service } from '../../helpers';

const svc = (spec: any, options: ValidationOptions = {}) => check([service(spec)], options);
const ports = [{ port: 80 }];
const sel = { app: 'web' };
const DUAL: ValidationOptions = { clusterIpFamilies: [IpFamily.IPV4, IpFamily.IPV6] };
/** An IPv4-only cluster, described: A5/A7/A8 are the API server's errors (undescribed: hints, below). */
const V4: ValidationOptions = { clusterIpFamilies: [IpFamily.IPV4] };
const RANGE: ValidationOptions = { serviceClusterIpRanges: ['10.96.0.0/12'] };
const DUAL_RANGES: ValidationOptions = { serviceClusterIpRanges: ['10.96.0.0/12', 'fd00:10:96::/112'] };

/** Every api-server error, for "accepted" assertions. */
function apiErrors(findings: ReturnType<typeof check>) {
  return findings.filter((f) => f.category === 'api-server' && f.severity === Severity.ERROR).map((f) => `${f.rule} ${f.field}: ${f.message}`);
}

describe('V10 NodePort and LoadBalancer Services may not be headless', () => {
  test('rejects clusterIP None on a NodePort with the API server message', () => {
    const [f] = expectRule(svc({ type: 'NodePort', clusterIP: 'None', selector: sel, ports }), 'V10', 'spec.clusterIPs[0]');
    expect(f.message).toBe('may not be set to \'None\' for NodePort services');
  });
  test('rejects clusterIP None on a LoadBalancer', () => {
    const [f] = expectRule(svc({ type: 'LoadBalancer', clusterIP: 'None', selector: sel, ports }), 'V10', 'spec.clusterIPs[0]');
    expect(f.message).toBe('may not be set to \'None\' for LoadBalancer services');
  });
  test('accepts clusterIP None on a ClusterIP Service, the nearest valid neighbour', () => {
    expectNoRule(svc({ clusterIP: 'None', selector: sel, ports }), 'V10');
  });
  test('["None", an IP] is not headless for V10 (isHeadlessService): only V27 refuses it', () => {
    const findings = svc({ type: 'NodePort', clusterIP: 'None', clusterIPs: ['None', '10.0.0.5'], selector: sel, ports });
    expectNoRule(findings, 'V10');
    expect(findings.map((f) => f.rule)).toContain('V27');
  });
});

describe('V11 ExternalName Services may not set clusterIP(s)', () => {
  test('rejects clusterIP 1.2.3.4, reported at spec.clusterIPs because A1 copies it there', () => {
    const [f] = expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '1.2.3.4' }), 'V11', 'spec.clusterIPs');
    expect(f.message).toBe('may not be set for ExternalName services');
    expect(f.value).toBe('["1.2.3.4"]');
  });
  test('rejects clusterIP None and clusterIPs alone', () => {
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: 'None' }), 'V11', 'spec.clusterIPs');
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIPs: ['1.2.3.4'] }), 'V11', 'spec.clusterIPs');
  });
  test('accepts clusterIP "" (the nearest valid neighbour)', () => {
    const findings = svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '' });
    expectNoRule(findings, 'V11');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('V24-V27 are skipped for ExternalName, so only V11 reports a bad clusterIP', () => {
    const findings = svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: 'not-an-ip' });
    expectRule(findings, 'V11', 'spec.clusterIPs');
    expectNoRule(findings, 'V27');
  });
});

describe('V12 ExternalName Services may not set ipFamilies or ipFamilyPolicy', () => {
  test('rejects ipFamilies', () => {
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', ipFamilies: ['IPv4'] }), 'V12', 'spec.ipFamilies');
  });
  test('rejects ipFamilyPolicy, even SingleStack', () => {
    const [f] = expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', ipFamilyPolicy: 'SingleStack' }), 'V12', 'spec.ipFamilyPolicy');
    expect(f.message).toBe('may not be set for ExternalName services');
  });
  test('accepts both absent, or ipFamilies [] and ipFamilyPolicy null', () => {
    expectNoRule(svc({ type: 'ExternalName', externalName: 'db.example.com' }), 'V12');
    expectNoRule(svc({ type: 'ExternalName', externalName: 'db.example.com', ipFamilies: [], ipFamilyPolicy: null }), 'V12');
  });
});

describe('V24 clusterIPs must match clusterIP (A1 copies only singular to plural)', () => {
  test('rejects clusterIPs without clusterIP (RULES.md §8.7)', () => {
    const [f] = expectRule(svc({ clusterIPs: ['10.0.0.5'], selector: sel, ports }), 'V24', 'spec.clusterIPs');
    expect(f.message).toBe('must be empty when `clusterIP` is not specified');
  });
  test('rejects clusterIPs[0] different from clusterIP', () => {
    const [f] = expectRule(svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.6'], selector: sel, ports }), 'V24', 'spec.clusterIPs');
    expect(f.message).toBe('first value must match `clusterIP`');
  });
  test('accepts clusterIP alone (A1 fills clusterIPs) and both equal', () => {
    expectNoRule(svc({ clusterIP: '10.0.0.5', selector: sel, ports }), 'V24');
    expectNoRule(svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5'], selector: sel, ports }), 'V24');
  });
});

describe('V25 ipFamilies are IPv4 or IPv6, each once', () => {
  test('rejects an unknown or lower-case family with NotSupported', () => {
    const [f] = expectRule(svc({ ipFamilies: ['ipv4'], selector: sel, ports }), 'V25', 'spec.ipFamilies[0]');
    expect(f.message).toBe('Unsupported value: "ipv4": supported values: "IPv4", "IPv6"');
  });
  test('rejects a repeated family at the repeat', () => {
    const [f] = expectRule(svc({ ipFamilies: ['IPv4', 'IPv4'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }), 'V25', 'spec.ipFamilies[1]');
    expect(f.message).toBe('Duplicate value: "IPv4"');
  });
  test('accepts [IPv4]', () => {
    expectNoRule(svc({ ipFamilies: ['IPv4'], selector: sel, ports }), 'V25');
  });
});

describe('V26 ipFamilyPolicy is a known policy', () => {
  test('rejects DualStack', () => {
    const [f] = expectRule(svc({ ipFamilyPolicy: 'DualStack', selector: sel, ports }), 'V26', 'spec.ipFamilyPolicy');
    expect(f.message).toContain('supported values: "PreferDualStack", "RequireDualStack", "SingleStack"');
  });
  test('accepts PreferDualStack and a nil policy', () => {
    expectNoRule(svc({ ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }), 'V26');
    expectNoRule(svc({ ipFamilyPolicy: null, selector: sel, ports }), 'V26');
  });
});

describe('V27 clusterIPs are valid IPs, None only alone, one per family, matching ipFamilies', () => {
  test('rejects lower-case none with the IsValidIP message', () => {
    const [f] = expectRule(svc({ clusterIP: 'none', selector: sel, ports }), 'V27', 'spec.clusterIPs[0]');
    expect(f.message).toBe('must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    expect(f.fix).toContain('capital N');
  });
  test('rejects a CIDR and an IP with spaces', () => {
    expectRule(svc({ clusterIP: '10.0.0.5/32', selector: sel, ports }), 'V27', 'spec.clusterIPs[0]');
    expectRule(svc({ clusterIP: ' 10.0.0.5', selector: sel, ports }), 'V27', 'spec.clusterIPs[0]');
  });
  test('accepts IPv4 with leading zeros (sloppy parse; only W2 warns)', () => {
    const findings = svc({ clusterIP: '010.000.000.050', selector: sel, ports });
    expectNoRule(findings, 'V27');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('rejects None followed by an IP at spec.clusterIPs', () => {
    const [f] = expectRule(svc({ clusterIP: 'None', clusterIPs: ['None', '10.0.0.5'], selector: sel, ports }), 'V27', 'spec.clusterIPs');
    expect(f.message).toBe('\'None\' must be the first and only value');
  });
  test('rejects None at index 1 as an invalid IP', () => {
    expectRule(svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', 'None'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }), 'V27', 'spec.clusterIPs[1]');
  });
  test('rejects three values', () => {
    const findings = svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', 'fd00::5', '10.0.0.6'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports });
    const hits = expectRule(findings, 'V27', 'spec.clusterIPs');
    expect(hits.map((h) => h.message)).toEqual(['may only hold up to 2 values']);
  });
  test('three IPs of one family: "max two" does not stop the checks (validation.go sets no hasInvalidIPs there), so the family check runs too', () => {
    const findings = svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', '10.0.0.6', '10.0.0.7'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, DUAL);
    expect(expectRule(findings, 'V27', 'spec.clusterIPs').map((h) => h.message))
      .toEqual(['may only hold up to 2 values', 'may specify no more than one IP for each IP family']);
  });
  test('rejects two IPs of one family', () => {
    const [f] = expectRule(svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', '10.0.0.6'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, DUAL), 'V27', 'spec.clusterIPs');
    expect(f.message).toBe('may specify no more than one IP for each IP family');
  });
  test('rejects an IP that does not match ipFamilies[i]', () => {
    const [f] = expectRule(svc({ clusterIP: 'fd00::5', ipFamilies: ['IPv4'], selector: sel, ports }, DUAL), 'V27', 'spec.clusterIPs[0]');
    expect(f.message).toBe('expected an IPv4 value as indicated by `ipFamilies[0]`');
    const [g] = expectRule(svc({ clusterIP: '10.0.0.5', ipFamilies: ['IPv6'], selector: sel, ports }, DUAL), 'V27', 'spec.clusterIPs[0]');
    expect(g.message).toBe('expected an IPv6 value as indicated by `ipFamilies[0]`');
  });
  test('checks stop after an invalid IP: no family mismatch is reported for the valid one', () => {
    const findings = svc({ clusterIP: 'fd00::5', clusterIPs: ['fd00::5', 'bogus'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, DUAL);
    expect(findingsOf(findings, 'V27').map((f) => f.field)).toEqual(['spec.clusterIPs[1]']);
  });
  test('accepts a dual-stack pair in either order (nearest valid neighbours)', () => {
    expectNoRule(svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', 'fd00::5'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, DUAL), 'V27');
    expectNoRule(svc({ clusterIP: 'fd00::5', clusterIPs: ['fd00::5', '10.0.0.5'], ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'RequireDualStack', selector: sel, ports }, DUAL), 'V27');
  });
});

describe('A4 SingleStack may not carry two IPs or two families (allocator, not validation.go)', () => {
  test('rejects SingleStack with two ipFamilies although validation.go passes it (RULES.md §8.8)', () => {
    const [f] = expectRule(svc({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'], selector: sel, ports }, DUAL), 'A4', 'spec.ipFamilyPolicy');
    expect(f.message).toBe('must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified');
  });
  test('rejects two clusterIPs with the defaulted policy (A2: SingleStack)', () => {
    const [f] = expectRule(svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', 'fd00::5'], selector: sel, ports }, DUAL), 'A4', 'spec.ipFamilyPolicy');
    expect(f.message).toBe('must be \'RequireDualStack\' or \'PreferDualStack\' when multiple cluster IPs are specified');
  });
  test('accepts PreferDualStack with two families on a dual-stack cluster', () => {
    const findings = svc({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'], selector: sel, ports }, DUAL);
    expectNoRule(findings, 'A4');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('A2: headless without selector defaults to RequireDualStack, so two families pass on a single-stack cluster', () => {
    const findings = svc({ clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'] });
    expectNoRule(findings, 'A4');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('A2: headless with a selector defaults to SingleStack, so two families fail', () => {
    expectRule(svc({ clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'], selector: sel }, DUAL), 'A4', 'spec.ipFamilyPolicy');
  });
});

describe('A5 a clusterIP must be of a family the cluster serves', () => {
  test('rejects an IPv6 clusterIP on an IPv4 cluster', () => {
    const [f] = expectRule(svc({ clusterIP: 'fd00::5', selector: sel, ports }, V4), 'A5', 'spec.clusterIPs[0]');
    expect(f.message).toBe('IPv6 is not configured on this cluster');
  });
  test('accepts it on a dual-stack cluster', () => {
    expectNoRule(svc({ clusterIP: 'fd00::5', selector: sel, ports }, DUAL), 'A5');
  });
  test('families come from --service-cluster-ip-range when it is given', () => {
    expectNoRule(svc({ clusterIP: 'fd00:10:96::5', selector: sel, ports }, { serviceClusterIpRanges: ['fd00:10:96::/112'] }), 'A5');
    expectRule(svc({ clusterIP: '10.96.0.5', selector: sel, ports }, { serviceClusterIpRanges: ['fd00:10:96::/112'] }), 'A5', 'spec.clusterIPs[0]');
  });
  test('with ipFamilies given, A8 reports the family instead', () => {
    const findings = svc({ clusterIP: 'fd00::5', ipFamilies: ['IPv6'], selector: sel, ports }, V4);
    expectNoRule(findings, 'A5');
    expectRule(findings, 'A8', 'spec.ipFamilies[0]');
  });
  test('A3: not reached when V24-V27 fail', () => {
    const findings = svc({ clusterIPs: ['fd00::5'], selector: sel, ports });
    expectRule(findings, 'V24', 'spec.clusterIPs');
    expectNoRule(findings, 'A5');
  });
});

describe('A7 RequireDualStack needs a dual-stack cluster (A6: headless without selector excepted)', () => {
  test('rejects RequireDualStack with a selector on a single-stack cluster', () => {
    const [f] = expectRule(svc({ ipFamilyPolicy: 'RequireDualStack', selector: sel, ports }, V4), 'A7', 'spec.ipFamilyPolicy');
    expect(f.message).toBe('this cluster is not configured for dual-stack services');
  });
  test('rejects a headless Service with a selector too', () => {
    expectRule(svc({ clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack', selector: sel }, V4), 'A7', 'spec.ipFamilyPolicy');
  });
  test('A6: accepts a headless selectorless RequireDualStack Service on a single-stack cluster', () => {
    const findings = svc({ clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack' }, V4);
    expectNoRule(findings, 'A7');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('A9: accepts PreferDualStack on a single-stack cluster, and RequireDualStack on a dual-stack one', () => {
    expect(apiErrors(svc({ ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, V4))).toEqual([]);
    expectNoRule(svc({ ipFamilyPolicy: 'RequireDualStack', selector: sel, ports }, DUAL), 'A7');
  });
  test('not reached when A4 fails first', () => {
    const findings = svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', 'fd00::5'], ipFamilyPolicy: 'SingleStack', selector: sel, ports });
    expectRule(findings, 'A4', 'spec.ipFamilyPolicy');
    expectNoRule(findings, 'A7');
  });
});

describe('A8 every ipFamilies entry must be served by the cluster', () => {
  test('rejects IPv6 on an IPv4 cluster', () => {
    const [f] = expectRule(svc({ ipFamilies: ['IPv6'], selector: sel, ports }, V4), 'A8', 'spec.ipFamilies[0]');
    expect(f.message).toBe('not configured on this cluster');
  });
  test('rejects the second family of a PreferDualStack Service on a single-stack cluster', () => {
    expectRule(svc({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'], selector: sel, ports }, V4), 'A8', 'spec.ipFamilies[1]');
  });
  test('accepts [IPv4]', () => {
    expectNoRule(svc({ ipFamilies: ['IPv4'], selector: sel, ports }), 'A8');
  });
  test('A6: a headless selectorless Service is not checked, even for IPv6 on an IPv4 cluster', () => {
    expect(apiErrors(svc({ clusterIP: 'None', ipFamilies: ['IPv6'] }, V4))).toEqual([]);
  });
});

describe('A5, A7, A8 when the cluster is not described (docs/severity.md)', () => {
  // Without clusterIpFamilies or serviceClusterIpRanges, "IPv4 only" is our assumption, not a
  // fact of the manifests: the family checks are hints, never a failed pipeline.
  test.each([
    ['A5', { clusterIP: 'fd00::5', selector: sel, ports }, 'spec.clusterIPs[0]'],
    ['A7', { ipFamilyPolicy: 'RequireDualStack', selector: sel, ports }, 'spec.ipFamilyPolicy'],
    ['A8', { ipFamilies: ['IPv6'], selector: sel, ports }, 'spec.ipFamilies[0]'],
  ])('%s is a hint that says how to check it', (id, spec, field) => {
    const [f] = expectRule(svc(spec), id, field, Severity.INFO);
    expect(f.message).toContain('the default cluster (IPv4 only)');
    expect(f.fix).toContain('verify --ip-family IPv4 --ip-family IPv6');
    expect(apiErrors(svc(spec))).toEqual([]);
  });
  test('strict mode does not turn the hint into an error', () => {
    expectRule(svc({ ipFamilies: ['IPv6'], selector: sel, ports }, { strict: true }), 'A8', 'spec.ipFamilies[0]', Severity.INFO);
  });
  test('A4 does not depend on the cluster: still an error', () => {
    expectRule(svc({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'], selector: sel, ports }), 'A4', 'spec.ipFamilyPolicy');
  });
  test('a range given describes the cluster: the error again', () => {
    expectRule(svc({ ipFamilies: ['IPv6'], selector: sel, ports }, RANGE), 'A8', 'spec.ipFamilies[0]');
  });
});

describe('A10 a static clusterIP must be inside --service-cluster-ip-range and free', () => {
  test('rejects an IP outside the range with the allocator message', () => {
    const [f] = expectRule(svc({ clusterIP: '10.0.0.5', selector: sel, ports }, RANGE), 'A10', 'spec.clusterIPs');
    expect(f.message).toBe('failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
  });
  test('accepts an IP inside the range', () => {
    expectNoRule(svc({ clusterIP: '10.96.0.10', selector: sel, ports }, RANGE), 'A10');
  });
  test('is skipped when the range is unknown', () => {
    expectNoRule(svc({ clusterIP: '10.0.0.5', selector: sel, ports }), 'A10');
  });
  test('excludes the network and the IPv4 broadcast address, not their neighbours', () => {
    expectRule(svc({ clusterIP: '10.96.0.0', selector: sel, ports }, RANGE), 'A10', 'spec.clusterIPs');
    expectRule(svc({ clusterIP: '10.111.255.255', selector: sel, ports }, RANGE), 'A10', 'spec.clusterIPs');
    expectNoRule(svc({ clusterIP: '10.111.255.254', selector: sel, ports }, RANGE), 'A10');
  });
  test('reads leading zeros as decimal: 010.096.000.050 is 10.96.0.50, inside the range', () => {
    expectNoRule(svc({ clusterIP: '010.096.000.050', selector: sel, ports }, RANGE), 'A10');
    const [f] = expectRule(svc({ clusterIP: '010.000.000.050', selector: sel, ports }, RANGE), 'A10', 'spec.clusterIPs');
    expect(f.message).toContain('failed to allocate IP 010.000.000.050: the provided IP (10.0.0.50)');
  });
  test('rejects the kubernetes Service\'s IP, the first address of the range', () => {
    const [f] = expectRule(svc({ clusterIP: '10.96.0.1', selector: sel, ports }, RANGE), 'A10', 'spec.clusterIPs');
    expect(f.message).toContain('provided IP is already allocated');
  });
  test('rejects the second of two Services requesting the same IP, in any namespace', () => {
    const a = service({ clusterIP: '10.96.0.10', selector: sel, ports }, { name: 'a' });
    const b = service({ clusterIP: '10.96.0.10', selector: sel, ports }, { name: 'b', namespace: 'other' });
    const findings = check([a, b], RANGE);
    const hits = expectRule(findings, 'A10', 'spec.clusterIPs');
    expect(hits.map((h) => h.objectRef)).toEqual(['Service/other/b']);
    expect(hits[0].message).toBe('failed to allocate IP 10.96.0.10: provided IP is already allocated (Service/default/a requests 10.96.0.10 too)');
  });
  test('two Services with different IPs are both accepted', () => {
    const a = service({ clusterIP: '10.96.0.10', selector: sel, ports }, { name: 'a' });
    const b = service({ clusterIP: '10.96.0.11', selector: sel, ports }, { name: 'b' });
    expectNoRule(check([a, b], RANGE), 'A10');
  });
  test('checks each family against its own range on a dual-stack cluster', () => {
    const spec = (v6: string) => ({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', v6], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports });
    expectNoRule(svc(spec('fd00:10:96::a'), DUAL_RANGES), 'A10');
    const [f] = expectRule(svc(spec('fd00:10:97::a'), DUAL_RANGES), 'A10', 'spec.clusterIPs');
    expect(f.message).toContain('The range of valid IPs is fd00:10:96::/112');
  });
  test('headless and ExternalName Services get no IP, so nothing is checked', () => {
    expectNoRule(svc({ clusterIP: 'None', selector: sel }, RANGE), 'A10');
    expectNoRule(svc({ type: 'ExternalName', externalName: 'db.example.com' }, RANGE), 'A10');
  });
});

describe('A12 a requested healthCheckNodePort must be allocatable (HTTP 500, not 422)', () => {
  const lb = (healthCheckNodePort: number, extra: any = {}) =>
    ({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort, selector: sel, ports, ...extra });
  test('rejects a port outside the node port range and says it is a 500 InternalError', () => {
    const [f] = expectRule(svc(lb(8080)), 'A12', 'spec.healthCheckNodePort');
    expect(f.message).toContain('HTTP 500 InternalError');
    expect(f.message).toContain('failed to allocate requested HealthCheck NodePort 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  });
  test('accepts a port in the range, and follows a custom range', () => {
    expectNoRule(svc(lb(30100)), 'A12');
    expectNoRule(check([service(lb(20100))], { nodePortRange: '20000-22767' }), 'A12');
    expectRule(check([service(lb(30100))], { nodePortRange: '20000-22767' }), 'A12', 'spec.healthCheckNodePort');
  });
  test('rejects a healthCheckNodePort that is also one of the Service\'s nodePorts', () => {
    const [f] = expectRule(svc(lb(30100, { ports: [{ port: 80, nodePort: 30100 }] })), 'A12', 'spec.healthCheckNodePort');
    expect(f.message).toContain('provided port is already allocated');
  });
  test('is not an allocation for externalTrafficPolicy Cluster (V38 rejects the field instead)', () => {
    const findings = svc(lb(8080, { externalTrafficPolicy: 'Cluster' }));
    expectNoRule(findings, 'A12');
    expectRule(findings, 'V38', 'spec.healthCheckNodePort');
  });
});

describe('A1 clusterIP is copied into clusterIPs, never the reverse (defaulting, no error)', () => {
  test('the no-error rules are listed, each with a reason', () => {
    expect(NO_ERROR.map((e) => e.id)).toEqual(expect.arrayContaining(['A1', 'A2', 'A3', 'A6', 'A9']));
    for (const e of NO_ERROR) expect(e.reason.length).toBeGreaterThan(20);
  });
  test('clusterIP alone is accepted and checked as clusterIPs[0]; clusterIPs alone is rejected (V24)', () => {
    expect(apiErrors(svc({ clusterIP: '10.0.0.5', selector: sel, ports }))).toEqual([]);
    expectRule(svc({ clusterIP: '10.0.0.x', selector: sel, ports }), 'V27', 'spec.clusterIPs[0]');
    expectRule(svc({ clusterIPs: ['10.0.0.5'], selector: sel, ports }), 'V24', 'spec.clusterIPs');
  });
});

describe('A2 a nil ipFamilyPolicy becomes RequireDualStack only for headless Services without a selector', () => {
  test('headless without selector: two families pass on a single-stack cluster', () => {
    expect(apiErrors(svc({ clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'] }))).toEqual([]);
  });
  test('the nearest neighbour with a selector becomes SingleStack and fails A4', () => {
    expectRule(svc({ clusterIP: 'None', selector: sel, ipFamilies: ['IPv4', 'IPv6'] }, DUAL), 'A4', 'spec.ipFamilyPolicy');
  });
});

describe('A6 headless Services without a selector skip the family checks', () => {
  test('RequireDualStack is accepted on a single-stack cluster', () => {
    expect(apiErrors(svc({ clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack' }, V4))).toEqual([]);
  });
  test('the nearest neighbour with a selector fails A7', () => {
    expectRule(svc({ clusterIP: 'None', selector: sel, ipFamilyPolicy: 'RequireDualStack' }, V4), 'A7', 'spec.ipFamilyPolicy');
  });
});

describe('A9 PreferDualStack is accepted with one family on a single-stack cluster', () => {
  test('PreferDualStack without ipFamilies passes', () => {
    expect(apiErrors(svc({ ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, V4))).toEqual([]);
  });
  test('the nearest neighbour RequireDualStack fails A7', () => {
    expectRule(svc({ ipFamilyPolicy: 'RequireDualStack', selector: sel, ports }, V4), 'A7', 'spec.ipFamilyPolicy');
  });
});

describe('A10 collisions need no known range', () => {
  test('A10 two Services requesting one clusterIP: the second is refused even without --service-cidr', () => {
    const a = service({ clusterIP: '10.0.171.239', ports: [{ port: 80 }] }, { name: 'a' });
    const b = service({ clusterIP: '10.0.171.239', ports: [{ port: 80 }] }, { name: 'b' });
    const hits = expectRule(check([a, b]), 'A10', 'spec.clusterIPs');
    expect(hits.map((h) => h.objectRef)).toEqual(['Service/default/b']);
  });
  test('A10 a Service refused for a validation error holds no address (its allocation is rolled back, RULES.md §1)', () => {
    const bad = service({ clusterIP: '10.0.171.239', ports: [{ port: 0 }] }, { name: 'bad' });
    const good = service({ clusterIP: '10.0.171.239', ports: [{ port: 80 }] }, { name: 'good' });
    const findings = check([bad, good]);
    expectNoRule(findings, 'A10');
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.objectRef}`)).toEqual(['V16 Service/default/bad', 'V18 Service/default/bad']);
    // In the other order the valid Service holds it, and the invalid one, applied later, is refused twice over.
    const later = check([good, bad]);
    expect(later.filter((f) => f.rule === 'A10').map((f) => f.objectRef)).toEqual(['Service/default/bad']);
  });
  test('A10 distinct static clusterIPs outside any known range pass when the range is unknown', () => {
    const a = service({ clusterIP: '10.0.171.239', ports: [{ port: 80 }] }, { name: 'a' });
    const b = service({ clusterIP: '10.0.171.240', ports: [{ port: 80 }] }, { name: 'b' });
    expectNoRule(check([a, b]), 'A10');
  });
});
