import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { findings, newChart, ruleIdsOf, synthService, workload } from './util';
import { HeadlessService, Selector } from '../../src';

const pgContainer = { image: 'postgres', portNumber: 5432, securityContext: { ensureNonRoot: false } };

function rawStatefulSet(chart: any, id: string, serviceName = 'placeholder') {
  return new k8s.KubeStatefulSet(chart, id, {
    spec: {
      serviceName,
      selector: { matchLabels: { app: id } },
      template: { metadata: { labels: { app: id } }, spec: { containers: [{ name: 'db', image: 'postgres', ports: [{ name: 'pg', containerPort: 5432 }] }] } },
    },
  });
}

describe('HeadlessService', () => {
  test('a headless Service with no ports synthesizes (cdk8s#2827)', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'peers' });
    const svc = new HeadlessService(chart, 'peers', { selector: Selector.labels({ app: 'peers' }) });
    expect(synthService(chart, svc).spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: { app: 'peers' } });
    expect(findings(chart).filter((f) => f.constructPath === svc.apiObject.node.path && f.severity === 'error')).toEqual([]);
  });

  test('ports and publishNotReadyAddresses are emitted', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'peers' }, [{ name: 'gossip', containerPort: 7946 }]);
    const svc = new HeadlessService(chart, 'peers', {
      selector: Selector.labels({ app: 'peers' }),
      ports: [{ name: 'gossip', port: 7946 }],
      publishNotReadyAddresses: true,
    });
    expect(synthService(chart, svc).spec).toEqual({
      type: 'ClusterIP', clusterIP: 'None', selector: { app: 'peers' }, ports: [{ name: 'gossip', port: 7946 }], publishNotReadyAddresses: true,
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('governs a raw KubeStatefulSet: serviceName patched, its pods selected, Service emitted first', () => {
    const chart = newChart();
    const sts = rawStatefulSet(chart, 'db');
    const svc = new HeadlessService(chart, 'db-peers', { statefulSet: sts, ports: [{ name: 'pg', port: 5432 }] });
    const out = Testing.synth(chart);
    const stsJson = out.find((o: any) => o.kind === 'StatefulSet');
    expect(stsJson.spec.serviceName).toBe(svc.name);
    expect(out.find((o: any) => o.kind === 'Service').spec.selector).toEqual({ app: 'db' });
    expect(out.map((o: any) => o.kind)).toEqual(['Service', 'StatefulSet']);
    expect(out).toMatchSnapshot();
  });

  test('governs an ApiObject of kind StatefulSet (governStatefulSet after construction)', () => {
    const chart = newChart();
    const sts = new ApiObject(chart, 'cache', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {},
      spec: { selector: { matchLabels: { app: 'cache' } }, template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'c', image: 'redis' }] } } },
    });
    const svc = new HeadlessService(chart, 'cache-peers', { selector: Selector.labels({ app: 'cache' }) });
    svc.governStatefulSet(sts);
    const out = Testing.synth(chart);
    expect(out.find((o: any) => o.kind === 'StatefulSet').spec.serviceName).toBe(svc.name);
    expect(out.find((o: any) => o.kind === 'Service').spec.selector).toEqual({ app: 'cache' });
  });

  test('governs a cdk8s-plus StatefulSet: its own auto-created Service is replaced by this one', () => {
    const chart = newChart();
    const sts = new kplus.StatefulSet(chart, 'db', { containers: [pgContainer] });
    const svc = new HeadlessService(chart, 'db-peers', { statefulSet: sts, ports: [{ name: 'pg', port: 5432 }] });
    const out = Testing.synth(chart);
    const services = out.filter((o: any) => o.kind === 'Service');
    expect(services.map((s: any) => s.metadata.name)).toEqual([svc.name]);
    const stsJson = out.find((o: any) => o.kind === 'StatefulSet');
    expect(stsJson.spec.serviceName).toBe(svc.name);
    expect(services[0].spec.selector).toEqual({ [kplus.Pod.ADDRESS_LABEL]: stsJson.spec.template.metadata.labels[kplus.Pod.ADDRESS_LABEL] });
    expect(() => sts.node.findChild('Service')).toThrow();
    expect(out).toMatchSnapshot();
  });

  test('the replaced cdk8s-plus Service is gone from app.synth output too', () => {
    const app = Testing.app();
    const chart = newChart({}, app);
    const sts = new kplus.StatefulSet(chart, 'db', { containers: [pgContainer] });
    new HeadlessService(chart, 'db-peers', { statefulSet: sts, ports: [{ name: 'pg', port: 5432 }] });
    expect(() => app.synth()).not.toThrow();
    const yaml = fs.readFileSync(path.join(app.outdir, 'test.k8s.yaml'), 'utf8');
    expect(yaml.match(/^kind: Service$/gm)).toHaveLength(1);
    expect(yaml).toMatch(/serviceName: test-db-peers-/);
  });

  test('a cdk8s-plus StatefulSet given its own service keeps it (only serviceName is patched)', () => {
    const chart = newChart();
    const own = new kplus.Service(chart, 'own', { ports: [{ port: 5432 }], clusterIP: 'None' });
    const sts = new kplus.StatefulSet(chart, 'db', { containers: [pgContainer], service: own });
    const svc = new HeadlessService(chart, 'db-peers', { statefulSet: sts, ports: [{ name: 'pg', port: 5432 }] });
    const out = Testing.synth(chart);
    expect(out.filter((o: any) => o.kind === 'Service')).toHaveLength(2);
    expect(out.find((o: any) => o.kind === 'StatefulSet').spec.serviceName).toBe(svc.name);
  });

  test('C5 governStatefulSet with a Deployment is an error finding; a StatefulSet passes', () => {
    const chart = newChart();
    const dep = workload(chart, 'web', { app: 'web' });
    const bad = new HeadlessService(chart, 'bad', { selector: Selector.labels({ app: 'web' }), statefulSet: dep });
    const good = new HeadlessService(chart, 'good', { statefulSet: rawStatefulSet(chart, 'db') });
    expect(ruleIdsOf(chart, bad)).toContain('C5');
    expect(ruleIdsOf(chart, good)).not.toContain('C5');
    expect(() => Testing.synth(chart)).toThrow(/\[test\/bad\/Resource\] spec\.serviceName = .*Deployment.*\(rule C5 govern-not-statefulset\)/);
  });
});
