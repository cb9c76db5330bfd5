// Placement, allocation, replay, loading and the verify report of LocalCluster.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { deploy, node, recordedPod, statefulSet, svc } from './manifests';
import { LocalCluster, Severity } from '../../src';
import { ClusterModel } from '../../src/model/cluster-model';
import { checkModel } from '../../src/rules/engine';
import { simulationReport } from '../../src/simulation/report';
import { ClusterReport } from '../../src/simulation/verify';

describe('placement', () => {
  test('Deployment pods are name-<hash>-<suffix>, round-robin over 3 nodes in zones a/b/c, IPs from the pod CIDR', () => {
    const c = LocalCluster.fromManifests([deploy('web', { app: 'web' }, 4)]);
    const pods = c.pods();
    expect(pods.map((p) => p.name).every((n) => /^web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toBe(true);
    expect(new Set(pods.map((p) => p.name)).size).toBe(4);
    expect(pods.map((p) => p.nodeName)).toEqual(['node-1', 'node-2', 'node-3', 'node-1']);
    expect(c.nodes()).toEqual([
      { name: 'node-1', ip: '172.18.0.2', zone: 'zone-a' },
      { name: 'node-2', ip: '172.18.0.3', zone: 'zone-b' },
      { name: 'node-3', ip: '172.18.0.4', zone: 'zone-c' },
    ]);
    // Each node gets a quarter of 10.244.0.0/16.
    expect(pods.map((p) => p.ip)).toEqual(['10.244.0.2', '10.244.64.2', '10.244.128.2', '10.244.0.3']);
    expect(pods[0].labels['pod-template-hash']).toBe(pods[0].name.split('-')[1]);
  });

  test('deterministic: the same input gives the same names, IPs and ports', () => {
    const objects = [svc('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] }), deploy('web', { app: 'web' }, 3)];
    const a = LocalCluster.fromManifests(objects);
    const b = LocalCluster.fromManifests(JSON.parse(JSON.stringify(objects)));
    expect(b.pods()).toEqual(a.pods());
    expect(b.services()).toEqual(a.services());
    expect(b.endpointSlices('web')).toEqual(a.endpointSlices('web'));
  });

  test('options: node count and zones; a DaemonSet runs one pod per node', () => {
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a' }] } } } };
    const c = LocalCluster.fromManifests([ds], { nodes: 5, zones: ['x', 'y'] });
    expect(c.nodes().map((n) => n.zone)).toEqual(['x', 'y', 'x', 'y', 'x']);
    expect(c.pods().map((p) => p.nodeName)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5']);
  });

  test('E6 StatefulSet pods are name-0..n-1 with hostname and subdomain = serviceName', () => {
    const c = LocalCluster.fromManifests([statefulSet('db', 'db-hl', { app: 'db' }, 2)]);
    expect(c.pods().map((p) => [p.name, p.hostname, p.subdomain, p.labels['statefulset.kubernetes.io/pod-name']])).toEqual([
      ['db-0', 'db-0', 'db-hl', 'db-0'], ['db-1', 'db-1', 'db-hl', 'db-1'],
    ]);
  });

  test('a selector on a controller-added label (statefulset.kubernetes.io/pod-name) selects one pod', () => {
    const c = LocalCluster.fromManifests([
      svc('db-0', { selector: { 'statefulset.kubernetes.io/pod-name': 'db-0' }, ports: [{ port: 80 }] }),
      svc('db-1', { selector: { 'app': 'db', 'statefulset.kubernetes.io/pod-name': 'db-1' }, ports: [{ port: 80 }] }),
      statefulSet('db', 'db', { app: 'db' }, 3),
    ]);
    expect(c.endpoints('db-0').map((e) => e.podName)).toEqual(['db-0']);
    expect(c.endpoints('db-1').map((e) => e.podName)).toEqual(['db-1']);
  });

  test('replicas 0 runs nothing; a CronJob runs nothing until scheduled; a Job runs parallelism pods', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 2, template: { metadata: { labels: { app: 'j' } }, spec: { containers: [{ name: 'a' }] } } } };
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'c' } }, spec: { containers: [{ name: 'a' }] } } } } } };
    const c = LocalCluster.fromManifests([deploy('zero', { app: 'z' }, 0), job, cron]);
    expect(c.pods().map((p) => p.owner)).toEqual(['Job/default/j', 'Job/default/j']);
  });
});

