// The public data LocalCluster returns: plain, JSON-able structs (jsii-compatible) in the shapes
// a person knows from `kubectl get -o yaml` (EndpointSlice, Endpoints) and from `dig`.
import type { PolicyDecision } from './network-types';
import { Protocol } from '../ports';
import { ClusterOptions } from '../rules/options';

/**
 * The cluster a LocalCluster simulates. The cluster fields (`ClusterOptions`: node port range,
 * service CIDRs, IP families, Kubernetes release) are the ones the rules read: `verify()` and
 * the simulated API server see the same cluster.
 */
export interface LocalClusterOptions extends ClusterOptions {
  /**
   * How many nodes to create when the manifests carry no Node objects. Node objects in the
   * manifests are the cluster's nodes and override this.
   * @default 3 (enough to show externalTrafficPolicy/internalTrafficPolicy `Local` effects)
   */
  readonly nodes?: number;
  /**
   * The zones the generated nodes are spread over, round-robin
   * (`topology.kubernetes.io/zone`).
   * @default ['zone-a', 'zone-b', 'zone-c']
   */
  readonly zones?: string[];
  /**
   * The pod network; each node gets an equal block of it. Pods a full block cannot hold stay
   * Pending (finding P1).
   * @default '10.244.0.0/16' (kind, flannel), grown up to 10.240.0.0/12 for an app it cannot hold
   */
  readonly podCidr?: string;
  /**
   * The DNS domain of the cluster.
   * @default 'cluster.local'; for `fromApp`/`fromChart`, the context key
   * `cdk8s-services:clusterDomain` when set (as the constructs' `dnsName`)
   */
  readonly clusterDomain?: string;
  /**
   * Pods to mark not Ready (their Ready condition False): a pod name (`web-0`), a workload
   * name (every pod it runs), or either as `namespace/name`.
   * @default - every simulated pod is Ready
   */
  readonly notReady?: string[];
  /**
   * Pods to mark terminating (`metadata.deletionTimestamp` set), named as in `notReady`.
   * @default - no pod is terminating
   */
  readonly terminating?: string[];
  /**
   * LoadBalancer ingress addresses, by Service (`name` or `namespace/name`), as a cloud
   * controller would write into `status.loadBalancer.ingress` (K9).
   * @default - none: LoadBalancer Services stay `<pending>` unless their manifest carries a status
   */
  readonly loadBalancerIngress?: { [service: string]: string };
  /**
   * How CoreDNS answers pod records `a-b-c-d.ns.pod.<domain>` (D6).
   * @default PodDnsMode.INSECURE (the kubeadm Corefile)
   */
  readonly podDns?: PodDnsMode;
}

/** CoreDNS `pods` option (SEMANTICS.md D6). */
export enum PodDnsMode {
  /** `pods disabled`, the plugin default: pod records are NXDOMAIN. */
  DISABLED = 'disabled',
  /** `pods insecure` (kubeadm): the IP in the name is echoed. */
  INSECURE = 'insecure',
  /** `pods verified`: answered only when a pod with that IP exists in that namespace. */
  VERIFIED = 'verified',
}

/** A node of the simulated cluster. */
export interface NodeInfo {
  /** Node name. */
  readonly name: string;
  /** Its InternalIP. */
  readonly ip: string;
  /**
   * `topology.kubernetes.io/zone`.
   * @default - no zone label
   */
  readonly zone?: string;
}

/** A pod the simulated cluster runs (placed from a workload, or replayed from a Pod object). */
export interface PodInfo {
  /** Pod name (`web-0` for a StatefulSet, `web-<hash>-<suffix>` for a Deployment). */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** The object that runs it, as `Kind/namespace/name`. */
  readonly owner: string;
  /**
   * The node it runs on.
   * @default - not scheduled
   */
  readonly nodeName?: string;
  /**
   * `status.podIP`.
   * @default - no IP yet
   */
  readonly ip?: string;
  /** `status.podIPs`. */
  readonly ips: string[];
  /** `status.phase`. */
  readonly phase: string;
  /** The Ready condition is True. */
  readonly ready: boolean;
  /** `metadata.deletionTimestamp` is set. */
  readonly terminating: boolean;
  /** Pod labels. */
  readonly labels: { [key: string]: string };
  /**
   * `spec.hostname`.
   * @default - none
   */
  readonly hostname?: string;
  /**
   * `spec.subdomain`.
   * @default - none
   */
  readonly subdomain?: string;
}

