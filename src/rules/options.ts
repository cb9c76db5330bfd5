// The public options of the checks (a jsii struct, exported from the package).

/**
 * A rule turned off, with the reason (a reason is required so the choice is reviewable).
 */
export interface DisabledRule {
  /** The rule id, e.g. `X3`. */
  readonly id: string;
  /** Why it is off for this app. */
  readonly reason: string;
}

/**
 * The cluster the manifests are checked against, and how strict the check is.
 */
export interface ValidationOptions {
  /**
   * The cluster's `--service-node-port-range`, as `min-max`.
   * @default '30000-32767'
   */
  readonly nodePortRange?: string;
  /**
   * The cluster's `--service-cluster-ip-range` CIDRs. When given, a static clusterIP must be
   * inside one of them and not its network or broadcast address (rule A10).
   * @default - unknown: static clusterIPs are not range-checked
   */
  readonly serviceClusterIpRanges?: string[];
  /**
   * The IP families the cluster serves, `IPv4` and/or `IPv6` (rules A5, A7, A8).
   * @default ['IPv4'] (kube-apiserver's default single-stack range)
   */
  readonly clusterIpFamilies?: string[];
  /**
   * Treat warnings as errors.
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
