// NetworkPolicy as a pure function: may this pod send this packet to that pod? (issue 16)
//
// Semantics followed, with their sources:
// - Kubernetes docs, "Network Policies" (concepts/services-networking/network-policies):
//   isolation is per direction; a pod is isolated for ingress (egress) when any policy that
//   selects it has Ingress (Egress) in policyTypes; policies are additive (the union of their
//   rules is allowed, order does not matter); a connection needs the client's egress AND the
//   target's ingress; an empty podSelector selects every pod of the policy's namespace;
//   podSelector and namespaceSelector in one peer are ANDed, in two peers ORed; `ipBlock` with
//   `except`; `ports` by number, by name, and ranges with `endPort`; traffic from the pod's
//   own node is always allowed ("What you can't do with network policies").
// - API reference, networking.k8s.io/v1 NetworkPolicySpec / NetworkPolicyIngressRule /
//   NetworkPolicyEgressRule / NetworkPolicyPeer / NetworkPolicyPort: an absent or empty `from`
//   (`to`) matches every source (destination), in or outside the cluster; an absent or empty
//   `ports` matches every port; a rule list that is empty allows nothing; a port's protocol
//   defaults to TCP; a named port is looked up on the pod the traffic goes to.
// - pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicySpec: policyTypes, when not
//   given, is [Ingress], plus Egress when `len(spec.egress) != 0`.
// - pkg/apis/networking/validation/validation.go ValidateNetworkPolicyPeer / ValidateNetworkPolicyPort:
//   a peer must name at least one of podSelector, namespaceSelector, ipBlock ("must specify a
//   peer"), ipBlock goes alone, endPort needs a numeric port and endPort >= port; a policy
//   that fails is refused on create, so it is not in the cluster.
// - apimachinery pkg/labels/selector.go: matchLabels, and matchExpressions In, NotIn, Exists,
//   DoesNotExist (NotIn and DoesNotExist match a pod without the key).
// - NetworkPolicy applies to pod IPs and pod ports: a connection through a Service is judged
//   after kube-proxy's DNAT, as the kubernetes e2e network-policy suite (test/e2e/network/netpol)
//   probes it.
import { DirectionDecision, FlowDecision, PolicyDirection } from './network-types';
import { labelSelectorMatches, ModelObject } from '../model/cluster-model';
import { parseCidrSloppy } from '../model/ip';
import { cidrContains } from '../model/ip-math';
import { asList, asMap, at, Draft, JsonMap } from '../model/json';
import { DeclaredPort, findNamedPort } from '../model/pods';

/** A pod as NetworkPolicy sees it. */
export interface NetPod {
  /** `namespace/name`. */
  ref: string;
  namespace: string;
  labels: Record<string, string>;
  /** Its IP; undefined when it is somewhere in the pod network but not known (kube-dns, a namespace probe). */
  ip?: string;
  ports: DeclaredPort[];
}

/** What the evaluator reads of the cluster. */
export interface PolicyWorld {
  /** The NetworkPolicies the API server accepts. */
  policies: ModelObject[];
  /** The pod network, for pods whose IP is not known. */
  podCidr: string;
  /** The labels of a namespace (its Namespace object plus kubernetes.io/metadata.name). */
  namespaceLabels(namespace: string): Record<string, string>;
}

/** The peer on the other side of a flow: a pod, or an address outside the cluster. */
export interface NetPeer {
  pod?: NetPod;
  ip?: string;
}

/** SetDefaults_NetworkPolicySpec: the directions a policy isolates. */
export function policyTypesOf(spec: unknown): PolicyDirection[] {
  const given = asList(at(spec, 'policyTypes')).filter((t) => t === 'Ingress' || t === 'Egress');
  if (given.length > 0) return given as PolicyDirection[];
  return asList(at(spec, 'egress')).length !== 0 ? [PolicyDirection.INGRESS, PolicyDirection.EGRESS] : [PolicyDirection.INGRESS];
}

/**
 * Why the API server refuses a NetworkPolicy on create (ValidateNetworkPolicyPeer and
 * ValidateNetworkPolicyPort), or undefined when it accepts it. Only the checks that change
 * what the policy means are here.
 */
