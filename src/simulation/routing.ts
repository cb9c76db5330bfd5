// kube-proxy (iptables mode) as a function: where a connection goes (SEMANTICS.md K1-K11).
import { portsOf, SimService } from './allocation';
import { EndpointSlice } from './endpoint-types';
import { Placement, SimNode, SimPod } from './placement';
import { ConnectOutcome, ConnectRequest, ConnectResult, ConnectVia, HealthCheckResult, RouteTarget } from './routing-types';
import { cidrContains } from '../model/ip-math';
import { at } from '../model/json';
import { ServicePortSpec } from '../model/service-spec';
import { asText } from '../model/text';

/** What kube-proxy sees of the cluster. */
export interface ProxyView {
  /** The Kubernetes minor release: feature gates at their defaults (kube_features.go). */
  minor: number;
  placement: Placement;
  services: SimService[];
  /** Accepted Services by `namespace/name`. */
  service(namespace: string, name: string): SimService | undefined;
  slices(svc: SimService): EndpointSlice[];
}

/** An endpoint of one Service port, as kube-proxy's endpoint cache holds it (K2). */
interface ProxyEndpoint {
  ip: string;
  port: number;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  pod: string;
  namespace: string;
  zoneHints: string[];
  nodeHints: string[];
}

/**
 * K2: a Service port joins slice ports by (port name, protocol); only `addresses[0]` is used;
 * ready/serving are true unless false; terminating only when set.
 */
export function proxyEndpoints(view: ProxyView, svc: SimService, svcPort: ServicePortSpec): ProxyEndpoint[] {
  const name = svcPort?.name ?? '';
  const protocol = svcPort?.protocol ?? 'TCP';
  const out: ProxyEndpoint[] = [];
  for (const slice of view.slices(svc)) {
    const sp = slice.ports.find((p) => p.name === name && p.protocol === protocol);
    if (!sp) continue;
    for (const ep of slice.endpoints) {
      if (ep.addresses.length === 0) continue;
      out.push({
        ip: ep.addresses[0],
        port: sp.port,
        nodeName: ep.nodeName,
        ready: ep.conditions.ready !== false,
        serving: ep.conditions.serving !== false,
        terminating: ep.conditions.terminating === true,
        pod: ep.targetRef.name,
        namespace: ep.targetRef.namespace,
        zoneHints: (ep.hints?.forZones ?? []).map((h) => h.name),
        nodeHints: (ep.hints?.forNodes ?? []).map((h) => h.name),
      });
    }
  }
  return out;
}

/** K3 `CategorizeEndpoints`: ready endpoints, else serving-and-terminating ones. */
function usable(eps: ProxyEndpoint[]): ProxyEndpoint[] {
  const ready = eps.filter((e) => e.ready);
  return ready.length > 0 ? ready : eps.filter((e) => e.serving && e.terminating);
}

/** What topology narrowed the Cluster endpoints to, for the reason text. */
type TopologyMode = '' | 'PreferSameZone' | 'PreferSameNode';

/**
 * pkg/proxy/topology.go `topologyModeFromHints`: PreferSameNode when the
 * PreferSameTrafficDistribution gate is on (1.34+, kube_features.go), every ready endpoint has a
 * node hint and one is hinted for this node; else PreferSameZone when every ready endpoint has a
 * zone hint and one is hinted for this node's zone; else no topology.
 */
function topologyMode(eps: ProxyEndpoint[], node: SimNode | undefined, minor: number): TopologyMode {
  const ready = eps.filter((e) => e.ready);
  if (ready.length === 0 || !node) return '';
  if (minor >= 34 && ready.every((e) => e.nodeHints.length > 0) && ready.some((e) => e.nodeHints.includes(node.name))) return 'PreferSameNode';
  const zone = node.zone ?? '';
  if (ready.every((e) => e.zoneHints.length > 0) && ready.some((e) => e.zoneHints.includes(zone))) return 'PreferSameZone';
  return '';
}

/**
 * `CategorizeEndpoints`' Cluster-policy endpoints as the proxier on `node` has them: ready
 * endpoints that `availableForTopology` keeps, else (no ready endpoint anywhere) the
 * serving-and-terminating ones. Topology is decided per node: hints narrow the choice, they never
 * leave a node without endpoints (the fallback is in the mode, not the filter).
 */
function clusterEndpoints(view: ProxyView, all: ProxyEndpoint[], node: SimNode | undefined): { eps: ProxyEndpoint[]; mode: TopologyMode } {
  const mode = topologyMode(all, node, view.minor);
  if (mode === '') return { eps: usable(all), mode };
  const keep = (e: ProxyEndpoint) => (mode === 'PreferSameNode' ? e.nodeHints.includes(node!.name) : e.zoneHints.includes(node!.zone ?? ''));
  return { eps: all.filter((e) => e.ready && keep(e)), mode };
}

