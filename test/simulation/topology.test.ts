// LocalCluster and trafficDistribution / ipMode (issue 12): the EndpointSlice controller's hints
// (staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go), kube-proxy's use of them
// (pkg/proxy/topology.go CategorizeEndpoints, topologyModeFromHints) and of
// status.loadBalancer.ingress[].ipMode (pkg/proxy/serviceport.go, IsVIPMode), per release.
import { node, recordedPod, svc } from './manifests';
import { ConnectOutcome, ConnectVia, LocalCluster } from '../../src';

const nodes = [node('n1', 'a', '172.18.0.2'), node('n2', 'b', '172.18.0.3'), node('n3', 'a', '172.18.0.4')];
const pod = (name: string, nodeName: string, ip: string, opts: any = {}) => recordedPod(name, { app: 'web' }, { nodeName, ip, ...opts });
// Zone a: p1 on n1, p3 on n3; zone b: p2 on n2. Clients on n1 (zone a) and n2 (zone b).
const pods = [
  pod('p1', 'n1', '10.244.0.2'), pod('p2', 'n2', '10.244.1.2'), pod('p3', 'n3', '10.244.2.2'),
  recordedPod('client-a', { app: 'client' }, { nodeName: 'n1', ip: '10.244.0.9' }),
  recordedPod('client-b', { app: 'client' }, { nodeName: 'n2', ip: '10.244.1.9' }),
];
const web = (spec: any = {}, extra: any = {}) => ({ ...svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }], ...spec }), ...extra });
const cluster = (spec: any, version: string, more: any[] = [], extra: any = {}) =>
  LocalCluster.fromManifests([web(spec, extra), ...nodes, ...pods, ...more], { kubernetesVersion: version });
const podsFrom = (c: LocalCluster, fromPod: string) => c.connect({ fromPod, service: 'web', port: 80 }).targets.map((t) => t.pod).sort();

describe('EndpointSlice hints for trafficDistribution (trafficdist.go preferCloseHeuristic)', () => {
  const hintsOf = (c: LocalCluster) => c.endpointSlices('web').flatMap((s) => s.endpoints).map((e) => [e.targetRef.name, e.hints]);

  test('PreferClose: each ready endpoint is hinted for its own zone; without trafficDistribution, no hints', () => {
    expect(hintsOf(cluster({ trafficDistribution: 'PreferClose' }, '1.33'))).toEqual([
      ['p1', { forZones: [{ name: 'a' }] }], ['p2', { forZones: [{ name: 'b' }] }], ['p3', { forZones: [{ name: 'a' }] }],
    ]);
    expect(hintsOf(cluster({}, '1.33')).map(([, h]) => h)).toEqual([undefined, undefined, undefined]);
  });
  test('PreferSameNode (1.34+) adds the endpoint\'s node; a not-ready endpoint gets no hint', () => {
    const c = LocalCluster.fromManifests([web({ trafficDistribution: 'PreferSameNode' }), ...nodes, pod('p1', 'n1', '10.244.0.2'), pod('p2', 'n2', '10.244.1.2', { ready: false })], { kubernetesVersion: '1.34' });
    expect(hintsOf(c)).toEqual([['p1', { forZones: [{ name: 'a' }], forNodes: [{ name: 'n1' }] }], ['p2', undefined]]);
  });
  test('1.30 drops the field on create (gate off): no hints', () => {
    expect(hintsOf(cluster({ trafficDistribution: 'PreferClose' }, '1.30')).map(([, h]) => h)).toEqual([undefined, undefined, undefined]);
  });
});

