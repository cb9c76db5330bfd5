// EndpointSlice and Endpoints semantics (SEMANTICS.md E1-E8 and the observations O1-O12).
import fc from 'fast-check';
import { deploy, node, recordedPod, svc } from './manifests';
import { IpFamily, LocalCluster, LocalClusterOptions } from '../../src';

const web = (spec: any = {}, metadata: any = {}) => svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec }, metadata);
const nodes = [node('n1', 'a', '172.18.0.2'), node('n2', 'b', '172.18.0.3')];
const httpPod = (name: string, opts: any = {}) => recordedPod(name, { app: 'web' }, { nodeName: 'n1', ip: `10.244.0.${10 + Number(name.replace(/\D/g, '') || 0)}`, ...opts });

describe('E1 scope', () => {
  test('E1 only pods in the Service namespace are endpoints', () => {
    const cluster = LocalCluster.fromManifests([
      web(),
      deploy('web', { app: 'web' }, 2, [{ containerPort: 80, name: 'http' }]),
      deploy('web', { app: 'web' }, 5, [{ containerPort: 80, name: 'http' }], { namespace: 'other' }),
    ]);
    expect(cluster.endpoints('web')).toHaveLength(2);
    expect(cluster.endpoints('web').every((e) => e.namespace === 'default')).toBe(true);
  });

  test('E1 a selector-less Service gets no slices from the controller; a hand-made slice is used (K2)', () => {
    const objects: any[] = [svc('db', { ports: [{ port: 5432 }] })];
    expect(LocalCluster.fromManifests(objects).endpointSlices('db')).toEqual([]);
    expect(LocalCluster.fromManifests(objects).legacyEndpoints('db')).toBeUndefined();
    objects.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-1', labels: { 'kubernetes.io/service-name': 'db' } },
      addressType: 'IPv4',
      ports: [{ name: '', port: 5432, protocol: 'TCP' }],
      endpoints: [{ addresses: ['192.168.1.5'] }],
    });
    const cluster = LocalCluster.fromManifests(objects);
    expect(cluster.endpointSlices('db')).toHaveLength(1);
    expect(cluster.endpoints('db').map((e) => e.ip)).toEqual(['192.168.1.5']);
    expect(cluster.connect({ service: 'db', port: 5432 }).targets.map((t) => `${t.ip}:${t.port}`)).toEqual(['192.168.1.5:5432']);
  });

  test('E1 a selector-less Service with a legacy Endpoints object gets the slices the mirroring controller writes', () => {
    const endpoints = (labels: Record<string, string> = {}) => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'db', labels },
      subsets: [{ addresses: [{ ip: '192.168.1.5' }, { ip: 'fd00::5' }], notReadyAddresses: [{ ip: '192.168.1.6' }], ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }],
    });
    const cluster = LocalCluster.fromManifests([svc('db', { ports: [{ name: 'pg', port: 5432 }] }), endpoints()]);
    const slices = cluster.endpointSlices('db');
    expect(slices.map((x) => [x.addressType, x.endpoints.map((e) => `${e.addresses[0]} ${e.conditions.ready}`)])).toEqual([
      ['IPv4', ['192.168.1.5 true', '192.168.1.6 false']],
      ['IPv6', ['fd00::5 true']],
    ]);
    expect(slices[0].metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
    // An IPv4 Service routes to its IPv4 endpoints only (kube-proxy ignores the other family).
    expect(cluster.endpoints('db').map((e) => e.ip)).toEqual(['192.168.1.5']);
    const v6only = LocalCluster.fromManifests([svc('db', { ports: [{ name: 'pg', port: 5432 }] }), {
      apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db' }, subsets: [{ addresses: [{ ip: 'fd00::5' }], ports: [{ name: 'pg', port: 5432 }] }],
    }]);
    expect(v6only.endpoints('db')).toEqual([]);
    expect(v6only.connect({ service: 'db', port: 5432 }).outcome).toBe('refused');
    // Subsets with the same ports are one slice; an address listed twice counts once, the later
    // listing (notReadyAddresses) winning; the Endpoints' labels are carried over.
    const merged = LocalCluster.fromManifests([svc('db', { ports: [{ name: 'pg', port: 5432 }] }), {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'db', labels: { team: 'data' } },
      subsets: [
        { addresses: [{ ip: '192.168.1.5' }], ports: [{ name: 'pg', port: 5432 }] },
        { addresses: [{ ip: '192.168.1.7' }], notReadyAddresses: [{ ip: '192.168.1.5' }], ports: [{ name: 'pg', port: 5432 }] },
      ],
    }]).endpointSlices('db');
    expect(merged.map((x) => x.endpoints.map((e) => `${e.addresses[0]} ${e.conditions.ready}`).sort())).toEqual([['192.168.1.5 false', '192.168.1.7 true']]);
    expect(merged[0].metadata.labels?.team).toBe('data');
    // A leader-election Endpoints is not mirrored.
    const leader = endpoints();
    (leader.metadata as any).annotations = { 'control-plane.alpha.kubernetes.io/leader': '{}' };
    expect(LocalCluster.fromManifests([svc('db', { ports: [{ name: 'pg', port: 5432 }] }), leader]).endpointSlices('db')).toEqual([]);
    // The opt-out label, and a Service with a selector (the endpoint controller's own), get no mirror.
    expect(LocalCluster.fromManifests([svc('db', { ports: [{ name: 'pg', port: 5432 }] }), endpoints({ 'endpointslice.kubernetes.io/skip-mirror': 'true' })]).endpointSlices('db')).toEqual([]);
    const selecting = LocalCluster.fromManifests([svc('db', { selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] }), endpoints()]).endpointSlices('db');
    expect(selecting.map((x) => x.metadata.labels?.['endpointslice.kubernetes.io/managed-by'])).toEqual(['endpointslice-controller.k8s.io']);
  });

  test('E1 ExternalName gets no slices or Endpoints even with a selector', () => {
    const cluster = LocalCluster.fromManifests([
      svc('ext', { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'web' } }),
      deploy('web', { app: 'web' }, 1),
    ]);
    expect(cluster.endpointSlices('ext')).toEqual([]);
    expect(cluster.legacyEndpoints('ext')).toBeUndefined();
  });
});

