import { Duration, Testing } from 'cdk8s';
import { newChart, ruleIdsOf, synthService, workload } from './util';
import {
  ClusterIpService, InternalTrafficPolicy, IpFamily, IpFamilyPolicy, Protocol, Selector,
  ServiceBase, SessionAffinity, TargetPort, TrafficDistribution,
} from '../../src';

describe('ClusterIpService', () => {
  test('defaults: type ClusterIP, the selector and the port, nothing else', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    const m = synthService(chart, svc);
    expect(m.spec).toEqual({ type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80 }] });
  });

  test('every prop is emitted where Kubernetes expects it', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }]);
    const svc = new ClusterIpService(chart, 'web', {
      metadata: { name: 'web', labels: { tier: 'front' } },
      selector: Selector.labels({ app: 'web' }),
      ports: [
        { name: 'http', port: 80, targetPort: TargetPort.named('http'), protocol: Protocol.TCP, appProtocol: 'http' },
        { name: 'dns', port: 53, targetPort: TargetPort.number(5353), protocol: Protocol.UDP },
      ],
      clusterIP: '10.96.0.20',
      sessionAffinity: SessionAffinity.CLIENT_IP,
      sessionAffinityTimeout: Duration.minutes(30),
      internalTrafficPolicy: InternalTrafficPolicy.LOCAL,
      ipFamilies: [IpFamily.IPV4],
      ipFamilyPolicy: IpFamilyPolicy.SINGLE_STACK,
      publishNotReadyAddresses: true,
      externalIPs: ['192.0.2.10'],
      allowExternalIPs: true,
    });
    const m = synthService(chart, svc);
    expect(m.metadata.annotations).toEqual({ [ServiceBase.ALLOW_EXTERNAL_IPS_ANNOTATION]: 'true' });
    expect(m.spec).toEqual({
      type: 'ClusterIP',
      clusterIP: '10.96.0.20',
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
        { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' },
      ],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 1800 } },
      internalTrafficPolicy: 'Local',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      publishNotReadyAddresses: true,
      externalIPs: ['192.0.2.10'],
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('named TargetPort is emitted as a string, numeric as a number (cdk8s-plus#7786)', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', {
      ports: [{ name: 'a', port: 80, targetPort: TargetPort.named('http') }, { name: 'b', port: 81, targetPort: TargetPort.number(8081) }],
    });
    const ports = synthService(chart, svc).spec.ports;
    expect(typeof ports[0].targetPort).toBe('string');
    expect(ports[0].targetPort).toBe('http');
    expect(ports[1].targetPort).toBe(8081);
  });

  test('trafficDistribution is emitted as spec.trafficDistribution, which cdk8s-plus-27\'s KubeService would drop (issue 12)', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, [{ name: 'http', containerPort: 80 }]);
    const svc = new ClusterIpService(chart, 'web', {
      selector: Selector.labels({ app: 'web' }),
      ports: [{ port: 80 }],
      trafficDistribution: TrafficDistribution.PREFER_SAME_ZONE,
    });
    expect(synthService(chart, svc).spec.trafficDistribution).toBe('PreferSameZone');
    const plain = new ClusterIpService(chart, 'plain', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    expect(synthService(chart, plain).spec).not.toHaveProperty('trafficDistribution');
  });

  test('sessionAffinityTimeout alone implies ClientIP affinity', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', { ports: [{ port: 80 }], sessionAffinityTimeout: Duration.seconds(60) });
    const spec = synthService(chart, svc).spec;
    expect(spec.sessionAffinity).toBe('ClientIP');
    expect(spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 60 } });
  });

  test('C9 sessionAffinityTimeout with sessionAffinity NONE is an error (DF3 would drop it); with CLIENT_IP it passes', () => {
    const chart = newChart();
    const bad = new ClusterIpService(chart, 'bad', { ports: [{ port: 80 }], sessionAffinity: SessionAffinity.NONE, sessionAffinityTimeout: Duration.seconds(60) });
    const good = new ClusterIpService(chart, 'good', { ports: [{ port: 80 }], sessionAffinity: SessionAffinity.CLIENT_IP, sessionAffinityTimeout: Duration.seconds(60) });
    expect(ruleIdsOf(chart, bad)).toEqual(['C9']);
    expect(ruleIdsOf(chart, good)).toEqual([]);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/bad\/Resource\] spec\.sessionAffinityConfig\.clientIP\.timeoutSeconds = 60: .*SessionAffinity\.NONE.*\(rule C9 affinity-timeout-without-client-ip\)/);
  });

  test('addPort, select and selectLabel after construction are emitted (the spec is lazy)', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web', tier: 'front' }, [{ name: 'http', containerPort: 80 }, { name: 'https', containerPort: 443 }]);
    const svc = new ClusterIpService(chart, 'web', { ports: [{ port: 80, name: 'http' }] });
    svc.addPort({ port: 443, name: 'https' });
    svc.select(Selector.labels({ app: 'web' }));
    svc.selectLabel('tier', 'front');
    const spec = synthService(chart, svc).spec;
    expect(spec.ports.map((p: any) => p.port)).toEqual([80, 443]);
    expect(spec.selector).toEqual({ app: 'web', tier: 'front' });
    expect(svc.ports.map((p) => p.port)).toEqual([80, 443]);
  });

  test('ports returns a copy', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', { ports: [{ port: 80 }] });
    (svc.ports as any[]).push({ port: 81 });
    expect(svc.ports).toHaveLength(1);
  });

  test('name, namespace and dnsName follow the manifest; namespace defaults to default', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', { metadata: { name: 'web' }, ports: [{ port: 80 }] });
    expect(svc.name).toBe('web');
    expect(svc.namespace).toBe('default');
    expect(svc.dnsName).toBe('web.default.svc.cluster.local');

    const prod = newChart({ namespace: 'prod' });
    const api = new ClusterIpService(prod, 'api', { metadata: { name: 'api' }, ports: [{ port: 80 }] });
    expect(api.namespace).toBe('prod');
    expect(api.dnsName).toBe('api.prod.svc.cluster.local');
    expect(synthService(prod, api).metadata.namespace).toBe('prod');
  });

  test('a clean ClusterIpService has no findings of its own', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    expect(ruleIdsOf(chart, svc).filter((id) => id.startsWith('C'))).toEqual([]);
  });
});
