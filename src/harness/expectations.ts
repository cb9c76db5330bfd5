// What the simulation predicts, as the data every emitted file is rendered from (DESIGN.md
// "The harness"): per Service its ports, endpoints (E1-E7), DNS answers (D2-D5), routing
// outcomes (K1-K6) and the checks that prove them on a real cluster. Read only through
// LocalCluster's public API plus the raw manifests (for fields ServiceInfo does not carry).
import { ClusterModel } from '../model/cluster-model';
import { ipFamilyOf } from '../model/ip';
import { asMap, JsonMap } from '../model/json';
import { DnsRcode, DnsRecordType } from '../simulation/dns-types';
import { BUILTIN_NAMESPACES, LocalCluster } from '../simulation/local-cluster';
import { PolicyVerdict } from '../simulation/network-types';
import { ConnectOutcome, ConnectRequest, ConnectVia } from '../simulation/routing-types';

/** Where a check runs. */
export type CheckSite = 'probe' | 'host' | 'api';

/** What a check does (the probe script and run.sh have one function per kind). */
export type CheckKind = 'dns-a' | 'dns-headless' | 'dns-cname' | 'endpointslices' | 'tcp-name' | 'tcp-ip' | 'tcp-pod' | 'http' | 'nodeport-node' | 'nodeport-host' | 'tcp-client';

/** One check of the harness, with the value the simulation predicts. */
export interface CheckSpec {
  /** Stable id: `<namespace>/<service>/<what>[/<port>]`. */
  id: string;
  /** What it does. */
  kind: CheckKind;
  /** The Service port (or, for nodeport-host, the nodePort dialled) it is about. */
  port?: number;
  /** For a client probe's check: the Service dialled, as `name.namespace`. */
  target?: string;
  /** Where it runs: a probe Job in the cluster, the host (run.sh), or the API (run.sh reads EndpointSlices). */
  site: CheckSite;
  /** What a person reads: what is checked and why this value is expected (with the rule id). */
  description: string;
  /**
   * The expected value. `$VAR` names a value read at run time (the real ClusterIP or nodePort),
   * written by run.sh into the probes' runtime ConfigMap.
   */
  expected: string;
}

/** One Service port, defaulted and allocated. */
export interface PortExpectation {
  name: string;
  port: number;
  protocol: string;
  targetPort: string;
  appProtocol?: string;
  /** The nodePort the simulation allocated (NodePort, LoadBalancer). */
  nodePort?: number;
  /** The manifest pins the nodePort: kind can map it to the host. */
  nodePortPinned: boolean;
  /** The pod port the port resolves to on the ready endpoints (E4), when they agree. */
  podPort?: number;
  /** An HTTP server is expected (appProtocol, or the port name says http). */
  http: boolean;
}

/** What the EndpointSlice controller writes for a Service (E1-E7). */
export interface EndpointExpectation {
  /** `IPv4` or `IPv6`; the family the counts are of. */
  addressType: string;
  /** Endpoints with `conditions.ready` true (E3). */
  ready: number;
  /** Endpoints that are not ready. */
  notReady: number;
  /** The union of slice ports as `name/port/protocol`, sorted. */
  ports: string[];
  /** The pods the simulation placed behind the Service, sorted. */
  pods: string[];
  /** The slices the simulation computed: ready endpoints and ports of each. */
  slices: { ready: number; endpoints: number; ports: string[] }[];
}

/** What the cluster DNS answers for the Service's name. */
export interface DnsExpectation {
  /** The fully qualified name asked. */
  name: string;
  /** The record type asked. */
  type: string;
  /** NOERROR or NXDOMAIN. */
  rcode: string;
  /** How many answer records. */
  count: number;
  /** The simulated answers (ClusterIP and pod IPs differ on a real cluster; the CNAME target does not). */
  answers: string[];
}