function topologyNote(mode: TopologyMode, node: SimNode | undefined): string {
  if (mode === 'PreferSameNode') return ` (trafficDistribution PreferSameNode: the endpoints hinted for node ${node?.name})`;
  if (mode === 'PreferSameZone') return ` (topology hints: the endpoints hinted for zone ${node?.zone} of node ${node?.name})`;
  return '';
}

interface Client {
  pod?: SimPod;
  node?: SimNode;
  ip?: string;
  namespace: string;
}

function result(outcome: ConnectOutcome, rule: string, reason: string, extra: Partial<ConnectResult> = {}): ConnectResult {
  return { outcome, rule, reason, targets: [], clientIpPreserved: false, sticky: false, ...extra };
}

/** Routes one connection. */
export function connect(view: ProxyView, req: ConnectRequest): ConnectResult {
  const { placement } = view;
  const protocol = asText(req.protocol ?? 'TCP');
  const client = resolveClient(view, req);
  if (typeof client === 'string') throw new Error(client);

  if (req.service !== undefined) {
    const ns = req.namespace ?? client.namespace;
    const svc = view.service(ns, req.service);
    if (!svc) return result(ConnectOutcome.NO_ROUTE, 'D7', `there is no Service ${ns}/${req.service} in the cluster`);
    const skip = notProxied(svc);
    if (skip) return skip;
    const via = req.via ?? ConnectVia.CLUSTER_IP;
    const ports = portsOf(svc.model.spec);
    if (via === ConnectVia.NODE_PORT) {
      const i = ports.findIndex((p, k) => svc.nodePorts[k] === req.port && (p?.protocol ?? 'TCP') === protocol);
      if (i < 0) return result(ConnectOutcome.NO_ROUTE, 'K5', `Service ${ns}/${req.service} has no nodePort ${req.port}/${protocol} (nodePorts: ${svc.nodePorts.filter((x) => x !== undefined).join(', ') || 'none'})`);
      const node = req.toNode !== undefined ? placement.node(req.toNode) : placement.nodes[0];
      if (!node) throw new Error(`connect: there is no node "${req.toNode}"; the nodes are ${placement.nodes.map((n) => n.name).join(', ')}`);
      return external(view, svc, ports[i], node, client, false);
    }
    const i = ports.findIndex((p) => p?.port === req.port && (p?.protocol ?? 'TCP') === protocol);
    if (i < 0) return result(ConnectOutcome.NO_ROUTE, 'K4', `Service ${ns}/${req.service} has no port ${req.port}/${protocol} (ports: ${ports.map((p) => `${p.port}/${p.protocol}`).join(', ')})`);
    if (via === ConnectVia.LOAD_BALANCER) {
      if (svc.model.type !== 'LoadBalancer') return result(ConnectOutcome.NO_ROUTE, 'K9', `Service ${ns}/${req.service} is type ${svc.model.type}, not LoadBalancer`);
      if (svc.loadBalancerIngress.length === 0) {
        return result(ConnectOutcome.NO_ROUTE, 'K9', `the load balancer of ${ns}/${req.service} is <pending>: no LB controller wrote status.loadBalancer.ingress (the ClusterIP and nodePorts still work)`);
      }
      return loadBalancer(view, svc, ports[i], client);
    }
    return internal(view, svc, ports[i], client);
  }

  if (req.address === undefined) throw new Error('connect: give either `service` or `address`');
  const addr = req.address;
  // K5: every node listens on every nodePort; localhost too, from the node itself (IPv4).
  const isLocalhost = addr === '127.0.0.1' || addr === 'localhost';
  const node = placement.nodes.find((n) => n.ip === addr || n.name === addr) ?? (isLocalhost && !client.pod ? client.node : undefined);
  if (node) {
    for (const svc of view.services) {
      if (!svc.accepted) continue;
      const ports = portsOf(svc.model.spec);
      const i = ports.findIndex((p, k) => svc.nodePorts[k] === req.port && (p?.protocol ?? 'TCP') === protocol);
      if (i >= 0) return external(view, svc, ports[i], node, client, false);
    }
    return result(ConnectOutcome.NO_ROUTE, 'K5', `no Service has nodePort ${req.port}/${protocol} on node ${node.name}`);
  }
  for (const svc of view.services) {
    if (!svc.accepted) continue;
    const ports = portsOf(svc.model.spec);
    const i = ports.findIndex((p) => p?.port === req.port && (p?.protocol ?? 'TCP') === protocol);
    if (svc.clusterIPs.includes(addr)) {
      return i < 0 ? result(ConnectOutcome.NO_ROUTE, 'K4', `ClusterIP ${addr} (${svc.model.namespace}/${svc.model.name}) has no port ${req.port}/${protocol}`) : internal(view, svc, ports[i], client);
    }
    if (svc.loadBalancerIngress.includes(addr)) {
      return i < 0 ? result(ConnectOutcome.NO_ROUTE, 'K9', `load balancer ${addr} (${svc.model.namespace}/${svc.model.name}) has no port ${req.port}/${protocol}`) : loadBalancer(view, svc, ports[i], client);
    }
    const externalIps: string[] = Array.isArray(svc.model.spec.externalIPs) ? svc.model.spec.externalIPs : [];
    if (externalIps.includes(addr) && i >= 0) {
      // K10: how packets for the IP reach a node is outside kube-proxy; we take `toNode` or the first node.
      const recv = (req.toNode !== undefined ? placement.node(req.toNode) : undefined) ?? client.node ?? placement.nodes[0];
      return external(view, svc, ports[i], recv, client, false);
    }
  }
  const pod = placement.pods.find((p) => p.ips.includes(addr));
  if (pod) {
    return result(ConnectOutcome.DELIVERED, '', `${addr} is the IP of pod ${pod.namespace}/${pod.name}: no Service, no proxying`, {
      targets: [{
        pod: pod.name, namespace: pod.namespace, ip: addr, port: req.port, nodeName: pod.nodeName, probability: 1, hairpin: pod === client.pod,
      }],
      clientIpPreserved: true,
    });
  }
  return result(ConnectOutcome.NO_ROUTE, 'K4', `nothing in the cluster answers ${addr}:${req.port}/${protocol}`);
}