describe('replay of recorded state', () => {
  test('Pods keep name, nodeName, IPs, phase, readiness and deletionTimestamp; Nodes are the nodes', () => {
    const c = LocalCluster.fromManifests([
      node('kind-worker', 'eu-1a', '172.18.0.5'),
      recordedPod('web-abc', { app: 'web' }, { nodeName: 'kind-worker', ip: '10.244.1.7', ready: false }),
      recordedPod('web-def', { app: 'web' }, { nodeName: 'kind-worker', ip: '10.244.1.8', deleting: true }),
    ]);
    expect(c.nodes()).toEqual([{ name: 'kind-worker', ip: '172.18.0.5', zone: 'eu-1a' }]);
    expect(c.pods().map((p) => [p.name, p.nodeName, p.ip, p.phase, p.ready, p.terminating])).toEqual([
      ['web-abc', 'kind-worker', '10.244.1.7', 'Running', false, false],
      ['web-def', 'kind-worker', '10.244.1.8', 'Running', true, true],
    ]);
  });

  test('a Deployment whose pods are recorded is not simulated again', () => {
    const rec = recordedPod('web-5d9c-abcde', { app: 'web' }, { nodeName: 'n1', ip: '10.244.0.9' });
    rec.metadata.ownerReferences = [{ kind: 'ReplicaSet', name: 'web-5d9c', controller: true }];
    const c = LocalCluster.fromManifests([deploy('web', { app: 'web' }, 3), rec, node('n1', 'a', '172.18.0.2')]);
    expect(c.pods().map((p) => p.name)).toEqual(['web-5d9c-abcde']);
  });

  test('without Node objects, the nodes recorded pods name are added', () => {
    const c = LocalCluster.fromManifests([recordedPod('p', { app: 'web' }, { nodeName: 'minikube', ip: '10.244.0.3' })], { nodes: 1 });
    expect(c.nodes().map((n) => n.name)).toEqual(['node-1', 'minikube']);
  });
});

