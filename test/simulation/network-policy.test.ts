// NetworkPolicy in LocalCluster.connect and reachability() (issue 16): the client's egress,
// the target's ingress, the name lookup through kube-dns, and the clients `from` names.
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { deploy, svc } from './manifests';
import { ConnectOutcome, LocalCluster, PolicyDirection, PolicyVerdict, Protocol } from '../../src';
import { ClusterModel } from '../../src/model/cluster-model';
import { namespaceLabels } from '../../src/model/network';

const np = (name: string, spec: any, namespace = 'default') => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const app = [
  deploy('web', { app: 'web' }, 2, [{ name: 'http', containerPort: 8080 }]),
  svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }),
  deploy('client', { app: 'client' }),
];
const denyEgress = np('deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const allowToWeb = np('to-web', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }] });
const dnsEgress = (protocol: string) => np(`dns-${protocol}`, {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol }] }],
});

describe('connect with NetworkPolicy', () => {
  test('no policy: allowed, with the reason; the verdict is attached only for a client pod', () => {
    const c = LocalCluster.fromManifests(app);
    const r = c.connect({ from: 'client', service: 'web', port: 80 });
    expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(r.policy?.verdict).toBe(PolicyVerdict.ALLOWED);
    expect(r.policy?.targets).toHaveLength(2);
    expect(r.policy?.targets[0].port).toBe(8080); // judged after DNAT, on the pod port
    expect(c.connect({ service: 'web', port: 80 }).policy).toBeUndefined();
  });

  test('default-deny egress breaks the name lookup, even with egress to the Service pods allowed', () => {
    const c = LocalCluster.fromManifests([...app, denyEgress, allowToWeb]);
    const r = c.connect({ from: 'client', service: 'web', port: 80 });
    expect(r.outcome).toBe(ConnectOutcome.BLOCKED);
    expect(r.policy?.dnsAllowed).toBe(false);
    expect(r.reason).toMatch(/name lookup is blocked.*default\/deny-egress/);
    // Dialling the ClusterIP needs no lookup: the egress rule to web:8080 allows it.
    const byIp = c.connect({ from: 'client', address: c.service('web')!.clusterIp!, port: 80 });
    expect(byIp.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(byIp.policy?.targets[0].egress.allowedBy).toEqual(['default/to-web']);
    expect(c.connect({ from: 'client', service: 'web', port: 80, lookup: false }).outcome).toBe(ConnectOutcome.DELIVERED);
  });

  test('egress UDP 53 to kube-dns makes the lookup pass; TCP 53 alone does not', () => {
    const udp = LocalCluster.fromManifests([...app, denyEgress, allowToWeb, dnsEgress('UDP')]);
    const ok = udp.connect({ from: 'client', service: 'web', port: 80 });
    expect(ok.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(ok.policy?.dns?.every((f) => f.egress.allowedBy.includes('default/dns-UDP'))).toBe(true);
    const tcp = LocalCluster.fromManifests([...app, denyEgress, allowToWeb, dnsEgress('TCP')]);
    expect(tcp.connect({ from: 'client', service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.BLOCKED);
  });

  test('the target ingress decides with the policies named; another port of the rule does not allow it', () => {
    const only9090 = np('web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 9090 }] }] });
    const c = LocalCluster.fromManifests([...app, only9090]);
    const r = c.connect({ from: 'client', service: 'web', port: 80 });
    expect(r.outcome).toBe(ConnectOutcome.BLOCKED);
    expect(r.policy?.targets[0].ingress).toMatchObject({ direction: PolicyDirection.INGRESS, isolated: true, allowed: false, policies: ['default/web-in'] });
    const named = np('web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http' }] }] });
    expect(LocalCluster.fromManifests([...app, named]).connect({ from: 'client', service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.DELIVERED);
  });

  test('fromPod is judged as from', () => {
    const c = LocalCluster.fromManifests([...app, np('deny-in', { podSelector: { matchLabels: { app: 'web' } } })]);
    const pod = c.pods().find((p) => p.labels.app === 'client')!;
    expect(c.connect({ fromPod: pod.name, service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.BLOCKED);
    expect(c.connect({ from: pod.name, service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.BLOCKED);
  });

  test('from a namespace: a pod without labels there; namespace labels come from the Namespace object', () => {
    const fromTeam = np('from-team', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }] });
    const objects = [...app, fromTeam, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'blue', labels: { team: 'blue' } } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'red' } }];
    const c = LocalCluster.fromManifests(objects);
    expect(c.connect({ from: 'blue', service: 'web', namespace: 'default', port: 80 }).outcome).toBe(ConnectOutcome.DELIVERED);
    expect(c.connect({ from: 'red', service: 'web', namespace: 'default', port: 80 }).outcome).toBe(ConnectOutcome.BLOCKED);
    expect(() => c.connect({ from: 'nowhere', service: 'web', port: 80 })).toThrow(/no pod, workload or namespace/);
  });

  test('a policy the API server refuses (a peer with no selector) is not in the cluster', () => {
    const refused = np('bad', { podSelector: {}, ingress: [{ from: [{}] }] });
    expect(LocalCluster.fromManifests([...app, refused]).connect({ from: 'client', service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.DELIVERED);
    const valid = np('bad', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'nobody' } } }] }] });
    expect(LocalCluster.fromManifests([...app, valid]).connect({ from: 'client', service: 'web', port: 80 }).outcome).toBe(ConnectOutcome.BLOCKED);
  });

  test('a headless Service: the client dials the pods, and their ingress decides', () => {
    const headless = svc('db', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
    const c = LocalCluster.fromManifests([...app, headless, np('deny-in', { podSelector: { matchLabels: { app: 'web' } } })]);
    const r = c.connect({ from: 'client', service: 'db', port: 80 });
    expect(r.outcome).toBe(ConnectOutcome.BLOCKED);
    expect(r.policy?.targets.map((t) => t.port)).toEqual([8080, 8080]);
  });

  test('UDP is judged as UDP', () => {
    const dnsApp = [deploy('dns', { app: 'dns' }, 1, [{ containerPort: 53, protocol: 'UDP' }]), svc('dns', { selector: { app: 'dns' }, ports: [{ port: 53, protocol: 'UDP' }] }), deploy('client', { app: 'client' })];
    const tcpOnly = np('tcp', { podSelector: { matchLabels: { app: 'dns' } }, ingress: [{ ports: [{ port: 53, protocol: 'TCP' }] }] });
    const c = LocalCluster.fromManifests([...dnsApp, tcpOnly]);
    expect(c.connect({ from: 'client', service: 'dns', port: 53, protocol: Protocol.UDP, lookup: false }).outcome).toBe(ConnectOutcome.BLOCKED);
  });
});

