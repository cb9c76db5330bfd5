// Issue 16: the harness's probe Jobs run in their own namespace, so the app's NetworkPolicies
// judge them as a pod of that namespace. The expectations follow the simulation: a connection
// NetworkPolicy drops is expected closed (nc -z times out), one only some endpoints allow is not
// checked, and nodePorts of isolated pods are not checked (the CNI's SNAT decides the source).
import { parseAllDocuments } from 'yaml';
import { Harness } from '../../src/harness';

const NS = 'shop';
const web = (name = 'web', labels: Record<string, string> = { app: 'web' }, type = 'ClusterIP', nodePort?: number): any[] => [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: { type, selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', ...(nodePort ? { nodePort } : {}) }] },
  },
];
const policy = (name: string, podSelector: any, ingress?: any[]): any => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: NS },
  spec: { podSelector, policyTypes: ['Ingress'], ...(ingress ? { ingress } : {}) },
});
const DENY_ALL = policy('default-deny', {});
const FROM_FRONTEND = policy('web-from-frontend', { matchLabels: { app: 'web' } }, [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }]);

function checks(manifests: any[]): Record<string, { expected: string; description: string }> {
  const x = JSON.parse(Harness.fromManifests(manifests).file('expectations.json')!);
  return Object.fromEntries(x.services.flatMap((s: any) => s.checks.map((c: any) => [c.id, { expected: c.expected, description: c.description }])));
}

describe('probe expectations under NetworkPolicy', () => {
  test('no policy: the Service port is open from the probe namespace, with an HTTP check', () => {
    const c = checks(web());
    expect(c['shop/web/tcp-name/80'].expected).toBe('open');
    expect(c['shop/web/http/80'].expected).toBe('http');
  });

  test('a default-deny ingress policy: closed from the probe namespace, naming the policy; no HTTP check (was a false FAIL)', () => {
    const c = checks([...web(), DENY_ALL]);
    expect(c['shop/web/tcp-name/80'].expected).toBe('closed');
    expect(c['shop/web/tcp-ip/80'].expected).toBe('closed');
    expect(c['shop/web/tcp-name/80'].description).toContain('shop/default-deny');
    expect(c['shop/web/http/80']).toBeUndefined();
    // The EndpointSlices are the API's, which no policy touches.
    expect(c['shop/web/endpointslices'].expected).toBe('ready=2 ports=http/8080/TCP');
  });

  test('allowed only from the frontend pods (a podSelector): the probe, another namespace\'s pod, is blocked', () => {
    expect(checks([...web(), FROM_FRONTEND])['shop/web/tcp-name/80'].expected).toBe('closed');
  });

  test('allowed from the probe namespace by its name label: open (nearest neighbour)', () => {
    const fromProbes = policy('web-from-probes', { matchLabels: { app: 'web' } }, [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cdk8s-services-harness' } } }] }]);
    const c = checks([...web(), DENY_ALL, fromProbes]);
    expect(c['shop/web/tcp-name/80'].expected).toBe('open');
    expect(c['shop/web/http/80'].expected).toBe('http');
  });

  test('some endpoints allowed, others not (PARTLY): the outcome depends on the endpoint kube-proxy picks, so no TCP check', () => {
    const v1 = web('web-v1', { app: 'web', version: 'v1' });
    const v2 = web('web-v2', { app: 'web', version: 'v2' });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
    const denyV2 = policy('deny-v2', { matchLabels: { version: 'v2' } });
    const c = checks([v1[0], v2[0], svc, denyV2]);
    expect(c['shop/web/endpointslices'].expected).toBe('ready=4 ports=http/8080/TCP');
    expect(c['shop/web/tcp-name/80']).toBeUndefined();
    expect(c['shop/web/tcp-ip/80']).toBeUndefined();
  });

  test('a NodePort whose pods a policy isolates: the nodePort is not checked from the node or the host', () => {
    const c = checks([...web('web', { app: 'web' }, 'NodePort', 30080), DENY_ALL]);
    expect(c['shop/web/nodeport-node/80']).toBeUndefined();
    expect(c['shop/web/nodeport-host/80'].expected).toBe('skip');
    expect(c['shop/web/nodeport-host/80'].description).toMatch(/NetworkPolicy isolates/);
    // Without the policy both are checked (nearest neighbour).
    const open = checks(web('web', { app: 'web' }, 'NodePort', 30080));
    expect(open['shop/web/nodeport-node/80'].expected).toBe('open');
    expect(open['shop/web/nodeport-host/80'].expected).toBe('open');
  });

  test('a headless Service behind a default-deny policy: the pod port is expected closed', () => {
    const [d, s] = web();
    s.spec.clusterIP = 'None';
    const c = checks([d, s, DENY_ALL]);
    expect(c['shop/web/tcp-pod/80'].expected).toBe('closed');
    expect(checks([d, s])['shop/web/tcp-pod/80'].expected).toBe('open');
  });
});

describe('client probes: the harness runs as the app\'s own workloads where NetworkPolicy decides', () => {
  const client = (name: string, labels: Record<string, string>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
  });
  const frontend = client('frontend', { 'app': 'frontend', 'app.kubernetes.io/name': 'shop-frontend' });
  const batch = client('batch', { app: 'batch' });
  const harness = (manifests: any[]) => Harness.fromManifests(manifests);

  test('no NetworkPolicy: no client probe (the Service probes say it all)', () => {
    const h = harness([...web(), frontend]);
    expect(JSON.parse(h.file('expectations.json')!).clients).toEqual([]);
  });

  test('allowed from the frontend only: the frontend\'s probe expects open, the batch one closed, each naming the policy', () => {
    const x = JSON.parse(harness([...web(), frontend, batch, FROM_FRONTEND]).file('expectations.json')!);
    const byWorkload = Object.fromEntries(x.clients.map((c: any) => [c.workload, c]));
    const f = byWorkload['Deployment/shop/frontend'].checks;
    expect(f.map((c: any) => [c.id, c.expected])).toEqual([['shop/frontend/to/shop/web/80', 'open']]);
    expect(f[0].description).toContain('shop/web-from-frontend');
    expect(byWorkload['Deployment/shop/batch'].checks.map((c: any) => [c.id, c.expected])).toEqual([['shop/batch/to/shop/web/80', 'closed']]);
  });

  test('the client probe Job: in the workload\'s namespace, with its pod labels (app.kubernetes.io/name kept), never ready, no mesh sidecar', () => {
    const h = harness([...web(), frontend, FROM_FRONTEND]);
    const jobs = parseAllDocuments(h.file('probes.k8s.yaml')!).map((d: any) => d.toJS()).filter((o: any) => o.metadata?.annotations?.['cdk8s-services.io/client']);
    const job = jobs.find((j: any) => j.metadata.annotations['cdk8s-services.io/client'] === 'Deployment/shop/frontend');
    expect(job.metadata.namespace).toBe('shop');
    expect(job.spec.template.metadata.labels).toEqual({ 'app': 'frontend', 'app.kubernetes.io/name': 'shop-frontend', 'cdk8s-services.io/probe': job.metadata.name });
    expect(job.spec.template.spec.containers[0].readinessProbe).toEqual({ exec: { command: ['false'] }, periodSeconds: 30, failureThreshold: 1 });
    expect(job.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false', 'linkerd.io/inject': 'disabled' });
    expect(job.spec.template.spec.containers[0].command[2]).toContain('attempt shop/frontend/to/shop/web/80 open tcp web.shop 80');
    // run.sh finds it in its namespace.
    expect(h.file('run-data.sh')).toContain(`'shop|${job.metadata.name}'`);
  });
});