/** Everything predicted for one Service. */
export interface ServiceExpectation {
  /** Position among the accepted Services (names the runtime variables `SVC_<index>_...`). */
  index: number;
  name: string;
  namespace: string;
  type: string;
  headless: boolean;
  dnsName: string;
  /** The ClusterIP the simulation allocated (a real cluster allocates another unless pinned). */
  simulatedClusterIp?: string;
  /** The manifest pins `spec.clusterIP`. */
  clusterIpPinned: boolean;
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  hasSelector: boolean;
  ports: PortExpectation[];
  endpoints: EndpointExpectation;
  dns: DnsExpectation;
  checks: CheckSpec[];
}

/**
 * A Service the API server refuses (a validation error or an allocation conflict): kept out of
 * manifests.k8s.yaml, written alone to `file`, which run.sh and chainsaw apply expecting a refusal.
 */
export interface RefusedService {
  name: string;
  namespace: string;
  reason: string;
  /** The harness file that holds this Service alone, e.g. `refused-1.k8s.yaml`. */
  file: string;
}

/**
 * A probe that runs as one of the app's client workloads (issue 16): a Job in the workload's
 * namespace whose pod carries the workload's pod labels, so the app's NetworkPolicies (its
 * egress policies, the targets' ingress policies) judge it as they judge the workload's own pods.
 * Emitted only for the connections a NetworkPolicy takes part in.
 */
export interface ClientProbe {
  /** The workload, as `Kind/namespace/name`. */
  workload: string;
  namespace: string;
  /** The probe Job's name. */
  job: string;
  /** The workload's pod template labels (the probe pod's, with one of the harness's own). */
  labels: Record<string, string>;
  checks: CheckSpec[];
}

/** Everything the emitted harness checks. */
export interface HarnessExpectations {
  /** The kind cluster name run.sh creates. */
  clusterName: string;
  /** The namespace of the probe Jobs. */
  harnessNamespace: string;
  clusterDomain: string;
  /** The nodes the simulation assumed. */
  nodes: { name: string; ip: string; zone?: string }[];
  services: ServiceExpectation[];
  /** Probes run as the app's client workloads, where NetworkPolicy decides (issue 16). */
  clients: ClientProbe[];
  refused: RefusedService[];
  /** The Service CIDRs the simulation allocated from, primary first, comma-separated (kind.yaml's serviceSubnet). */
  serviceCidr: string;
  /** The node port range the simulation allocated from (kind.yaml passes it to the API server). */
  nodePortRange: string;
  /** Namespaces the manifests use but do not declare (run.sh creates them when missing). */
  undeclaredNamespaces: string[];
}

/**
 * appProtocol values that mean HTTP/1.1 (the IANA name and KEP-3726's). Not `kubernetes.io/h2c`:
 * HTTP/2 with prior knowledge, which an HTTP/1.1 client request does not get an answer from.
 */
const HTTP_APP_PROTOCOLS = new Set(['http', 'kubernetes.io/http']);

/** A plain-HTTP port: appProtocol says so, or the name is `http`, `http-*` or `*-http` (Istio's convention). */
export function isHttpPort(name: string, appProtocol: string | undefined): boolean {
  if (appProtocol !== undefined) return HTTP_APP_PROTOCOLS.has(appProtocol.toLowerCase());
  const n = name.toLowerCase();
  return n === 'http' || n.startsWith('http-') || n.endsWith('-http');
}

function portKey(p: { name: string; port: number; protocol: string }): string {
  return `${p.name}/${p.port}/${p.protocol}`;
}

/** Options the expectations depend on. */
export interface ExpectationOptions {
  clusterName: string;
  harnessNamespace: string;
}

/**
 * Reads the predictions for every accepted Service of `cluster`. `manifests` are the objects
 * the cluster was built from (for appProtocol and pinned fields, which ServiceInfo omits).
 */