describe('allocation (RULES.md A10, A11)', () => {
  test('A10 a static clusterIP is honoured; a second Service asking for it is refused', () => {
    const c = LocalCluster.fromManifests([
      svc('a', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }),
      svc('b', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }),
      svc('c', { clusterIP: '10.96.0.51', ports: [{ port: 80 }] }),
    ]);
    expect(c.service('a')!.clusterIp).toBe('10.96.0.50');
    expect(c.service('b')).toMatchObject({ accepted: false, rejection: 'spec.clusterIPs = ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated (Service/default/a requests 10.96.0.50 too)' });
    expect(c.service('c')!.clusterIp).toBe('10.96.0.51');
    expect(() => c.endpoints('b')).toThrow(/refuses it/);
    // The report's findings are the rules' (A10 here), not a second implementation.
    expect(c.verify().findings.map((f) => [f.rule, f.objectRef, f.field])).toEqual([['A10', 'Service/default/b', 'spec.clusterIPs']]);
  });

  test('A10 with a known service CIDR, outside it or kube-dns\'s 10.96.0.10 is refused', () => {
    const c = LocalCluster.fromManifests([svc('a', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] }), svc('d', { clusterIP: '10.96.0.10', ports: [{ port: 80 }] })], { serviceClusterIpRanges: ['10.96.0.0/12'] });
    expect(c.service('a')!.rejection).toMatch(/not in the valid range. The range of valid IPs is 10.96.0.0\/12/);
    expect(c.service('d')!.rejection).toMatch(/already allocated/);
    expect(LocalCluster.fromManifests([svc('a', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] })], { serviceClusterIpRanges: ['10.0.0.0/24'] }).service('a')!.clusterIp).toBe('10.0.0.5');
    expect(c.verify().findings.map((f) => [f.rule, f.objectRef])).toEqual([['A10', 'Service/default/a'], ['A10', 'Service/default/d']]);
  });

  test('A10 without a known service CIDR, a static clusterIP outside the default range is honoured (as the rules skip it)', () => {
    const c = LocalCluster.fromManifests([svc('seed', { clusterIP: '10.0.171.239', ports: [{ port: 80 }] })]);
    expect(c.service('seed')).toMatchObject({ accepted: true, clusterIp: '10.0.171.239' });
    expect(c.verify().findings).toEqual([]);
  });

  test('A11 a requested nodePort is honoured; the same one twice is refused; ports sharing a number share it', () => {
    const c = LocalCluster.fromManifests([
      svc('a', { type: 'NodePort', ports: [{ name: 'tcp', port: 53, nodePort: 30053 }, { name: 'udp', port: 53, protocol: 'UDP' }] }),
      svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30053 }] }),
      svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] }),
    ]);
    expect(c.service('a')!.ports.map((p) => p.nodePort)).toEqual([30053, 30053]);
    expect(c.service('b')).toMatchObject({ accepted: false });
    expect(c.service('c')!.rejection).toMatch(/^spec\.ports\[0\]\.nodePort = 40000: .*provided port is not in the valid range\. The range of valid ports is 30000-32767$/);
    // X5 names both Services sharing 30053; A11 blames the out-of-range one.
    expect(c.verify().findings.filter((f) => f.rule === 'A11' || f.rule === 'X5').map((f) => [f.rule, f.objectRef, f.field])).toEqual([
      ['X5', 'Service/default/a', 'spec.ports[0].nodePort'], ['X5', 'Service/default/b', 'spec.ports[0].nodePort'], ['A11', 'Service/default/c', 'spec.ports[0].nodePort'],
    ]);
  });

  test('allocated ClusterIPs and nodePorts are unique and in range', () => {
    const objects = Array.from({ length: 200 }, (_, i) => svc(`s${i}`, { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] }));
    const c = LocalCluster.fromManifests(objects, { nodePortRange: '30000-30500' });
    const ips = c.services().map((s) => s.clusterIp);
    const ports = c.services().flatMap((s) => s.ports.map((p) => p.nodePort!));
    expect(new Set(ips).size).toBe(200);
    expect(new Set(ports).size).toBe(400);
    expect(ports.every((p) => p >= 30000 && p <= 30500)).toBe(true);
  });
});