export function networkPolicyRefusal(policy: ModelObject): string | undefined {
  const spec: JsonMap = asMap(policy.raw.spec) ?? {};
  const rules = [...asList(spec.ingress).map((r, i) => ({ r, f: `spec.ingress[${i}]`, peers: 'from' })), ...asList(spec.egress).map((r, i) => ({ r, f: `spec.egress[${i}]`, peers: 'to' }))];
  for (const { r, f, peers } of rules) {
    for (const [j, item] of asList(at(r, peers)).entries()) {
      const peer = asMap(item) ?? {};
      const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k] !== undefined && peer[k] !== null).length;
      if (n === 0) return `${f}.${peers}[${j}]: must specify a peer`;
      if (n > 1 && peer.ipBlock) return `${f}.${peers}[${j}]: may not specify both ipBlock and another peer`;
      const cidr = at(peer, 'ipBlock', 'cidr');
      if (peer.ipBlock && !parseCidrSloppy(String(cidr ?? ''))) return `${f}.${peers}[${j}].ipBlock.cidr: ${JSON.stringify(cidr)} is not a CIDR`;
    }
    for (const [j, item] of asList(at(r, 'ports')).entries()) {
      const p = asMap(item) ?? {};
      if (p.endPort === undefined || p.endPort === null) continue;
      if (typeof p.port !== 'number') return `${f}.ports[${j}].endPort: may not be specified when port is not a number`;
      if ((p.endPort as number) < p.port) return `${f}.ports[${j}].endPort: must be greater than or equal to port`;
    }
  }
  return undefined;
}

/** Whether a policy's `spec.podSelector` selects the pod (own namespace only; absent or `{}`: every pod). */
function selects(policy: ModelObject, pod: NetPod): boolean {
  return policy.namespace === pod.namespace && labelSelectorMatches(at(policy.raw, 'spec', 'podSelector'), pod.labels);
}

/** Whether `outer` holds every address of `inner` (false for two families). */
function cidrCovers(outer: string, inner: string): boolean {
  const o = parseCidrSloppy(outer);
  const i = parseCidrSloppy(inner);
  return !!o && !!i && cidrContains(o, i.network) && o.prefix <= i.prefix;
}

/** Whether two CIDRs share an address. */
function cidrOverlaps(a: string, b: string): boolean {
  return cidrCovers(a, b) || cidrCovers(b, a);
}

/**
 * NetworkPolicyPeer.ipBlock: the IP is in `cidr` and in none of `except`. An unknown pod IP
 * (somewhere in the pod network) matches only a block that covers the whole pod network and
 * excepts none of it: the one answer true of every address it may have.
 */
function ipBlockMatches(block: unknown, ip: string | undefined, podCidr: string): boolean {
  const cidr = String(at(block, 'cidr') ?? '');
  const except: string[] = asList(at(block, 'except')).map(String);
  if (ip === undefined) return cidrCovers(cidr, podCidr) && !except.some((e) => cidrOverlaps(e, podCidr));
  return cidrContains(cidr, ip) && !except.some((e) => cidrContains(e, ip)); // false across families
}

/** NetworkPolicyPeer: the pod (or address) on the other side matches it. */
function peerMatches(world: PolicyWorld, policy: ModelObject, peer: unknown, other: NetPeer): boolean {
  const ipBlock = at(peer, 'ipBlock');
  if (ipBlock) return ipBlockMatches(ipBlock, other.pod ? other.pod.ip : other.ip, world.podCidr);
  const pod = other.pod;
  if (!pod) return false; // selectors select pods only: an address outside the cluster matches ipBlock alone
  const nsSel = at(peer, 'namespaceSelector');
  const inNamespace = nsSel === undefined || nsSel === null
    ? pod.namespace === policy.namespace // no namespaceSelector: the policy's own namespace
    : labelSelectorMatches(nsSel, world.namespaceLabels(pod.namespace));
  const podSel = at(peer, 'podSelector');
  return inNamespace && (podSel === undefined || podSel === null || labelSelectorMatches(podSel, pod.labels));
}

