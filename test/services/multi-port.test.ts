import { Testing } from 'cdk8s';
import { findings, newChart, ruleIdsOf, synthService, workload, quietWarnings } from './util';
import { ExternalTrafficPolicy, MultiPortService, Selector, ServiceType, TargetPort } from '../../src';

quietWarnings();

const PORTS = [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }];

describe('MultiPortService', () => {
  test('defaults: type ClusterIP with every named port', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, PORTS);
    const svc = new MultiPortService(chart, 'web', {
      selector: Selector.labels({ app: 'web' }),
      ports: [{ name: 'http', port: 80, targetPort: TargetPort.named('http') }, { name: 'metrics', port: 9090 }],
    });
    expect(svc.type).toBe(ServiceType.CLUSTER_IP);
    expect(synthService(chart, svc).spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090 }],
    });
  });

  test('type NodePort and LoadBalancer with externalTrafficPolicy', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, PORTS);
    const ports = [{ name: 'http', port: 80, targetPort: TargetPort.named('http') }, { name: 'metrics', port: 9090 }];
    const np = new MultiPortService(chart, 'np', { type: ServiceType.NODE_PORT, selector: Selector.labels({ app: 'web' }), ports, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL });
    const lb = new MultiPortService(chart, 'lb', { type: ServiceType.LOAD_BALANCER, selector: Selector.labels({ app: 'web' }), ports });
    expect(synthService(chart, np).spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local' });
    expect(synthService(chart, lb).spec.type).toBe('LoadBalancer');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('C1 one port is an error; two (the nearest valid neighbour) pass', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, PORTS);
    const one = new MultiPortService(chart, 'one', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 8080 }] });
    const two = new MultiPortService(chart, 'two', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }] });
    const c1 = findings(chart).filter((f) => f.rule === 'C1');
    expect(c1).toHaveLength(1);
    expect(c1[0]).toMatchObject({ severity: 'error', constructPath: one.apiObject.node.path, field: 'spec.ports', value: '1' });
    expect(ruleIdsOf(chart, two)).not.toContain('C1');
    expect(() => Testing.synth(chart)).toThrow(/\[test\/one\/Resource\] spec\.ports = 1: a MultiPortService needs at least two ports.*\(rule C1 multi-port-too-few-ports\)/);
  });

  test('C1 is judged at synth: a port added with addPort after construction counts', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, PORTS);
    const svc = new MultiPortService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 8080 }] });
    expect(ruleIdsOf(chart, svc)).toContain('C1');
    svc.addPort({ name: 'metrics', port: 9090 });
    expect(ruleIdsOf(chart, svc)).not.toContain('C1');
  });

  test('C7 type ExternalName is an error; ClusterIP passes', () => {
    const chart = newChart();
    const ports = [{ name: 'a', port: 1 }, { name: 'b', port: 2 }];
    const bad = new MultiPortService(chart, 'bad', { type: ServiceType.EXTERNAL_NAME, ports });
    const good = new MultiPortService(chart, 'good', { type: ServiceType.CLUSTER_IP, ports });
    expect(ruleIdsOf(chart, bad)).toContain('C7');
    expect(ruleIdsOf(chart, good)).not.toContain('C7');
  });
});
