// Public enums: string enums whose values are exactly what Kubernetes expects in a manifest.

/**
 * How a Service is exposed (`spec.type`).
 */
export enum ServiceType {
  /** A cluster-internal virtual IP only (the Kubernetes default). */
  CLUSTER_IP = 'ClusterIP',
  /** A ClusterIP plus a port opened on every node. */
  NODE_PORT = 'NodePort',
  /** A NodePort plus an external load balancer provisioned by the cloud provider. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A DNS CNAME to an external name; no proxying, no endpoints. */
  EXTERNAL_NAME = 'ExternalName',
}

/**
 * Where traffic that enters through a node port or a load balancer may go (`spec.externalTrafficPolicy`).
 */
export enum ExternalTrafficPolicy {
  /** Spread over every ready pod in the cluster; the client IP is replaced by a node IP. */
  CLUSTER = 'Cluster',
  /** Only to pods on the node that received it; keeps the client IP, drops traffic on nodes without a pod. */
  LOCAL = 'Local',
}

/**
 * Where traffic from inside the cluster may go (`spec.internalTrafficPolicy`).
 */
export enum InternalTrafficPolicy {
  /** Spread over every ready pod in the cluster (the Kubernetes default). */
  CLUSTER = 'Cluster',
  /** Only to pods on the client's own node. */
  LOCAL = 'Local',
}

/**
 * Whether connections from one client stick to one pod (`spec.sessionAffinity`).
 */
export enum SessionAffinity {
  /** No stickiness (the Kubernetes default). */
  NONE = 'None',
  /** Connections from the same client IP go to the same pod. */
  CLIENT_IP = 'ClientIP',
}

/**
 * An IP family (`spec.ipFamilies`).
 */
export enum IpFamily {
  /** IPv4. */
  IPV4 = 'IPv4',
  /** IPv6. */
  IPV6 = 'IPv6',
}

/**
 * How many IP families a Service gets (`spec.ipFamilyPolicy`).
 */
export enum IpFamilyPolicy {
  /** One family: the first of `ipFamilies`, or the cluster's primary family. */
  SINGLE_STACK = 'SingleStack',
  /** Both families when the cluster is dual-stack, one otherwise. */
  PREFER_DUAL_STACK = 'PreferDualStack',
  /** Both families; rejected by a single-stack cluster. */
  REQUIRE_DUAL_STACK = 'RequireDualStack',
}

/**
 * How kube-proxy prefers endpoints by topology (`spec.trafficDistribution`). Which values a
 * cluster accepts depends on its release (docs/kubernetes-versions.md): the field is dropped
 * before 1.31 (feature gate ServiceTrafficDistribution off in 1.30, absent before),
 * `PreferClose` is valid from 1.31, `PreferSameZone` and `PreferSameNode` from 1.34, and from
 * 1.35 `PreferClose` is a deprecated name of `PreferSameZone`.
 */
export enum TrafficDistribution {
  /** Prefer endpoints topologically close to the client (its zone); 1.31+, deprecated from 1.35. */
  PREFER_CLOSE = 'PreferClose',
  /** Prefer endpoints in the client's zone; 1.34+. */
  PREFER_SAME_ZONE = 'PreferSameZone',
  /** Prefer endpoints on the client's node, then its zone; 1.34+. */
  PREFER_SAME_NODE = 'PreferSameNode',
}