describe('E2 which pods', () => {
  test('E2 terminal pods and pods without an IP are dropped; a Running one is kept', () => {
    const cluster = LocalCluster.fromManifests([
      web(), ...nodes,
      httpPod('p1'),
      httpPod('p2', { phase: 'Succeeded' }),
      httpPod('p3', { phase: 'Failed' }),
      recordedPod('p4', { app: 'web' }, { nodeName: 'n1', phase: 'Pending' }),
    ]);
    expect(cluster.allEndpoints('web').map((e) => e.podName)).toEqual(['p1']);
  });

  test('E2 slices keep terminating pods; legacy Endpoints drop them unless publishNotReadyAddresses', () => {
    const objects = [web(), ...nodes, httpPod('p1'), httpPod('p2', { deleting: true })];
    const cluster = LocalCluster.fromManifests(objects);
    expect(cluster.allEndpoints('web').map((e) => e.podName)).toEqual(['p1', 'p2']);
    expect(cluster.legacyEndpoints('web')!.subsets[0].addresses.map((a) => a.targetRef.name)).toEqual(['p1']);
    const pnra = LocalCluster.fromManifests([web({ publishNotReadyAddresses: true }), ...objects.slice(1)]);
    expect(pnra.legacyEndpoints('web')!.subsets[0].addresses.map((a) => a.targetRef.name).sort()).toEqual(['p1', 'p2']);
  });

  test('E2 a pod on a Node that does not exist is skipped unless publishNotReadyAddresses', () => {
    const objects = [...nodes, httpPod('p1'), httpPod('p2', { nodeName: 'gone' })];
    expect(LocalCluster.fromManifests([web(), ...objects]).allEndpoints('web').map((e) => e.podName)).toEqual(['p1']);
    expect(LocalCluster.fromManifests([web({ publishNotReadyAddresses: true }), ...objects]).allEndpoints('web').map((e) => e.podName)).toEqual(['p1', 'p2']);
  });
});

