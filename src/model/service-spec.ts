// The shape of a Service's spec once it has decoded (src/model/decode.ts, rule T1) and been
// defaulted (src/model/defaults.ts, DF1-DF9, A1). A Service whose JSON types the v1.Service struct
// cannot hold never reaches the model's `services`, so the fields decode checks have these types
// here; `null` decodes as absent and is kept as written. Fields decode does not check (kept for
// rules of later releases, T2) stay `unknown`.

/** A ServicePort after decoding and defaulting (DF4, DF9). */
export interface ServicePortSpec {
  name?: string | null;
  /** DF9: "" or absent becomes TCP. */
  protocol: string;
  appProtocol?: string | null;
  port?: number | null;
  nodePort?: number | null;
  /** DF4: 0, "" or absent becomes `port` (so it may still be absent when `port` is). */
  targetPort?: number | string | null;
  [field: string]: unknown;
}

/** `spec.sessionAffinityConfig` after decoding and DF2. */
export interface SessionAffinityConfigSpec {
  clientIP?: { timeoutSeconds?: number | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

/** A v1 ServiceSpec after decoding and defaulting. */
export interface ServiceSpec {
  /** DF8: "" or absent becomes ClusterIP. */
  type: string;
  /** DF1: "" or absent becomes None. */
  sessionAffinity: string;
  sessionAffinityConfig?: SessionAffinityConfigSpec | null;
  clusterIP?: string | null;
  /** A1: filled from `clusterIP` when empty. */
  clusterIPs?: string[] | null;
  externalIPs?: string[] | null;
  externalName?: string | null;
  loadBalancerIP?: string | null;
  loadBalancerSourceRanges?: string[] | null;
  loadBalancerClass?: string | null;
  ipFamilies?: string[] | null;
  ipFamilyPolicy?: string | null;
  /** DF5 for externally accessible Services. */
  externalTrafficPolicy?: string | null;
  /** DF6 for ClusterIP, NodePort and LoadBalancer. */
  internalTrafficPolicy?: string | null;
  healthCheckNodePort?: number | null;
  publishNotReadyAddresses?: boolean | null;
  /** DF7 for LoadBalancer. */
  allocateLoadBalancerNodePorts?: boolean | null;
  selector?: Record<string, string | null> | null;
  /** Each entry defaulted; a `null` entry is a zero ServicePort. */
  ports?: ServicePortSpec[] | null;
  /** Not checked by decode (1.30+ field: T2, V43 read it as written). */
  trafficDistribution?: unknown;
  [field: string]: unknown;
}
