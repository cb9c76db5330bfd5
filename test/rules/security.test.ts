// Security rules S1-S4 (src/rules/security.ts), and strict mode / disabling for our warnings.
import { Severity } from '../../src/model/findings';
import { ALLOW_EXTERNAL_IPS_ANNOTATION, PUBLIC_LOAD_BALANCER_ANNOTATION, SECURITY_RULES, SOURCE_RANGES_ANNOTATION } from '../../src/rules/security';
import { check, deployment, expectNoRule, expectRule, findingsOf, service } from '../helpers';

const web = { app: 'web' };
const app = (...svcs: any[]) => [...svcs, deployment('web', web)];
// Port 8080: S2 is a warning there; on 80 and 443 only (a web site's front door) it is a hint.
const lb = (spec: any = {}, annotations?: Record<string, string>) =>
  service({ type: 'LoadBalancer', selector: web, ports: [{ port: 8080, targetPort: 80 }], ...spec }, annotations ? { annotations } : {});

describe('rule table', () => {
  test('ids are S1..S4, each with a one-line summary', () => {
    expect(SECURITY_RULES.map((r) => r.id)).toEqual(['S1', 'S2', 'S3', 'S4']);
    for (const r of SECURITY_RULES) {
      expect(r.category).toBe('security');
      expect(r.summary).not.toMatch(/\n/);
    }
  });
});

describe('S1 externalIPs need an opt-in (CVE-2020-8554)', () => {
  test('reports externalIPs without the annotation, and the fix names it', () => {
    const [hit] = expectRule(check(app(service({ selector: web, ports: [{ port: 80 }], externalIPs: ['192.0.2.10'] }))), 'S1', 'spec.externalIPs', Severity.WARNING);
    expect(hit.value).toBe('["192.0.2.10"]');
    expect(hit.message).toContain('CVE-2020-8554');
    expect(hit.fix).toContain(`${ALLOW_EXTERNAL_IPS_ANNOTATION}: "true"`);
    expect(hit.fix).toContain('allowExternalIPs: true');
  });

  test('accepts the same Service with the opt-in annotation (nearest neighbour)', () => {
    const svc = service({ selector: web, ports: [{ port: 80 }], externalIPs: ['192.0.2.10'] }, { annotations: { [ALLOW_EXTERNAL_IPS_ANNOTATION]: 'true' } });
    expectNoRule(check(app(svc)), 'S1');
  });

  test('an annotation that is not "true" is no opt-in', () => {
    const svc = service({ selector: web, ports: [{ port: 80 }], externalIPs: ['192.0.2.10'] }, { annotations: { [ALLOW_EXTERNAL_IPS_ANNOTATION]: 'false' } });
    expectRule(check(app(svc)), 'S1', 'spec.externalIPs', Severity.WARNING);
  });

  test('an empty externalIPs list is fine', () => {
    expectNoRule(check(app(service({ selector: web, ports: [{ port: 80 }], externalIPs: [] }))), 'S1');
  });
});

