// kube-proxy semantics (SEMANTICS.md K1-K11).
import { deploy, node, recordedPod, svc } from './manifests';
import { ConnectOutcome, ConnectVia, LocalCluster, Protocol } from '../../src';

const nodes = [node('n1', 'a', '172.18.0.2'), node('n2', 'b', '172.18.0.3'), node('n3', 'c', '172.18.0.4')];
const pod = (name: string, nodeName: string, ip: string, opts: any = {}) => recordedPod(name, { app: 'web' }, { nodeName, ip, ...opts });
// Two endpoints on n1, none on n2; a client pod on n2.
const base = [...nodes, pod('a', 'n1', '10.244.0.2'), pod('b', 'n1', '10.244.0.3'), recordedPod('client', { app: 'client' }, { nodeName: 'n2', ip: '10.244.1.2' })];
const web = (spec: any = {}) => svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }], ...spec });

describe('K1 not proxied', () => {
  test('K1 headless and ExternalName get no rules; a ClusterIP Service does', () => {
    const c = LocalCluster.fromManifests([web({ clusterIP: 'None' }), svc('ext', { type: 'ExternalName', externalName: 'x.example.com' }), svc('vip', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }), ...base]);
    expect(c.connect({ service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.NOT_PROXIED);
    expect(c.connect({ service: 'ext', port: 80 }).outcome).toBe(ConnectOutcome.NOT_PROXIED);
    expect(c.connect({ service: 'vip', port: 80 }).outcome).toBe(ConnectOutcome.DELIVERED);
  });
});

describe('K2 joining ports', () => {
  test('K2 Service ports join slice ports by name and protocol', () => {
    const c = LocalCluster.fromManifests([
      svc('dns', { selector: { app: 'web' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5354 }] }), ...base,
    ]);
    expect(c.connect({ service: 'dns', port: 53, protocol: Protocol.UDP }).targets.map((t) => t.port)).toEqual([5353, 5353]);
    expect(c.connect({ service: 'dns', port: 53 }).targets.map((t) => t.port)).toEqual([5354, 5354]);
  });
});