describe('a Service that fails validation is refused (422): never created', () => {
  const web = deploy('web', { app: 'web' }, 2, [{ containerPort: 8080, name: 'http' }]);

  test('V16 port 70000: no ClusterIP, no endpoints, no DNS; the rule\'s finding is the only one', () => {
    const c = LocalCluster.fromManifests([svc('bad', { selector: { app: 'web' }, ports: [{ port: 70000, targetPort: 8080 }] }), web]);
    const info = c.service('bad')!;
    expect(info).toMatchObject({ accepted: false, clusterIps: [] });
    expect(info.rejection).toMatch(/^spec\.ports\[0\]\.port = 70000: /);
    expect(() => c.endpoints('bad')).toThrow(/does not exist in the cluster: the API server refuses it \(spec\.ports\[0\]\.port = 70000: .*; rule V16\)/);
    expect(c.resolve('bad.default.svc.cluster.local.').rcode).toBe('NXDOMAIN');
    const r = c.verify();
    expect(r.findings.map((f) => f.rule)).toEqual(['V16']);
    expect(r.toTable()).toContain('default/bad  ClusterIP  cluster-ip REFUSED');
    expect(r.toTable()).toContain(`refused by the API server: ${info.rejection}`);
  });

  test('nearest valid neighbour: port 7000 is created and routed', () => {
    const c = LocalCluster.fromManifests([svc('ok', { selector: { app: 'web' }, ports: [{ port: 7000, targetPort: 8080 }] }), web]);
    expect(c.service('ok')!.accepted).toBe(true);
    expect(c.endpoints('ok')).toHaveLength(2);
  });

  test('a refused Service takes no address: the next one gets the IP it asked for', () => {
    const c = LocalCluster.fromManifests([
      svc('bad', { clusterIP: '10.96.0.50', ports: [{ port: 0 }] }),
      svc('good', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }),
    ]);
    expect(c.service('bad')!.accepted).toBe(false);
    expect(c.service('good')).toMatchObject({ accepted: true, clusterIp: '10.96.0.50' });
  });

  test('the rules agree: the valid Service that got the address has no A10 finding', () => {
    const c = LocalCluster.fromManifests([
      svc('bad', { clusterIP: '10.96.0.50', ports: [{ port: 0 }] }),
      svc('good', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }),
    ]);
    expect(c.verify().findings.map((f) => `${f.rule} ${f.objectRef}`)).toEqual(['V16 Service/default/bad', 'V18 Service/default/bad']);
  });

  test('two Services of one name: the valid one is created, the invalid one refused (each judged alone)', () => {
    const c = LocalCluster.fromManifests([svc('web', { ports: [{ port: 80 }] }), svc('web', { ports: [{ port: 70000 }] })]);
    expect(c.services().map((s) => [s.accepted, s.rejection ?? ''])).toEqual([[true, ''], [false, expect.stringMatching(/^spec\.ports\[0\]\.port = 70000: /)]]);
    expect(c.service('web')!.ports.map((p) => p.port)).toEqual([80]);
  });

  test('a port that is not an object is shown as `?`, not `undefined`', () => {
    const c = LocalCluster.fromManifests([svc('odd', { ports: [null] })]);
    expect(c.service('odd')!.accepted).toBe(false);
    expect(c.verify().toTable()).toContain('ports ?/TCP');
  });

  test('a warning (W1) does not refuse: the API server creates the Service and warns', () => {
    const c = LocalCluster.fromManifests([svc('w', { ports: [{ port: 80 }] }, { annotations: { 'service.kubernetes.io/topology-aware-hints': 'auto' } })]);
    expect(c.verify().findings.map((f) => [f.rule, f.severity])).toContainEqual(['W1', Severity.WARNING]);
    expect(c.service('w')!.accepted).toBe(true);
  });
});

describe('loading', () => {
  class WebChart extends Chart {
    constructor(scope: App) {
      super(scope, 'web', { namespace: 'shop' });
      new ApiObject(this, 'svc', svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
      new ApiObject(this, 'deploy', deploy('web', { app: 'web' }, 3));
    }
  }

  test('fromApp and fromChart read every ApiObject (chart namespace applied)', () => {
    const app = Testing.app();
    const chart = new WebChart(app);
    expect(LocalCluster.fromChart(chart).endpoints('web', 'shop')).toHaveLength(3);
    expect(LocalCluster.fromApp(app).endpoints('web', 'shop')).toHaveLength(3);
  });

  test('fromChart findings carry the construct path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'svc', svc('web', { selector: { app: 'nothing' }, ports: [{ port: 80 }] }));
    expect(LocalCluster.fromChart(chart).verify().findings.map((f) => [f.rule, f.constructPath])).toEqual([['X1', 'c/svc']]);
  });

  test('fromYaml reads multi-document YAML; bad YAML is a readable error', () => {
    const c = LocalCluster.fromYaml(`
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: a, image: nginx }] }
`);
    expect(c.endpoints('web')).toHaveLength(2);
    expect(() => LocalCluster.fromYaml('a: [1, 2')).toThrow(/cannot be read/);
  });

  test('an unknown Service is an error naming the Services', () => {
    const c = LocalCluster.fromManifests([svc('web', { ports: [{ port: 80 }] })]);
    expect(() => c.endpoints('wbe')).toThrow('there is no Service default/wbe; the Services are: default/web');
  });
});