export function computeExpectations(cluster: LocalCluster, manifests: any[], options: ExpectationOptions): HarnessExpectations {
  const model = ClusterModel.fromObjects(manifests);
  const services: ServiceExpectation[] = [];
  const refused: RefusedService[] = [];
  for (const info of cluster.services()) {
    if (!info.accepted) {
      refused.push({ name: info.name, namespace: info.namespace, reason: info.rejection ?? 'refused', file: `refused-${refused.length + 1}.k8s.yaml` });
      continue;
    }
    const raw = model.findServices(info.namespace, info.name)[0];
    const rawSpec: JsonMap = asMap(raw?.raw.spec) ?? {};
    const rawPorts: any[] = Array.isArray(rawSpec.ports) ? rawSpec.ports : [];
    const slices = cluster.endpointSlices(info.name, info.namespace);
    const all = cluster.allEndpoints(info.name, info.namespace);
    const ready = all.filter((e) => e.ready);
    const ports: PortExpectation[] = info.ports.map((p, i): PortExpectation => {
      const rp = rawPorts[i] ?? {};
      const appProtocol = typeof rp.appProtocol === 'string' ? rp.appProtocol : undefined;
      const podPorts = [...new Set(ready.map((e) => e.ports[p.name]).filter((x) => x !== undefined))];
      return {
        name: p.name,
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPort,
        ...(appProtocol !== undefined ? { appProtocol } : {}),
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
        nodePortPinned: typeof rp.nodePort === 'number' && rp.nodePort > 0,
        ...(podPorts.length === 1 ? { podPort: podPorts[0] } : {}),
        http: isHttpPort(p.name, appProtocol),
      };
    });
    // The Service's own family (kube-proxy and DNS ignore slices of the other); headless: its slices'.
    const ownFamily = !info.headless && info.clusterIp ? ipFamilyOf(info.clusterIp) : undefined;
    const addressType = ownFamily ?? slices[0]?.addressType ?? 'IPv4';
    const endpoints: EndpointExpectation = {
      addressType,
      ready: ready.length,
      notReady: all.length - ready.length,
      ports: [...new Set(slices.flatMap((s) => s.ports.map(portKey)))].sort(),
      pods: all.map((e) => e.podName).sort(),
      slices: slices.filter((s) => s.addressType === addressType).map((s) => ({
        ready: s.endpoints.filter((e) => e.conditions.ready).length,
        endpoints: s.endpoints.length,
        ports: s.ports.map(portKey).sort(),
      })),
    };
    const dnsType = info.type === 'ExternalName' ? DnsRecordType.CNAME : addressType === 'IPv6' ? DnsRecordType.AAAA : DnsRecordType.A;
    const answer = cluster.resolve(info.dnsName, dnsType, info.namespace);
    const dns: DnsExpectation = {
      name: info.dnsName,
      type: dnsType,
      rcode: answer.rcode,
      count: answer.answers.filter((a) => a.type === dnsType).length,
      answers: answer.answers.filter((a) => a.type === dnsType).map((a) => a.value),
    };
    const e: ServiceExpectation = {
      index: services.length,
      name: info.name,
      namespace: info.namespace,
      type: info.type,
      headless: info.headless,
      dnsName: info.dnsName,
      ...(info.clusterIp !== undefined && !info.headless ? { simulatedClusterIp: info.clusterIp } : {}),
      clusterIpPinned: typeof rawSpec.clusterIP === 'string' && rawSpec.clusterIP !== '' && rawSpec.clusterIP !== 'None',
      ...(info.externalName !== undefined ? { externalName: String(info.externalName).toLowerCase().replace(/\.$/, '') } : {}),
      ...(info.externalTrafficPolicy !== undefined ? { externalTrafficPolicy: info.externalTrafficPolicy } : {}),
      ...(info.internalTrafficPolicy !== undefined ? { internalTrafficPolicy: info.internalTrafficPolicy } : {}),
      hasSelector: raw?.selector !== undefined,
      ports,
      endpoints,
      dns,
      checks: [],
    };
    e.checks = checksFor(cluster, e, options.harnessNamespace);
    services.push(e);
  }
  // A Service the API server cannot even decode (T1, 400 BadRequest) is refused too.
  for (const { object, errors } of model.undecodable) {
    const e = errors[0];
    refused.push({ name: object.name, namespace: object.namespace, reason: `${e.field} must be ${e.expected}`, file: `refused-${refused.length + 1}.k8s.yaml` });
  }
  const settings = cluster._clusterSettings();
  const declared = new Set(model.objects.filter((o) => o.kind === 'Namespace').map((o) => o.name));
  const used = new Set<string>();
  for (const o of model.objects) {
    if (o.kind !== 'Namespace' && !CLUSTER_SCOPED_KINDS.has(o.kind)) used.add(o.namespace);
  }
  return {
    clusterName: options.clusterName,
    harnessNamespace: options.harnessNamespace,
    clusterDomain: cluster.clusterDomain,
    nodes: cluster.nodes().map((n) => (n.zone !== undefined ? { name: n.name, ip: n.ip, zone: n.zone } : { name: n.name, ip: n.ip })),
    services,
    clients: clientProbes(cluster, model, services),
    refused,
    serviceCidr: settings.serviceCidrs.join(','),
    nodePortRange: `${settings.nodePortRange.min}-${settings.nodePortRange.max}`,
    undeclaredNamespaces: [...used].filter((n) => !declared.has(n) && !BUILTIN_NAMESPACES.includes(n)).sort(),
  };
}

