// The emitted real-cluster harness (issue 5; DESIGN.md "The harness"): what each file says,
// that every emitted manifest passes our rules and the kubernetes-models OpenAPI schemas, that
// run.sh is shellcheck-clean, and a snapshot of the whole folder per scenario.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, ApiObject, Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { schemaErrors, shellcheck, shellcheckHarness, tmpDir, withShellcheck } from './checks';
import { SCENARIOS, edgeCases, externalName, headlessStatefulSet, multiPortNodePort, seedHttpd } from './scenarios';
import { Harness, HarnessOptions } from '../../src/harness';
import { ClusterModel } from '../../src/model/cluster-model';
import { Severity } from '../../src/model/findings';
import { checkModel } from '../../src/rules/engine';
import { LocalCluster } from '../../src/simulation/local-cluster';
import { node as nodeObject } from '../simulation/manifests';

function emit(manifests: any[], options: HarnessOptions = {}): Harness {
  return Harness.fromManifests(manifests, options);
}

function docs(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null);
}

function file(h: Harness, name: string): string {
  const text = h.file(name);
  if (text === undefined) throw new Error(`${name} was not emitted; files: ${h.files.map((f) => f.path).join(', ')}`);
  return text;
}

function expectations(h: Harness): any {
  return JSON.parse(file(h, 'expectations.json'));
}

function checks(h: Harness): any[] {
  return expectations(h).services.flatMap((s: any) => s.checks);
}

