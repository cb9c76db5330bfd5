// Reachability against published expected results (issue 16; docs/reachability.md lists each
// case and its source). The scenarios are our own manifests, modelled on the cases of the
// Kubernetes e2e network-policy suite (kubernetes/kubernetes test/e2e/network/netpol/
// network_policy.go, the "truth tables" of pods x/a..z/c) and on the examples of the
// Kubernetes docs "Network Policies". Each expected table is written the way those sources
// state it: everything allowed, then the pairs the case says are blocked (loopback ignored, as
// the e2e suite does: `ignoreLoopback = true`). The probes dial the Service IP (no name
// lookup), as the e2e probes dial the Service IP of each server pod.
import { ConnectOutcome, LocalCluster, Protocol } from '../../src';

type PodName = string; // `ns/pod`
interface Peer { ns?: string; pod?: string }

/** The expected truth table: every pair allowed unless a statement of the case says otherwise. */
class Truth {
  private readonly table = new Map<string, boolean>();
  constructor(readonly pods: PodName[]) {
    for (const f of pods) for (const t of pods) this.table.set(`${f}>${t}`, true);
  }
  /** Like the e2e `ExpectPeer`: every pair whose client matches `from` and server matches `to`. */
  peer(from: Peer, to: Peer, allowed: boolean): this {
    const m = (p: PodName, s: Peer) => (s.ns === undefined || p.split('/')[0] === s.ns) && (s.pod === undefined || p.split('/')[1] === s.pod);
    for (const f of this.pods) for (const t of this.pods) if (m(f, from) && m(t, to)) this.table.set(`${f}>${t}`, allowed);
    return this;
  }
  one(from: PodName, to: PodName, allowed: boolean): this {
    this.table.set(`${from}>${to}`, allowed);
    return this;
  }
  allIngress(to: PodName, allowed: boolean): this {
    const [ns, pod] = to.split('/');
    return this.peer({}, { ns, pod }, allowed);
  }
  allEgress(from: PodName, allowed: boolean): this {
    const [ns, pod] = from.split('/');
    return this.peer({ ns, pod }, {}, allowed);
  }
  get(from: PodName, to: PodName): boolean {
    return this.table.get(`${from}>${to}`)!;
  }
}

const PORTS = [
  { name: 'p80-tcp', containerPort: 80, protocol: 'TCP' }, { name: 'p81-tcp', containerPort: 81, protocol: 'TCP' },
  { name: 'p80-udp', containerPort: 80, protocol: 'UDP' }, { name: 'p81-udp', containerPort: 81, protocol: 'UDP' },
];

/** One server pod (a Deployment `pod` in `ns`, label pod=<pod>) and its Service `s-<pod>` on 80/81, TCP and UDP. */
function server(p: PodName): any[] {
  const [ns, pod] = p.split('/');
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: pod, namespace: ns },
      spec: { replicas: 1, selector: { matchLabels: { pod } }, template: { metadata: { labels: { pod } }, spec: { containers: [{ name: 'srv', image: 'agnhost', ports: PORTS }] } } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `s-${pod}`, namespace: ns },
      spec: {
        selector: { pod },
        ports: PORTS.map((x) => ({ name: x.name, port: x.containerPort, protocol: x.protocol, targetPort: x.containerPort })),
      },
    },
  ];
}

const NS = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

/** A NetworkPolicy in `ns`. */
function np(ns: string, name: string, spec: any): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

const podIs = (pod: string) => ({ matchLabels: { pod } });
const nsIs = (ns: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': ns } });
const nsNotIn = (...ns: string[]) => ({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ns }] });

interface Scenario {
  /** Our name for the case. */
  name: string;
  /** The case it is modelled on. */
  source: string;
  pods: PodName[];
  /** The policies, given the pod IPs (for ipBlock cases). */
  policies: (ip: (p: PodName) => string) => any[];
  /** Extra objects (Namespace labels). */
  extra?: any[];
  port: number;
  protocol?: Protocol;
  expect: (t: Truth) => Truth;
}