describe('verify report', () => {
  test('the rules\' findings (X1 no pod, X3 a named port no pod serves, X4 a numeric port that is a typo of the declared one) plus E3 none ready', () => {
    const c = LocalCluster.fromManifests([
      svc('orphan', { selector: { app: 'wbe' }, ports: [{ port: 80 }] }),
      svc('badport', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'htp' }] }),
      svc('numeric', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8008 }] }),
      svc('good', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }),
      svc('sleepy', { selector: { app: 'sleepy' }, ports: [{ port: 80 }] }),
      deploy('web', { app: 'web' }, 2, [{ containerPort: 8080, name: 'http' }]),
      deploy('sleepy', { app: 'sleepy' }, 1),
    ], { notReady: ['sleepy'] });
    const r = c.verify();
    expect(r.findings.map((f) => [f.rule, f.objectRef, f.field, f.severity])).toEqual([
      ['X1', 'Service/default/orphan', 'spec.selector', Severity.ERROR],
      ['X3', 'Service/default/badport', 'spec.ports[0].targetPort', Severity.ERROR],
      ['X4', 'Service/default/numeric', 'spec.ports[0].targetPort', Severity.WARNING],
      ['E3', 'Service/default/sleepy', 'spec.selector', Severity.WARNING],
    ]);
    expect(r.ok).toBe(false);
    const good = r.services.find((s) => s.service.name === 'good')!;
    expect(good.ports[0].endpoints).toHaveLength(2);
    expect(good.dns).toEqual([`good.default.svc.cluster.local A ${good.service.clusterIp}`]);
    expect(r.toString()).toContain('default/good  ClusterIP');
    expect(r.toString()).toContain('(rule X3 named-target-port-undeclared)');
  });

  test('simulationReport (the verify CLI hook) gives the table and the findings', () => {
    const model = ClusterModel.fromObjects([svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }), deploy('web', { app: 'web' }, 2)]);
    const out = simulationReport(model);
    expect(out.findings).toEqual([]);
    expect(out.text).toMatch(/^default\/web {2}ClusterIP {2}cluster-ip 10\./);
    expect(out.text).toContain('80/TCP -> 80: 10.244.0.2:80');
  });

  test('simulationReport finds what verify() finds beyond the rules (E3) without the per-Service reports, and renders the same table when read', () => {
    const objects = [
      svc('good', { selector: { app: 'web' }, ports: [{ port: 80 }] }),
      svc('sleepy', { selector: { app: 'sleepy' }, ports: [{ port: 80 }] }),
      svc('ready-peer', { selector: { app: 'sleepy' }, publishNotReadyAddresses: true, ports: [{ port: 80 }] }),
      deploy('web', { app: 'web' }, 2),
      deploy('sleepy', { app: 'sleepy' }, 1),
    ];
    const options = { notReady: ['sleepy'] };
    const model = ClusterModel.fromObjects(objects);
    const rules = checkModel(model);
    const full = LocalCluster.fromManifests(objects, options).verify();
    const out = simulationReport(model, options, rules);
    expect(out.findings.map((f) => `${f.rule} ${f.objectRef}`)).toEqual(['E3 Service/default/sleepy']);
    expect(out.findings).toEqual(full.findings.filter((f) => !rules.some((r) => r.rule === f.rule && r.objectRef === f.objectRef)));
    expect(out.text).toBe(new ClusterReport(full.services, []).toTable());
  });

  test('simulationReport returns only the findings the rules did not already give, and its table lists none', () => {
    const model = ClusterModel.fromObjects([
      svc('a', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] }),
      svc('b', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] }),
      deploy('web', { app: 'web' }, 1),
    ]);
    const rules = checkModel(model);
    expect(rules.map((f) => `${f.rule} ${f.objectRef}`)).toEqual(['X5 Service/default/a', 'S4 Service/default/a', 'X5 Service/default/b', 'S4 Service/default/b']);
    const out = simulationReport(model, {}, rules);
    expect(out.findings).toEqual([]);
    expect(out.text).toContain('refused by the API server: spec.ports[0].nodePort = 30080: nodePort 30080 is also requested by Service default/a');
    expect(out.text).not.toContain('(rule ');
    // Nearest neighbour: without the rule findings, the simulation reports the refusal itself,
    // as the rule that decides it (X5) with the rule's fix.
    expect(simulationReport(model).findings.map((f) => `${f.rule} ${f.objectRef} ${f.fix}`)).toEqual([
      'X5 Service/default/b give each Service its own nodePort, or leave nodePort out and let Kubernetes pick a free one',
    ]);
  });
});

