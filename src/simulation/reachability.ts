// Who reaches which Service port once NetworkPolicy is applied (issue 16): the glue between
// kube-proxy's routing (routing.ts), the endpoints and the pure policy evaluator
// (network-policy.ts). LocalCluster.connect and LocalCluster.reachability call it.
import { portsOf, SimService } from './allocation';
import { decideFlow, NetPod, networkPolicyRefusal, PolicyWorld } from './network-policy';
import { FlowDecision, PolicyDecision, PolicyVerdict, ReachabilityCell, ReachabilityMatrix } from './network-types';
import { Placement, SimPod } from './placement';
import { proxyEndpoints, ProxyView } from './routing';
import { ConnectOutcome, ConnectRequest, ConnectResult, RouteTarget } from './routing-types';
import { ClusterModel } from '../model/cluster-model';
import { namespaceLabels } from '../model/network';
import { DeclaredPort, declaredPorts } from '../model/pods';
import { asText } from '../model/text';

/**
 * The kube-dns pods when the manifests carry none: CoreDNS as kubeadm and kind deploy it in
 * kube-system (labels `k8s-app: kube-dns`; ports dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP:
 * kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go, cluster/addons/dns/coredns/coredns.yaml.base).
 */
const KUBE_DNS_LABELS = { 'k8s-app': 'kube-dns' };
const KUBE_DNS_PORTS: DeclaredPort[] = [
  { name: 'dns', containerPort: 53, protocol: 'UDP', container: 'coredns', protocolWritten: true },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP', container: 'coredns', protocolWritten: true },
  { name: 'metrics', containerPort: 9153, protocol: 'TCP', container: 'coredns', protocolWritten: true },
];

/** What the policy glue reads of the cluster. */
export interface PolicyView {
  model: ClusterModel;
  placement: Placement;
  proxy: ProxyView;
  /** Routes a connection as kube-proxy does. */
  route(request: ConnectRequest): ConnectResult;
}

/** The evaluator's view of the cluster: the accepted NetworkPolicies and the namespace labels. */
export function policyWorld(model: ClusterModel, placement: Placement): PolicyWorld {
  return {
    policies: model.network.networkPolicies.filter((p) => networkPolicyRefusal(p) === undefined),
    namespaceLabels: (ns) => namespaceLabels(model.network, ns),
    podCidr: placement.podCidr,
  };
}

function netPod(p: SimPod): NetPod {
  return { ref: `${p.namespace}/${p.name}`, namespace: p.namespace, labels: p.labels, ip: p.ips[0], ports: declaredPorts(p.spec) };
}