/** NetworkPolicyPort: the (post-DNAT) port matches; a name is looked up on the receiving pod. */
function portMatches(item: unknown, port: number, protocol: string, receiver: NetPod): boolean {
  const p = asMap(item) ?? {};
  if ((typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP') !== protocol) return false;
  const want = p.port;
  if (want === undefined || want === null) return true; // every port of the protocol
  if (typeof want === 'string') {
    if (/^[0-9]+$/.test(want)) return Number(want) === port;
    const named = findNamedPort(receiver.ports, want, protocol);
    return named !== undefined && named.containerPort === port;
  }
  if (typeof want !== 'number') return false;
  if (typeof p.endPort === 'number') return port >= want && port <= p.endPort;
  return port === want;
}

/** One rule (`spec.ingress[i]` or `spec.egress[i]`) allows the flow. */
function ruleAllows(
  world: PolicyWorld, policy: ModelObject, rule: unknown, peersKey: string, other: NetPeer, port: number, protocol: string, receiver: NetPod,
): boolean {
  const ports = asList(at(rule, 'ports'));
  if (ports.length > 0 && !ports.some((p) => portMatches(p, port, protocol, receiver))) return false;
  const peers = asList(at(rule, peersKey));
  return peers.length === 0 || peers.some((peer) => peerMatches(world, policy, peer, other));
}

function refs(policies: ModelObject[]): string[] {
  return policies.map((p) => `${p.namespace}/${p.name}`);
}

function describePeer(other: NetPeer): string {
  return other.pod ? other.pod.ref : other.ip ?? 'outside the cluster';
}

/**
 * What the policies of one side decide: the egress of `subject` towards `other`, or the
 * ingress of `subject` from `other`. `receiver` is the pod the packet goes to (named ports).
 */
export function decideDirection(
  world: PolicyWorld, direction: PolicyDirection, subject: NetPod, other: NetPeer, port: number, protocol: string, receiver: NetPod,
): DirectionDecision {
  const isolating = world.policies.filter((p) => selects(p, subject) && policyTypesOf(p.raw.spec).includes(direction));
  const what = `${direction === PolicyDirection.INGRESS ? `ingress of ${subject.ref} from ${describePeer(other)}` : `egress of ${subject.ref} to ${describePeer(other)}`} on ${port}/${protocol}`;
  if (isolating.length === 0) {
    return { direction, allowed: true, isolated: false, policies: [], allowedBy: [], reason: `no NetworkPolicy selects ${subject.ref} for ${direction}: the ${what} is not isolated` };
  }
  const key = direction === PolicyDirection.INGRESS ? 'ingress' : 'egress';
  const peersKey = direction === PolicyDirection.INGRESS ? 'from' : 'to';
  const allowedBy = isolating.filter((p) => asList(at(p.raw, 'spec', key)).some((r) => ruleAllows(world, p, r, peersKey, other, port, protocol, receiver)));
  const names = refs(isolating).join(', ');
  return {
    direction,
    allowed: allowedBy.length > 0,
    isolated: true,
    policies: refs(isolating),
    allowedBy: refs(allowedBy),
    reason: allowedBy.length > 0
      ? `${refs(allowedBy).join(', ')} allow${allowedBy.length === 1 ? 's' : ''} the ${what}`
      : `${names} isolate${isolating.length === 1 ? 's' : ''} ${subject.ref} for ${direction} and no rule of ${isolating.length === 1 ? 'it' : 'them'} allows the ${what}`,
  };
}

/**
 * One flow: `client` (a pod, or an address outside the cluster) to `target` at a pod port. A
 * client outside the cluster has no egress policies; a node's own traffic is always allowed
 * and is not asked here.
 */
export function decideFlow(world: PolicyWorld, client: NetPeer, target: NetPod, port: number, protocol: string): FlowDecision {
  const egress: DirectionDecision = client.pod
    ? decideDirection(world, PolicyDirection.EGRESS, client.pod, { pod: target }, port, protocol, target)
    : { direction: PolicyDirection.EGRESS, allowed: true, isolated: false, policies: [], allowedBy: [], reason: 'the client is outside the cluster: no egress policy applies' };
  const ingress = decideDirection(world, PolicyDirection.INGRESS, target, client, port, protocol, target);
  const out: Draft<FlowDecision> = { to: target.ref, port, protocol, allowed: egress.allowed && ingress.allowed, egress, ingress };
  if (target.ip !== undefined) out.ip = target.ip;
  return out as FlowDecision;
}