/** Kinds that have no namespace (kubectl would reject one). */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'PodSecurityPolicy',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration', 'IPAddress', 'ServiceCIDR',
]);

/** `open` when the simulated kube-proxy delivers, `closed` when it refuses or drops (K4). */
function tcpOutcome(outcome: ConnectOutcome): string {
  return outcome === ConnectOutcome.DELIVERED ? 'open' : 'closed';
}

/** Upper-case env-var-safe name of a runtime value of Service `index`. */
export function runtimeVar(index: number, what: string): string {
  return `SVC_${index}_${what}`;
}

/**
 * A connection from a probe pod, as NetworkPolicy sees it: a pod of the probe namespace whose
 * labels no policy of the app names (issue 16). BLOCKED is then expected as `closed` (the probe's
 * `nc -z -w` times out); a connection only some endpoints allow (PARTLY) depends on the endpoint
 * kube-proxy picks, so it is not checked.
 */
interface ProbeOutcome {
  /** `open` or `closed`; undefined when only some endpoints allow it (not checked). */
  outcome: string | undefined;
  /** NetworkPolicy drops it. */
  blocked: boolean;
  why: string;
  /** A NetworkPolicy selects the target pods for ingress. */
  isolated: boolean;
  /** The rule that decided (`K4`, `NetworkPolicy`). */
  rule: string;
}

function fromProbe(cluster: LocalCluster, probeNamespace: string, request: ConnectRequest): ProbeOutcome {
  const r = cluster._connectFromNamespace(probeNamespace, request);
  const isolated = (r.policy?.targets ?? []).some((t) => t.ingress.isolated);
  if (r.policy?.verdict === PolicyVerdict.PARTLY) return { outcome: undefined, blocked: false, why: r.policy.reason, isolated, rule: 'NetworkPolicy' };
  const blocked = r.outcome === ConnectOutcome.BLOCKED;
  const why = blocked ? `${r.reason} (policies: ${r.policy?.policies.join(', ') || 'none'})` : `${r.reason} (${r.rule})`;
  return { outcome: tcpOutcome(r.outcome), blocked, why, isolated, rule: r.rule };
}

/** Workload kinds whose pods a probe Job can stand in for (their labels are the pod template's). */
const CLIENT_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

/**
 * The client probes: for each built-in workload of the app, the TCP ports of the proxied
 * Services that a NetworkPolicy takes part in reaching from its pods, each expected open or
 * closed as the simulation decides (ALLOWED or BLOCKED; a connection only some endpoints allow
 * depends on the endpoint kube-proxy picks and is left out). None without NetworkPolicies.
 */