describe('E3 conditions', () => {
  test('E3 ready = serving && !terminating; serving = Ready condition', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes, httpPod('p1'), httpPod('p2', { ready: false }), httpPod('p3', { deleting: true })]);
    const c = Object.fromEntries(cluster.endpointSlices('web')[0].endpoints.map((e) => [e.targetRef.name, e.conditions]));
    expect(c).toEqual({
      p1: { ready: true, serving: true, terminating: false },
      p2: { ready: false, serving: false, terminating: false }, // O6
      p3: { ready: false, serving: true, terminating: true }, // O5
    });
    expect(cluster.endpoints('web').map((e) => e.podName)).toEqual(['p1']);
  });

  test('E3 the notReady and terminating options mark simulated pods', () => {
    const cluster = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 3, [{ containerPort: 80, name: 'http' }])], {
      notReady: [], terminating: [],
    });
    const names = cluster.pods().map((p) => p.name);
    const marked = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 3, [{ containerPort: 80, name: 'http' }])], {
      notReady: [names[0]], terminating: [names[1]],
    });
    expect(cluster.endpoints('web')).toHaveLength(3);
    expect(marked.endpoints('web').map((e) => e.podName)).toEqual([names[2]]);
    expect(marked.allEndpoints('web').map((e) => [e.serving, e.terminating])).toEqual([[false, false], [true, true], [true, false]]);
  });
});

describe('E4 targetPort resolution', () => {
  test('E4 a number is used as-is even if no container declares it', () => {
    const cluster = LocalCluster.fromManifests([svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 9999 }] }), deploy('web', { app: 'web' }, 1, [{ containerPort: 80 }])]);
    expect(cluster.endpoints('web')[0].ports).toEqual({ '': 9999 });
  });

  test('E4 a name resolves per pod; a pod without it loses only that port', () => {
    const cluster = LocalCluster.fromManifests([
      svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }] }),
      ...nodes,
      recordedPod('p1', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.5', containers: [{ name: 'a', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9100 }] }] }),
      recordedPod('p2', { app: 'web' }, { nodeName: 'n2', ip: '10.244.1.5', containers: [{ name: 'a', ports: [{ name: 'http', containerPort: 8081 }] }] }),
    ]);
    const slices = cluster.endpointSlices('web');
    // E4: slices group pods by resolved port set.
    expect(slices.map((s) => [s.endpoints.map((e) => e.targetRef.name), s.ports.map((p) => `${p.name}:${p.port}`)])).toEqual([
      [['p1'], ['http:8080', 'metrics:9100']],
      [['p2'], ['http:8081']],
    ]);
    expect(cluster.connect({ service: 'web', port: 9090 }).targets.map((t) => t.pod)).toEqual(['p1']);
    expect(cluster.connect({ service: 'web', port: 80 }).targets.map((t) => `${t.pod}:${t.port}`)).toEqual(['p1:8080', 'p2:8081']);
  });

  test('E4 sidecar initContainers (restartPolicy Always) are searched after containers', () => {
    const mk = (restartPolicy?: string) => LocalCluster.fromManifests([
      web(), ...nodes,
      recordedPod('p1', { app: 'web' }, {
        nodeName: 'n1',
        ip: '10.244.0.5',
        containers: [{ name: 'a' }],
        initContainers: [{ name: 'proxy', restartPolicy, ports: [{ name: 'http', containerPort: 15001 }] }],
      }),
    ]);
    expect(mk('Always').endpoints('web')[0].ports).toEqual({ http: 15001 });
    expect(mk(undefined).endpointSlices('web')[0].ports).toEqual([]); // O2: plain initContainers are ignored
  });
});