function check(h: Harness, id: string): any {
  const c = checks(h).find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}; checks: ${checks(h).map((x) => x.id).join(', ')}`);
  return c;
}

function probeScriptOf(h: Harness, jobName: string): string {
  const job = docs(file(h, 'probes.k8s.yaml')).find((o) => o.kind === 'Job' && o.metadata.name === jobName);
  if (!job) throw new Error(`no probe Job ${jobName}`);
  return job.spec.template.spec.containers[0].command[2];
}


describe('the emitted folder', () => {
  test('has the README, expectations, kind config, manifests, probes and runner, sorted; run.sh is executable', () => {
    const h = emit(seedHttpd());
    expect(h.files.map((f) => f.path)).toEqual(['README.md', 'expectations.json', 'kind.yaml', 'manifests.k8s.yaml', 'probes.k8s.yaml', 'run-data.sh', 'run.sh']);
    expect(h.files.filter((f) => f.executable).map((f) => f.path)).toEqual(['run.sh']);
  });

  test('chainsaw-test.yaml only behind the chainsaw option', () => {
    expect(emit(seedHttpd()).file('chainsaw-test.yaml')).toBeUndefined();
    expect(emit(seedHttpd(), { chainsaw: true }).file('chainsaw-test.yaml')).toContain('kind: Test');
  });

  test('is deterministic: the same manifests give byte-identical files', () => {
    for (const make of Object.values(SCENARIOS)) {
      expect(emit(make(), { chainsaw: true }).files).toEqual(emit(make(), { chainsaw: true }).files);
    }
  });

  test('write() creates the folder, writes every file and marks run.sh 0755', () => {
    const dir = path.join(tmpDir(), 'nested', 'harness');
    const written = emit(seedHttpd()).write(dir);
    expect(written.map((p) => path.relative(dir, p)).sort()).toEqual(['README.md', 'expectations.json', 'kind.yaml', 'manifests.k8s.yaml', 'probes.k8s.yaml', 'run-data.sh', 'run.sh']);
    const mode = (f: string) => fs.statSync(path.join(dir, f)).mode.toString(8).slice(-3);
    expect(mode('run.sh')).toBe('755');
    expect(mode('kind.yaml')).toMatch(/^[0246]/); // not executable by its owner
  });

  test.each(Object.entries(SCENARIOS))('snapshot: %s', (_name, make) => {
    const h = emit(make(), { chainsaw: true });
    // run.sh is the same file in every harness: checked to be it, not snapshotted (issue 15).
    expect(file(h, 'run.sh')).toBe(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'harness', 'run.sh'), 'utf8'));
    expect(Object.fromEntries(h.files.filter((f) => f.path !== 'run.sh').map((f) => [f.path, f.content]))).toMatchSnapshot();
  });
});

describe('manifests.k8s.yaml and probes.k8s.yaml are valid', () => {
  test.each(Object.entries(SCENARIOS))('%s: every object passes the kubernetes-models schema', (_name, make) => {
    const h = emit(make());
    const objects = [...docs(file(h, 'manifests.k8s.yaml')), ...docs(file(h, 'probes.k8s.yaml'))];
    expect(objects.length).toBeGreaterThan(1);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('the schema check is not vacuous: a probe Job without containers, the nearest invalid neighbour, fails it', () => {
    const job = docs(file(emit(seedHttpd()), 'probes.k8s.yaml')).find((o) => o.kind === 'Job');
    expect(schemaErrors([job])).toEqual([]);
    delete job.spec.template.spec.containers;
    expect(schemaErrors([job])).toHaveLength(1);
  });

  const errorsOf = (objects: any[]) => checkModel(ClusterModel.fromObjects(objects))
    .filter((f) => f.severity === Severity.ERROR).map((f) => `${f.rule} ${f.objectRef} ${f.field}: ${f.message}`);

  test.each(Object.entries(SCENARIOS).filter(([n]) => n !== 'edge-cases'))('%s: the app plus probes pass our own rules with no error finding', (_name, make) => {
    const h = emit(make());
    expect(errorsOf([...docs(file(h, 'manifests.k8s.yaml')), ...docs(file(h, 'probes.k8s.yaml'))])).toEqual([]);
  });

  test('edge-cases: the probes add no finding to the app\'s own (its orphan Service is X1 on purpose)', () => {
    const h = emit(edgeCases());
    const app = docs(file(h, 'manifests.k8s.yaml'));
    // The orphan's selector is unlike the app's workload: X1 as a warning (docs/severity.md).
    const reviewed = (objects: any[]) => checkModel(ClusterModel.fromObjects(objects))
      .filter((f) => f.severity !== Severity.INFO).map((f) => `${f.rule} ${f.severity} ${f.objectRef}`);
    expect(reviewed(app)).toEqual(['X1 warning Service/default/orphan']);
    expect(reviewed([...app, ...docs(file(h, 'probes.k8s.yaml'))])).toEqual(reviewed(app));
  });

  test('manifests: namespaced objects get the namespace the simulation assumed, Namespaces come first, Nodes are left out', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
    const objects = docs(file(emit([...headlessStatefulSet(), node, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } }]), 'manifests.k8s.yaml'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toEqual([
      'Namespace/-/late', 'Service/default/db', 'StatefulSet/default/db',
    ]);
  });

  test('the input objects are not modified', () => {
    const input = headlessStatefulSet();
    const before = JSON.stringify(input);
    emit(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  test('probe Jobs: backoffLimit 0, restartPolicy Never, a deadline, non-root, read-only root, all capabilities dropped', () => {
    const jobs = docs(file(emit(multiPortNodePort(), { image: 'registry.example/busybox:1.36' }), 'probes.k8s.yaml')).filter((o) => o.kind === 'Job');
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job.metadata.namespace).toBe('cdk8s-services-harness');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(pod.containers[0].image).toBe('registry.example/busybox:1.36');
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('the probe image defaults to busybox:1.36', () => {
    const job = docs(file(emit(seedHttpd()), 'probes.k8s.yaml')).find((o) => o.kind === 'Job');
    expect(job.spec.template.spec.containers[0].image).toBe('busybox:1.36');
  });
});

describe('kind.yaml', () => {
  test('maps every pinned nodePort with containerPort = hostPort = nodePort on 127.0.0.1 (ANCHORS: kind extraPortMappings)', () => {
    const kind = parse(file(emit(multiPortNodePort()), 'kind.yaml'));
    expect(kind).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
    expect(kind.nodes[0].role).toBe('control-plane');
    expect(kind.nodes[0].extraPortMappings).toEqual([
      { containerPort: 31080, hostPort: 31080, listenAddress: '127.0.0.1', protocol: 'TCP' },
      { containerPort: 31443, hostPort: 31443, listenAddress: '127.0.0.1', protocol: 'TCP' },
    ]);
  });

  test('a nodePort the manifest leaves to the allocator is not mapped, and says so', () => {
    const text = file(emit(edgeCases()), 'kind.yaml');
    expect(parse(text).nodes[0].extraPortMappings.map((m: any) => m.containerPort)).toEqual([30080]);
    expect(text).toContain('# not mapped (nodePort not pinned in the manifest): default/api-auto port 8080/TCP');
  });

  test('no NodePort: no mappings', () => {
    expect(parse(file(emit(headlessStatefulSet()), 'kind.yaml')).nodes[0].extraPortMappings).toBeUndefined();
  });

  test('the nodes the simulation assumed: 3 by default gives a control-plane plus 3 workers', () => {
    const h = emit(seedHttpd());
    expect(parse(file(h, 'kind.yaml')).nodes.map((n: any) => n.role)).toEqual(['control-plane', 'worker', 'worker', 'worker']);
    expect(expectations(h).nodes).toHaveLength(3);
  });

  test('nodes: 1 gives a single (schedulable) control-plane node', () => {
    const h = emit(seedHttpd(), { nodes: 1 });
    expect(parse(file(h, 'kind.yaml')).nodes.map((n: any) => n.role)).toEqual(['control-plane']);
    expect(expectations(h).nodes).toHaveLength(1);
  });

  test('the cluster name is configurable and validated', () => {
    expect(parse(file(emit(seedHttpd(), { clusterName: 'shop-e2e' }), 'kind.yaml')).name).toBe('shop-e2e');
    expect(() => emit(seedHttpd(), { clusterName: 'Shop E2E' })).toThrow(/clusterName "Shop E2E" is not a kind cluster name/);
  });
});

describe('expectations and checks (from the simulation)', () => {
  test('seed httpd: 2 ready endpoints on port 80 (E1-E4), DNS A from the live ClusterIP (D2), TCP by name and IP open (K4)', () => {
    const h = emit(seedHttpd());
    const svc = expectations(h).services.find((s: any) => s.name === 'httpd-service');
    expect(svc.endpoints).toMatchObject({ addressType: 'IPv4', ready: 2, ports: ['/80/TCP'] });
    expect(check(h, 'httpd-namespace/httpd-service/endpointslices').expected).toBe('ready=2 ports=/80/TCP');
    expect(check(h, 'httpd-namespace/httpd-service/dns-a').expected).toBe('$SVC_0_CLUSTER_IP');
    expect(check(h, 'httpd-namespace/httpd-service/tcp-name/80').expected).toBe('open');
    expect(check(h, 'httpd-namespace/httpd-service/tcp-ip/80').expected).toBe('open');
    expect(check(h, 'httpd-namespace/httpd-nodeport/nodeport-host/80')).toMatchObject({ site: 'host', port: 30008, expected: 'open' });
    expect(expectations(h).undeclaredNamespaces).toEqual(['httpd-namespace']);
  });

  test('multi-port: named targetPorts resolve to the container ports (E4); http by port name gets an HTTP check, https does not', () => {
    const h = emit(multiPortNodePort());
    expect(check(h, 'shop/shop/endpointslices').expected).toBe('ready=3 ports=http/8080/TCP,https/8443/TCP');
    expect(check(h, 'shop/shop/http/80').expected).toBe('http');
    expect(checks(h).map((c) => c.id)).not.toContain('shop/shop/http/443');
    expect(expectations(h).undeclaredNamespaces).toEqual([]);
  });

  test('headless: one A record per ready pod (D4), no ClusterIP checks (K1), the pod port reached by name', () => {
    const h = emit(headlessStatefulSet());
    expect(check(h, 'default/db/dns-headless').expected).toBe('3-records');
    expect(check(h, 'default/db/tcp-pod/80')).toMatchObject({ expected: 'open', port: 80 });
    expect(checks(h).filter((c) => c.kind === 'tcp-ip' || c.kind === 'dns-a')).toEqual([]);
  });

  test('headless with no ready pod: 0 records (NXDOMAIN, D4) and no connect check; the neighbour with pods has 3', () => {
    const [svc] = headlessStatefulSet();
    const h = emit([svc]);
    expect(check(h, 'default/db/dns-headless').expected).toBe('0-records');
    expect(checks(h).filter((c) => c.kind === 'tcp-pod')).toEqual([]);
  });

  test('ExternalName: a CNAME to the external name (D5), no EndpointSlice or connect checks (E1, K1)', () => {
    const h = emit(externalName());
    expect(checks(h).map((c) => `${c.id}=${c.expected}`)).toEqual(['default/payments/dns-cname=api.payments.example.com']);
    expect(file(h, 'run-data.sh')).toContain('SLICE_CHECKS=()');
  });

  test('a selector that matches no pod: connections expected refused (closed, K4), DNS still answers (D2); the selected neighbour is open', () => {
    const h = emit(edgeCases());
    expect(check(h, 'default/orphan/endpointslices').expected).toBe('ready=0 ports=none');
    expect(check(h, 'default/orphan/tcp-name/80').expected).toBe('closed');
    expect(check(h, 'default/orphan/dns-a').expected).toBe('$SVC_0_CLUSTER_IP');
    expect(check(h, 'default/api-auto/tcp-name/8080').expected).toBe('open');
  });

  test('externalTrafficPolicy Local: the host check is skipped and no node check is generated (K6); appProtocol http gets an HTTP check', () => {
    const h = emit(edgeCases());
    expect(check(h, 'default/api/nodeport-host/80').expected).toBe('skip');
    expect(checks(h).map((c) => c.id)).not.toContain('default/api/nodeport-node/80');
    expect(check(h, 'default/api/http/80').expected).toBe('http');
  });

  test('an unpinned nodePort: skipped from the host, checked from a probe on its node with the live nodePort (K5)', () => {
    const h = emit(edgeCases());
    expect(check(h, 'default/api-auto/nodeport-host/8080').expected).toBe('skip');
    expect(check(h, 'default/api-auto/nodeport-node/8080').expected).toBe('open');
    expect(probeScriptOf(h, 'probe-2-api-auto')).toContain('attempt default/api-auto/nodeport-node/8080 open tcp "$HOST_IP" "${SVC_2_NODE_PORT_8080:-0}"');
  });

  test('a refused Service (duplicate nodePort) gets no checks and is listed as refused', () => {
    const [dep, , np] = seedHttpd();
    const twin = { ...np, metadata: { ...np.metadata, name: 'httpd-twin' } };
    const x = expectations(emit([dep, np, twin]));
    expect(x.services.map((s: any) => s.name)).toEqual(['httpd-nodeport']);
    expect(x.refused.map((r: any) => r.name)).toEqual(['httpd-twin']);
  });
});

describe('a Service the API server refuses is applied alone and must be refused', () => {
  const [dep, , np] = seedHttpd();
  const twin = { ...np, metadata: { ...np.metadata, name: 'httpd-twin' } };
  const invalid = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bad-port', namespace: 'httpd-namespace' }, spec: { selector: { name: 'deployment' }, ports: [{ port: 70000 }] } };

  test('it is out of manifests.k8s.yaml (one refusal would fail the whole apply), in its own refused-N file', () => {
    const h = emit([dep, np, twin, invalid]);
    const applied = docs(file(h, 'manifests.k8s.yaml')).map((o) => o.metadata.name);
    expect(applied).toEqual(['httpd-deployments', 'httpd-nodeport']);
    expect(expectations(h).refused).toEqual([
      { name: 'httpd-twin', namespace: 'httpd-namespace', reason: expect.stringMatching(/^spec\.ports\[0\]\.nodePort = 30008: nodePort 30008 is also requested by Service httpd-namespace\/httpd-nodeport; .*"provided port is already allocated"$/), file: 'refused-1.k8s.yaml' },
      { name: 'bad-port', namespace: 'httpd-namespace', reason: expect.stringMatching(/^spec\.ports\[0\]\.port = 70000: /), file: 'refused-2.k8s.yaml' },
    ]);
    expect(docs(file(h, 'refused-1.k8s.yaml')).map((o) => o.metadata.name)).toEqual(['httpd-twin']);
    expect(docs(file(h, 'refused-2.k8s.yaml')).map((o) => o.metadata.name)).toEqual(['bad-port']);
    expect(file(h, 'run-data.sh')).toContain("REFUSED=(\n  'refused-1.k8s.yaml|httpd-namespace|httpd-twin'\n  'refused-2.k8s.yaml|httpd-namespace|bad-port'\n)");
    expect(file(h, 'README.md')).toContain('applied alone from refused-2.k8s.yaml');
  });

  test('a Service the API server cannot decode (T1) is refused the same way, not left to fail the whole apply', () => {
    const undecodable = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'quoted', namespace: 'httpd-namespace' }, spec: { ports: [{ port: '80' }] } };
    const h = emit([dep, np, undecodable]);
    expect(docs(file(h, 'manifests.k8s.yaml')).map((o) => o.metadata.name)).toEqual(['httpd-deployments', 'httpd-nodeport']);
    expect(expectations(h).refused).toEqual([{ name: 'quoted', namespace: 'httpd-namespace', reason: 'spec.ports[0].port must be a whole number (int32), without quotes', file: 'refused-1.k8s.yaml' }]);
  });

  test('chainsaw applies each one expecting an error', () => {
    const test = parse(file(emit([dep, np, invalid], { chainsaw: true }), 'chainsaw-test.yaml'));
    const step = test.spec.steps.find((x: any) => x.name === 'refused');
    expect(step.try).toEqual([{ apply: { file: 'refused-1.k8s.yaml', expect: [{ check: { '($error != null)': true } }] } }]);
  });

  test('no refusal: no refused step, no refused file; a rewrite removes stale ones', () => {
    const dir = tmpDir();
    emit([dep, np, invalid]).write(dir);
    expect(fs.existsSync(path.join(dir, 'refused-1.k8s.yaml'))).toBe(true);
    const clean = emit([dep, np], { chainsaw: true });
    clean.write(dir);
    expect(fs.existsSync(path.join(dir, 'refused-1.k8s.yaml'))).toBe(false);
    expect(parse(file(clean, 'chainsaw-test.yaml')).spec.steps.map((x: any) => x.name)).not.toContain('refused');
  });

  test('a pinned clusterIP outside kind\'s Service CIDR (10.96.0.0/12) is refused, as kind\'s API server does; inside it is kept', () => {
    const svc = (name: string, ip: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { clusterIP: ip, ports: [{ port: 80 }] } });
    const x = expectations(emit([svc('outside', '10.0.0.10'), svc('inside', '10.96.0.99')]));
    expect(x.refused.map((r: any) => r.name)).toEqual(['outside']);
    expect(x.services.map((s: any) => s.name)).toEqual(['inside']);
    expect(x.serviceCidr).toBe('10.96.0.0/12');
  });
});

describe('a cluster dump (kubectl get -o yaml) is made creatable', () => {
  const live = { uid: 'u-1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z', generation: 3, managedFields: [{}] };
  const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9', uid: 'rs-1', controller: true }];
  const dump = () => [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...live }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] } } }, status: { readyReplicas: 2 } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-7d9-abc', namespace: 'shop', labels: { app: 'web' }, ownerReferences: owner, ...live }, spec: { nodeName: 'prod-node-7', containers: [{ name: 'a', image: 'nginx' }] }, status: { phase: 'Running' } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', ...live, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'team': 'a' } }, spec: { clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'], selector: { app: 'web' }, ports: [{ port: 80 }] }, status: { loadBalancer: {} } },
    { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'shop', ...live }, subsets: [] },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext-db', namespace: 'shop', ...live }, spec: { clusterIP: '10.0.0.11', ports: [{ port: 5432 }] } },
    { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext-db', namespace: 'shop', ...live }, subsets: [{ addresses: [{ ip: '192.168.1.5' }], ports: [{ port: 5432 }] }] },
  ];

  test('server-set fields, status, allocated ClusterIPs and node names go; what a controller made is left out', () => {
    const h = emit(dump());
    const applied = docs(file(h, 'manifests.k8s.yaml'));
    expect(applied.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web', 'Service/web', 'Service/ext-db', 'Endpoints/ext-db']);
    for (const o of applied) {
      expect(Object.keys(o.metadata).filter((k) => ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields'].includes(k))).toEqual([]);
      expect(o.status).toBeUndefined();
    }
    const web = applied.find((o) => o.kind === 'Service' && o.metadata.name === 'web');
    expect(web.spec.clusterIP).toBeUndefined();
    expect(web.metadata.annotations).toEqual({ team: 'a' });
    // Predicted as kind will run it: the Deployment's 2 pods, not the dump's recorded one; the
    // selector-less ext-db gets its Endpoints mirrored into a slice, as kind's controller does.
    expect(expectations(h).services.find((x: any) => x.name === 'web').endpoints.ready).toBe(2);
    expect(expectations(h).services.find((x: any) => x.name === 'ext-db').endpoints.ready).toBe(1);
    expect(expectations(h).refused).toEqual([]);
  });

  test('a dumped Job loses the selector its controller generated from the old uid (a new Job gets its own)', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop', ...live },
      spec: {
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
        template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'u-1', 'controller-uid': 'u-1', 'job-name': 'migrate', 'app': 'migrate' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox' }] } },
      },
    };
    const [applied] = docs(file(emit([job]), 'manifests.k8s.yaml'));
    expect(applied.spec.selector).toBeUndefined();
    expect(applied.spec.template.metadata.labels).toEqual({ 'job-name': 'migrate', 'app': 'migrate' });
  });

  test('hand-written manifests keep their pinned ClusterIP (only a dump\'s are another cluster\'s allocation)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pinned', namespace: 'default' }, spec: { clusterIP: '10.96.0.99', ports: [{ port: 80 }] } };
    expect(docs(file(emit([svc]), 'manifests.k8s.yaml'))[0].spec.clusterIP).toBe('10.96.0.99');
  });
});

describe('a LocalCluster of your own', () => {
  test('its Service CIDR and node port range go into kind.yaml', () => {
    const manifests = seedHttpd();
    manifests[2].spec.ports[0].nodePort = 30050;
    const cluster = LocalCluster.fromManifests(manifests, { serviceClusterIpRanges: ['10.100.0.0/16'], nodePortRange: '30000-30100' });
    const kind = parse(file(Harness.fromLocalCluster(cluster, manifests), 'kind.yaml'));
    expect(kind.networking.serviceSubnet).toBe('10.100.0.0/16');
    expect(kind.kubeadmConfigPatches).toEqual(['kind: ClusterConfiguration\napiServer:\n  extraArgs:\n    service-node-port-range: "30000-30100"\n']);
    // The default range needs no patch.
    expect(parse(file(Harness.fromLocalCluster(LocalCluster.fromManifests(seedHttpd()), seedHttpd()), 'kind.yaml')).kubeadmConfigPatches).toBeUndefined();
  });

  test('a node port range written with spaces goes into kind.yaml as kube-apiserver reads it', () => {
    const cluster = LocalCluster.fromManifests(seedHttpd(), { nodePortRange: '30000 - 30100' });
    expect(parse(file(Harness.fromLocalCluster(cluster, seedHttpd()), 'kind.yaml')).kubeadmConfigPatches)
      .toEqual(['kind: ClusterConfiguration\napiServer:\n  extraArgs:\n    service-node-port-range: "30000-30100"\n']);
    expect(parse(file(Harness.fromLocalCluster(LocalCluster.fromManifests(seedHttpd(), { nodePortRange: ' 30000-32767' }), seedHttpd()), 'kind.yaml')).kubeadmConfigPatches).toBeUndefined();
  });

  test('built without a serviceCidr, it is simulated with kind\'s: a pinned address outside it is predicted refused', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pinned', namespace: 'default' }, spec: { clusterIP: '10.0.0.10', ports: [{ port: 80 }] } };
    expect(LocalCluster.fromManifests([svc]).service('pinned')!.accepted).toBe(true); // no range known to the user's cluster
    const x = expectations(Harness.fromLocalCluster(LocalCluster.fromManifests([svc]), [svc]));
    expect(x.refused.map((r: any) => r.name)).toEqual(['pinned']);
    expect(x.serviceCidr).toBe('10.96.0.0/12');
  });

  test('simulated again with kind\'s CIDR, it keeps the nodes its Node objects gave', () => {
    const nodes = [nodeObject('a', 'z1', '172.18.0.2'), nodeObject('b', 'z2', '172.18.0.3')];
    const x = expectations(Harness.fromLocalCluster(LocalCluster.fromManifests([...seedHttpd(), ...nodes]), [...seedHttpd(), ...nodes]));
    expect(x.nodes.map((n: any) => `${n.name}/${n.zone}`)).toEqual(['a/z1', 'b/z2']);
  });

  test('built with pod states no real cluster is put in (notReady, terminating, loadBalancerIngress), it is refused with the reason', () => {
    const cluster = LocalCluster.fromManifests(seedHttpd(), { notReady: ['httpd-deployments'] });
    expect(() => Harness.fromLocalCluster(cluster, seedHttpd())).toThrow(/built with notReady, which no real cluster is put into/);
  });
});

describe('workloads and protocols run.sh and chainsaw must treat apart', () => {
  test('a StatefulSet with updateStrategy OnDelete is waited for by its pods (rollout status refuses OnDelete)', () => {
    const manifests = headlessStatefulSet();
    const sts = manifests.find((o) => o.kind === 'StatefulSet');
    sts.spec.updateStrategy = { type: 'OnDelete' };
    const labels = Object.entries(sts.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    expect(file(emit(manifests), 'run-data.sh')).toContain(`'StatefulSet|${sts.metadata.namespace ?? 'default'}|${sts.metadata.name}|${labels}'`);
    expect(file(emit(headlessStatefulSet()), 'run-data.sh')).toContain(`'StatefulSet|${sts.metadata.namespace ?? 'default'}|${sts.metadata.name}|'`);
  });

  test('chainsaw waits for a DaemonSet to have scheduled pods, all ready, at its generation (0 of 0 is not ready)', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
    };
    const test = parse(file(emit([ds], { chainsaw: true }), 'chainsaw-test.yaml'));
    const asserts = test.spec.steps.find((x: any) => x.name === 'manifests').try.filter((t: any) => t.assert).map((t: any) => t.assert.resource);
    expect(asserts).toEqual([{
      'apiVersion': 'apps/v1',
      'kind': 'DaemonSet',
      'metadata': { name: 'agent', namespace: 'default' },
      '(status.observedGeneration == metadata.generation && status.desiredNumberScheduled > `0` && status.numberReady == status.desiredNumberScheduled)': true,
    }]);
  });

  test('appProtocol kubernetes.io/h2c gets no HTTP/1.1 check; kubernetes.io/http does', () => {
    const manifests = seedHttpd();
    manifests[1].spec.ports = [{ name: 'grpc', port: 80, targetPort: 80, appProtocol: 'kubernetes.io/h2c' }, { name: 'web', port: 81, targetPort: 80, appProtocol: 'kubernetes.io/http' }];
    const ids = checks(emit(manifests)).map((c) => c.id);
    expect(ids).not.toContain('httpd-namespace/httpd-service/http/80');
    expect(ids).toContain('httpd-namespace/httpd-service/http/81');
  });
});

describe('probe scripts (run here with stand-ins for busybox nslookup, nc and wget)', () => {
  /** Writes stand-in commands that answer as busybox does, and runs the script with them. */
  function runProbe(script: string, env: Record<string, string>, answers: { a?: string[]; cname?: string; open?: boolean; http?: boolean }) {
    const bin = tmpDir();
    const nsl = [
      '#!/bin/sh',
      'printf "Server:\\t\\t10.96.0.10\\nAddress:\\t10.96.0.10:53\\n\\n"',
      'case "$1" in',
      `  -type=cname) ${answers.cname ? `printf "%s\\tcanonical name = ${answers.cname}.\\n" "$2"` : 'echo "*** Can\'t find $2: No answer"'} ;;`,
      `  *) ${(answers.a ?? []).map((ip) => `printf "Name:\\t%s\\nAddress: ${ip}\\n\\n" "$2"; `).join('')}: ;;`,
      'esac',
    ].join('\n');
    fs.writeFileSync(path.join(bin, 'nslookup'), `${nsl}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'nc'), `#!/bin/sh\nexit ${answers.open === false ? 1 : 0}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'wget'), `#!/bin/sh\n${answers.http === false ? 'echo "wget: can\'t connect" >&2; exit 1' : 'echo "  HTTP/1.1 404 Not Found" >&2; exit 1'}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, ...env } });
    return { status: r.status, lines: r.stdout.trim().split('\n') };
  }

  test('all answers as predicted: one CHECK line per check, each PASS, exit 0', () => {
    const h = emit(seedHttpd());
    const r = runProbe(probeScriptOf(h, 'probe-1-httpd-nodeport'), { SVC_1_CLUSTER_IP: '10.96.7.7', SVC_1_NODE_PORT_80: '30008', HOST_IP: '172.18.0.3' }, { a: ['10.96.7.7'] });
    expect(r.lines).toEqual([
      'CHECK httpd-namespace/httpd-nodeport/dns-a expected=10.96.7.7 seen=10.96.7.7 PASS',
      'CHECK httpd-namespace/httpd-nodeport/tcp-name/80 expected=open seen=open PASS',
      'CHECK httpd-namespace/httpd-nodeport/tcp-ip/80 expected=open seen=open PASS',
      'CHECK httpd-namespace/httpd-nodeport/nodeport-node/80 expected=open seen=open PASS',
    ]);
    expect(r.status).toBe(0);
  });

  test('a wrong DNS answer and a closed port: FAIL lines and exit 1 (the Job fails)', () => {
    const h = emit(seedHttpd());
    const r = runProbe(probeScriptOf(h, 'probe-0-httpd-service'), { SVC_0_CLUSTER_IP: '10.96.7.7' }, { a: ['10.96.9.9'], open: false });
    expect(r.lines).toEqual([
      'CHECK httpd-namespace/httpd-service/dns-a expected=10.96.7.7 seen=10.96.9.9 FAIL',
      'CHECK httpd-namespace/httpd-service/tcp-name/80 expected=open seen=closed FAIL',
      'CHECK httpd-namespace/httpd-service/tcp-ip/80 expected=open seen=closed FAIL',
    ]);
    expect(r.status).toBe(1);
  });

  test('without the runtime ConfigMap the ClusterIP is "unknown" and the DNS check fails rather than passing', () => {
    const r = runProbe(probeScriptOf(emit(seedHttpd()), 'probe-0-httpd-service'), {}, { a: ['10.96.7.7'] });
    expect(r.lines[0]).toBe('CHECK httpd-namespace/httpd-service/dns-a expected=unknown seen=10.96.7.7 FAIL');
  });

  test('headless: counts the A records (D4); ExternalName: reads the CNAME target without the trailing dot (D5)', () => {
    const db = runProbe(probeScriptOf(emit(headlessStatefulSet()), 'probe-0-db'), {}, { a: ['10.244.1.2', '10.244.2.2', '10.244.3.2'] });
    expect(db.lines[0]).toBe('CHECK default/db/dns-headless expected=3-records seen=3-records PASS');
    const two = runProbe(probeScriptOf(emit(headlessStatefulSet()), 'probe-0-db'), {}, { a: ['10.244.1.2', '10.244.2.2'] });
    expect(two.lines[0]).toBe('CHECK default/db/dns-headless expected=3-records seen=2-records FAIL');
    const ext = runProbe(probeScriptOf(emit(externalName()), 'probe-0-payments'), {}, { cname: 'api.payments.example.com' });
    expect(ext.lines).toEqual(['CHECK default/payments/dns-cname expected=api.payments.example.com seen=api.payments.example.com PASS']);
    expect(ext.status).toBe(0);
  });

  test('HTTP: any status line passes (a 404 still proves routing); no HTTP answer fails', () => {
    const h = emit(multiPortNodePort());
    const env = { SVC_0_CLUSTER_IP: '10.96.1.1', SVC_0_NODE_PORT_80: '31080', SVC_0_NODE_PORT_443: '31443', HOST_IP: '172.18.0.2' };
    const ok = runProbe(probeScriptOf(h, 'probe-0-shop'), env, { a: ['10.96.1.1'] });
    expect(ok.lines).toContain('CHECK shop/shop/http/80 expected=http seen=http PASS');
    const bad = runProbe(probeScriptOf(h, 'probe-0-shop'), env, { a: ['10.96.1.1'], http: false });
    expect(bad.lines).toContain('CHECK shop/shop/http/80 expected=http seen=no-http FAIL');
  });
});