/** The kube-dns pods: those of the manifests (kube-system, k8s-app=kube-dns), else the two CoreDNS replicas kubeadm runs. */
function kubeDnsPods(placement: Placement): NetPod[] {
  const given = placement.pods.filter((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns');
  if (given.length > 0) return given.map(netPod);
  return ['coredns-0', 'coredns-1'].map((name) => ({ ref: `kube-system/${name}`, namespace: 'kube-system', labels: KUBE_DNS_LABELS, ports: KUBE_DNS_PORTS }));
}

/** A client named by `from`: a pod, a workload (its first pod), or a namespace (a label-less pod in it). */
export interface ResolvedClient {
  pod?: SimPod;
  net: NetPod;
}

/** Resolves `from` (`name` or `namespace/name`) as a pod, then a workload, then a namespace. */
export function resolveFrom(view: PolicyView, from: string, namespace?: string, extraNamespaces: string[] = []): ResolvedClient {
  const [ns, name] = from.includes('/') ? from.split('/', 2) : [namespace ?? 'default', from];
  const { placement } = view;
  const pod = placement.pod(ns, name) ?? (from.includes('/') ? undefined : placement.pods.find((p) => p.name === name));
  if (pod) return { pod, net: netPod(pod) };
  const owned = placement.pods.filter((p) => p.owner.name === name && (p.namespace === ns || !from.includes('/')) && p.ips.length > 0);
  if (owned.length > 0) return { pod: owned[0], net: netPod(owned[0]) };
  const namespaces = new Set([...placement.pods.map((p) => p.namespace), ...view.model.objects.map((o) => o.namespace), ...view.model.network.namespaces.keys(), 'default', 'kube-system', ...extraNamespaces]);
  const asNamespace = from.includes('/') ? undefined : from;
  if (asNamespace !== undefined && namespaces.has(asNamespace)) {
    return { net: { ref: `${asNamespace}/<any pod>`, namespace: asNamespace, labels: {}, ports: [] } };
  }
  throw new Error(`connect: "${from}" is no pod, workload or namespace of the cluster; see cluster.pods() for the pods`);
}

function verdictOf(flows: FlowDecision[]): PolicyVerdict {
  const n = flows.filter((f) => f.allowed).length;
  return n === flows.length ? PolicyVerdict.ALLOWED : n === 0 ? PolicyVerdict.BLOCKED : PolicyVerdict.PARTLY;
}

/** The side that blocks a flow, else both sides' reasons. */
function flowReason(f: FlowDecision): string {
  if (!f.egress.allowed) return f.egress.reason;
  if (!f.ingress.allowed) return f.ingress.reason;
  return [f.egress.isolated ? f.egress.reason : undefined, f.ingress.isolated ? f.ingress.reason : undefined].filter((x) => x).join('; ') || 'no NetworkPolicy isolates either side';
}

/**
 * What NetworkPolicy makes of a connection from `client` to the pods `targets`, with a name
 * lookup through kube-dns first when `lookup` (UDP 53: a stub resolver asks over UDP and uses TCP
 * only for a truncated answer, so TCP 53 alone does not make names resolve).
 */
export function decidePolicy(
  view: PolicyView, client: NetPod, targets: Array<{ pod: NetPod; port: number }>, protocol: string, lookup: boolean, what: string,
): PolicyDecision {
  const world = policyWorld(view.model, view.placement);
  const dns = lookup ? kubeDnsPods(view.placement).map((d) => decideFlow(world, { pod: client }, d, 53, 'UDP')) : undefined;
  const flows = targets.map((t) => decideFlow(world, { pod: client }, t.pod, t.port, protocol));
  const dnsVerdict = dns ? verdictOf(dns) : PolicyVerdict.ALLOWED;
  const targetVerdict = verdictOf(flows);
  const used = new Set<string>();
  for (const f of [...(dns ?? []), ...flows]) for (const p of [...f.egress.policies, ...f.ingress.policies]) used.add(p);
  let verdict: PolicyVerdict;
  let reason: string;
  if (dnsVerdict === PolicyVerdict.BLOCKED) {
    verdict = PolicyVerdict.BLOCKED;
    reason = `the name lookup is blocked: ${flowReason(dns!.find((f) => !f.allowed)!)} (kube-dns answers on UDP 53); ${client.ref} cannot resolve ${what}`;
  } else if (targetVerdict === PolicyVerdict.BLOCKED) {
    verdict = PolicyVerdict.BLOCKED;
    reason = flows.length === 0 ? `${what} has no endpoint to judge` : flowReason(flows.find((f) => !f.allowed)!);
  } else if (targetVerdict === PolicyVerdict.PARTLY || dnsVerdict === PolicyVerdict.PARTLY) {
    verdict = PolicyVerdict.PARTLY;
    const blocked = [...(dns ?? []), ...flows].find((f) => !f.allowed)!;
    reason = `${flows.filter((f) => f.allowed).length} of ${flows.length} endpoint(s)${dnsVerdict === PolicyVerdict.PARTLY ? ' (and some kube-dns pods)' : ''} allowed: ${flowReason(blocked)}`;
  } else {
    verdict = PolicyVerdict.ALLOWED;
    reason = flows.length > 0 ? flowReason(flows[0]) : 'no endpoint to judge';
  }
  const dnsAllowed = dnsVerdict !== PolicyVerdict.BLOCKED;
  const out: any = { verdict, reason, from: client.ref, dnsAllowed, targets: flows, policies: [...used].sort() };
  if (dns) out.dns = dns;
  return out as PolicyDecision;
}

function podOf(view: PolicyView, t: { pod: string; namespace: string }): NetPod | undefined {
  const p = view.placement.pod(t.namespace, t.pod);
  return p ? netPod(p) : undefined;
}

/**
 * `LocalCluster.connect`: routes as kube-proxy does, then, when the client is a pod (`from` or
 * `fromPod`), applies NetworkPolicy to every endpoint it may reach. BLOCKED when no path passes.
 */
export function connectWithPolicy(view: PolicyView, req: ConnectRequest, extraNamespaces: string[] = []): ConnectResult {
  let client: ResolvedClient | undefined;
  let routed = req;
  if (req.from !== undefined) {
    client = resolveFrom(view, req.from, req.namespace, extraNamespaces);
    routed = { ...req, fromPod: client.pod ? `${client.pod.namespace}/${client.pod.name}` : undefined, namespace: req.namespace ?? client.net.namespace };
  } else if (req.fromPod !== undefined) {
    const r = view.route(req); // throws the usual error for an unknown pod
    // The pod routing.ts resolveClient picked.
    const [ns, name] = req.fromPod.includes('/') ? req.fromPod.split('/', 2) : [req.namespace ?? 'default', req.fromPod];
    const pod = view.placement.pod(ns, name) ?? view.placement.pods.find((p) => p.name === req.fromPod);
    if (!pod) return r;
    return withPolicy(view, req, r, { pod, net: netPod(pod) });
  }
  const r = view.route(routed);
  return client ? withPolicy(view, { ...req, namespace: routed.namespace }, r, client) : r;
}

function withPolicy(view: PolicyView, req: ConnectRequest, r: ConnectResult, client: ResolvedClient): ConnectResult {
  const protocol = asText(req.protocol ?? 'TCP');
  let targets: RouteTarget[] = r.targets;
  if (r.outcome === ConnectOutcome.NOT_PROXIED && req.service !== undefined) {
    // A headless Service: DNS answers the pod IPs and the client dials a pod directly.
    const svc = view.proxy.service(req.namespace ?? client.net.namespace, req.service);
    const port = svc?.model.headless ? portsOf(svc.model.spec).find((p) => p?.port === req.port && (p?.protocol ?? 'TCP') === protocol) : undefined;
    const ready = svc && port ? proxyEndpoints(view.proxy, svc, port).filter((e) => e.ready) : [];
    targets = ready.map((e) => ({ pod: e.pod, namespace: e.namespace, ip: e.ip, port: e.port, probability: 1 / ready.length, hairpin: false }));
  }
  if (targets.length === 0) return r;
  const pods = targets.map((t) => ({ pod: podOf(view, t), port: t.port })).filter((t): t is { pod: NetPod; port: number } => t.pod !== undefined);
  const lookup = req.lookup ?? req.service !== undefined;
  const what = req.service !== undefined ? `${req.service}.${req.namespace ?? client.net.namespace}` : `${req.address}:${req.port}`;
  const policy = decidePolicy(view, client.net, pods, protocol, lookup, what);
  if (policy.verdict === PolicyVerdict.BLOCKED) {
    return { ...r, outcome: ConnectOutcome.BLOCKED, rule: 'NetworkPolicy', reason: `NetworkPolicy drops it (the client times out): ${policy.reason}`, policy };
  }
  return { ...r, policy };
}

/** Every client workload (its first pod with an IP) against every port of every Service with endpoints to judge. */
export function reachabilityMatrix(view: PolicyView, services: SimService[]): ReachabilityMatrix {
  const clients: SimPod[] = [];
  const seen = new Set<string>();
  for (const p of view.placement.pods) {
    if (p.ips.length === 0 || seen.has(p.owner.ref)) continue;
    seen.add(p.owner.ref);
    clients.push(p);
  }
  const targets: Array<{ svc: SimService; port: any }> = [];
  for (const svc of services) {
    if (!svc.accepted || svc.model.type === 'ExternalName') continue;
    for (const port of portsOf(svc.model.spec)) targets.push({ svc, port });
  }
  const cells: ReachabilityCell[] = [];
  for (const c of clients) {
    for (const { svc, port } of targets) {
      const protocol = asText(port?.protocol ?? 'TCP');
      const r = connectWithPolicy(view, { from: `${c.namespace}/${c.name}`, service: svc.model.name, namespace: svc.model.namespace, port: port?.port, protocol: protocol as any });
      const cell: any = { from: c.owner.ref, service: `${svc.model.namespace}/${svc.model.name}`, port: port?.port, protocol, outcome: r.outcome, reason: r.policy?.reason ?? r.reason };
      if (r.policy) cell.verdict = r.policy.verdict;
      cells.push(cell as ReachabilityCell);
    }
  }
  const servicePorts = targets.map((t) => `${t.svc.model.namespace}/${t.svc.model.name}:${t.port?.port}/${asText(t.port?.protocol ?? 'TCP')}`);
  const clientNames = clients.map((c) => c.owner.ref);
  return { clients: clientNames, servicePorts, cells, table: renderTable(clientNames, servicePorts, cells) };
}

const MARK: Record<string, string> = { [PolicyVerdict.ALLOWED]: '.', [PolicyVerdict.BLOCKED]: 'X', [PolicyVerdict.PARTLY]: '~' };

function renderTable(clients: string[], servicePorts: string[], cells: ReachabilityCell[]): string {
  const lines = servicePorts.map((s, i) => `  ${i + 1}: ${s}`);
  const width = Math.max(4, ...clients.map((c) => c.length));
  const head = `${'from'.padEnd(width)}  ${servicePorts.map((_, i) => String(i + 1).padStart(2)).join(' ')}`;
  const rows = clients.map((c, ci) => `${c.padEnd(width)}  ${servicePorts.map((_, si) => {
    const cell = cells[ci * servicePorts.length + si];
    return (cell.verdict !== undefined ? MARK[cell.verdict] : '-').padStart(2);
  }).join(' ')}`);
  return [head, ...rows, 'Service ports:', ...lines, '(. allowed, X blocked by NetworkPolicy, ~ some endpoints only, - not routed)'].join('\n');
}