describe('E5 ports and addresses', () => {
  test('E5 a headless Service with no ports gets endpoints with an empty port list', () => {
    const cluster = LocalCluster.fromManifests([svc('h', { clusterIP: 'None', selector: { app: 'web' } }), deploy('web', { app: 'web' }, 2)]);
    const s = cluster.endpointSlices('h');
    expect(s).toHaveLength(1);
    expect(s[0].ports).toEqual([]);
    expect(s[0].endpoints).toHaveLength(2);
    expect(cluster.legacyEndpoints('h')!.subsets[0].addresses).toHaveLength(2);
  });

  test('E5 addresses are filtered by addressType; an endpoint left with none is dropped (O9)', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes,
      recordedPod('dual', { app: 'web' }, { nodeName: 'n1', ips: ['10.244.0.5', 'fd00::5'] }),
      recordedPod('v6only', { app: 'web' }, { nodeName: 'n1', ips: ['fd00::6'] })]);
    const s = cluster.endpointSlices('web');
    expect(s[0].addressType).toBe('IPv4');
    expect(s[0].endpoints.map((e) => [e.targetRef.name, e.addresses])).toEqual([['dual', ['10.244.0.5']]]);
  });
});

describe('E6 hostname', () => {
  test('E6 set when hostname is set and subdomain equals the Service name (O3: also when not headless)', () => {
    const objects = [...nodes,
      recordedPod('p1', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.5', hostname: 'alpha', subdomain: 'web' }),
      recordedPod('p2', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.6', hostname: 'beta', subdomain: 'other' }),
      recordedPod('p3', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.7', subdomain: 'web' })];
    const cluster = LocalCluster.fromManifests([web(), ...objects]);
    expect(cluster.endpointSlices('web')[0].endpoints.map((e) => e.hostname)).toEqual(['alpha', undefined, undefined]);
  });
});

describe('E7 slice shape', () => {
  test('E7 at most 100 endpoints per slice (O10)', () => {
    const cluster = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 250, [{ containerPort: 80, name: 'http' }])]);
    expect(cluster.endpointSlices('web').map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
    const small = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 100, [{ containerPort: 80, name: 'http' }])]);
    expect(small.endpointSlices('web').map((s) => s.endpoints.length)).toEqual([100]);
  });

  test('E7 no endpoints gives one placeholder slice with no ports (O8)', () => {
    const cluster = LocalCluster.fromManifests([web()]);
    const s = cluster.endpointSlices('web');
    expect(s).toHaveLength(1);
    expect(s[0].endpoints).toEqual([]);
    expect(s[0].ports).toEqual([]);
  });

  test('E7 labels: service-name, managed-by, and headless only for clusterIP None', () => {
    const mk = (spec: any) => LocalCluster.fromManifests([web(spec), deploy('web', { app: 'web' }, 1, [{ containerPort: 80, name: 'http' }])]).endpointSlices('web')[0].metadata.labels;
    expect(mk({})).toEqual({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(mk({ clusterIP: 'None' })).toHaveProperty(['service.kubernetes.io/headless'], '');
    const headless = LocalCluster.fromManifests([web({ clusterIP: 'None' }, { labels: { team: 'a' } }), deploy('web', { app: 'web' }, 1)]);
    expect(headless.endpointSlices('web')[0].metadata.labels).toMatchObject({ 'team': 'a', 'service.kubernetes.io/headless': '' });
    expect(headless.legacyEndpoints('web')!.metadata.labels).toEqual({ 'team': 'a', 'service.kubernetes.io/headless': '' });
  });

  test('E7 legacy Endpoints are truncated at 1000 with the over-capacity annotation', () => {
    const big = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 1001, [{ containerPort: 80, name: 'http' }])], { podCidr: '10.0.0.0/8' });
    const ep = big.legacyEndpoints('web')!;
    expect(ep.subsets.reduce((n, s) => n + s.addresses.length, 0)).toBe(1000);
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/over-capacity': 'truncated' });
    const fits = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 1000, [{ containerPort: 80, name: 'http' }])], { podCidr: '10.0.0.0/8' });
    expect(fits.legacyEndpoints('web')!.metadata.annotations).toBeUndefined();
  });

  test('E7 truncation keeps every ready address when they fit and cuts only the not-ready ones (truncateEndpoints)', () => {
    // Subset 1 (http -> 80): 300 not-ready + 300 ready pods; subset 2 (http -> 81): 500 ready.
    // 1100 > 1000 and the 800 ready fit, so all 800 stay and the not-ready share the other 200.
    const big = LocalCluster.fromManifests([
      web(),
      deploy('slow', { app: 'web' }, 300, [{ containerPort: 80, name: 'http' }]),
      deploy('fast', { app: 'web' }, 300, [{ containerPort: 80, name: 'http' }]),
      deploy('other', { app: 'web' }, 500, [{ containerPort: 81, name: 'http' }]),
    ], { podCidr: '10.0.0.0/8', notReady: ['slow'] });
    const ep = big.legacyEndpoints('web')!;
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/over-capacity': 'truncated' });
    expect(ep.subsets.map((x) => [x.ports[0].port, x.addresses.length, x.notReadyAddresses.length])).toEqual([[80, 300, 200], [81, 500, 0]]);

    // More ready addresses than fit: every not-ready one goes, the ready ones are cut in proportion
    // (ceil(600/1100 x 1000) = 546, then the 454 left).
    const ready = LocalCluster.fromManifests([
      web(),
      deploy('slow', { app: 'web' }, 50, [{ containerPort: 80, name: 'http' }]),
      deploy('fast', { app: 'web' }, 600, [{ containerPort: 80, name: 'http' }]),
      deploy('other', { app: 'web' }, 500, [{ containerPort: 81, name: 'http' }]),
    ], { podCidr: '10.0.0.0/8', notReady: ['slow'] }).legacyEndpoints('web')!;
    expect(ready.subsets.map((x) => [x.ports[0].port, x.addresses.length, x.notReadyAddresses.length])).toEqual([[80, 546, 0], [81, 454, 0]]);
  });
});