function clientProbes(cluster: LocalCluster, model: ClusterModel, services: ServiceExpectation[]): ClientProbe[] {
  if (model.network.networkPolicies.length === 0) return [];
  const out: ClientProbe[] = [];
  const seen = new Set<string>();
  for (const t of model.podTemplates) {
    const ref = t.owner.ref;
    if (seen.has(ref) || !CLIENT_KINDS.has(t.owner.kind) || Object.keys(t.labels).length === 0) continue;
    seen.add(ref);
    const checks: CheckSpec[] = [];
    for (const e of services) {
      if (e.type === 'ExternalName' || e.headless || e.internalTrafficPolicy === 'Local') continue;
      for (const p of e.ports) {
        if (p.protocol !== 'TCP') continue;
        let r;
        try {
          r = cluster.connect({ from: `${t.namespace}/${t.owner.name}`, service: e.name, namespace: e.namespace, port: p.port });
        } catch {
          continue; // the workload runs no pod with an address (a suspended Job, zero replicas)
        }
        if (!r.policy || r.policy.policies.length === 0 || r.policy.verdict === PolicyVerdict.PARTLY) continue;
        const blocked = r.outcome === ConnectOutcome.BLOCKED;
        if (!blocked && r.outcome !== ConnectOutcome.DELIVERED) continue;
        checks.push({
          id: `${t.namespace}/${t.owner.name}/to/${e.namespace}/${e.name}/${p.port}`,
          kind: 'tcp-client',
          port: p.port,
          target: `${e.name}.${e.namespace}`,
          site: 'probe',
          expected: blocked ? 'closed' : 'open',
          description: `from a pod of ${ref} (its labels), ${e.name}.${e.namespace}:${p.port} is ${blocked ? 'closed' : 'open'}: ${r.policy.reason} (policies: ${r.policy.policies.join(', ')})`,
        });
      }
    }
    if (checks.length === 0) continue;
    out.push({ workload: ref, namespace: t.namespace, job: clientJobName(out.length, t.owner.name), labels: { ...t.labels }, checks });
  }
  return out;
}