const E2E = 'kubernetes/kubernetes test/e2e/network/netpol/network_policy.go';

/** The IPv4 /16 around an IP (the e2e suite's makeLargeCIDRForIP takes a /16 too). */
const sixteen = (ip: string) => `${ip.split('.').slice(0, 2).join('.')}.0.0/16`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'deny all ingress in x',
    source: `${E2E}: should support a 'default-deny-ingress' policy`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b'],
    port: 80,
    policies: () => [np('x', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] })],
    expect: (t) => t.peer({}, { ns: 'x' }, false),
  },
  {
    name: 'deny all ingress in x, UDP',
    source: `${E2E}: (UDP) should support a 'default-deny-ingress' policy`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b'],
    port: 80,
    protocol: Protocol.UDP,
    policies: () => [np('x', 'deny-in', { podSelector: {} })],
    expect: (t) => t.peer({}, { ns: 'x' }, false),
  },
  {
    name: 'deny all in and out in x',
    source: `${E2E}: should support a 'default-deny-all' policy`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    expect: (t) => t.peer({}, { ns: 'x' }, false).peer({ ns: 'x' }, {}, false),
  },
  {
    name: 'x/a admits x/b only',
    source: `${E2E}: should enforce policy to allow traffic from pods within server namespace based on PodSelector`,
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    port: 80,
    policies: () => [np('x', 'a-from-b', { podSelector: podIs('a'), ingress: [{ from: [{ podSelector: podIs('b') }] }] })],
    expect: (t) => t.allIngress('x/a', false).one('x/b', 'x/a', true),
  },
  {
    name: 'deny x, then admit everyone to x/a',
    source: `${E2E}: should enforce policy to allow ingress traffic for a target`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [
      np('x', 'deny', { podSelector: {} }),
      np('x', 'open-a', { podSelector: podIs('a'), ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] }),
    ],
    expect: (t) => t.allIngress('x/a', true).allIngress('x/b', false),
  },
  {
    name: 'x/a admits every namespace',
    source: `${E2E}: should enforce policy to allow ingress traffic from pods in all namespaces`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 80,
    policies: () => [np('x', 'all-ns', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: {} }] }] })],
    expect: (t) => t,
  },
  {
    name: 'x/a admits namespace y only',
    source: `${E2E}: should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 80,
    policies: () => [np('x', 'from-y', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).peer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
  },
  {
    name: 'podSelector by matchExpressions In',
    source: `${E2E}: should enforce policy based on PodSelector with MatchExpressions`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'a-from-b', { podSelector: podIs('a'), ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }] }] })],
    expect: (t) => t.allIngress('x/a', false).one('x/b', 'x/a', true),
  },
  {
    name: 'namespaceSelector by matchExpressions In',
    source: `${E2E}: should enforce policy based on NamespaceSelector with MatchExpressions`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 80,
    policies: () => [np('x', 'from-y', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['y'] }] } }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).peer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
  },
  {
    name: 'two peers are ORed',
    source: `${E2E}: should enforce policy based on PodSelector or NamespaceSelector`,
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    port: 80,
    policies: () => [np('x', 'or', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsNotIn('x') }, { podSelector: podIs('b') }] }] })],
    expect: (t) => t.one('x/c', 'x/a', false),
  },
  {
    name: 'one peer with both selectors is ANDed',
    source: `${E2E}: should enforce policy based on PodSelector and NamespaceSelector`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'],
    port: 80,
    policies: () => [np('x', 'and', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsNotIn('x'), podSelector: podIs('b') }] }] })],
    expect: (t) => t.allIngress('x/a', false).one('y/b', 'x/a', true).one('z/b', 'x/a', true),
  },
  {
    name: 'AND with matchExpressions on both',
    source: `${E2E}: should enforce policy based on Multiple PodSelectors and NamespaceSelectors`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'],
    port: 80,
    policies: () => [np('x', 'and2', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsNotIn('x'), podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] } }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).one('y/a', 'x/a', false),
  },
  {
    name: 'two podSelector peers',
    source: `${E2E}: should enforce policy based on any PodSelectors`,
    pods: ['x/a', 'x/b', 'x/c'],
    port: 80,
    policies: () => [np('x', 'b-or-c', { podSelector: podIs('a'), ingress: [{ from: [{ podSelector: podIs('b') }, { podSelector: podIs('c') }] }] })],
    expect: (t) => t.allIngress('x/a', false).one('x/b', 'x/a', true).one('x/c', 'x/a', true),
  },
  {
    name: 'one pod of another namespace',
    source: `${E2E}: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    port: 80,
    policies: () => [np('x', 'y-a', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }] })],
    expect: (t) => t.allIngress('x/a', false).one('y/a', 'x/a', true),
  },
  {
    name: 'port 81 from y, probed on 81',
    source: `${E2E}: should enforce policy based on Ports`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    port: 81,
    policies: () => [np('x', 'y-81', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: 'TCP' }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).peer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
  },
  {
    name: 'port 81 from y, probed on 80',
    source: `${E2E}: should enforce multiple, stacked policies with overlapping podSelectors (port 80 before the second policy)`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    port: 80,
    policies: () => [np('x', 'y-81', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: 'TCP' }] }] })],
    expect: (t) => t.allIngress('x/a', false),
  },
  {
    name: 'stacked 81 and 80 policies, probed on 80',
    source: `${E2E}: should enforce multiple, stacked policies with overlapping podSelectors (port 80 after the second policy)`,
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    port: 80,
    policies: () => [
      np('x', 'y-81', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 81, protocol: 'TCP' }] }] }),
      np('x', 'y-80', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 80, protocol: 'TCP' }] }] }),
    ],
    expect: (t) => t.peer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).peer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
  },
  {
    name: 'allow-all ingress rule `{}`',
    source: `${E2E}: should support allow-all policy`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 81,
    policies: () => [np('x', 'open', { podSelector: {}, ingress: [{}] })],
    expect: (t) => t,
  },
  {
    name: 'empty ingress list after allow-all: deny',
    source: `${E2E}: should enforce updated policy (after the update to ingress: [])`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'closed', { podSelector: {}, ingress: [] })],
    expect: (t) => t.peer({}, { ns: 'x' }, false),
  },
  {
    name: 'named ingress port, probed on it',
    source: `${E2E}: should allow ingress access on one named port (port 81)`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 81,
    policies: () => [np('x', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'p81-tcp' }] }] })],
    expect: (t) => t,
  },
  {
    name: 'named ingress port, probed on another',
    source: `${E2E}: should allow ingress access on one named port (port 80)`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'p81-tcp' }] }] })],
    expect: (t) => t.peer({}, { ns: 'x' }, false),
  },
  {
    name: 'named port from namespace y, probed on it',
    source: `${E2E}: should allow ingress access from namespace on one named port (port 80)`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 80,
    policies: () => [np('x', 'y-named', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 'p80-tcp', protocol: 'TCP' }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).peer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
  },
  {
    name: 'named port from namespace y, probed on another',
    source: `${E2E}: should allow ingress access from namespace on one named port (port 81)`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 81,
    policies: () => [np('x', 'y-named', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('y') }], ports: [{ port: 'p80-tcp', protocol: 'TCP' }] }] })],
    expect: (t) => t.allIngress('x/a', false),
  },
  {
    name: 'named egress port, probed on it',
    source: `${E2E}: should allow egress access on one named port (port 80)`,
    pods: ['x/a', 'y/a'],
    port: 80,
    policies: () => [np('x', 'out-named', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'p80-tcp' }] }] })],
    expect: (t) => t,
  },
  {
    name: 'named egress port, probed on another',
    source: `${E2E}: should allow egress access on one named port (port 81)`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'out-named', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'p80-tcp' }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, {}, false),
  },
  {
    name: 'namespace labels from a Namespace object',
    source: `${E2E}: should allow ingress access from updated namespace (after the label is added)`,
    pods: ['x/a', 'y/a'],
    port: 80,
    extra: [NS('y', { team: 'blue' })],
    policies: () => [np('x', 'from-blue', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }] })],
    expect: (t) => t.allIngress('x/a', false).peer({ ns: 'y' }, {}, true),
  },
  {
    name: 'a label no namespace has',
    source: `${E2E}: should allow ingress access from updated namespace (before the label is added)`,
    pods: ['x/a', 'y/a'],
    port: 80,
    policies: () => [np('x', 'from-blue', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }] })],
    expect: (t) => t.allIngress('x/a', false),
  },
  {
    name: 'own-namespace peer `podSelector: {}`',
    source: `${E2E}: should deny ingress from pods on other namespaces`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 80,
    policies: () => [np('x', 'same-ns', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })],
    expect: (t) => t.peer({ ns: 'y' }, { ns: 'x' }, false).peer({ ns: 'z' }, { ns: 'x' }, false),
  },
  {
    name: 'deny egress of one pod',
    source: `${E2E}: should deny egress from pods based on PodSelector`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'a-out', { podSelector: podIs('a'), policyTypes: ['Egress'] })],
    expect: (t) => t.allEgress('x/a', false),
  },
  {
    name: 'deny egress of a namespace',
    source: `${E2E}: should deny egress from all pods in a namespace`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'x-out', { podSelector: {}, policyTypes: ['Egress'] })],
    expect: (t) => t.peer({ ns: 'x' }, {}, false),
  },
  {
    name: 'ingress and egress in one policy, port 80',
    source: `${E2E}: should work with Ingress, Egress specified together (port 80)`,
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    port: 80,
    policies: () => [np('x', 'both', { podSelector: podIs('a'), policyTypes: ['Egress', 'Ingress'], ingress: [{ from: [{ podSelector: podIs('b') }] }], egress: [{ ports: [{ port: 80 }] }] })],
    expect: (t) => t.allIngress('x/a', false).one('x/b', 'x/a', true),
  },
  {
    name: 'ingress and egress in one policy, port 81',
    source: `${E2E}: should work with Ingress, Egress specified together (port 81)`,
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    port: 81,
    policies: () => [np('x', 'both', { podSelector: podIs('a'), policyTypes: ['Egress', 'Ingress'], ingress: [{ from: [{ podSelector: podIs('b') }] }], egress: [{ ports: [{ port: 80 }] }] })],
    expect: (t) => t.allIngress('x/a', false).allEgress('x/a', false).one('x/b', 'x/a', true),
  },
  {
    name: 'client egress denies what the server admits',
    source: `${E2E}: should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)`,
    pods: ['x/a', 'y/a', 'y/b'],
    port: 80,
    policies: () => [
      np('x', 'to-y-a', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }] }),
      np('y', 'a-from-x-a', { podSelector: podIs('a'), ingress: [{ from: [{ namespaceSelector: nsIs('x'), podSelector: podIs('a') }] }] }),
      np('y', 'b-from-x-a', { podSelector: podIs('b'), ingress: [{ from: [{ namespaceSelector: nsIs('x'), podSelector: podIs('a') }] }] }),
    ],
    expect: (t) => t.peer({ ns: 'x', pod: 'a' }, {}, false).peer({}, { ns: 'y', pod: 'a' }, false).one('x/a', 'y/a', true).peer({}, { ns: 'y', pod: 'b' }, false),
  },
  {
    name: 'egress to one pod of another namespace',
    source: `${E2E}: should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector`,
    pods: ['x/a', 'y/a', 'y/b'],
    port: 80,
    policies: () => [np('x', 'to-y-a', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsIs('y'), podSelector: podIs('a') }] }] })],
    expect: (t) => t.allEgress('x/a', false).one('x/a', 'y/a', true),
  },
  {
    name: 'protocol-only port, TCP',
    source: `${E2E}: should enforce ingress policy allowing any port traffic to a server on a specific protocol (TCP)`,
    pods: ['x/a', 'y/a'],
    port: 80,
    policies: () => [np('x', 'tcp', { podSelector: podIs('a'), ingress: [{ ports: [{ protocol: 'TCP' }] }] })],
    expect: (t) => t,
  },
  {
    name: 'protocol-only port, UDP',
    source: `${E2E}: should enforce ingress policy allowing any port traffic to a server on a specific protocol (UDP)`,
    pods: ['x/a', 'y/a'],
    port: 80,
    protocol: Protocol.UDP,
    policies: () => [np('x', 'tcp', { podSelector: podIs('a'), ingress: [{ ports: [{ protocol: 'TCP' }] }] })],
    expect: (t) => t.peer({}, { ns: 'x', pod: 'a' }, false),
  },
  {
    name: 'only port 80, probed on 81',
    source: `${E2E}: should enforce multiple ingress policies with ingress allow-all policy taking precedence (before)`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'only-80', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] })],
    expect: (t) => t.peer({}, { ns: 'x' }, false),
  },
  {
    name: 'policies are additive: allow-all wins',
    source: `${E2E}: should enforce multiple ingress policies with ingress allow-all policy taking precedence (after)`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'only-80', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }), np('x', 'all', { podSelector: {}, ingress: [{}] })],
    expect: (t) => t,
  },
  {
    name: 'egress only 80, probed on 81',
    source: `${E2E}: should enforce multiple egress policies with egress allow-all policy taking precedence (before)`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'out-80', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] })],
    expect: (t) => t.peer({ ns: 'x' }, {}, false),
  },
  {
    name: 'egress policies are additive',
    source: `${E2E}: should enforce multiple egress policies with egress allow-all policy taking precedence (after)`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'out-80', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] }), np('x', 'out-all', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] })],
    expect: (t) => t,
  },
  {
    name: 'egress to one pod IP (/32)',
    source: `${E2E}: should allow egress access to server in CIDR block`,
    pods: ['x/a', 'y/a', 'y/b'],
    port: 80,
    policies: (ip) => [np('x', 'cidr', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: `${ip('y/b')}/32` } }] }] })],
    expect: (t) => t.allEgress('x/a', false).one('x/a', 'y/b', true),
  },
  {
    name: 'ipBlock except',
    source: `${E2E}: should enforce except clause while egress access to server in CIDR block`,
    pods: ['x/a', 'x/b', 'x/c'],
    port: 80,
    policies: (ip) => [np('x', 'cidr', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: sixteen(ip('x/b')), except: [`${ip('x/b')}/32`] } }] }] })],
    expect: (t) => t.one('x/a', 'x/b', false),
  },
  {
    name: 'an excepted IP allowed by another policy',
    source: `${E2E}: should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed`,
    pods: ['x/a', 'x/b', 'x/c'],
    port: 80,
    policies: (ip) => [
      np('x', 'cidr', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: sixteen(ip('x/b')), except: [`${ip('x/b')}/32`] } }] }] }),
      np('x', 'b-only', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: `${ip('x/b')}/32` } }] }] }),
    ],
    expect: (t) => t,
  },
  {
    name: 'egress-only policy does not isolate ingress',
    source: `${E2E}: should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector (egress allow-all)`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'out', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{}] })],
    expect: (t) => t,
  },
  {
    name: 'ingress deny next to egress allow',
    source: `${E2E}: should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector (with the ingress deny)`,
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'out', { podSelector: podIs('a'), egress: [{}] }), np('x', 'in', { podSelector: podIs('a'), policyTypes: ['Ingress'] })],
    expect: (t) => t.allIngress('x/a', false),
  },
  {
    name: 'SCTP rule is not TCP',
    source: `${E2E}: should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'deny', { podSelector: {} }), np('x', 'sctp', { podSelector: podIs('a'), ingress: [{ ports: [{ port: 81, protocol: 'SCTP' }] }] })],
    expect: (t) => t.peer({}, { ns: 'x' }, false),
  },
  {
    name: 'UDP rule is not TCP',
    source: `${E2E}: should not allow access by TCP when a policy specifies only UDP`,
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'udp', { podSelector: podIs('a'), ingress: [{ ports: [{ port: 81, protocol: 'UDP' }] }] })],
    expect: (t) => t.allIngress('x/a', false),
  },
  {
    name: 'egress by namespace NotIn',
    source: `${E2E}: should enforce policy based on NamespaceSelector with MatchExpressions using default ns label`,
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    port: 80,
    policies: () => [np('x', 'not-y', { podSelector: podIs('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: nsNotIn('y') }] }] })],
    expect: (t) => t.peer({ ns: 'x', pod: 'a' }, { ns: 'y' }, false),
  },
  {
    name: 'egress rules without policyTypes isolate ingress too',
    source: 'pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicySpec; API reference NetworkPolicySpec.policyTypes ("all policies (whether or not they contain an ingress section) are assumed to affect ingress")',
    pods: ['x/a', 'x/b', 'y/a'],
    port: 80,
    policies: () => [np('x', 'out', { podSelector: podIs('a'), egress: [{}] })],
    expect: (t) => t.allIngress('x/a', false),
  },
  {
    name: 'port range with endPort, inside',
    source: 'Kubernetes docs "Network Policies", "Targeting a range of ports" (port 32000, endPort 32768: the range is allowed); our pods serve 80-81',
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'range', { podSelector: podIs('a'), ingress: [{ ports: [{ protocol: 'TCP', port: 80, endPort: 81 }] }] })],
    expect: (t) => t,
  },
  {
    name: 'port range with endPort, outside',
    source: 'Kubernetes docs "Network Policies", "Targeting a range of ports" (a port outside port..endPort is not allowed)',
    pods: ['x/a', 'y/a'],
    port: 81,
    policies: () => [np('x', 'range', { podSelector: podIs('a'), ingress: [{ ports: [{ protocol: 'TCP', port: 70, endPort: 80 }] }] })],
    expect: (t) => t.allIngress('x/a', false),
  },
];

function clusterOf(s: Scenario): { cluster: LocalCluster; ips: Map<PodName, string> } {
  const workloads = s.pods.flatMap(server);
  const base = LocalCluster.fromManifests([...workloads, ...(s.extra ?? [])]);
  const ipOf = (c: LocalCluster) => new Map(c.pods().map((p) => [`${p.namespace}/${p.labels.pod}`, p.ip!]));
  const ips = ipOf(base);
  const cluster = LocalCluster.fromManifests([...workloads, ...(s.extra ?? []), ...s.policies((p) => ips.get(p)!)]);
  // The policies do not move pods: the IPs the ipBlocks were written with are the pods' IPs.
  expect(ipOf(cluster)).toEqual(ips);
  return { cluster, ips };
}

describe('reachability agrees with the published expected results', () => {
  test('at least 30 scenarios, each with a source', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });

  test.each(SCENARIOS.map((s) => [s.name, s] as [string, Scenario]))('%s', (_name, s) => {
    const { cluster } = clusterOf(s);
    const protocol = s.protocol ?? Protocol.TCP;
    const expected = s.expect(new Truth(s.pods));
    const got: string[] = [];
    const want: string[] = [];
    for (const from of s.pods) {
      for (const to of s.pods) {
        if (from === to) continue; // loopback ignored, as the e2e suite does
        const [ns, pod] = to.split('/');
        const r = cluster.connect({ from, service: `s-${pod}`, namespace: ns, port: s.port, protocol, lookup: false });
        expect([ConnectOutcome.DELIVERED, ConnectOutcome.BLOCKED]).toContain(r.outcome);
        got.push(`${from} -> ${to}: ${r.outcome === ConnectOutcome.DELIVERED ? 'allowed' : 'blocked'}`);
        want.push(`${from} -> ${to}: ${expected.get(from, to) ? 'allowed' : 'blocked'}`);
      }
    }
    expect(got).toEqual(want);
  });
});