// At scale, for correctness: speed is measured in bench/ (simulate / synth at N = 5,000), not here.
describe('at scale', () => {
  test('5,000 Services over 5,000 three-replica Deployments simulate and verify, every Service with its 3 endpoints', () => {
    const objects: any[] = [];
    for (let i = 0; i < 5000; i++) {
      objects.push(svc(`s${i}`, { selector: { app: `a${i}` }, ports: [{ port: 80 }] }));
      objects.push(deploy(`d${i}`, { app: `a${i}`, tier: 'web' }, 3));
    }
    const report = LocalCluster.fromManifests(objects).verify();
    expect(report.services).toHaveLength(5000);
    expect(report.services.every((s) => s.readyEndpoints === 3)).toBe(true);
  }, 60000);
});

describe('controller labels on simulated pods (issue 11)', () => {
  test('a per-pod Service of a StatefulSet gets exactly the one endpoint of that pod', () => {
    const c = LocalCluster.fromManifests([
      svc('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 80 }] }),
      svc('db-1', { selector: { 'statefulset.kubernetes.io/pod-name': 'db-1' }, ports: [{ port: 80 }] }),
      statefulSet('db', 'db', { app: 'db' }, 3),
    ]);
    expect(c.endpoints('db-1').map((e) => e.podName)).toEqual(['db-1']);
    expect(c.verify().findings.filter((f) => f.rule === 'X1')).toEqual([]);
  });

  test('Job pods carry job-name, batch.kubernetes.io/job-name and the controller-uid labels; a Service on job-name selects them', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { parallelism: 2, template: { metadata: { labels: { app: 'm' } }, spec: { containers: [{ name: 'a' }] } } } };
    const c = LocalCluster.fromManifests([svc('m', { selector: { 'batch.kubernetes.io/job-name': 'migrate' }, ports: [{ port: 80 }] }), job]);
    for (const p of c.pods()) {
      expect(p.labels['job-name']).toBe('migrate');
      expect(p.labels['batch.kubernetes.io/controller-uid']).toBe(p.labels['controller-uid']);
    }
    expect(c.endpoints('m')).toHaveLength(2);
    expect(LocalCluster.fromManifests([svc('m', { selector: { 'job-name': 'other' }, ports: [{ port: 80 }] }), job]).endpoints('m')).toEqual([]);
  });

  test('a workload the API server refuses (selector does not match the template) runs no pods and gets X9', () => {
    const bad = deploy('web', { app: 'web' }, 2);
    bad.spec.selector = { matchLabels: { app: 'other' } };
    const c = LocalCluster.fromManifests([svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }), bad]);
    expect(c.pods()).toEqual([]);
    expect(c.endpoints('web')).toEqual([]);
    expect(c.verify().findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['X9', 'X1']));
  });
});

describe('ServiceInfo holds the types it declares', () => {
  test('a policy written as null is absent from the info (null decodes as unset); a written one is kept', () => {
    const c = LocalCluster.fromManifests([
      deploy('web', { app: 'web' }),
      svc('nulls', { selector: { app: 'web' }, ports: [{ port: 80 }], externalTrafficPolicy: null, internalTrafficPolicy: null }),
      svc('local', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }),
    ]);
    const nulls = c.service('nulls')!;
    expect(nulls.accepted).toBe(true);
    expect(Object.values(nulls)).not.toContain(null);
    // DF6 defaults internalTrafficPolicy of a ClusterIP Service (a null one too): Cluster.
    expect([nulls.externalTrafficPolicy, nulls.internalTrafficPolicy]).toEqual([undefined, 'Cluster']);
    expect(c.service('local')!.externalTrafficPolicy).toBe('Local');
  });
});
