// The API server's defaulting of a v1 Service (RULES.md §2, DF1-DF9) and the registry's
// clusterIP normalization (A1). Validation runs on the defaulted object, so every rule reads
// the result of `defaultServiceSpec`, never the raw spec.
import { at, cloneJson, isPlainObject, JsonMap } from './json';
import { ServiceSpec } from './service-spec';

/** DF2: the default ClientIP affinity timeout (v1.DefaultClientIPServiceAffinitySeconds). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

const CLUSTER_IP_TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer']);

/**
 * Returns a defaulted deep copy of a Service's `spec`, as the API server holds it just
 * before validation on create.
 */
export function defaultServiceSpec(rawSpec: unknown): ServiceSpec {
  // Only JSON data is copied and defaulted; anything else (e.g. a YAML timestamp) is never mutated.
  const spec: JsonMap = isPlainObject(rawSpec) || Array.isArray(rawSpec) ? cloneJson(rawSpec) : {};

  // DF8: "" becomes ClusterIP.
  if (spec.type === undefined || spec.type === null || spec.type === '') spec.type = 'ClusterIP';
  // DF1: "" becomes None.
  if (spec.sessionAffinity === undefined || spec.sessionAffinity === null || spec.sessionAffinity === '') spec.sessionAffinity = 'None';

  if (spec.sessionAffinity === 'ClientIP') {
    // DF2: any missing level replaces the whole config; an explicit 0 is kept (and fails V22).
    const t = at(spec, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds');
    if (t === undefined || t === null) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_TIMEOUT_SECONDS } };
    }
  } else if (spec.sessionAffinity === 'None') {
    // DF3: the config is cleared, which makes V23 unreachable.
    delete spec.sessionAffinityConfig;
  }

  if (Array.isArray(spec.ports)) {
    spec.ports = spec.ports.map((p: unknown) => {
      // A `null` entry decodes as a zero ServicePort (Go), which is then defaulted like any other.
      // A plain object here is already our copy (cloneJson); anything else is replaced, never mutated.
      const port: JsonMap = isPlainObject(p) ? p : {};
      // DF9: "" becomes TCP.
      if (port.protocol === undefined || port.protocol === null || port.protocol === '') port.protocol = 'TCP';
      // DF4: 0, "" or absent becomes the port number.
      if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') {
        port.targetPort = port.port;
      }
      return port;
    });
  }

  // DF5: pkg/apis/core/v1/defaults.go SetDefaults_Service defaults the policy of every Service
  // pkg/api/v1/service/util.go `ExternallyAccessible` names: NodePort, LoadBalancer, and (from
  // 1.29, PR 119150) ClusterIP with externalIPs. The model follows the newest release; V37 reads
  // the written value for a ClusterIP Service with externalIPs on 1.27 and 1.28.
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer'
    || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (external && (spec.externalTrafficPolicy === undefined || spec.externalTrafficPolicy === null || spec.externalTrafficPolicy === '')) {
    spec.externalTrafficPolicy = 'Cluster';
  }
  // DF6: only ClusterIP, NodePort and LoadBalancer; not ExternalName (CHANGELOG-1.24, #104846) nor an unsupported type.
  if (typeof spec.type === 'string' && CLUSTER_IP_TYPES.has(spec.type) && (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null)) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  // DF7: nil (or explicit null) becomes true for LoadBalancer.
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    spec.allocateLoadBalancerNodePorts = true;
  }

  // A1: clusterIP is copied to clusterIPs on create, never the reverse.
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) {
    spec.clusterIPs = [spec.clusterIP];
  }
  // The types ServiceSpec states are what decode (T1) checked before the model defaults a spec.
  return spec as ServiceSpec;
}

/** True for `clusterIP: None` (after A1), the headless marker (RULES.md V8, V27). */
export function isHeadless(spec: unknown): boolean {
  const ips = at(spec, 'clusterIPs');
  return Array.isArray(ips) ? ips[0] === 'None' : at(spec, 'clusterIP') === 'None';
}

/**
 * validation.go `isHeadlessService`: exactly `clusterIPs: ["None"]` (after A1). Stricter than
 * `isHeadless`: `["None", "10.0.0.5"]` is not headless for V8 and V27's family check (V27
 * rejects it anyway).
 */
export function isHeadlessService(spec: unknown): boolean {
  const ips = at(spec, 'clusterIPs');
  return Array.isArray(ips) && ips.length === 1 && ips[0] === 'None';
}