function resolveClient(view: ProxyView, req: ConnectRequest): Client | string {
  const { placement } = view;
  let pod: SimPod | undefined;
  if (req.fromPod !== undefined) {
    const [ns, name] = req.fromPod.includes('/') ? req.fromPod.split('/', 2) : [req.namespace ?? 'default', req.fromPod];
    pod = placement.pod(ns, name) ?? placement.pods.find((p) => p.name === req.fromPod);
    if (!pod) return `connect: there is no pod "${req.fromPod}"; see cluster.pods() for the pod names`;
  }
  let node: SimNode | undefined;
  if (req.fromNode !== undefined) {
    node = placement.node(req.fromNode);
    if (!node) return `connect: there is no node "${req.fromNode}"; the nodes are ${placement.nodes.map((n) => n.name).join(', ')}`;
  } else if (pod) {
    node = placement.node(pod.nodeName);
  }
  return { pod, node, ip: req.clientIp ?? pod?.ips[0] ?? (req.fromNode !== undefined ? node?.ip : undefined), namespace: pod?.namespace ?? 'default' };
}

/** K1: headless and ExternalName Services get no rules. */
function notProxied(svc: SimService): ConnectResult | undefined {
  const ref = `${svc.model.namespace}/${svc.model.name}`;
  if (svc.model.type === 'ExternalName') {
    return result(ConnectOutcome.NOT_PROXIED, 'K1', `${ref} is ExternalName: DNS answers a CNAME to ${svc.model.spec.externalName}; clients connect to that host, kube-proxy is not involved`, { service: ref });
  }
  if (svc.model.headless) {
    return result(ConnectOutcome.NOT_PROXIED, 'K1', `${ref} is headless: DNS answers the pod IPs and clients connect to a pod directly; kube-proxy is not involved`, { service: ref });
  }
  return undefined;
}

function targetsOf(eps: ProxyEndpoint[], client: Client, weight = 1): RouteTarget[] {
  // K4: `--probability 1/(n-i)` per rule makes the pick uniform.
  return eps.map((e) => {
    const hairpin = client.pod !== undefined && client.pod.ips.includes(e.ip);
    const t: any = { pod: e.pod, namespace: e.namespace, ip: e.ip, port: e.port, probability: weight / eps.length, hairpin };
    if (e.nodeName !== undefined) t.nodeName = e.nodeName;
    return t;
  });
}

function affinity(svc: SimService): Partial<ConnectResult> {
  // K8: ClientIP affinity pins a client to its first endpoint for the timeout.
  if (svc.model.spec.sessionAffinity !== 'ClientIP') return { sticky: false };
  return { sticky: true, affinityTimeoutSeconds: svc.model.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 };
}

