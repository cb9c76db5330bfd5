// The public options of the checks (a jsii struct, exported from the package).
import { IpFamily } from '../enums';

/**
 * A rule turned off, with the reason (a reason is required so the choice is reviewable).
 */
export interface DisabledRule {
  /** The rule's id or name, e.g. `X3` or `named-target-port-undeclared` (docs/rules.md). */
  readonly id: string;
  /** Why it is off for this app. */
  readonly reason: string;
}

/**
 * A custom resource whose operator creates pods, and where the pods' labels come from, so that
 * a Service selecting those pods is wired to them (rule X1, and LocalCluster's endpoints and
 * DNS). Argo Rollouts and prometheus-operator's kinds are known without it (docs/severity.md).
 */
export interface CustomWorkload {
  /** The resource's kind, e.g. `Cache`. */
  readonly kind: string;
  /**
   * The resource's API group, e.g. `cache.example.io`.
   * @default - the kind in any group
   */
  readonly apiGroup?: string;
  /**
   * Dotted path to the pod template the operator runs (`spec.template`): its
   * `metadata.labels` are the pods' labels and its containers their ports.
   * @default - the resource has no pod template; the labels come from `podLabelsPaths`
   */
  readonly podTemplatePath?: string;
  /**
   * Dotted paths to label maps the operator also puts on the pods (`spec.podMetadata.labels`).
   * @default - none
   */
  readonly podLabelsPaths?: string[];
}

/**
 * The cluster: the kube-apiserver flags and release that decide what it accepts and what it
 * allocates. One struct for the rules (`ValidationOptions`) and the simulation
 * (`LocalClusterOptions`), so both see the same cluster.
 */
export interface ClusterOptions {
  /**
   * The cluster's `--service-node-port-range`, as `min-max`.
   * @default '30000-32767'
   */
  readonly nodePortRange?: string;
  /**
   * The cluster's `--service-cluster-ip-range`: one CIDR, or two of different IP families for a
   * dual-stack cluster (kube-apiserver takes at most two). Parsed as kube-apiserver parses the
   * flag (`netutils.ParseCIDRSloppy`: IPv4 leading zeros are read as decimal). When given, the
   * IP families of the cluster are those of the CIDRs, and a static clusterIP must be inside
   * the CIDR of its family and not its network or broadcast address (rule A10).
   * @default - unknown: static clusterIPs are not range-checked; the simulation allocates from
   * kind's 10.96.0.0/12 (and fd00:10:96::/112 for IPv6)
   */
  readonly serviceClusterIpRanges?: string[];
  /**
   * The IP families the cluster serves, primary first: `IPv4` and/or `IPv6` (rules A5, A7,
   * A8; in the simulation, the families a Service gets its cluster IPs in). Ignored when
   * `serviceClusterIpRanges` is given: the CIDRs' families are the cluster's.
   *
   * When neither is given, the cluster is not described: the checks assume kube-apiserver's
   * default single-stack IPv4 cluster, but a Service that asks for IPv6 or dual-stack gets a hint
   * (A5, A7, A8), not an error, and LocalCluster creates it on a cluster assumed to serve both
   * families (docs/severity.md). Give the families to have them checked as errors.
   * @default - not described: IPv4 assumed, A5/A7/A8 are hints
   */
  readonly clusterIpFamilies?: IpFamily[];
  /**
   * The Kubernetes release the API server runs, as `1.33` (also `v1.33` or `1.33.2`; the patch
   * is ignored): every API-server rule, default and warning follows that release's create path
   * with its feature gates at their defaults. The rules know 1.27 through 1.35.
   *
   * The default is the newest release the rules know. As of December 2026 upstream supports
   * only releases newer than 1.34, so 1.35 is also the only supported release the rules know: a
   * new cluster is created on a supported release, and a manifest that passes the newest
   * release's checks is what a person writes today. Set it to the release of the cluster you
   * deploy to when that is older (docs/kubernetes-versions.md).
   * @default '1.35'
   */
  readonly kubernetesVersion?: string;
  /**
   * Custom resources whose operators create pods, beyond the ones the model knows (Argo
   * Rollouts, prometheus-operator). A Service that selects their pods is wired to them by the
   * checks and the simulation alike.
   * @default - only the known operators
   */
  readonly customWorkloads?: CustomWorkload[];
}

/**
 * The cluster the manifests are checked against, and how strict the check is.
 */
export interface ValidationOptions extends ClusterOptions {
  /**
   * Treat warnings as errors (hints stay hints, docs/severity.md).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Rules to turn off, each with a reason.
   * @default - every rule is on
   */
  readonly disabledRules?: DisabledRule[];
  /**
   * The author states that LoadBalancer Services open to the internet are intended
   * (silences the open-LoadBalancer warning).
   * @default false
   */
  readonly allowPublicLoadBalancers?: boolean;
}
