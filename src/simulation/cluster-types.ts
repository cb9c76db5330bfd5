// What a LocalCluster holds: its options, its nodes and pods, and each Service after defaulting
// and allocation. Plain, JSON-able structs (jsii-compatible).
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
