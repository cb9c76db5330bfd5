// RULES.md W1-W5: warnings kube-apiserver 1.27 returns on create (W6 is 1.28+).
import { IpFamily } from '../../../src/enums';
import { Severity } from '../../../src/model/findings';
import { TOPOLOGY_AWARE_HINTS } from '../../../src/rules/api-server/metadata';
import { NOT_IN_1_27 } from '../../../src/rules/api-server/warnings';
import { ValidationOptions } from '../../../src/rules/engine';
import { check, expectNoRule, expectRule, service } from '../../helpers';

const W = Severity.WARNING;
// The texts below are warnings.go's own (1.27-1.32); 1.33+ use apimachinery's (last block).
const svc = (spec: any, metadata: any = {}, options: ValidationOptions = {}) => check([service(spec, metadata)], { kubernetesVersion: '1.32', ...options });
const ports = [{ port: 80 }];
const sel = { app: 'web' };
const DUAL: ValidationOptions = { clusterIpFamilies: [IpFamily.IPV4, IpFamily.IPV6] };

function apiErrors(findings: ReturnType<typeof check>) {
  return findings.filter((f) => f.category === 'api-server' && f.severity === Severity.ERROR).map((f) => `${f.rule} ${f.field}: ${f.message}`);
}

describe('W1 topology-aware-hints annotation is deprecated', () => {
  test('warns when the annotation is present', () => {
    const [f] = expectRule(svc({ selector: sel, ports }, { annotations: { [TOPOLOGY_AWARE_HINTS]: 'auto' } }),
      'W1', `metadata.annotations[${TOPOLOGY_AWARE_HINTS}]`, W);
    expect(f.message).toBe('annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead');
    expect(f.fix).toContain('service.kubernetes.io/topology-mode: auto');
  });
  test('is silent for service.kubernetes.io/topology-mode', () => {
    expectNoRule(svc({ selector: sel, ports }, { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } }), 'W1');
  });
});