function delivered(
  svc: SimService, svcPort: ServicePortSpec, targets: RouteTarget[], reason: string, rule: string, clientIpPreserved: boolean,
): ConnectResult {
  return result(ConnectOutcome.DELIVERED, rule, reason, {
    service: `${svc.model.namespace}/${svc.model.name}`, portName: svcPort?.name ?? '', targets, clientIpPreserved, ...affinity(svc),
  });
}

function noEndpoints(svc: SimService, svcPort: ServicePortSpec): ConnectResult {
  const ref = `${svc.model.namespace}/${svc.model.name}`;
  return result(ConnectOutcome.REFUSED, 'K4', `${ref}:${portLabel(svcPort)} has no endpoints: kube-proxy REJECTs (connection refused)`, { service: ref, portName: svcPort?.name ?? '' });
}

function noLocal(svc: SimService, svcPort: ServicePortSpec, node: SimNode | undefined, rule: string, policy: string): ConnectResult {
  const ref = `${svc.model.namespace}/${svc.model.name}`;
  return result(ConnectOutcome.DROPPED, rule, `${ref}:${portLabel(svcPort)} has ${policy}: Local and no local endpoint on node ${node?.name ?? '(unknown)'}: kube-proxy DROPs (timeout)`, { service: ref, portName: svcPort?.name ?? '' });
}

function portLabel(p: ServicePortSpec | undefined): string {
  return p?.name ? `${p.name}(${p.port}/${p.protocol ?? 'TCP'})` : `${p?.port}/${p?.protocol ?? 'TCP'}`;
}

/** K4: ClusterIP:port from a pod or a node. */
function internal(view: ProxyView, svc: SimService, svcPort: ServicePortSpec, client: Client): ConnectResult {
  const all = proxyEndpoints(view, svc, svcPort);
  const cluster = usable(all);
  if (cluster.length === 0) return noEndpoints(svc, svcPort);
  const preserved = client.pod !== undefined; // node-originated traffic is masqueraded
  if (svc.model.spec.internalTrafficPolicy === 'Local') {
    const node = client.node ?? view.placement.nodes[0];
    const local = usable(all.filter((e) => e.nodeName === node?.name));
    if (local.length === 0) return noLocal(svc, svcPort, node, 'K4', 'internalTrafficPolicy');
    return delivered(svc, svcPort, targetsOf(local, client), `internalTrafficPolicy Local: only the endpoints on node ${node.name}`, 'K4', preserved);
  }
  const { eps, mode } = clusterEndpoints(view, all, client.node);
  return delivered(svc, svcPort, targetsOf(eps, client), `uniform over ${eps.length} endpoint(s)${topologyNote(mode, client.node)}`, 'K4', preserved);
}

/** K5, K6, K10: traffic arriving at `node` (a nodePort, an external IP). */
function external(view: ProxyView, svc: SimService, svcPort: ServicePortSpec, node: SimNode, client: Client, viaLb: boolean): ConnectResult {
  const all = proxyEndpoints(view, svc, svcPort);
  const cluster = usable(all);
  if (cluster.length === 0) return noEndpoints(svc, svcPort);
  if (svc.model.spec.externalTrafficPolicy === 'Local') {
    // K6 exceptions: a pod on that node, or the node itself, use the Cluster chain.
    const fromThisNode = client.node?.name === node.name;
    if (fromThisNode) {
      const { eps, mode } = clusterEndpoints(view, all, node);
      return delivered(svc, svcPort, targetsOf(eps, client), `externalTrafficPolicy Local, but the client is on node ${node.name}: the Cluster chain applies${topologyNote(mode, node)}`, 'K6', client.pod !== undefined);
    }
    const local = usable(all.filter((e) => e.nodeName === node.name));
    if (local.length === 0) return noLocal(svc, svcPort, node, 'K6', 'externalTrafficPolicy');
    return delivered(svc, svcPort, targetsOf(local, client), `externalTrafficPolicy Local: only the endpoints on node ${node.name}; client IP kept`, 'K6', true);
  }
  const { eps, mode } = clusterEndpoints(view, all, node);
  return delivered(svc, svcPort, targetsOf(eps, client), `externalTrafficPolicy Cluster${viaLb ? '' : ` via node ${node.name}`}: any endpoint, client IP SNATed${topologyNote(mode, node)}`, 'K6', false);
}