/** The name of client probe `index`'s Job: `probe-client-<index>-<workload>`, a DNS-1123 label. */
function clientJobName(index: number, workload: string): string {
  const s = `probe-client-${index}-${workload}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return s.slice(0, 63).replace(/-+$/, '');
}

function checksFor(cluster: LocalCluster, e: ServiceExpectation, probeNamespace: string): CheckSpec[] {
  const base = `${e.namespace}/${e.name}`;
  const checks: CheckSpec[] = [];
  // DNS (D2, D4, D5).
  if (e.type === 'ExternalName') {
    checks.push({
      id: `${base}/dns-cname`,
      kind: 'dns-cname',
      site: 'probe',
      expected: e.dns.rcode === DnsRcode.NOERROR ? e.dns.answers[0] ?? 'none' : 'none',
      description: `${e.dnsName} is a CNAME to ${e.externalName} (D5)`,
    });
  } else if (e.headless) {
    checks.push({
      id: `${base}/dns-headless`,
      kind: 'dns-headless',
      site: 'probe',
      expected: `${e.dns.count}-records`,
      description: `${e.dnsName} answers one ${e.dns.type} record per ready pod: ${e.dns.count} (D4${e.dns.count === 0 ? ': none ready gives NXDOMAIN' : ''})`,
    });
  } else {
    checks.push({
      id: `${base}/dns-a`,
      kind: 'dns-a',
      site: 'probe',
      expected: `$${runtimeVar(e.index, 'CLUSTER_IP')}`,
      description: `${e.dnsName} answers the Service's ClusterIP, read from the live Service (D2)`,
    });
  }
  // API: EndpointSlices as the controller writes them (E1-E7).
  if (e.type !== 'ExternalName') {
    checks.push({
      id: `${base}/endpointslices`,
      kind: 'endpointslices',
      site: 'api',
      expected: `ready=${e.endpoints.ready} ports=${e.endpoints.ports.join(',') || 'none'}`,
      description: `EndpointSlices labelled kubernetes.io/service-name=${e.name} hold ${e.endpoints.ready} ready ${e.endpoints.addressType} endpoint(s) with ports ${e.endpoints.ports.join(', ') || '(none)'} (E1-E5)`,
    });
  }
  for (const p of e.ports) {
    if (p.protocol !== 'TCP') continue; // UDP and SCTP have no handshake to observe with nc -z.
    if (e.type === 'ExternalName') continue; // the target is outside the cluster.
    const localOnly = e.internalTrafficPolicy === 'Local';
    if (e.headless) {
      // K1: not proxied; clients dial a pod IP at the pod port.
      if (p.podPort !== undefined && e.dns.count > 0) {
        const probe = fromProbe(cluster, probeNamespace, { service: e.name, namespace: e.namespace, port: p.port });
        if (probe.outcome === undefined) continue; // PARTLY: which pod answers decides
        const blocked = probe.blocked;
        checks.push({
          id: `${base}/tcp-pod/${p.port}`,
          kind: 'tcp-pod',
          port: p.podPort,
          site: 'probe',
          expected: blocked ? 'closed' : 'open',
          description: blocked
            ? `${e.name}.${e.namespace}:${p.podPort} from the probe is closed: ${probe.why}`
            : `${e.name}.${e.namespace}:${p.podPort} connects to a ready pod directly (headless: K1, D4)`,
        });
      }
      continue;
    }
    // NetworkPolicy that isolates the pods judges a nodePort connection by the source address the
    // CNI leaves after SNAT (a node IP or the client's), which the simulation does not decide.
    let isolated = false;
    if (!localOnly) {
      const probe = fromProbe(cluster, probeNamespace, { service: e.name, namespace: e.namespace, port: p.port });
      isolated = probe.isolated;
      const exp = probe.outcome;
      if (exp !== undefined) {
        checks.push({
          id: `${base}/tcp-name/${p.port}`,
          kind: 'tcp-name',
          port: p.port,
          site: 'probe',
          expected: exp,
          description: `${e.name}.${e.namespace}:${p.port} (the search path, D1) is ${exp} from the probe namespace ${probeNamespace}: ${probe.why}`,
        });
        checks.push({
          id: `${base}/tcp-ip/${p.port}`,
          kind: 'tcp-ip',
          port: p.port,
          site: 'probe',
          expected: exp,
          description: `ClusterIP:${p.port} is ${exp} from the probe namespace (${probe.rule})`,
        });
      }
      if (p.http && exp === 'open') {
        checks.push({
          id: `${base}/http/${p.port}`,
          kind: 'http',
          port: p.port,
          site: 'probe',
          expected: 'http',
          description: `http://${e.name}.${e.namespace}:${p.port}/ answers with an HTTP status line (any code: routing, not the app, is tested)`,
        });
      }
    }
    if (p.nodePort !== undefined && localOnly) {
      isolated = fromProbe(cluster, probeNamespace, { service: e.name, namespace: e.namespace, port: p.port }).isolated;
    }
    if (p.nodePort !== undefined && isolated) {
      checks.push({
        id: `${base}/nodeport-host/${p.port}`,
        kind: 'nodeport-host',
        port: undefined,
        site: 'host',
        expected: 'skip',
        description: 'not checked: a NetworkPolicy isolates the Service\'s pods, and whether it admits a nodePort connection depends on the source address the CNI leaves after SNAT',
      });
      continue;
    }
    if (p.nodePort !== undefined) {
      const etpLocal = e.externalTrafficPolicy === 'Local';
      const r = cluster.connect({ service: e.name, namespace: e.namespace, port: p.nodePort, via: ConnectVia.NODE_PORT });
      const exp = tcpOutcome(r.outcome);
      if (!etpLocal) {
        checks.push({
          id: `${base}/nodeport-node/${p.port}`,
          kind: 'nodeport-node',
          port: p.port,
          site: 'probe',
          expected: exp,
          description: `the probe's node IP at the nodePort (read from the live Service) is ${exp} (K5: every node listens)`,
        });
      }
      checks.push({
        id: `${base}/nodeport-host/${p.port}`,
        kind: 'nodeport-host',
        port: p.nodePortPinned ? p.nodePort : undefined,
        site: 'host',
        expected: etpLocal || !p.nodePortPinned ? 'skip' : exp,
        description: etpLocal
          ? 'not checked from the host: externalTrafficPolicy Local answers only on nodes that run a pod of the Service (K6)'
          : p.nodePortPinned
            ? `127.0.0.1:${p.nodePort} on the host (kind extraPortMappings) is ${exp}${p.http ? ', with an HTTP answer' : ''} (K5)`
            : 'not checked from the host: the nodePort is not pinned in the manifest, so kind cannot map it (pin it to check it from the host)',
      });
    }
  }
  return checks;
}
