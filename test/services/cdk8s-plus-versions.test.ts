// Issue 12: an app on any of cdk8s-plus-27 .. -34 compiles against our types (this file is
// type-checked by `npm test`'s typecheck step: a workload of each version is passed where a
// selector belongs) and synthesizes: a workload of that version is a selector, HeadlessService
// governs its StatefulSet and removes the Service it made for itself, and no `instanceof` on one
// version's classes decides anything. The oldest (27), the two most used (28, 32) and the newest
// (34) are installed side by side as dev dependencies.
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as plus27 from 'cdk8s-plus-27';
import * as plus28 from 'cdk8s-plus-28';
import * as plus32 from 'cdk8s-plus-32';
import * as plus34 from 'cdk8s-plus-34';
import { findings } from './util';
import { ClusterIpService, HeadlessService, LocalCluster, NodePortService, TargetPort } from '../../src';

/** The classes each version exports that a selector test needs (the same names in every version). */
const VERSIONS = [
  ['cdk8s-plus-27', plus27],
  ['cdk8s-plus-28', plus28],
  ['cdk8s-plus-32', plus32],
  ['cdk8s-plus-34', plus34],
] as const;

const container = { image: 'nginx', portNumber: 8080, securityContext: { ensureNonRoot: false } };

function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', namespace ? { namespace } : {});
}

// Compile-time proof, one line per version: each version's workload is assignable to `selector`
// and to `statefulSet` with no cast. A version whose types did not fit would fail `tsc` here.
function compiles(c: Chart) {
  new ClusterIpService(c, 's27', { selector: new plus27.Deployment(c, 'd27', { containers: [container] }), ports: [{ port: 80, targetPort: TargetPort.number(8080) }] });
  new ClusterIpService(c, 's28', { selector: new plus28.Deployment(c, 'd28', { containers: [container] }), ports: [{ port: 80, targetPort: TargetPort.number(8080) }] });
  new ClusterIpService(c, 's32', { selector: new plus32.Deployment(c, 'd32', { containers: [container] }), ports: [{ port: 80, targetPort: TargetPort.number(8080) }] });
  new ClusterIpService(c, 's34', { selector: new plus34.Deployment(c, 'd34', { containers: [container] }), ports: [{ port: 80, targetPort: TargetPort.number(8080) }] });
  new HeadlessService(c, 'h32', { statefulSet: new plus32.StatefulSet(c, 'st32', { containers: [container] }), ports: [{ port: 8080 }] });
  new plus34.Deployment(c, 'web34', { containers: [container], podMetadata: { labels: { app: 'web' } } });
  new NodePortService(c, 'n28', { selector: plus28.Pods.select(c, 'p28', { labels: { app: 'web' } }), ports: [{ port: 80, targetPort: TargetPort.number(8080) }] });
}

test('one app mixing workloads of four cdk8s-plus versions compiles and synthesizes without a finding', () => {
  const c = chart();
  compiles(c);
  const out = Testing.synth(c);
  // Every selector is the address label of its own workload's pods (cdk8s-plus' own wiring).
  for (const v of ['27', '28', '32', '34']) {
    const svc = out.find((o: any) => o.kind === 'Service' && o.metadata.name.includes(`-s${v}-`));
    const dep = out.find((o: any) => o.kind === 'Deployment' && o.metadata.name.includes(`-d${v}-`));
    expect(Object.keys(svc.spec.selector)).toEqual([plus27.Pod.ADDRESS_LABEL]);
    expect(dep.spec.template.metadata.labels[plus27.Pod.ADDRESS_LABEL]).toBe(svc.spec.selector[plus27.Pod.ADDRESS_LABEL]);
  }
  // Hints (S4 on the NodePortService) are below warnings and fail nothing.
  expect(findings(c).filter((f) => f.severity !== 'info')).toEqual([]);
});

describe.each(VERSIONS)('%s', (_name, kplus) => {
  const workloads: Array<[string, (c: Chart) => any]> = [
    ['Deployment', (c) => new kplus.Deployment(c, 'w', { containers: [container] })],
    ['StatefulSet', (c) => new kplus.StatefulSet(c, 'w', { containers: [container] })],
    ['DaemonSet', (c) => new kplus.DaemonSet(c, 'w', { containers: [container] })],
    ['Pod', (c) => new kplus.Pod(c, 'w', { containers: [container] })],
    ['Job', (c) => new kplus.Job(c, 'w', { containers: [container] })],
  ];

  test.each(workloads)('a %s is a selector: the Service selects its pods, and LocalCluster gives it endpoints', (kind, make) => {
    const c = chart();
    const w = make(c);
    const svc = new ClusterIpService(c, 'web', { metadata: { name: 'web' }, selector: w, ports: [{ port: 80 }] });
    const out = Testing.synth(c);
    const selector = out.find((o: any) => o.kind === 'Service' && o.metadata.name === 'web').spec.selector;
    const pods = out.find((o: any) => o.kind === kind);
    const podLabels = kind === 'Pod' ? pods.metadata.labels : pods.spec.template.metadata.labels;
    expect(Object.keys(selector).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(selector)) expect(podLabels[k]).toBe(v);
    expect(findings(c).filter((f) => f.severity === 'error')).toEqual([]);
    const cluster = LocalCluster.fromChart(c);
    expect(cluster.endpoints(svc.name).length).toBeGreaterThan(0);
  });

  test('HeadlessService governs its StatefulSet: serviceName is set and the Service it made for itself is gone', () => {
    const c = chart();
    const sts = new kplus.StatefulSet(c, 'db', { containers: [container] });
    const svc = new HeadlessService(c, 'db-headless', { statefulSet: sts, ports: [{ port: 8080 }] });
    const out = Testing.synth(c);
    const services = out.filter((o: any) => o.kind === 'Service');
    expect(services.map((s: any) => s.metadata.name)).toEqual([svc.name]);
    expect(out.find((o: any) => o.kind === 'StatefulSet').spec.serviceName).toBe(svc.name);
    expect(findings(c).map((f) => f.rule)).not.toContain('C5');
    expect(findings(c).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a workload in another namespace is C3, a selector with matchExpressions is C2 (read from this version\'s objects)', () => {
    const c = chart('shop');
    const w = new kplus.Deployment(c, 'w', { containers: [container], metadata: { namespace: 'other' } });
    new ClusterIpService(c, 'a', { selector: w, ports: [{ port: 80 }] });
    const sel = kplus.Pods.select(c, 'sel', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.in('tier', ['a', 'b'])] });
    new ClusterIpService(c, 'b', { selector: sel, ports: [{ port: 80 }] });
    const rules = findings(c).map((f) => f.rule);
    expect(rules).toContain('C3');
    expect(rules).toContain('C2');
  });

  test('governStatefulSet refuses a Deployment of this version with C5 (not a crash)', () => {
    const c = chart();
    const dep = new kplus.Deployment(c, 'd', { containers: [container] });
    const svc = new HeadlessService(c, 'h', { ports: [{ port: 80 }] });
    svc.governStatefulSet(dep);
    expect(findings(c).map((f) => f.rule)).toContain('C5');
    expect(ApiObject.of(dep).kind).toBe('Deployment');
  });
});
