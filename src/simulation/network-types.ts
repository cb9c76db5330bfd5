// The public data of the NetworkPolicy simulation (issue 16): what `LocalCluster.connect`
// answers about policies, and the matrix `LocalCluster.reachability()` returns.
import { ConnectOutcome } from './routing-types';

/** What NetworkPolicy does to a connection. */
export enum PolicyVerdict {
  /** Every packet path of the connection is allowed. */
  ALLOWED = 'allowed',
  /** No packet path is allowed: the connection times out (NetworkPolicy drops, it does not reject). */
  BLOCKED = 'blocked',
  /** Some endpoints (or some DNS servers) are allowed and others not: the connection works only sometimes. */
  PARTLY = 'partly',
}

/** The direction of a NetworkPolicy rule (`spec.policyTypes`). */
export enum PolicyDirection {
  /** Traffic into the selected pods (`spec.ingress`). */
  INGRESS = 'Ingress',
  /** Traffic out of the selected pods (`spec.egress`). */
  EGRESS = 'Egress',
}

/** What the policies of one side (the client's egress or the target's ingress) decide. */
export interface DirectionDecision {
  /** Ingress (the target pod's policies) or Egress (the client pod's). */
  readonly direction: PolicyDirection;
  /** The traffic passes this side. */
  readonly allowed: boolean;
  /** Some NetworkPolicy selects the pod for this direction: then only what a rule allows passes. */
  readonly isolated: boolean;
  /** The policies that select the pod for this direction (`namespace/name`): together they decide. */
  readonly policies: string[];
  /** Of those, the policies with a rule that allows this traffic (`namespace/name`). */
  readonly allowedBy: string[];
  /** Why, in one sentence. */
  readonly reason: string;
}

/** The verdict on one packet path: a client to one pod, port and protocol. */
export interface FlowDecision {
  /** The receiving pod, as `namespace/name`. */
  readonly to: string;
  /**
   * The receiving pod's IP.
   * @default - an IP of the pod network not known in advance (the kube-dns pods)
   */
  readonly ip?: string;
  /** The pod port (after kube-proxy's DNAT: NetworkPolicy sees pod IPs and ports). */
  readonly port: number;
  /** The protocol. */
  readonly protocol: string;
  /** Allowed when both sides allow it. */
  readonly allowed: boolean;
  /** The client's egress policies. */
  readonly egress: DirectionDecision;
  /** The receiving pod's ingress policies. */
  readonly ingress: DirectionDecision;
}

/** What NetworkPolicy makes of a connection to a Service from a client pod. */
export interface PolicyDecision {
  /** Allowed, blocked, or allowed to only some endpoints. */
  readonly verdict: PolicyVerdict;
  /** Why, in one or two sentences, naming the policies that decide. */
  readonly reason: string;
  /** The client, as `namespace/name` (a pod, or `namespace/<any pod>` for a namespace). */
  readonly from: string;
  /**
   * The name lookup: UDP 53 from the client to each kube-dns pod (kube-system, `k8s-app=kube-dns`).
   * @default - no lookup (the client dialled an IP)
   */
  readonly dns?: FlowDecision[];
  /** The lookup passes (true when there is none). */
  readonly dnsAllowed: boolean;
  /** One flow per endpoint the Service may send the connection to. */
  readonly targets: FlowDecision[];
  /** Every policy that took part in a decision (`namespace/name`), sorted. */
  readonly policies: string[];
}

/** One cell of the reachability matrix: a client workload to one Service port. */
export interface ReachabilityCell {
  /** The client workload, as `Kind/namespace/name`. */
  readonly from: string;
  /** The Service, as `namespace/name`. */
  readonly service: string;
  /** The Service port. */
  readonly port: number;
  /** Its protocol. */
  readonly protocol: string;
  /** What kube-proxy does (BLOCKED when NetworkPolicy drops every path). */
  readonly outcome: ConnectOutcome;
  /**
   * What NetworkPolicy does.
   * @default - no policy verdict: kube-proxy routes the connection nowhere (no endpoints, no port)
   */
  readonly verdict?: PolicyVerdict;
  /** Why, in one sentence. */
  readonly reason: string;
}

/** Every client workload against every Service port: who reaches what. */
export interface ReachabilityMatrix {
  /** The client workloads (`Kind/namespace/name`), in manifest order. */
  readonly clients: string[];
  /** The Service ports (`namespace/name:port/protocol`). */
  readonly servicePorts: string[];
  /** One cell per client and Service port, client-major. */
  readonly cells: ReachabilityCell[];
  /** The matrix as a text table (`.` allowed, `X` blocked, `~` partly, `-` not routed). */
  readonly table: string;
}