describe('E8 defaults', () => {
  test('E8 protocol TCP, targetPort = port, type ClusterIP, sessionAffinity None', () => {
    const cluster = LocalCluster.fromManifests([svc('web', { selector: { app: 'web' }, ports: [{ port: 8080 }] }), deploy('web', { app: 'web' }, 1, [{ containerPort: 8080 }])]);
    const info = cluster.service('web')!;
    expect(info.type).toBe('ClusterIP');
    expect(info.sessionAffinity).toBe('None');
    expect(info.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP', targetPort: '8080' }]);
    expect(cluster.endpointSlices('web')[0].ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
  });
});

describe('observed on a real control plane', () => {
  test('O1 a pod resolving none of the ports lands in its own slice with no ports; Endpoints omit it', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes,
      httpPod('p1'),
      recordedPod('p2', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.20', containers: [{ name: 'a', ports: [{ name: 'other', containerPort: 81 }] }] })]);
    const slices = cluster.endpointSlices('web');
    expect(slices.map((s) => [s.endpoints.map((e) => e.targetRef.name), s.ports.length])).toEqual([[['p1'], 1], [['p2'], 0]]);
    expect(cluster.legacyEndpoints('web')!.subsets.flatMap((s) => s.addresses.map((a) => a.targetRef.name))).toEqual(['p1']);
  });

  test('O2 a named port matches only with the same protocol; the first container wins', () => {
    const cluster = LocalCluster.fromManifests([
      svc('dns', { selector: { app: 'web' }, ports: [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }] }), ...nodes,
      recordedPod('p1', { app: 'web' }, {
        nodeName: 'n1',
        ip: '10.244.0.5',
        containers: [
          { name: 'a', ports: [{ name: 'dns', containerPort: 5353, protocol: 'TCP' }] },
          { name: 'b', ports: [{ name: 'dns', containerPort: 5354, protocol: 'UDP' }] },
          { name: 'c', ports: [{ name: 'dns', containerPort: 5355, protocol: 'UDP' }] },
        ],
      }),
    ]);
    expect(cluster.endpoints('dns')[0].ports).toEqual({ dns: 5354 });
  });

  test('O3 hostname is set on a ClusterIP (not headless) Service too, and DNS answers the endpoint name', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes,
      recordedPod('p1', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.5', hostname: 'alpha', subdomain: 'web' })]);
    expect(cluster.service('web')!.headless).toBe(false);
    expect(cluster.endpointSlices('web')[0].endpoints[0].hostname).toBe('alpha');
    expect(cluster.resolve('alpha.web').answers.map((a) => a.value)).toEqual(['10.244.0.5']);
    expect(cluster.resolve('web').answers.map((a) => a.value)).toEqual([cluster.service('web')!.clusterIp]);
  });

  test('O4 publishNotReadyAddresses makes every endpoint ready, serving/terminating unchanged', () => {
    const cluster = LocalCluster.fromManifests([web({ publishNotReadyAddresses: true }), ...nodes, httpPod('p1', { ready: false }), httpPod('p2', { deleting: true })]);
    expect(cluster.endpointSlices('web')[0].endpoints.map((e) => e.conditions)).toEqual([
      { ready: true, serving: false, terminating: false },
      { ready: true, serving: true, terminating: true },
    ]);
  });

  test('O5 a terminating pod is ready false, serving = its Ready condition, terminating true; Endpoints drop it', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes, httpPod('p1', { deleting: true }), httpPod('p2', { deleting: true, ready: false }), httpPod('p3')]);
    expect(cluster.endpointSlices('web')[0].endpoints.map((e) => [e.targetRef.name, e.conditions])).toEqual([
      ['p1', { ready: false, serving: true, terminating: true }],
      ['p2', { ready: false, serving: false, terminating: true }],
      ['p3', { ready: true, serving: true, terminating: false }],
    ]);
    const legacy = cluster.legacyEndpoints('web')!.subsets[0];
    expect([...legacy.addresses, ...legacy.notReadyAddresses].map((a) => a.targetRef.name)).toEqual(['p3']);
  });

  test('O6 a pod not Ready is ready false, serving false; a pod without an IP is absent', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes, httpPod('p1', { ready: false }), recordedPod('p2', { app: 'web' }, { nodeName: 'n1' }), httpPod('p3')]);
    expect(cluster.endpointSlices('web')[0].endpoints.map((e) => [e.targetRef.name, e.conditions.ready, e.conditions.serving])).toEqual([['p1', false, false], ['p3', true, true]]);
  });

  test('O7 selector {} is no selector: no slices, not all pods', () => {
    const cluster = LocalCluster.fromManifests([web({ selector: {} }), deploy('web', { app: 'web' }, 2)]);
    expect(cluster.endpointSlices('web')).toEqual([]);
    expect(cluster.legacyEndpoints('web')).toBeUndefined();
  });

  test('O8 a selector matching no pod in the namespace yields one empty placeholder slice', () => {
    const cluster = LocalCluster.fromManifests([web(), deploy('web', { app: 'web' }, 2, [{ containerPort: 80, name: 'http' }], { namespace: 'other' })]);
    expect(cluster.endpointSlices('web').map((s) => [s.endpoints.length, s.ports.length])).toEqual([[0, 0]]);
    expect(cluster.legacyEndpoints('web')!.subsets).toEqual([]);
  });

  test('O9 single-stack IPv4 keeps only IPv4 podIPs; an IPv6-only pod is absent', () => {
    const cluster = LocalCluster.fromManifests([web(), ...nodes, httpPod('p1', { ips: ['fd00::1', '10.244.0.9'] }), httpPod('p2', { ips: ['fd00::2'] })]);
    expect(cluster.endpoints('web').map((e) => [e.podName, e.ip])).toEqual([['p1', '10.244.0.9']]);
  });

  test('O10 more than 100 endpoints are split into several slices (deterministically here, unlike the controller)', () => {
    const objects = [web(), deploy('web', { app: 'web' }, 101, [{ containerPort: 80, name: 'http' }])];
    const a = LocalCluster.fromManifests(objects).endpointSlices('web');
    expect(a.map((s) => s.endpoints.length)).toEqual([100, 1]);
    expect(new Set(a.map((s) => s.metadata.name)).size).toBe(2);
    expect(LocalCluster.fromManifests(objects).endpointSlices('web')).toEqual(a);
  });

  test('O11 tolerate-unready-endpoints affects only the legacy Endpoints', () => {
    const objects = [...nodes, httpPod('p1', { ready: false })];
    const annotated = LocalCluster.fromManifests([web({}, { annotations: { 'service.alpha.kubernetes.io/tolerate-unready-endpoints': 'true' } }), ...objects]);
    expect(annotated.endpointSlices('web')[0].endpoints[0].conditions.ready).toBe(false);
    expect(annotated.legacyEndpoints('web')!.subsets[0].addresses.map((a) => a.ip)).toEqual(['10.244.0.11']);
    const plain = LocalCluster.fromManifests([web(), ...objects]);
    expect(plain.legacyEndpoints('web')!.subsets[0].addresses).toEqual([]);
    expect(plain.legacyEndpoints('web')!.subsets[0].notReadyAddresses.map((a) => a.ip)).toEqual(['10.244.0.11']);
  });

  test('O12 appProtocol is copied to slice ports', () => {
    const cluster = LocalCluster.fromManifests([svc('web', { selector: { app: 'web' }, ports: [{ port: 80, appProtocol: 'http' }] }), deploy('web', { app: 'web' }, 1)]);
    expect(cluster.endpointSlices('web')[0].ports).toEqual([{ name: '', port: 80, protocol: 'TCP', appProtocol: 'http' }]);
  });
});