describe('reachability matrix', () => {
  test('workloads x Service ports, blocked where a policy says so', () => {
    const objects = [
      ...app,
      deploy('admin', { app: 'admin' }),
      np('web-in', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }] }),
    ];
    const m = LocalCluster.fromManifests(objects).reachability();
    expect(m.clients).toEqual(['Deployment/default/web', 'Deployment/default/client', 'Deployment/default/admin']);
    expect(m.servicePorts).toEqual(['default/web:80/TCP']);
    expect(m.cells.map((x) => `${x.from} ${x.verdict}`)).toEqual([
      'Deployment/default/web blocked', 'Deployment/default/client allowed', 'Deployment/default/admin blocked',
    ]);
    expect(m.table).toMatch(/Deployment\/default\/admin\s+X/);
  });
});

describe('the model reads network objects from any manifest', () => {
  test('cdk8s-plus NetworkPolicy and Ingress synthesize to kinds the model reads', () => {
    const chart = Testing.chart();
    const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx', portNumber: 80 }] });
    const service = web.exposeViaService({ ports: [{ port: 80 }] });
    new kplus.NetworkPolicy(chart, 'policy', { selector: web, ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY } });
    new kplus.Ingress(chart, 'ingress', { defaultBackend: kplus.IngressBackend.fromService(service) });
    const model = ClusterModel.fromObjects(Testing.synth(chart));
    expect(model.network.networkPolicies).toHaveLength(1);
    expect(model.network.ingresses).toHaveLength(1);
    expect(model.network.ingresses[0].backends[0]).toMatchObject({ name: service.name, portNumber: 80 });
  });

  test('kubernetes.io/metadata.name is set on every namespace, over what the object says', () => {
    const model = ClusterModel.fromObjects([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { 'team': 'a', 'kubernetes.io/metadata.name': 'other' } } }]);
    expect(namespaceLabels(model.network, 'x')).toEqual({ 'team': 'a', 'kubernetes.io/metadata.name': 'x' });
    expect(namespaceLabels(model.network, 'y')).toEqual({ 'kubernetes.io/metadata.name': 'y' });
  });
});