describe('S2 LoadBalancer open to the internet', () => {
  test('warns on a LoadBalancer without source ranges, and the fix names the opt-outs', () => {
    const [hit] = expectRule(check(app(lb())), 'S2', 'spec.loadBalancerSourceRanges', Severity.WARNING);
    expect(hit.fix).toContain(`${PUBLIC_LOAD_BALANCER_ANNOTATION}: "true"`);
    expect(hit.fix).toContain('allowPublicAccess: true');
  });

  test('accepts a LoadBalancer with a narrow source range (nearest neighbour)', () => {
    expectNoRule(check(app(lb({ loadBalancerSourceRanges: ['203.0.113.0/24'] }))), 'S2');
  });

  test.each(['0.0.0.0/0', '::/0', ' 0.0.0.0/0 '])('warns on the open range %j, blaming that entry', (open) => {
    const [hit] = expectRule(check(app(lb({ loadBalancerSourceRanges: ['203.0.113.0/24', open] }))), 'S2', 'spec.loadBalancerSourceRanges[1]', Severity.WARNING);
    expect(hit.value).toBe(JSON.stringify(open));
  });

  test('reads the source-ranges annotation when the field is empty', () => {
    expectRule(check(app(lb({}, { [SOURCE_RANGES_ANNOTATION]: '10.0.0.0/8,0.0.0.0/0' }))), 'S2', `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`, Severity.WARNING);
    expectNoRule(check(app(lb({}, { [SOURCE_RANGES_ANNOTATION]: '10.0.0.0/8' }))), 'S2');
  });

  test('is silenced by the public annotation or the allowPublicLoadBalancers option', () => {
    expectNoRule(check(app(lb({}, { [PUBLIC_LOAD_BALANCER_ANNOTATION]: 'true' }))), 'S2');
    expectNoRule(check(app(lb()), { allowPublicLoadBalancers: true }), 'S2');
  });

  test('an internal load balancer (provider annotation) is not public', () => {
    expectNoRule(check(app(lb({}, { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' }))), 'S2');
    expectRule(check(app(lb({}, { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' }))), 'S2', 'spec.loadBalancerSourceRanges', Severity.WARNING);
  });

  test('does not apply to ClusterIP Services', () => {
    expectNoRule(check(app(service({ selector: web, ports: [{ port: 80 }] }))), 'S2');
  });
});

describe('S3 ExternalName set to an IP (SEMANTICS D5)', () => {
  const ext = (externalName: string) => service({ type: 'ExternalName', externalName }, { name: 'db' });

  test.each(['192.0.2.7', '192.0.2.7.'])('reports %j', (ip) => {
    expectRule(check([ext(ip)]), 'S3', 'spec.externalName');
  });

  test('accepts a host name (nearest neighbour)', () => {
    expectNoRule(check([ext('db.example.com')]), 'S3');
  });

  test('a name that only looks numeric is a host name (four parts, each 0-255)', () => {
    expectNoRule(check([ext('192.0.2.300')]), 'S3');
    expectNoRule(check([ext('1.2.3')]), 'S3');
    // Leading zeros: CoreDNS's Go net.ParseIP (>= 1.17) does not read it as an IP, so it is a CNAME.
    expectNoRule(check([ext('010.0.2.7')]), 'S3');
  });
});

describe('S2 on the ports of a public web site (80 and 443) is a hint', () => {
  test('an open LoadBalancer on 80 and 443 only is reported as a hint that says why', () => {
    const [hit] = expectRule(check(app(lb({ ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, targetPort: 80 }] }))),
      'S2', 'spec.loadBalancerSourceRanges', Severity.INFO);
    expect(hit.message).toMatch(/only ports 80 and 443/);
  });

  test('one other port beside 80 makes it a warning again (nearest neighbour)', () => {
    expectRule(check(app(lb({ ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 15672, targetPort: 80 }] }))),
      'S2', 'spec.loadBalancerSourceRanges', Severity.WARNING);
  });

  test('UDP on 443 (QUIC aside) is no plain web site port: a warning', () => {
    expectRule(check(app(lb({ ports: [{ port: 443, targetPort: 80, protocol: 'UDP' }] }))), 'S2', 'spec.loadBalancerSourceRanges', Severity.WARNING);
  });

  test('an explicit 0.0.0.0/0 on port 80 is a hint too, and strict mode leaves it one', () => {
    const f = check(app(lb({ ports: [{ port: 80 }], loadBalancerSourceRanges: ['0.0.0.0/0'] })), { strict: true });
    expectRule(f, 'S2', 'spec.loadBalancerSourceRanges[0]', Severity.INFO);
  });
});

describe('S2 open CIDRs are recognised by parsing, not by text', () => {
  const lbWith = (ranges: string[]) => service({ type: 'LoadBalancer', selector: web, ports: [{ port: 8080, targetPort: 80 }], loadBalancerSourceRanges: ranges });
  test.each(['0.0.0.0/0', '::/0', '10.0.0.0/0', ' 0.0.0.0/0 '])('%j lets every address in', (open) => {
    expectRule(check(app(lbWith([open]))), 'S2', 'spec.loadBalancerSourceRanges[0]', Severity.WARNING);
  });
  test('a /10 (the nearest neighbour whose text also ends in 0) is not open', () => {
    expectNoRule(check(app(lbWith(['100.64.0.0/10']))), 'S2');
  });
});

describe('S4 NodePort (kube-score service-type), a hint', () => {
  const np = service({ type: 'NodePort', selector: web, ports: [{ port: 80 }] });

  test('is reported as a hint (info)', () => {
    expectRule(check(app(np)), 'S4', 'spec.type', Severity.INFO);
  });

  test('stays a hint in strict mode: strict promotes warnings only (docs/severity.md)', () => {
    expectRule(check(app(np), { strict: true }), 'S4', 'spec.type', Severity.INFO);
  });

  test('does not apply to a ClusterIP Service (nearest neighbour)', () => {
    expectNoRule(check(app(service({ selector: web, ports: [{ port: 80 }] })), { strict: true }), 'S4');
  });
});

describe('strict mode and disabling our warnings', () => {
  // One app that trips every warning of ours: X2 (two workloads of different apps), X4
  // (a numeric targetPort that is a typo of the declared 80), S2 (open LoadBalancer); S4 is a hint, which strict leaves a hint.
  const otherImage = (d: any) => { d.spec.template.spec.containers[0].image = 'example/other'; return d; };
  const objects = () => [
    service({ type: 'LoadBalancer', selector: web, ports: [{ port: 8080, targetPort: 800 }] }),
    service({ type: 'NodePort', selector: { app: 'api' }, ports: [{ port: 80 }] }, { name: 'api' }),
    deployment('web', { ...web, v: '1' }),
    otherImage(deployment('web2', { ...web, 'app.kubernetes.io/name': 'other', 'v': '2' })),
    deployment('api', { app: 'api' }),
  ];
  const warnings = ['X2', 'X4', 'S2'];

  test('without strict they are warnings', () => {
    const f = check(objects());
    for (const id of warnings) expectRule(f, id, undefined, Severity.WARNING);
  });

  test('strict turns each of them into an error', () => {
    const f = check(objects(), { strict: true });
    for (const id of warnings) expectRule(f, id, undefined, Severity.ERROR);
    expectRule(f, 'S4', undefined, Severity.INFO);
    expect(f.filter((x) => x.severity === Severity.WARNING)).toEqual([]);
  });

  // One app per rule that trips it, so disabling is shown to remove a finding that was there.
  const trips: Record<string, () => any[]> = {
    X1: () => [service({ selector: { app: 'none' }, ports: [{ port: 80 }] })],
    X2: objects,
    X3: () => app(service({ selector: web, ports: [{ port: 80, targetPort: 'http' }] })),
    X4: objects,
    X5: () => app(service({ type: 'NodePort', selector: web, ports: [{ port: 80, nodePort: 30080 }] }, { name: 'a' }),
      service({ type: 'NodePort', selector: web, ports: [{ port: 80, nodePort: 30080 }] }, { name: 'b' })),
    X6: () => app(service({ selector: web, ports: [{ port: 80 }] }), service({ selector: web, ports: [{ port: 80 }] })),
    X7: () => [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: web }, template: { metadata: { labels: web }, spec: { containers: [] } } } }],
    X8: () => app(service({ selector: web, ports: [{ port: 80, protocol: 'UDP' }] })),
    S1: () => app(service({ selector: web, ports: [{ port: 80 }], externalIPs: ['192.0.2.1'] })),
    S2: objects,
    S3: () => [service({ type: 'ExternalName', externalName: '192.0.2.1' })],
    S4: objects,
  };

  test.each(Object.keys(trips))('%s fires, and is gone when disabled by id with a reason', (id) => {
    expect(findingsOf(check(trips[id](), { strict: true }), id).length).toBeGreaterThan(0);
    const f = check(trips[id](), { strict: true, disabledRules: [{ id, reason: 'test: turned off on purpose' }] });
    expect(findingsOf(f, id)).toEqual([]);
  });

  test('disabling one rule keeps the others', () => {
    const f = check(objects(), { disabledRules: [{ id: 'X2', reason: 'canary on purpose' }] });
    expectNoRule(f, 'X2');
    expectRule(f, 'X4', undefined, Severity.WARNING);
  });

  test('disabling without a reason is refused with a readable message', () => {
    expect(() => check(objects(), { disabledRules: [{ id: 'S2', reason: ' ' }] })).toThrow(/without a reason/);
  });
});