describe('K3 usable endpoints', () => {
  test('K3 ready endpoints first; falls back to serving-terminating ones', () => {
    const mixed = LocalCluster.fromManifests([web(), ...nodes, pod('a', 'n1', '10.244.0.2'), pod('b', 'n1', '10.244.0.3', { deleting: true })]);
    expect(mixed.connect({ service: 'web', port: 80 }).targets.map((t) => t.pod)).toEqual(['a']);
    const onlyTerminating = LocalCluster.fromManifests([web(), ...nodes, pod('b', 'n1', '10.244.0.3', { deleting: true })]);
    expect(onlyTerminating.connect({ service: 'web', port: 80 }).targets.map((t) => t.pod)).toEqual(['b']);
    const terminatingNotServing = LocalCluster.fromManifests([web(), ...nodes, pod('b', 'n1', '10.244.0.3', { deleting: true, ready: false })]);
    expect(terminatingNotServing.connect({ service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.REFUSED);
  });
});

describe('K4 ClusterIP', () => {
  test('K4 uniform over the endpoints', () => {
    const c = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 4, [{ containerPort: 80, name: 'http' }])]);
    const r = c.connect({ service: 'web', port: 80 });
    expect(r.targets.map((t) => t.probability)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(r.rule).toBe('K4');
  });

  test('K4 no endpoints: REJECT (refused); one endpoint: delivered', () => {
    const none = LocalCluster.fromManifests([web(), ...nodes]);
    expect(none.connect({ service: 'web', port: 80 })).toMatchObject({ outcome: 'refused', rule: 'K4' });
    const one = LocalCluster.fromManifests([web(), ...nodes, pod('a', 'n1', '10.244.0.2')]);
    expect(one.connect({ service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.DELIVERED);
  });

  test('K4 internalTrafficPolicy Local with no endpoint on the client node: DROP; on n1: delivered', () => {
    const c = LocalCluster.fromManifests([web({ internalTrafficPolicy: 'Local' }), ...base]);
    expect(c.connect({ service: 'web', port: 80, fromPod: 'client' })).toMatchObject({ outcome: 'dropped', rule: 'K4' });
    expect(c.connect({ service: 'web', port: 80, fromNode: 'n1' }).targets.map((t) => t.pod)).toEqual(['a', 'b']);
  });

  test('K4 a port the Service does not have goes nowhere', () => {
    const c = LocalCluster.fromManifests([web(), ...base]);
    expect(c.connect({ service: 'web', port: 81 }).outcome).toBe(ConnectOutcome.NO_ROUTE);
  });
});

describe('K5 NodePort', () => {
  test('K5 every node listens on the nodePort, and localhost from a node', () => {
    const c = LocalCluster.fromManifests([web({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] }), ...base]);
    for (const n of ['n1', 'n2', 'n3']) expect(c.connect({ address: n, port: 30080 }).targets).toHaveLength(2);
    expect(c.connect({ address: '127.0.0.1', port: 30080, fromNode: 'n3' }).outcome).toBe(ConnectOutcome.DELIVERED);
    expect(c.connect({ address: '127.0.0.1', port: 30080, fromPod: 'client' }).outcome).toBe(ConnectOutcome.NO_ROUTE);
  });

  test('K5 LoadBalancer gets nodePorts unless allocateLoadBalancerNodePorts is false', () => {
    const lb = (alloc?: boolean) => LocalCluster.fromManifests([web({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: alloc }), ...base]).service('web')!.ports[0].nodePort;
    expect(lb(undefined)).toBeGreaterThanOrEqual(30000);
    expect(lb(false)).toBeUndefined();
  });

  test('K5 nodePorts are not subject to loadBalancerSourceRanges', () => {
    const c = LocalCluster.fromManifests([web({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'], ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] }), ...base],
      { loadBalancerIngress: { web: '192.0.2.1' } });
    expect(c.connect({ address: 'n1', port: 30080, clientIp: '198.51.100.7' }).outcome).toBe(ConnectOutcome.DELIVERED);
    expect(c.connect({ address: '192.0.2.1', port: 80, clientIp: '198.51.100.7' }).outcome).toBe(ConnectOutcome.DROPPED);
  });
});

describe('K6 externalTrafficPolicy', () => {
  const local = LocalCluster.fromManifests([web({ type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] }), ...base]);
  const cluster = LocalCluster.fromManifests([web({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] }), ...base]);

  test('K6 Local: only endpoints on the receiving node, client IP kept', () => {
    const r = local.connect({ address: '172.18.0.2', port: 30080, clientIp: '198.51.100.7' });
    expect(r.targets.map((t) => t.nodeName)).toEqual(['n1', 'n1']);
    expect(r.clientIpPreserved).toBe(true);
  });

  test('K6 Local: a node with no local endpoint drops; Cluster delivers and SNATs', () => {
    expect(local.connect({ address: 'n2', port: 30080 }).outcome).toBe(ConnectOutcome.DROPPED);
    const r = cluster.connect({ address: 'n2', port: 30080 });
    expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(r.clientIpPreserved).toBe(false);
  });

  test('K6 Local: traffic from a pod on the receiving node uses the Cluster chain', () => {
    expect(local.connect({ address: 'n2', port: 30080, fromPod: 'client' }).targets).toHaveLength(2);
    expect(local.connect({ address: 'n2', port: 30080, fromNode: 'n2' }).targets).toHaveLength(2);
  });
});

describe('K7 healthCheckNodePort', () => {
  test('K7 only LoadBalancer + Local gets one; 200 with local endpoints, 503 without', () => {
    const c = LocalCluster.fromManifests([web({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' }), ...base], { loadBalancerIngress: { web: '192.0.2.1' } });
    expect(c.service('web')!.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(c.healthCheck('web', 'n1')).toEqual({ statusCode: 200, localEndpoints: 2, service: 'default/web' });
    expect(c.healthCheck('web', 'n2')).toEqual({ statusCode: 503, localEndpoints: 0, service: 'default/web' });
    // The cloud LB only sends to n1, the node that passes.
    const r = c.connect({ address: '192.0.2.1', port: 80 });
    expect(r.targets.map((t) => [t.nodeName, t.probability])).toEqual([['n1', 0.5], ['n1', 0.5]]);
    const cl = LocalCluster.fromManifests([web({ type: 'LoadBalancer' }), ...base]);
    expect(cl.service('web')!.healthCheckNodePort).toBeUndefined();
    expect(() => cl.healthCheck('web', 'n1')).toThrow(/no healthCheckNodePort/);
  });
});

describe('K8 sessionAffinity', () => {
  test('K8 ClientIP is sticky with the default 10800 s timeout; None is not', () => {
    const sticky = LocalCluster.fromManifests([web({ sessionAffinity: 'ClientIP' }), ...base]).connect({ service: 'web', port: 80, fromPod: 'client' });
    expect(sticky).toMatchObject({ sticky: true, affinityTimeoutSeconds: 10800 });
    const custom = LocalCluster.fromManifests([web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }), ...base]).connect({ service: 'web', port: 80 });
    expect(custom.affinityTimeoutSeconds).toBe(60);
    expect(LocalCluster.fromManifests([web(), ...base]).connect({ service: 'web', port: 80 }).sticky).toBe(false);
  });
});

describe('K9 LoadBalancer without a controller', () => {
  test('K9 ingress stays <pending>; a recorded status or an option gives the address', () => {
    const pending = LocalCluster.fromManifests([web({ type: 'LoadBalancer' }), ...base]);
    expect(pending.service('web')!.loadBalancerIngress).toEqual([]);
    expect(pending.connect({ service: 'web', port: 80, via: ConnectVia.LOAD_BALANCER })).toMatchObject({ outcome: 'no-route', rule: 'K9' });
    const recorded = web({ type: 'LoadBalancer' });
    recorded.status = { loadBalancer: { ingress: [{ ip: '192.0.2.127' }] } };
    const c = LocalCluster.fromManifests([recorded, ...base]);
    expect(c.service('web')!.externalDisplay).toBe('192.0.2.127');
    expect(c.connect({ service: 'web', port: 80, via: ConnectVia.LOAD_BALANCER }).outcome).toBe(ConnectOutcome.DELIVERED);
  });

  test('K9 loadBalancerSourceRanges: inside the range passes, outside drops', () => {
    const c = LocalCluster.fromManifests([web({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] }), ...base], { loadBalancerIngress: { web: '192.0.2.1' } });
    expect(c.connect({ address: '192.0.2.1', port: 80, clientIp: '203.0.113.9' }).outcome).toBe(ConnectOutcome.DELIVERED);
    expect(c.connect({ address: '192.0.2.1', port: 80, clientIp: '203.0.114.9' })).toMatchObject({ outcome: 'dropped', rule: 'K9' });
  });
});

describe('K10 externalIPs', () => {
  test('K10 an external IP goes to the Service, with externalTrafficPolicy applied', () => {
    const c = LocalCluster.fromManifests([web({ externalIPs: ['198.51.100.10'] }), ...base]);
    expect(c.connect({ address: '198.51.100.10', port: 80 }).targets).toHaveLength(2);
    expect(c.connect({ address: '198.51.100.11', port: 80 }).outcome).toBe(ConnectOutcome.NO_ROUTE);
    const local = LocalCluster.fromManifests([web({ type: 'NodePort', externalTrafficPolicy: 'Local', externalIPs: ['198.51.100.10'] }), ...base]);
    expect(local.connect({ address: '198.51.100.10', port: 80, toNode: 'n2' }).outcome).toBe(ConnectOutcome.DROPPED);
    expect(local.connect({ address: '198.51.100.10', port: 80, toNode: 'n1' }).outcome).toBe(ConnectOutcome.DELIVERED);
  });
});

describe('K11 hairpin', () => {
  test('K11 a pod reaching itself through the Service is marked hairpin (masqueraded)', () => {
    const c = LocalCluster.fromManifests([web(), ...base]);
    const r = c.connect({ service: 'web', port: 80, fromPod: 'a' });
    expect(r.targets.map((t) => [t.pod, t.hairpin])).toEqual([['a', true], ['b', false]]);
  });
});