describe('run.sh', () => {
  test.each(Object.entries(SCENARIOS))('%s: bash -n accepts it', (_name, make) => {
    const dir = tmpDir();
    emit(make()).write(dir);
    expect(() => execFileSync('bash', ['-n', path.join(dir, 'run.sh')])).not.toThrow();
  });

  withShellcheck.each(Object.entries(SCENARIOS))('%s: shellcheck finds nothing, at style level (run.sh and the probe scripts)', (_name, make) => {
    const h = emit(make(), { chainsaw: true });
    expect(shellcheckHarness(h)).toEqual({ status: 0, output: '' });
    for (const job of docs(file(h, 'probes.k8s.yaml')).filter((o) => o.kind === 'Job')) {
      expect(shellcheck(job.spec.template.spec.containers[0].command[2], 'sh')).toEqual({ status: 0, output: '' });
    }
  });

  withShellcheck('shellcheck is not vacuous: a script with an unquoted variable, the nearest bad neighbour, is flagged', () => {
    expect(shellcheck('#!/usr/bin/env bash\nx="a b"\necho $x\n', 'bash').status).not.toBe(0);
  });

  function runWithPath(args: string[], bins: Record<string, string>) {
    const dir = tmpDir();
    emit(seedHttpd()).write(dir);
    const bin = tmpDir();
    for (const tool of ['dirname', 'grep', 'cat']) {
      const real = execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      fs.symlinkSync(real, path.join(bin, tool));
    }
    for (const [name, body] of Object.entries(bins)) fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    const bash = execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();
    return spawnSync(bash, [path.join(dir, 'run.sh'), ...args], { encoding: 'utf8', env: { PATH: bin } });
  }

  test('says clearly when kubectl is missing (exit 2)', () => {
    const r = runWithPath([], {});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('run.sh: kubectl is not installed. Install it: https://kubernetes.io/docs/tasks/tools/');
  });

  test('says clearly when docker or kind is missing in --kind mode, and that --context avoids them', () => {
    const noDocker = runWithPath(['--kind'], { kubectl: 'exit 0' });
    expect(noDocker.status).toBe(2);
    expect(noDocker.stderr).toMatch(/run.sh: docker is not installed\. .*--context NAME/);
    const noKind = runWithPath(['--kind'], { kubectl: 'exit 0', docker: 'exit 0' });
    expect(noKind.stderr).toMatch(/run.sh: kind is not installed\./);
    const noEngine = runWithPath([], { kubectl: 'exit 0', docker: 'exit 1', kind: 'exit 0' });
    expect(noEngine.stderr).toContain('docker is installed but its engine does not answer');
  });

  test('--context with an unknown context stops before touching anything (exit 2)', () => {
    const r = runWithPath(['--context', 'nope'], { kubectl: 'echo kind-other' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('there is no kubectl context "nope"');
  });

  test('--help prints the usage (exit 0); an unknown argument is a usage error (exit 2)', () => {
    const help = runWithPath(['--help'], {});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: bash run.sh [--kind | --context NAME] [--keep]');
    const bad = runWithPath(['--kidn'], {});
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown argument: --kidn');
  });
});

describe('chainsaw-test.yaml', () => {
  test('asserts the workloads ready, each simulated EndpointSlice, and every probe Job Succeeded', () => {
    const t = parse(file(emit(multiPortNodePort(), { chainsaw: true }), 'chainsaw-test.yaml'));
    expect(t).toMatchObject({ apiVersion: 'chainsaw.kyverno.io/v1alpha1', kind: 'Test' });
    expect(t.spec.steps.map((s: any) => s.name)).toEqual(['namespaces', 'manifests', 'endpoint-slices', 'probes']);
    const manifests = t.spec.steps[1].try;
    expect(manifests[0]).toEqual({ apply: { file: 'manifests.k8s.yaml' } });
    expect(manifests[1].assert.resource).toMatchObject({ kind: 'Deployment', metadata: { name: 'shop', namespace: 'shop' }, status: { readyReplicas: 3 } });
    const slice = t.spec.steps[2].try[0].assert.resource;
    expect(slice).toMatchObject({ 'kind': 'EndpointSlice', 'metadata': { labels: { 'kubernetes.io/service-name': 'shop' } }, '(length(endpoints[?conditions.ready == `true`] || `[]`))': 3, '(sort(ports[*].port || `[]`))': [8080, 8443] });
    const probes = t.spec.steps[3];
    expect(probes.try.at(-1).assert.resource).toEqual({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'probe-0-shop', namespace: 'cdk8s-services-harness' }, status: { succeeded: 1 } });
    expect(probes.catch[0].podLogs.namespace).toBe('cdk8s-services-harness');
  });

  test('a workload scaled to 0 is asserted ready without status.readyReplicas (the controller omits the field at 0)', () => {
    const scaled = multiPortNodePort().map((o) => (o.kind === 'Deployment' ? { ...o, spec: { ...o.spec, replicas: 0 } } : o));
    const t = parse(file(emit(scaled, { chainsaw: true }), 'chainsaw-test.yaml'));
    const ready = t.spec.steps[1].try[1].assert.resource;
    expect(ready).toEqual({ 'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata': { name: 'shop', namespace: 'shop' }, '(status.readyReplicas || `0`)': 0 });
    expect(ready.status).toBeUndefined();
    // Nearest valid neighbour: the same Deployment with replicas asserts readyReplicas directly.
    const t3 = parse(file(emit(multiPortNodePort(), { chainsaw: true }), 'chainsaw-test.yaml'));
    expect(t3.spec.steps[1].try[1].assert.resource.status).toEqual({ readyReplicas: 3 });
  });

  withShellcheck('its runtime script is shellcheck-clean (sh)', () => {
    const t = parse(file(emit(edgeCases(), { chainsaw: true }), 'chainsaw-test.yaml'));
    const script = t.spec.steps.at(-1).try[0].script.content;
    expect(shellcheck(`#!/bin/sh\n${script}`, 'sh')).toEqual({ status: 0, output: '' });
  });
});

/** A LoadBalancer DNS server: a pinned UDP and TCP nodePort on the same number. */
function loadBalancerDns(): any[] {
  const labels = { app: 'dns' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dns' },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'dns', image: 'coredns/coredns:1.11.1', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }] }] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'dns' },
      spec: {
        type: 'LoadBalancer',
        selector: labels,
        ports: [{ name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', nodePort: 30053 }],
      },
    },
  ];
}

describe('LoadBalancer and UDP', () => {
  test('kind.yaml maps the same nodePort once per protocol', () => {
    expect(parse(file(emit(loadBalancerDns()), 'kind.yaml')).nodes[0].extraPortMappings).toEqual([
      { containerPort: 30053, hostPort: 30053, listenAddress: '127.0.0.1', protocol: 'TCP' },
      { containerPort: 30053, hostPort: 30053, listenAddress: '127.0.0.1', protocol: 'UDP' },
    ]);
  });

  test('UDP ports get EndpointSlice checks but no connect check; the TCP neighbour gets both', () => {
    const h = emit(loadBalancerDns());
    expect(check(h, 'default/dns/endpointslices').expected).toBe('ready=2 ports=dns-tcp/53/TCP,dns/53/UDP');
    expect(checks(h).filter((c) => c.kind === 'tcp-name').map((c) => c.id)).toEqual(['default/dns/tcp-name/53']);
    expect(check(h, 'default/dns/nodeport-host/53')).toMatchObject({ port: 30053, expected: 'open' });
  });

  test('README lists what is not checked: the pending load balancer (K9) and the UDP port', () => {
    const text = file(emit(loadBalancerDns()), 'README.md');
    expect(text).toContain('- default/dns: the load balancer address (kind has no LB controller');
    expect(text).toContain('- default/dns port 53/UDP: UDP has no handshake');
  });
});

describe('README.md', () => {
  test('says how to run, which runner to pick, and lists every check with its expected value', () => {
    const h = emit(edgeCases(), { chainsaw: true });
    const text = file(h, 'README.md');
    expect(text).toContain('bash run.sh --context my-cluster');
    expect(text).toContain('## run.sh or chainsaw?');
    for (const c of checks(h)) expect(text).toContain(`| \`${c.id}\` |`);
    expect(text).toContain('default/api-auto port 8080/TCP: nodePort not pinned');
  });
});

describe('Harness.fromApp / fromChart', () => {
  test('a cdk8s app after synth gives the same folder as its manifests', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'web');
    for (const [i, o] of seedHttpd().entries()) new ApiObject(chart, `o${i}`, o);
    app.synth();
    const fromApp = Harness.fromApp(app);
    expect(fromApp.files).toEqual(Harness.fromChart(chart).files);
    expect(JSON.parse(fromApp.file('expectations.json')!).services.map((s: any) => s.name)).toEqual(['httpd-service', 'httpd-nodeport']);
  });

  test('refuses a node count kind cannot run, saying what to write', () => {
    expect(() => emit(seedHttpd(), { nodes: 0 })).toThrow('nodes 0 is not a node count: use a whole number from 1 to 10');
  });
});
