// RULES.md V37-V39 (traffic policies, healthCheckNodePort) and the unreachable V35, V40, V42.
import { Severity } from '../../../src/model/findings';
import { UNREACHABLE } from '../../../src/rules/api-server/traffic';
import { check, expectNoRule, expectRule, service } from '../../helpers';

const svc = (spec: any) => check([service(spec)]);
const ports = [{ port: 80 }];
const sel = { app: 'web' };

function apiErrors(findings: ReturnType<typeof check>) {
  return findings.filter((f) => f.category === 'api-server' && f.severity === Severity.ERROR).map((f) => `${f.rule} ${f.field}: ${f.message}`);
}

describe('V37 externalTrafficPolicy only on NodePort/LoadBalancer, and Cluster or Local', () => {
  test('rejects it on a ClusterIP Service, in the words of the release (ExternallyAccessible from 1.29)', () => {
    const [f] = expectRule(svc({ externalTrafficPolicy: 'Cluster', selector: sel, ports }), 'V37', 'spec.externalTrafficPolicy');
    expect(f.message).toBe('may only be set for externally-accessible services');
    const [old] = expectRule(check([service({ externalTrafficPolicy: 'Cluster', selector: sel, ports })], { kubernetesVersion: '1.28' }), 'V37', 'spec.externalTrafficPolicy');
    expect(old.message).toBe('may only be set when `type` is \'NodePort\' or \'LoadBalancer\'');
  });
  test('rejects it on an ExternalName Service', () => {
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', externalTrafficPolicy: 'Local' }), 'V37', 'spec.externalTrafficPolicy');
  });
  test('rejects Global and lower-case local with NotSupported', () => {
    const [f] = expectRule(svc({ type: 'NodePort', externalTrafficPolicy: 'Global', selector: sel, ports }), 'V37', 'spec.externalTrafficPolicy');
    expect(f.message).toBe('Unsupported value: "Global": supported values: "Cluster", "Local"');
    const [g] = expectRule(svc({ type: 'LoadBalancer', externalTrafficPolicy: 'local', selector: sel, ports }), 'V37', 'spec.externalTrafficPolicy');
    expect(g.fix).toContain('write externalTrafficPolicy: Local');
  });
  test('accepts Local on a NodePort, and "" on a ClusterIP Service (nearest valid neighbours)', () => {
    expectNoRule(svc({ type: 'NodePort', externalTrafficPolicy: 'Local', selector: sel, ports }), 'V37');
    expectNoRule(svc({ externalTrafficPolicy: '', selector: sel, ports }), 'V37');
  });
  test('DF5: an omitted policy on a LoadBalancer is defaulted, not Required', () => {
    expectNoRule(svc({ type: 'LoadBalancer', selector: sel, ports }), 'V37');
  });
});

describe('V38 healthCheckNodePort only for LoadBalancer with externalTrafficPolicy Local', () => {
  test('rejects it on NodePort + Local', () => {
    const [f] = expectRule(svc({ type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100, selector: sel, ports }), 'V38', 'spec.healthCheckNodePort');
    expect(f.message).toBe('may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'');
  });
  test('rejects it on LoadBalancer + Cluster and on ClusterIP', () => {
    const [f] = expectRule(svc({ type: 'LoadBalancer', healthCheckNodePort: 30100, selector: sel, ports }), 'V38', 'spec.healthCheckNodePort');
    expect(f.fix).toContain('externalTrafficPolicy: Local');
    expectRule(svc({ healthCheckNodePort: 30100, selector: sel, ports }), 'V38', 'spec.healthCheckNodePort');
  });
  test('accepts it on LoadBalancer + Local, and 0 anywhere', () => {
    expectNoRule(svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100, selector: sel, ports }), 'V38');
    expectNoRule(svc({ healthCheckNodePort: 0, selector: sel, ports }), 'V38');
  });
});

describe('V39 internalTrafficPolicy is Cluster or Local', () => {
  test('rejects Global, lower-case cluster and an explicit ""', () => {
    const [f] = expectRule(svc({ internalTrafficPolicy: 'Global', selector: sel, ports }), 'V39', 'spec.internalTrafficPolicy');
    expect(f.message).toBe('Unsupported value: "Global": supported values: "Cluster", "Local"');
    const [c] = expectRule(svc({ internalTrafficPolicy: 'cluster', selector: sel, ports }), 'V39', 'spec.internalTrafficPolicy');
    expect(c.fix).toContain('write internalTrafficPolicy: Cluster');
    expectRule(svc({ internalTrafficPolicy: '', selector: sel, ports }), 'V39', 'spec.internalTrafficPolicy');
  });
  test('accepts Local, and an omitted policy (DF6)', () => {
    expectNoRule(svc({ internalTrafficPolicy: 'Local', selector: sel, ports }), 'V39');
    expectNoRule(svc({ selector: sel, ports }), 'V39');
  });
  test('accepts it on ExternalName ("historical reasons", RULES.md §8.9) but still checks the value', () => {
    expect(apiErrors(svc({ type: 'ExternalName', externalName: 'db.example.com', internalTrafficPolicy: 'Local' }))).toEqual([]);
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', internalTrafficPolicy: 'Nearby' }), 'V39', 'spec.internalTrafficPolicy');
  });
});

describe('V40 targetPort different from port on a headless Service is tolerated', () => {
  test('accepts it with zero api-server errors', () => {
    expect(apiErrors(svc({ clusterIP: 'None', selector: sel, ports: [{ port: 80, targetPort: 8080 }] }))).toEqual([]);
    expect(apiErrors(svc({ clusterIP: 'None', selector: sel, ports: [{ port: 80, targetPort: 'http' }] }))).toEqual([]);
  });
});

describe('V35 allocateLoadBalancerNodePorts is never Required on create (DF7)', () => {
  test('V35, V40 and V42 are listed as unreachable, each with a reason', () => {
    expect(UNREACHABLE.map((u) => u.id)).toEqual(expect.arrayContaining(['V35', 'V40', 'V42']));
    for (const u of UNREACHABLE) expect(u.reason.length).toBeGreaterThan(20);
  });
  test('a LoadBalancer without the field, or with null, is accepted', () => {
    expect(apiErrors(svc({ type: 'LoadBalancer', selector: sel, ports }))).toEqual([]);
    expect(apiErrors(svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: null, selector: sel, ports }))).toEqual([]);
  });
});

describe('V42 status in a manifest is ignored on create', () => {
  test('an invalid status.loadBalancer is accepted', () => {
    const s = service({ selector: sel, ports });
    s.status = { loadBalancer: { ingress: [{ ip: 'not-an-ip', hostname: '1.2.3.4' }] } };
    expect(apiErrors(check([s]))).toEqual([]);
  });
});
