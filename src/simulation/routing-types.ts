// A connection through a Service as kube-proxy routes it: the request, the outcome, the target,
// and a node's healthCheckNodePort answer.
import type { PolicyDecision } from './network-types';
import { Protocol } from '../ports';

/** How a connection enters a Service. */
export enum ConnectVia {
  /** To the ClusterIP and Service port, from a pod or node (K4). */
  CLUSTER_IP = 'ClusterIP',
  /** To a node's IP at the nodePort (K5, K6); `port` is the nodePort. */
  NODE_PORT = 'NodePort',
  /** To the load balancer's ingress address at the Service port (K6, K7, K9). */
  LOAD_BALANCER = 'LoadBalancer',
}

/** A connection to route through the simulated kube-proxy. */
export interface ConnectRequest {
  /**
   * The Service name (with `namespace`). Either this or `address`.
   * @default - use `address`
   */
  readonly service?: string;
  /**
   * The Service's namespace.
   * @default - the client pod's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The destination IP (a ClusterIP, a node IP, a LoadBalancer ingress IP, an external IP,
   * `127.0.0.1` from a node) or a node name. Either this or `service`.
   * @default - use `service`
   */
  readonly address?: string;
  /** The destination port (the Service port; the nodePort for a node address or `via: NODE_PORT`). */
  readonly port: number;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * With `service`: which entry of the Service to use.
   * @default ConnectVia.CLUSTER_IP
   */
  readonly via?: ConnectVia;
  /**
   * With `via: NODE_PORT`: the node dialled.
   * @default - the first node
   */
  readonly toNode?: string;
  /**
   * The node the client runs on (a host-network client).
   * @default - the client pod's node; else, for ClusterIP, the first node; else outside the cluster
   */
  readonly fromNode?: string;
  /**
   * The client pod (`name` or `namespace/name`).
   * @default - not from a pod
   */
  readonly fromPod?: string;
  /**
   * The client, for NetworkPolicy: a pod (`name` or `namespace/name`), a workload (its first
   * pod) or a namespace (a pod without labels in it). The result then carries `policy`, and
   * the outcome is BLOCKED when NetworkPolicy drops every path (issue 16).
   * @default - use `fromPod`, `fromNode` or `clientIp`
   */
  readonly from?: string;
  /**
   * The client looks the Service name up first (UDP 53 to kube-dns, which its egress policies
   * must allow); false when it dials the ClusterIP.
   * @default - true with `service`, false with `address`
   */
  readonly lookup?: boolean;
  /**
   * The client's source IP (sessionAffinity, loadBalancerSourceRanges).
   * @default - the client pod's IP, else unknown
   */
  readonly clientIp?: string;
}

/** What became of a connection. */
export enum ConnectOutcome {
  /** Forwarded to one of `targets`. */
  DELIVERED = 'delivered',
  /** Rejected by kube-proxy: the Service has no usable endpoints (connection refused, K4). */
  REFUSED = 'refused',
  /** Dropped (a timeout): Local traffic policy with no local endpoint, or a source range (K4, K6, K9). */
  DROPPED = 'dropped',
  /** kube-proxy writes no rules for the Service: headless or ExternalName (K1). */
  NOT_PROXIED = 'not-proxied',
  /** Nothing listens at that address and port (no Service, no such port, no nodePort). */
  NO_ROUTE = 'no-route',
  /** NetworkPolicy drops every path (the client's egress, the target's ingress, or the name lookup): a timeout. */
  BLOCKED = 'blocked',
}

/** A pod that may receive the connection. */
export interface RouteTarget {
  /** Pod name. */
  readonly pod: string;
  /** Pod namespace. */
  readonly namespace: string;
  /** Pod IP. */
  readonly ip: string;
  /** The pod port the packet is DNATed to. */
  readonly port: number;
  /**
   * The pod's node.
   * @default - unknown
   */
  readonly nodeName?: string;
  /** The chance this pod gets a new connection (K4: uniform over the usable endpoints). */
  readonly probability: number;
  /** The client is this pod itself: the packet is masqueraded (K11). */
  readonly hairpin: boolean;
}

/** How kube-proxy treats a connection. */
export interface ConnectResult {
  /** Delivered, refused, dropped, not proxied or no route. */
  readonly outcome: ConnectOutcome;
  /** Why, in one sentence. */
  readonly reason: string;
  /** The SEMANTICS.md rule that decided it. */
  readonly rule: string;
  /**
   * The Service, as `namespace/name`.
   * @default - no Service matched
   */
  readonly service?: string;
  /**
   * The Service port name (`''` when unnamed).
   * @default - no Service port matched
   */
  readonly portName?: string;
  /** The pods that may receive it, with probabilities summing to 1 (empty unless delivered). */
  readonly targets: RouteTarget[];
  /** The pods see the client's own IP (false when SNATed, K6). */
  readonly clientIpPreserved: boolean;
  /** `sessionAffinity: ClientIP`: later connections from the same client IP go to the same pod (K8). */
  readonly sticky: boolean;
  /**
   * The stickiness timeout in seconds (K8).
   * @default - not sticky
   */
  readonly affinityTimeoutSeconds?: number;
  /**
   * What NetworkPolicy makes of the connection, per endpoint and for the name lookup.
   * @default - not judged: the client is not a pod (no `from` or `fromPod`), or nothing was routed
   */
  readonly policy?: PolicyDecision;
}

/** The answer of a node's healthCheckNodePort (K7). */
export interface HealthCheckResult {
  /** 200 when the node has a local endpoint, else 503. */
  readonly statusCode: number;
  /** Local endpoints on that node. */
  readonly localEndpoints: number;
  /** `namespace/name`. */
  readonly service: string;
}