describe('kube-proxy prefers hinted endpoints (topology.go topologyModeFromHints)', () => {
  test('PreferClose keeps a ClusterIP connection in the client\'s zone; without it every endpoint is used', () => {
    const c = cluster({ trafficDistribution: 'PreferClose' }, '1.33');
    expect(podsFrom(c, 'client-a')).toEqual(['p1', 'p3']);
    expect(podsFrom(c, 'client-b')).toEqual(['p2']);
    expect(c.connect({ fromPod: 'client-b', service: 'web', port: 80 }).reason).toContain('zone b');
    expect(podsFrom(cluster({}, '1.33'), 'client-a')).toEqual(['p1', 'p2', 'p3']);
  });
  test('a zone with no hinted endpoint falls back to all of them', () => {
    const c = LocalCluster.fromManifests([web({ trafficDistribution: 'PreferClose' }), ...nodes, pod('p1', 'n1', '10.244.0.2'), pod('p3', 'n3', '10.244.2.2'),
      recordedPod('client-b', { app: 'client' }, { nodeName: 'n2', ip: '10.244.1.9' })], { kubernetesVersion: '1.35' });
    expect(podsFrom(c, 'client-b')).toEqual(['p1', 'p3']);
  });
  test('PreferSameNode on 1.34 picks the endpoint on the client\'s node, PreferSameZone its zone', () => {
    expect(podsFrom(cluster({ trafficDistribution: 'PreferSameNode' }, '1.34'), 'client-a')).toEqual(['p1']);
    expect(podsFrom(cluster({ trafficDistribution: 'PreferSameZone' }, '1.34'), 'client-a')).toEqual(['p1', 'p3']);
  });
  test('hand-made EndpointSlices: kube-proxy reads the hints as given; node hints only count from 1.34 (PreferSameTrafficDistribution)', () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'manual-1', labels: { 'kubernetes.io/service-name': 'manual' } },
      addressType: 'IPv4',
      ports: [{ name: '', port: 8080, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['10.244.0.2'], nodeName: 'n1', hints: { forZones: [{ name: 'a' }], forNodes: [{ name: 'n1' }] }, targetRef: { kind: 'Pod', name: 'p1' } },
        { addresses: ['10.244.2.2'], nodeName: 'n3', hints: { forZones: [{ name: 'a' }], forNodes: [{ name: 'n3' }] }, targetRef: { kind: 'Pod', name: 'p3' } },
        { addresses: ['10.244.1.2'], nodeName: 'n2', hints: { forZones: [{ name: 'b' }], forNodes: [{ name: 'n2' }] }, targetRef: { kind: 'Pod', name: 'p2' } },
      ],
    };
    const at = (v: string) => LocalCluster.fromManifests([svc('manual', { ports: [{ port: 80, targetPort: 8080 }] }), slice, ...nodes, ...pods], { kubernetesVersion: v })
      .connect({ fromPod: 'client-a', service: 'manual', port: 80 }).targets.map((t) => t.pod).sort();
    expect(at('1.33')).toEqual(['p1', 'p3']);
    expect(at('1.34')).toEqual(['p1']);
  });
});

describe('status.loadBalancer.ingress[].ipMode', () => {
  const lb = { type: 'LoadBalancer' };
  const status = (ipMode?: string) => ({ status: { loadBalancer: { ingress: [{ ip: '203.0.113.20', ...(ipMode ? { ipMode } : {}) }] } } });
  const fromPod = (c: LocalCluster) => c.connect({ fromPod: 'client-a', service: 'web', port: 80, via: ConnectVia.LOAD_BALANCER });

  test('VIP (or unset): kube-proxy captures the LB IP on the client\'s node, so an externalTrafficPolicy Local LB from a pod uses the Cluster chain', () => {
    for (const c of [cluster({ ...lb, externalTrafficPolicy: 'Local' }, '1.35', [], status('VIP')), cluster({ ...lb, externalTrafficPolicy: 'Local' }, '1.35', [], status())]) {
      const r = fromPod(c);
      expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
      expect(r.reason).toContain('the Cluster chain applies');
      expect(r.targets.map((t) => t.pod).sort()).toEqual(['p1', 'p2', 'p3']);
    }
  });
  test('Proxy (1.30+): no local rule, the connection goes through the load balancer to the healthy nodes, and the client IP is the LB\'s', () => {
    const r = fromPod(cluster({ ...lb, externalTrafficPolicy: 'Local' }, '1.35', [], status('Proxy')));
    expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(r.reason).toContain('ipMode Proxy');
    expect(r.rule).toBe('K7');
    expect(r.clientIpPreserved).toBe(false);
    expect(r.targets.map((t) => t.pod).sort()).toEqual(['p1', 'p2', 'p3']);
  });
  test('1.29 has the field but the LoadBalancerIPMode gate is off: kube-proxy ignores ipMode Proxy', () => {
    const r = fromPod(cluster({ ...lb, externalTrafficPolicy: 'Local' }, '1.29', [], status('Proxy')));
    expect(r.reason).toContain('the Cluster chain applies');
  });
  test('from outside the cluster, ipMode Proxy changes only the client IP note, not where traffic goes', () => {
    const vip = cluster(lb, '1.35', [], status('VIP')).connect({ service: 'web', port: 80, via: ConnectVia.LOAD_BALANCER });
    const proxy = cluster(lb, '1.35', [], status('Proxy')).connect({ service: 'web', port: 80, via: ConnectVia.LOAD_BALANCER });
    expect(proxy.targets).toEqual(vip.targets);
    expect(proxy.reason).toContain('ipMode Proxy');
  });
});
