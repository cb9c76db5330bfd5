import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { findings, newChart, ruleIdsOf, synthService, workload } from './util';
import { ClusterIpService, HeadlessService, Selector } from '../../src';

const ADDR = kplus.Pod.ADDRESS_LABEL;
const container = { image: 'nginx', portNumber: 80, securityContext: { ensureNonRoot: false } };

describe('selector wiring', () => {
  test('plain labels: Selector.labels', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    expect(synthService(chart, svc).spec.selector).toEqual({ app: 'web' });
  });

  const kplusWorkloads: Array<[string, (c: any) => kplus.IPodSelector & { podMetadata?: any }]> = [
    ['Deployment', (c) => new kplus.Deployment(c, 'w', { containers: [container] })],
    ['StatefulSet', (c) => new kplus.StatefulSet(c, 'w', { containers: [container] })],
    ['DaemonSet', (c) => new kplus.DaemonSet(c, 'w', { containers: [container] })],
    ['Pod', (c) => new kplus.Pod(c, 'w', { containers: [container] })],
    ['Job', (c) => new kplus.Job(c, 'w', { containers: [container] })],
  ];
  test.each(kplusWorkloads)('a cdk8s-plus %s selects its pods by the cdk8s address label', (_kind, make) => {
    const chart = newChart();
    const w = make(chart);
    const svc = new ClusterIpService(chart, 'web', { selector: w, ports: [{ port: 80 }] });
    const out = Testing.synth(chart);
    const selector = out.find((o: any) => o.metadata.name === svc.name).spec.selector;
    expect(Object.keys(selector)).toEqual([ADDR]);
    // The label really is on the workload's pods.
    const pods = out.find((o: any) => o.kind === _kind);
    const podLabels = _kind === 'Pod' ? pods.metadata.labels : pods.spec.template.metadata.labels;
    expect(podLabels[ADDR]).toBe(selector[ADDR]);
  });

  test('kplus.Pods.select with labels selects those labels', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const svc = new ClusterIpService(chart, 'web', { selector: kplus.Pods.select(chart, 'sel', { labels: { app: 'web' } }), ports: [{ port: 80 }] });
    expect(synthService(chart, svc).spec.selector).toEqual({ app: 'web' });
    expect(ruleIdsOf(chart, svc)).not.toContain('C2');
  });

  test('a raw KubeDeployment: its pod template labels, read at synth', () => {
    const chart = newChart();
    const dep = workload(chart, 'pods', { app: 'web' });
    const svc = new ClusterIpService(chart, 'web', { selector: Selector.fromApiObject(dep), ports: [{ port: 80 }] });
    // Added after the Service was constructed: still selected, because selectors resolve lazily.
    dep.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/tier', 'front'));
    expect(synthService(chart, svc).spec.selector).toEqual({ app: 'web', tier: 'front' });
  });

  test('an ApiObject of kind StatefulSet', () => {
    const chart = newChart();
    new ApiObject(chart, 'db', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg', ports: [{ containerPort: 5432 }] }] } } },
    });
    const db = chart.node.findChild('db') as ApiObject;
    // Its governing Service, named as its serviceName (X7).
    const svc = new HeadlessService(chart, 'web', { metadata: { name: 'db' }, selector: Selector.fromApiObject(db), ports: [{ port: 5432 }] });
    expect(synthService(chart, svc).spec.selector).toEqual({ app: 'db' });
  });

  test('a raw KubeCronJob and KubePod', () => {
    const chart = newChart();
    const cron = new k8s.KubeCronJob(chart, 'cron', {
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { job: 'c' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }] }] } } } } },
    });
    const pod = new k8s.KubePod(chart, 'pod', { metadata: { labels: { one: 'pod' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }] }] } });
    const a = new ClusterIpService(chart, 'a', { selector: Selector.fromApiObject(cron), ports: [{ port: 80 }] });
    const b = new ClusterIpService(chart, 'b', { selector: Selector.fromApiObject(pod), ports: [{ port: 80 }] });
    expect(synthService(chart, a).spec.selector).toEqual({ job: 'c' });
    expect(synthService(chart, b).spec.selector).toEqual({ one: 'pod' });
  });

  test('a raw workload ApiObject passed directly selects its pod template labels, as Selector.fromApiObject does', () => {
    const chart = newChart();
    const dep = workload(chart, 'pods', { app: 'web', tier: 'front' });
    const direct = new ClusterIpService(chart, 'direct', { selector: dep, ports: [{ port: 80 }] });
    const wrapped = new ClusterIpService(chart, 'wrapped', { selector: Selector.fromApiObject(dep), ports: [{ port: 80 }] });
    expect(synthService(chart, direct).spec.selector).toEqual({ app: 'web', tier: 'front' });
    expect(synthService(chart, direct).spec.selector).toEqual(synthService(chart, wrapped).spec.selector);
    expect(findings(chart)).toEqual([]);
  });

  test('a construct that is no pod selector (here a ConfigMap ApiObject and a bare construct) is C4, not a throw', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const cm = new k8s.KubeConfigMap(chart, 'cm', { data: { a: 'b' } });
    const a = new ClusterIpService(chart, 'a', { selector: cm, ports: [{ port: 80 }] });
    const b = new ClusterIpService(chart, 'b', { selector: new Construct(chart, 'bare'), ports: [{ port: 80 }] });
    expect(ruleIdsOf(chart, a)).toContain('C4');
    const c4 = findings(chart).filter((f) => f.rule === 'C4' && f.constructPath === `${b.node.path}/Resource`);
    expect(c4).toHaveLength(1);
    expect(c4[0].message).toMatch(/test\/bare is not a pod selector/);
    expect(() => Testing.synth(chart)).toThrow(/rule C4/);
  });

  describe('C2 matchExpressions cannot be expressed by a Service selector', () => {
    test('Pods.select with expressions is an error finding, not a throw, and not silently dropped', () => {
      const chart = newChart();
      workload(chart, 'pods', { app: 'web' });
      const sel = kplus.Pods.select(chart, 'sel', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.in('tier', ['a', 'b'])] });
      const svc = new ClusterIpService(chart, 'web', { selector: sel, ports: [{ port: 80 }] });
      const c2 = findings(chart).filter((f) => f.rule === 'C2');
      expect(c2).toHaveLength(1);
      expect(c2[0]).toMatchObject({ severity: 'error', field: 'spec.selector', constructPath: 'test/web/Resource', value: '["tier In [\\"a\\",\\"b\\"]"]' });
      expect(() => Testing.synth(chart)).toThrow(/\[test\/web\/Resource\] spec\.selector = .*\(rule C2 selector-match-expressions\)/);
      expect(svc.name).toBeDefined();
    });

    test('the nearest valid neighbour, the same labels without expressions, passes', () => {
      const chart = newChart();
      workload(chart, 'pods', { app: 'web' });
      const sel = kplus.Pods.select(chart, 'sel', { labels: { app: 'web' } });
      new ClusterIpService(chart, 'web', { selector: sel, ports: [{ port: 80 }] });
      expect(findings(chart).filter((f) => f.rule === 'C2')).toEqual([]);
      expect(() => Testing.synth(chart)).not.toThrow();
    });
  });

  describe('C3 a Service only selects pods in its own namespace', () => {
    test('a workload in another namespace is an error', () => {
      const chart = newChart({ namespace: 'prod' });
      const dep = new kplus.Deployment(chart, 'w', { containers: [container], metadata: { namespace: 'other' } });
      const svc = new ClusterIpService(chart, 'web', { selector: dep, ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, svc)).toContain('C3');
    });

    test('a workload in the same namespace passes', () => {
      const chart = newChart({ namespace: 'prod' });
      const dep = new kplus.Deployment(chart, 'w', { containers: [container] });
      const svc = new ClusterIpService(chart, 'web', { selector: dep, ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, svc)).not.toContain('C3');
    });
  });

  describe('C3 for a cdk8s-plus workload that states no namespace', () => {
    test('its pods run in default: a Service in another namespace is an error, one in default passes', () => {
      const chart = newChart();
      const dep = new kplus.Deployment(chart, 'w', { containers: [container] });
      const other = new ClusterIpService(chart, 'other', { selector: dep, ports: [{ port: 80 }], metadata: { namespace: 'shop' } });
      const same = new ClusterIpService(chart, 'same', { selector: dep, ports: [{ port: 80 }] });
      const c3 = findings(chart).filter((f) => f.rule === 'C3' && f.constructPath === other.apiObject.node.path);
      expect(c3).toHaveLength(1);
      expect(c3[0].message).toBe('the workload at test/w runs its pods in namespace "default", but a Service only routes to pods in its own namespace "shop"');
      expect(ruleIdsOf(chart, same)).not.toContain('C3');
    });
  });

  describe('C3 for a raw workload (Selector.fromApiObject)', () => {
    const rawDeployment = (chart: any, id: string, namespace?: string) => new ApiObject(chart, id, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: namespace ? { namespace } : {},
      spec: { selector: { matchLabels: { app: id } }, template: { metadata: { labels: { app: id } }, spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
    });
    test('a raw Deployment in another namespace is an error naming both namespaces', () => {
      const chart = newChart({ namespace: 'prod' });
      const svc = new ClusterIpService(chart, 'web', { selector: Selector.fromApiObject(rawDeployment(chart, 'w', 'other')), ports: [{ port: 80 }] });
      const c3 = findings(chart).filter((f) => f.rule === 'C3' && f.constructPath === svc.apiObject.node.path);
      expect(c3).toHaveLength(1);
      expect(c3[0].message).toContain('"other"');
      expect(c3[0].message).toContain('"prod"');
    });
    test('a raw Deployment in the Service\'s namespace (the chart\'s) passes', () => {
      const chart = newChart({ namespace: 'prod' });
      const svc = new ClusterIpService(chart, 'web', { selector: Selector.fromApiObject(rawDeployment(chart, 'w')), ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, svc)).not.toContain('C3');
    });
  });

  describe('C8 selectors combine as one AND of labels', () => {
    test('selecting two cdk8s-plus workloads (each by its own address label) is an error', () => {
      const chart = newChart();
      const a = new kplus.Deployment(chart, 'a', { containers: [container] });
      const b = new kplus.Deployment(chart, 'b', { containers: [container] });
      const svc = new ClusterIpService(chart, 'web', { selector: a, ports: [{ port: 80 }] });
      svc.select(b);
      const c8 = findings(chart).filter((f) => f.rule === 'C8');
      expect(c8).toHaveLength(1);
      expect(c8[0].field).toBe('spec.selector');
      expect(c8[0].message).toContain('test/a');
      expect(c8[0].message).toContain('test/b');
    });
    test('selectLabel that contradicts the selector is an error; one that agrees or adds a label passes', () => {
      const chart = newChart();
      workload(chart, 'pods', { app: 'web', tier: 'front' });
      const bad = new ClusterIpService(chart, 'bad', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
      bad.selectLabel('app', 'api');
      const good = new ClusterIpService(chart, 'good', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
      good.selectLabel('app', 'web');
      good.selectLabel('tier', 'front');
      expect(ruleIdsOf(chart, bad)).toContain('C8');
      expect(ruleIdsOf(chart, good)).not.toContain('C8');
      expect(good._toKube().selector).toEqual({ app: 'web', tier: 'front' });
    });
  });

  describe('C8 names each Selector as it was written', () => {
    test('two Selector.labels that disagree are both shown with their labels', () => {
      const chart = newChart();
      const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'a' }), ports: [{ port: 80 }] });
      svc.select(Selector.labels({ app: 'b' }));
      const [c8] = findings(chart).filter((f) => f.rule === 'C8' && f.constructPath === svc.apiObject.node.path);
      expect(c8.message).toContain('Selector.labels({"app":"a"}) selects pods with app=a and Selector.labels({"app":"b"}) selects pods with app=b');
    });
  });

  describe('the selector is resolved once per validation run, afresh in the next one', () => {
    test('a label added after a synth is in the next synth\'s spec and checks', () => {
      const chart = newChart();
      workload(chart, 'pods', { app: 'web', tier: 'front' });
      const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
      expect(synthService(chart, svc).spec.selector).toEqual({ app: 'web' });
      svc.selectLabel('tier', 'front');
      expect(synthService(chart, svc).spec.selector).toEqual({ app: 'web', tier: 'front' });
      svc.selectLabel('app', 'api');
      expect(ruleIdsOf(chart, svc)).toContain('C8');
    });
  });

  describe('C4 an empty Selector.labels({}) selects nothing (O7), so it is an error', () => {
    test('Selector.labels({}) is an error; one label (the nearest valid neighbour) passes', () => {
      const chart = newChart();
      workload(chart, 'pods', { app: 'web' });
      const bad = new ClusterIpService(chart, 'bad', { selector: Selector.labels({}), ports: [{ port: 80 }] });
      const good = new ClusterIpService(chart, 'good', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, bad)).toEqual(['C4']);
      expect(ruleIdsOf(chart, good)).toEqual([]);
    });
  });

  describe('C4 a cdk8s-plus selector with no labels selects nothing', () => {
    test('kplus.Pods.all() is an error, not a Service without selector; a labelled selection passes', () => {
      const chart = newChart();
      workload(chart, 'pods', { app: 'web' });
      const bad = new ClusterIpService(chart, 'bad', { selector: kplus.Pods.all(chart, 'all'), ports: [{ port: 80 }] });
      const good = new ClusterIpService(chart, 'good', { selector: kplus.Pods.select(chart, 'web', { labels: { app: 'web' } }), ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, bad)).toEqual(['C4']);
      expect(ruleIdsOf(chart, good)).toEqual([]);
    });

    test('a plain label map passed from JavaScript is a finding with a fix, not a TypeError', () => {
      const chart = newChart();
      const svc = new ClusterIpService(chart, 'web', { selector: { app: 'web' } as any, ports: [{ port: 80 }] });
      const [c4] = findings(chart).filter((f) => f.constructPath === svc.apiObject.node.path);
      expect(c4).toMatchObject({ rule: 'C4', value: '"{\\"app\\":\\"web\\"}"' });
      expect(c4.fix).toContain('Selector.labels(');
    });
  });

  describe('a selected workload that cannot be rendered', () => {
    test('is one error on the workload, a C4 on the Service, no stack trace and no false X1', () => {
      const chart = newChart();
      const broken = new kplus.Deployment(chart, 'd', {}); // no containers: cdk8s-plus refuses to render it
      new ClusterIpService(chart, 'raw', { selector: Selector.fromApiObject(ApiObject.of(broken)), ports: [{ port: 80 }] });
      new ClusterIpService(chart, 'plus', { selector: broken, ports: [{ port: 80 }] });
      let message = '';
      try {
        Testing.synth(chart);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^Validation failed with the following errors:/);
      expect(message).toContain('[test/d/Resource] cannot be rendered:');
      expect(message).toContain('PodSpec must have at least 1 container');
      expect(message).toContain("Fix: correct what the error names in this object's props");
      expect(message).toContain('[test/raw/Resource] spec.selector');
      expect(message).not.toContain('(rule X1 selector-matches-no-pods)');
      expect(message).not.toMatch(/\n\s+at /);
    });
  });

  describe('one Selector is a value: reused by several Services and apps', () => {
    test('the same Selector serves two Services in two apps, with no finding and no construct-tree clash', () => {
      const sel = Selector.labels({ app: 'web' });
      const charts = [newChart(), newChart()];
      for (const chart of charts) {
        workload(chart, 'pods', { app: 'web' });
        new ClusterIpService(chart, 'one', { selector: sel, ports: [{ port: 80 }] });
        const two = new ClusterIpService(chart, 'two', { selector: sel, ports: [{ port: 80 }] });
        expect(synthService(chart, two).spec.selector).toEqual({ app: 'web' });
        expect(findings(chart)).toEqual([]);
      }
      // Detached: it joined neither tree.
      expect(sel.node.scope).toBeUndefined();
      expect(charts.every((c) => c.node.findAll().every((x) => x !== (sel as any)))).toBe(true);
    });
  });

  describe('C4 fromApiObject needs a workload with pod labels', () => {
    test('a ConfigMap is an error', () => {
      const chart = newChart();
      const cm = new k8s.KubeConfigMap(chart, 'cm', { data: { a: 'b' } });
      const svc = new ClusterIpService(chart, 'web', { selector: Selector.fromApiObject(cm), ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, svc)).toContain('C4');
    });

    test('a Deployment without template labels is an error; with labels it passes', () => {
      const chart = newChart();
      const bare = new k8s.KubeDeployment(chart, 'bare', { spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } });
      const labelled = workload(chart, 'labelled', { app: 'ok' });
      const bad = new ClusterIpService(chart, 'bad', { selector: Selector.fromApiObject(bare), ports: [{ port: 80 }] });
      const good = new ClusterIpService(chart, 'good', { selector: Selector.fromApiObject(labelled), ports: [{ port: 80 }] });
      expect(ruleIdsOf(chart, bad)).toContain('C4');
      expect(ruleIdsOf(chart, good)).not.toContain('C4');
    });
  });
});