/** K6, K7, K9: through the load balancer's ingress address. */
function loadBalancer(view: ProxyView, svc: SimService, svcPort: ServicePortSpec, client: Client): ConnectResult {
  const ranges: string[] = Array.isArray(svc.model.spec.loadBalancerSourceRanges) ? svc.model.spec.loadBalancerSourceRanges : [];
  if (ranges.length > 0 && client.ip !== undefined && !ranges.some((r) => cidrContains(r, client.ip!))) {
    const ref = `${svc.model.namespace}/${svc.model.name}`;
    return result(ConnectOutcome.DROPPED, 'K9', `client ${client.ip} is outside loadBalancerSourceRanges ${ranges.join(', ')} of ${ref}: the firewall chain drops it`, { service: ref, portName: svcPort?.name ?? '' });
  }
  // From inside the cluster, kube-proxy captures the ingress IP on the client's own node, unless
  // the load balancer says ipMode Proxy: then kube-proxy installs no rule for that IP and the
  // connection goes out to the load balancer like any other (pkg/proxy/serviceport.go
  // newBaseServiceInfo skips an ingress IP that pkg/proxy/util IsVIPMode rejects; the
  // LoadBalancerIPMode gate is off in 1.29, where ipMode is ignored, and on from 1.30).
  const proxyMode = view.minor >= 30 && ipModeOf(svc) === 'Proxy';
  if (client.node && !proxyMode) return external(view, svc, svcPort, client.node, client, true);
  const all = proxyEndpoints(view, svc, svcPort);
  const cluster = usable(all);
  if (cluster.length === 0) return noEndpoints(svc, svcPort);
  const how = proxyMode ? 'through the load balancer (ipMode Proxy: it proxies, so pods see its address, not the client\'s)' : 'through the load balancer';
  if (svc.model.spec.externalTrafficPolicy !== 'Local') {
    // The load balancer picks a node; that node's kube-proxy picks among its Cluster endpoints,
    // which topology hints may narrow per node.
    const perNode = view.placement.nodes.map((n) => clusterEndpoints(view, all, n));
    const targets = perNode.every((c) => c.mode === '')
      ? targetsOf(cluster, client)
      : mergeTargets(perNode.flatMap((c) => targetsOf(c.eps, client, 1 / perNode.length)));
    return delivered(svc, svcPort, targets, `${how}, externalTrafficPolicy Cluster: any node, then that node's endpoints, client IP SNATed`, 'K6', false);
  }
  // K7: the cloud LB sends only to nodes whose healthCheckNodePort answers 200.
  const healthy = view.placement.nodes.filter((n) => usable(all.filter((e) => e.nodeName === n.name)).length > 0);
  if (healthy.length === 0) return noLocal(svc, svcPort, undefined, 'K7', 'externalTrafficPolicy');
  const targets: RouteTarget[] = [];
  for (const n of healthy) targets.push(...targetsOf(usable(all.filter((e) => e.nodeName === n.name)), client, 1 / healthy.length));
  return delivered(svc, svcPort, targets, `${how} to the ${healthy.length} node(s) that pass the health check (externalTrafficPolicy Local)${proxyMode ? '' : '; client IP kept'}`, 'K7', !proxyMode);
}

/**
 * `status.loadBalancer.ingress[].ipMode` of the Service's first ingress (types.go
 * LoadBalancerIngress, 1.29+): VIP (the default when unset) or Proxy. An address given through
 * LocalClusterOptions.loadBalancerIngress has no ipMode: VIP.
 */
function ipModeOf(svc: SimService): string {
  const ingress = at(svc.model.raw, 'status', 'loadBalancer', 'ingress');
  if (!Array.isArray(ingress)) return 'VIP';
  const hit = ingress.find((i: any) => (i?.ip ?? i?.hostname) === svc.loadBalancerIngress[0]);
  return typeof hit?.ipMode === 'string' ? hit.ipMode : 'VIP';
}

/** One target per endpoint, the probabilities of the nodes' picks added up. */
function mergeTargets(targets: RouteTarget[]): RouteTarget[] {
  const byKey = new Map<string, any>();
  for (const t of targets) {
    const key = `${t.namespace}/${t.pod}/${t.ip}:${t.port}`;
    const seen = byKey.get(key);
    if (seen) seen.probability += t.probability;
    else byKey.set(key, { ...t });
  }
  return [...byKey.values()];
}

/** K7: what a node's healthCheckNodePort answers. */
export function healthCheck(view: ProxyView, svc: SimService, node: SimNode): HealthCheckResult {
  const ports = portsOf(svc.model.spec);
  const local = new Set<string>();
  for (const p of ports) for (const e of proxyEndpoints(view, svc, p)) if (e.nodeName === node.name && e.ready) local.add(e.ip);
  return { statusCode: local.size > 0 ? 200 : 503, localEndpoints: local.size, service: `${svc.model.namespace}/${svc.model.name}` };
}