describe('W2 clusterIPs that netip rejects or that are not RFC 5952', () => {
  test('warns, and does not reject, 010.000.000.050 (RULES.md F8)', () => {
    const findings = svc({ clusterIP: '010.000.000.050', selector: sel, ports });
    const [f] = expectRule(findings, 'W2', 'spec.clusterIPs[0]', W);
    expect(f.message).toBe('IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("010.000.000.050"): IPv4 field has octet with leading zero');
    expect(f.fix).toBe('write 10.0.0.50');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('warns about a non-canonical IPv6 clusterIP', () => {
    const [f] = expectRule(svc({ clusterIP: 'FD00:0:0::A', selector: sel, ports }, {}, DUAL), 'W2', 'spec.clusterIPs[0]', W);
    expect(f.message).toBe('IPv6 address "FD00:0:0::A" is not in RFC 5952 canonical format ("fd00::a"), which may cause controller apply-loops');
  });
  test('is silent for canonical IPs, for None, and for IPs that fail V27 instead', () => {
    expectNoRule(svc({ clusterIP: '10.0.0.50', selector: sel, ports }), 'W2');
    expectNoRule(svc({ clusterIP: 'fd00::a', selector: sel, ports }, {}, DUAL), 'W2');
    expectNoRule(svc({ clusterIP: 'None', selector: sel }), 'W2');
    expectNoRule(svc({ clusterIP: '10.0.0.500', selector: sel, ports }), 'W2');
  });
  test('warns at the second clusterIP too', () => {
    const findings = svc({ clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5', 'fd00:0::5'], ipFamilyPolicy: 'PreferDualStack', selector: sel, ports }, {}, DUAL);
    expectRule(findings, 'W2', 'spec.clusterIPs[1]', W);
  });
});

describe('W3 externalIPs that netip rejects or that are not RFC 5952', () => {
  test('warns about leading zeros', () => {
    const [f] = expectRule(svc({ externalIPs: ['203.0.113.010'], selector: sel, ports }), 'W3', 'spec.externalIPs[0]', W);
    expect(f.fix).toBe('write 203.0.113.10');
  });
  test('warns about non-canonical IPv6', () => {
    expectRule(svc({ externalIPs: ['2001:db8:0:0::10'], selector: sel, ports }), 'W3', 'spec.externalIPs[0]', W);
  });
  test('is silent for canonical addresses', () => {
    expectNoRule(svc({ externalIPs: ['203.0.113.10', '2001:db8::10'], selector: sel, ports }), 'W3');
  });
});

describe('W4 loadBalancerIP is only warned about, never validated (RULES.md §8.11)', () => {
  test('accepts "not-an-ip" with a warning, on any type', () => {
    const findings = svc({ type: 'LoadBalancer', loadBalancerIP: 'not-an-ip', selector: sel, ports });
    const [f] = expectRule(findings, 'W4', 'spec.loadBalancerIP', W);
    expect(f.message).toBe('IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("not-an-ip"): unable to parse IP');
    expect(apiErrors(findings)).toEqual([]);
    expect(apiErrors(svc({ loadBalancerIP: 'not-an-ip', selector: sel, ports }))).toEqual([]);
  });
  test('is silent for a canonical IP and for ""', () => {
    expectNoRule(svc({ type: 'LoadBalancer', loadBalancerIP: '203.0.113.10', selector: sel, ports }), 'W4');
    expectNoRule(svc({ type: 'LoadBalancer', loadBalancerIP: '', selector: sel, ports }), 'W4');
  });
});

describe('W5 loadBalancerSourceRanges that netip rejects or that are not RFC 5952', () => {
  const lb = (ranges: string[]) => svc({ type: 'LoadBalancer', loadBalancerSourceRanges: ranges, selector: sel, ports });
  test('warns about spaces that V33 tolerates', () => {
    const findings = lb([' 10.0.0.0/8']);
    const [f] = expectRule(findings, 'W5', 'spec.loadBalancerSourceRanges[0]', W);
    expect(f.message).toContain('IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix(" 10.0.0.0/8")');
    expect(f.fix).toBe('write 10.0.0.0/8');
    expect(apiErrors(findings)).toEqual([]);
  });
  test('warns about a non-canonical IPv6 prefix', () => {
    const [f] = expectRule(lb(['2001:DB8::/32']), 'W5', 'spec.loadBalancerSourceRanges[0]', W);
    expect(f.message).toBe('IPv6 prefix "2001:DB8::/32" is not in RFC 5952 canonical format ("2001:db8::/32"), which may cause controller apply-loops');
  });
  test('is silent for canonical prefixes (host bits kept) and for the annotation', () => {
    expectNoRule(lb(['10.0.0.0/8', '10.0.0.1/24', '2001:db8::/32']), 'W5');
    expectNoRule(svc({ type: 'LoadBalancer', selector: sel, ports }, { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': ' 10.0.0.0/8' } }), 'W5');
  });
  test('is silent when the list fails V33 (no warnings on a failed create)', () => {
    const findings = lb([' 10.0.0.0/8', '10.0.0.1']);
    expectRule(findings, 'V33', 'spec.LoadBalancerSourceRanges[1]');
    expectNoRule(findings, 'W5');
  });
});

describe('W6 is not a 1.27 warning', () => {
  test('is not a rule for 1.27: ExternalName with externalIPs gets no warning', () => {
    expect(NOT_IN_1_27).toEqual([]); // W6 is a rule with since: 28 (versions.test.ts)
    const findings = svc({ type: 'ExternalName', externalName: 'db.example.com', externalIPs: ['203.0.113.10'] }, {}, { kubernetesVersion: '1.27' });
    expect(findings.filter((f) => f.category === 'api-server')).toEqual([]);
  });
  test('externalName on a ClusterIP Service gets no warning either', () => {
    const findings = svc({ externalName: 'db.example.com', selector: sel, ports }, {}, { kubernetesVersion: '1.27' });
    expect(findings.filter((f) => f.category === 'api-server')).toEqual([]);
  });
});

describe('warnings come only with a create that passes validation (RULES.md §1 step 3)', () => {
  test('a Service refused for an error (V16) gets no W1; the same Service without the error gets it', () => {
    const annotations = { [TOPOLOGY_AWARE_HINTS]: 'auto' };
    const refused = svc({ selector: sel, ports: [{ port: 70000 }] }, { annotations });
    expect(refused.map((f) => f.rule)).toContain('V16');
    expectNoRule(refused, 'W1');
    expectRule(svc({ selector: sel, ports }, { annotations }), 'W1', `metadata.annotations[${TOPOLOGY_AWARE_HINTS}]`, W);
  });

  test('the warnings of another, valid Service in the same run are kept', () => {
    const annotations = { [TOPOLOGY_AWARE_HINTS]: 'auto' };
    const findings = check([
      service({ selector: sel, ports: [{ port: 70000 }] }, { name: 'bad', annotations }),
      service({ selector: sel, ports }, { name: 'good', annotations }),
    ]);
    expect(findings.filter((f) => f.rule === 'W1').map((f) => f.objectRef)).toEqual(['Service/default/good']);
  });
});

describe('W2-W5 from 1.33: k8s.io/apimachinery pkg/util/validation/ip.go GetWarningsForIP / GetWarningsForCIDR', () => {
  const at33 = (spec: any) => check([service(spec)], { kubernetesVersion: '1.33' });
  test('leading zeros: "non-standard IP address ... use ..."', () => {
    const [f] = expectRule(at33({ clusterIP: '10.96.0.020', selector: sel, ports }), 'W2', 'spec.clusterIPs[0]', W);
    expect(f.message).toBe('non-standard IP address "10.96.0.020" will be considered invalid in a future Kubernetes release: use "10.96.0.20"');
  });
  test('a non-canonical IPv6 address "should be in RFC 5952 canonical format"; an IPv4-mapped one is non-standard', () => {
    const [f] = expectRule(at33({ selector: sel, ports, externalIPs: ['2001:db8:0:0::2'] }), 'W3', 'spec.externalIPs[0]', W);
    expect(f.message).toBe('IPv6 address "2001:db8:0:0::2" should be in RFC 5952 canonical format ("2001:db8::2")');
    const [g] = expectRule(at33({ selector: sel, ports, externalIPs: ['::ffff:203.0.113.9'] }), 'W3', 'spec.externalIPs[0]', W);
    expect(g.message).toBe('non-standard IP address "::ffff:203.0.113.9" will be considered invalid in a future Kubernetes release: use "203.0.113.9"');
  });
  test('loadBalancerIP that is no IP: no warning any more (GetWarningsForIP logs and returns nil)', () => {
    expectNoRule(at33({ type: 'LoadBalancer', selector: sel, ports, loadBalancerIP: 'not-an-ip' }), 'W4');
  });
  test('source ranges: host bits are "ambiguous", spaces get no warning, a non-canonical IPv6 prefix is named; a plain network is silent', () => {
    const lb = (ranges: string[]) => at33({ type: 'LoadBalancer', selector: sel, ports, loadBalancerSourceRanges: ranges });
    const [f] = expectRule(lb(['10.0.0.1/24']), 'W5', 'spec.loadBalancerSourceRanges[0]', W);
    expect(f.message).toBe('CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)');
    expectNoRule(lb(['203.0.113.0/24 ']), 'W5');
    const [g] = expectRule(lb(['2001:db8:0:0::/64']), 'W5', 'spec.loadBalancerSourceRanges[0]', W);
    expect(g.message).toBe('IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")');
    expectNoRule(lb(['10.0.0.0/24', '2001:db8::/64']), 'W5');
  });
});