describe('E3 without writing the slices', () => {
  // verify reads E3 (pods selected, none ready) from the pods (endpoints.ts hasReadySelectedEndpoint);
  // the slices say the same thing: a cluster whose slices were written first reads them instead.
  const pod = fc.record({
    phase: fc.constantFrom('Running', 'Pending', 'Failed', 'Succeeded'),
    ready: fc.boolean(),
    deleting: fc.boolean(),
    onNode: fc.constantFrom('n1', 'gone'),
    ips: fc.constantFrom([], ['10.244.0.9'], ['fd00:10:244::9'], ['10.244.0.9', 'fd00:10:244::9']),
  });
  const service = fc.record({
    pnra: fc.boolean(),
    families: fc.constantFrom(undefined, ['IPv4'], ['IPv6'], ['IPv6', 'IPv4'], ['IPv4', 'IPv6']),
    policy: fc.constantFrom(undefined, 'SingleStack', 'PreferDualStack', 'RequireDualStack'),
  });

  test('the E3 finding is the same read from the pods or from the slices', () => {
    fc.assert(fc.property(fc.array(pod, { maxLength: 4 }), service, fc.boolean(), (pods, s, dual) => {
      const spec: any = { publishNotReadyAddresses: s.pnra };
      if (s.families) spec.ipFamilies = s.families;
      if (s.policy) spec.ipFamilyPolicy = s.policy;
      const objects = [web(spec), nodes[0], ...pods.map((p, i) => recordedPod(`p${i}`, { app: 'web' }, {
        nodeName: p.onNode,
        phase: p.phase,
        ready: p.ready,
        deleting: p.deleting,
        ips: p.ips.map((ip) => ip.replace(/9$/, String(10 + i))),
      }))];
      const options: LocalClusterOptions = dual ? { clusterIpFamilies: [IpFamily.IPV4, IpFamily.IPV6] } : {};
      const e3 = (c: LocalCluster) => c._findings([]).findings.filter((f) => f.rule === 'E3').map((f) => f.message);
      const fromPods = LocalCluster.fromManifests(objects, options);
      const fromSlices = LocalCluster.fromManifests(objects, options);
      if (fromSlices.service('web')?.accepted) fromSlices.endpointSlices('web'); // written first: E3 reads them
      expect(e3(fromPods)).toEqual(e3(fromSlices));
      // And E3 says what the routed endpoints say.
      if (fromSlices.service('web')?.accepted && pods.length > 0 && e3(fromPods).length === 0) {
        expect(fromSlices.endpoints('web').some((e) => e.ready)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
