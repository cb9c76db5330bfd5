import { Testing } from 'cdk8s';
import { findings, newChart, synthService, workload } from './util';
import { ExternalTrafficPolicy, NodePortService, Selector, TargetPort } from '../../src';

describe('NodePortService', () => {
  test('defaults: type NodePort; nodePort left to Kubernetes', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const svc = new NodePortService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    expect(synthService(chart, svc).spec).toEqual({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] });
  });

  test('nodePort and externalTrafficPolicy are emitted', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]);
    const svc = new NodePortService(chart, 'web', {
      selector: Selector.labels({ app: 'web' }),
      ports: [{ name: 'http', port: 80, targetPort: TargetPort.named('http'), nodePort: 30080 }],
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
    });
    expect(svc.externalTrafficPolicy).toBe(ExternalTrafficPolicy.LOCAL);
    expect(synthService(chart, svc).spec).toEqual({
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }],
      externalTrafficPolicy: 'Local',
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('A11 nodePort 99999 is reported, not thrown at construction; 32767 (the nearest valid neighbour) passes', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const bad = new NodePortService(chart, 'bad', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80, nodePort: 99999 }] });
    const good = new NodePortService(chart, 'good', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80, nodePort: 32767 }] });
    const a11 = findings(chart).filter((f) => f.rule === 'A11');
    expect(a11.map((f) => f.constructPath)).toEqual([bad.apiObject.node.path]);
    expect(a11[0]).toMatchObject({ field: 'spec.ports[0].nodePort', value: '99999' });
    expect(good.ports[0].nodePort).toBe(32767);
  });
});