/** Object metadata of a computed object. */
export interface ComputedObjectMeta {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** `discovery.k8s.io/v1` EndpointConditions. */
export interface EndpointConditions {
  /** Ready to receive traffic: `publishNotReadyAddresses || (serving && !terminating)` (E3). */
  readonly ready: boolean;
  /** The pod's Ready condition is True (E3). */
  readonly serving: boolean;
  /** The pod has a deletionTimestamp (E3). */
  readonly terminating: boolean;
}

/** A reference to the pod behind an endpoint. */
export interface EndpointTargetRef {
  /** Always `Pod`. */
  readonly kind: string;
  /** Pod namespace. */
  readonly namespace: string;
  /** Pod name. */
  readonly name: string;
}

/** One endpoint of an EndpointSlice (`discovery.k8s.io/v1` Endpoint). */
export interface SliceEndpoint {
  /** The pod's addresses of the slice's family (E5). */
  readonly addresses: string[];
  /** Ready / serving / terminating (E3). */
  readonly conditions: EndpointConditions;
  /**
   * Set when the pod's hostname is set and its subdomain is the Service's name (E6, O3).
   * @default - none
   */
  readonly hostname?: string;
  /**
   * The node of the pod.
   * @default - unknown
   */
  readonly nodeName?: string;
  /**
   * The zone of that node.
   * @default - unknown
   */
  readonly zone?: string;
  /**
   * Topology hints: what the EndpointSlice controller writes for a Service's
   * `trafficDistribution` (staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go), and
   * what kube-proxy reads (pkg/proxy/topology.go).
   * @default - no hints
   */
  readonly hints?: EndpointHints;
  /** The pod. */
  readonly targetRef: EndpointTargetRef;
}

/** `discovery.k8s.io/v1` EndpointHints. */
export interface EndpointHints {
  /**
   * The zones whose clients should use this endpoint (`forZones[].name`).
   * @default - none
   */
  readonly forZones?: EndpointHintName[];
  /**
   * The nodes whose clients should use this endpoint (`forNodes[].name`, PreferSameNode).
   * @default - none
   */
  readonly forNodes?: EndpointHintName[];
}

/** A `forZones` or `forNodes` entry of an endpoint's hints. */
export interface EndpointHintName {
  /** The zone or node name. */
  readonly name: string;
}

/** A port of an EndpointSlice (`discovery.k8s.io/v1` EndpointPort). */
export interface SlicePort {
  /** The Service port's name (`''` when unnamed). */
  readonly name: string;
  /** The resolved pod port (E4). */
  readonly port: number;
  /** The protocol. */
  readonly protocol: string;
  /**
   * Copied from the Service port (O12).
   * @default - none
   */
  readonly appProtocol?: string;
}

/** An EndpointSlice as the controller writes it (E1-E7). */
export interface EndpointSlice {
  /** `discovery.k8s.io/v1`. */
  readonly apiVersion: string;
  /** `EndpointSlice`. */
  readonly kind: string;
  /** Name (`<service>-<suffix>`), namespace and labels (E7). */
  readonly metadata: ComputedObjectMeta;
  /** `IPv4` or `IPv6`. */
  readonly addressType: string;
  /** At most 100 (E7). */
  readonly endpoints: SliceEndpoint[];
  /** The resolved ports shared by every endpoint of the slice (E4). */
  readonly ports: SlicePort[];
}

/** An address of a legacy `v1` Endpoints subset. */
export interface EndpointAddress {
  /** The pod IP. */
  readonly ip: string;
  /**
   * The hostname (E6).
   * @default - none
   */
  readonly hostname?: string;
  /**
   * The pod's node.
   * @default - unknown
   */
  readonly nodeName?: string;
  /** The pod. */
  readonly targetRef: EndpointTargetRef;
}

/** A port of a legacy `v1` Endpoints subset. */
export interface EndpointPort {
  /** The Service port's name (`''` when unnamed). */
  readonly name: string;
  /** The resolved pod port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: string;
  /**
   * Copied from the Service port.
   * @default - none
   */
  readonly appProtocol?: string;
}

/** A legacy `v1` Endpoints subset: addresses sharing one port set. */
export interface EndpointSubset {
  /** Ready addresses. */
  readonly addresses: EndpointAddress[];
  /** Addresses of pods not Ready. */
  readonly notReadyAddresses: EndpointAddress[];
  /** Ports. */
  readonly ports: EndpointPort[];
}

/** The legacy `v1` Endpoints object (E2, E7, O5, O11). */
export interface LegacyEndpoints {
  /** `v1`. */
  readonly apiVersion: string;
  /** `Endpoints`. */
  readonly kind: string;
  /** Named as the Service. */
  readonly metadata: ComputedObjectMeta;
  /** Subsets. */
  readonly subsets: EndpointSubset[];
}

/** One pod port a Service port reaches: what a test counts. */
export interface ServiceEndpoint {
  /** The pod IP (the slice's first address, as kube-proxy uses: K2). */
  readonly ip: string;
  /** The pod. */
  readonly podName: string;
  /** The pod's namespace. */
  readonly namespace: string;
  /**
   * The pod's node.
   * @default - unknown
   */
  readonly nodeName?: string;
  /**
   * The resolved pod ports by Service port name (`''` for an unnamed port).
   */
  readonly ports: { [portName: string]: number };
  /** Ready (E3). */
  readonly ready: boolean;
  /** Serving (E3). */
  readonly serving: boolean;
  /** Terminating (E3). */
  readonly terminating: boolean;
  /**
   * Hostname (E6).
   * @default - none
   */
  readonly hostname?: string;
}

/** A port of a Service, after defaulting and allocation. */
export interface ServicePortInfo {
  /** Name (`''` when unnamed). */
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /** The protocol (E8: TCP by default). */
  readonly protocol: string;
  /** The targetPort as written (a number or a name), defaulted to `port` (E8). */
  readonly targetPort: string;
  /**
   * The nodePort, requested or allocated (K5).
   * @default - none
   */
  readonly nodePort?: number;
}

/** A Service as the simulated cluster holds it after allocation. */
export interface ServiceInfo {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** `spec.type` after defaulting (E8). */
  readonly type: string;
  /** False when the API server would refuse to create it: a validation error (422) or an allocation conflict. */
  readonly accepted: boolean;
  /**
   * Why it was refused.
   * @default - accepted
   */
  readonly rejection?: string;
  /**
   * `spec.clusterIP`: an IP, `None` for headless.
   * @default - none (ExternalName, or refused)
   */
  readonly clusterIp?: string;
  /** `spec.clusterIPs`. */
  readonly clusterIps: string[];
  /** True for `clusterIP: None`. */
  readonly headless: boolean;
  /** Ports. */
  readonly ports: ServicePortInfo[];
  /**
   * `spec.externalName`.
   * @default - not ExternalName
   */
  readonly externalName?: string;
  /** `spec.externalIPs`. */
  readonly externalIps: string[];
  /** LoadBalancer ingress addresses; empty while pending (K9). */
  readonly loadBalancerIngress: string[];
  /** What `kubectl get svc` prints in EXTERNAL-IP: `<none>`, `<pending>`, addresses or the external name. */
  readonly externalDisplay: string;
  /**
   * `spec.healthCheckNodePort` (K7).
   * @default - none
   */
  readonly healthCheckNodePort?: number;
  /** `spec.sessionAffinity`. */
  readonly sessionAffinity: string;
  /**
   * `spec.externalTrafficPolicy`.
   * @default - not an externally reachable type
   */
  readonly externalTrafficPolicy?: string;
  /**
   * `spec.internalTrafficPolicy`.
   * @default - ExternalName
   */
  readonly internalTrafficPolicy?: string;
  /** `name.namespace.svc.<domain>`. */
  readonly dnsName: string;
}

/** DNS response codes (plus FORWARDED for names outside the cluster domain). */
export enum DnsRcode {
  /** The name exists (answers may be empty: NODATA). */
  NOERROR = 'NOERROR',
  /** The name does not exist. */
  NXDOMAIN = 'NXDOMAIN',
  /** The server failed. */
  SERVFAIL = 'SERVFAIL',
  /**
   * Not a DNS code: the name is outside the cluster domain and CoreDNS forwards it upstream
   * (`forward . /etc/resolv.conf`); the answer depends on the outside world.
   */
  FORWARDED = 'FORWARDED',
}

/** DNS record types the cluster DNS answers. */
export enum DnsRecordType {
  /** IPv4 address. */
  A = 'A',
  /** IPv6 address. */
  AAAA = 'AAAA',
  /** Alias (ExternalName, D5). */
  CNAME = 'CNAME',
  /** Service location: target and port (D3). */
  SRV = 'SRV',
}

/** One record of a DNS answer. */
export interface DnsAnswer {
  /** Record type. */
  readonly type: DnsRecordType;
  /** The owner name (fully qualified, no trailing dot). */
  readonly name: string;
  /** The address, the CNAME target or the SRV target. */
  readonly value: string;
  /**
   * SRV port.
   * @default - not SRV
   */
  readonly port?: number;
  /**
   * SRV priority (0, D3).
   * @default - not SRV
   */
  readonly priority?: number;
  /**
   * SRV weight (`floor(100/n)`, D3).
   * @default - not SRV
   */
  readonly weight?: number;
}

/** What the cluster DNS answers a pod that looks a name up. */
export interface DnsResult {
  /** The response code of the name that answered (or of the last tried). */
  readonly rcode: DnsRcode;
  /** The fully qualified name that answered (or the last tried). */
  readonly name: string;
  /** The names the stub resolver tried, in order (D1 search path). */
  readonly tried: string[];
  /** The answer records. */
  readonly answers: DnsAnswer[];
}

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

/** One Service port in a verify report. */
export interface PortReport {
  /** Port name (`''` when unnamed). */
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: string;
  /** targetPort as written. */
  readonly targetPort: string;
  /**
   * nodePort.
   * @default - none
   */
  readonly nodePort?: number;
  /** Ready endpoints as `ip:port`. */
  readonly endpoints: string[];
  /** The pods that receive traffic on this port. */
  readonly pods: string[];
}

/** One Service in a verify report. */
export interface ServiceReport {
  /** The Service as allocated. */
  readonly service: ServiceInfo;
  /** Per port: endpoints and pods. */
  readonly ports: PortReport[];
  /** What DNS answers for the Service's name, as `dig`-style lines. */
  readonly dns: string[];
  /** Ready endpoints (pods) in total. */
  readonly readyEndpoints: number;
  /** Endpoints that are not ready (not Ready, or terminating). */
  readonly notReadyEndpoints: number;
}
