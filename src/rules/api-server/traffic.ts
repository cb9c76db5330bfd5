// RULES.md V37-V39: traffic policies and healthCheckNodePort (validation.go
// validateServiceExternalTrafficPolicy, the healthCheckNodePort check, and
// validateServiceInternalTrafficFieldsValue). V35, V40 and V42 never fire on create: see UNREACHABLE.
import { RuleCategory, Severity } from '../../model/findings';
import { at } from '../../model/json';
import { asText } from '../../model/text';
import { supportedValues } from '../formats';
import { NO_VIOLATIONS, Rule, violation } from '../rule';

const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

/** validation.go `supportedServiceExternalTrafficPolicy` (V37). */
export const EXTERNAL_TRAFFIC_POLICIES = ['Cluster', 'Local'];
/** validation.go `supportedServiceInternalTrafficPolicy` (V39). */
export const INTERNAL_TRAFFIC_POLICIES = ['Cluster', 'Local'];

function show(v: unknown): string {
  return JSON.stringify(v) ?? asText(v);
}

/**
 * V37 `spec.externalTrafficPolicy`: only for externally-accessible Services, and then Cluster or
 * Local (case-sensitive). Through 1.28 that is NodePort and LoadBalancer; from 1.29 (PR 119150,
 * CHANGELOG-1.29) validateServiceExternalTrafficPolicy asks pkg/api/service/util.go
 * `ExternallyAccessible`, which adds a ClusterIP Service with externalIPs, and the message
 * became "may only be set for externally-accessible services". The Required branch is
 * unreachable: SetDefaults_Service defaults the policy for the same Services (DF5).
 */
export const externalTrafficPolicyValid: Rule = {
  id: 'V37',
  name: 'invalid-external-traffic-policy',
  ...API_SERVER,
  summary: 'externalTrafficPolicy only on NodePort and LoadBalancer Services, and then Cluster or Local',
  source: 'pkg/apis/core/validation/validation.go validateServiceExternalTrafficPolicy; pkg/api/service/util.go ExternallyAccessible (1.29+, PR 119150)',
  checkService: (svc, ctx) => {
    const minor = ctx.settings.kubernetesVersion;
    const clusterIpWithExternalIPs = svc.type === 'ClusterIP' && Array.isArray(svc.spec?.externalIPs) && svc.spec.externalIPs.length > 0;
    // The model is defaulted as the newest release does (DF5 covers ClusterIP with externalIPs
    // from 1.29); through 1.28 nothing defaulted it there, so read what was written.
    const v = clusterIpWithExternalIPs && minor < 29 ? at(svc.raw, 'spec', 'externalTrafficPolicy') : svc.spec?.externalTrafficPolicy;
    const external = svc.type === 'NodePort' || svc.type === 'LoadBalancer' || (clusterIpWithExternalIPs && minor >= 29);
    if (!external) {
      if (v === undefined || v === null || v === '') return NO_VIOLATIONS;
      const message = minor >= 29 ? 'may only be set for externally-accessible services' : 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\'';
      const fix = minor >= 29
        ? 'remove externalTrafficPolicy: it only applies to traffic arriving from outside (NodePort, LoadBalancer, or externalIPs on a ClusterIP Service); for in-cluster traffic use internalTrafficPolicy'
        : 'remove externalTrafficPolicy: it only applies to traffic arriving from outside (NodePort, LoadBalancer); for in-cluster traffic use internalTrafficPolicy'
          + (clusterIpWithExternalIPs ? '; Kubernetes 1.29+ allows it on a ClusterIP Service with externalIPs' : '');
      return [violation(svc, 'spec.externalTrafficPolicy', v, message, fix)];
    }
    if (typeof v === 'string' && EXTERNAL_TRAFFIC_POLICIES.includes(v)) return NO_VIOLATIONS;
    const close = typeof v === 'string' ? EXTERNAL_TRAFFIC_POLICIES.find((p) => p.toLowerCase() === v.toLowerCase()) : undefined;
    return [violation(svc, 'spec.externalTrafficPolicy', v, `Unsupported value: ${show(v)}: ${supportedValues(EXTERNAL_TRAFFIC_POLICIES)}`,
      close ? `write externalTrafficPolicy: ${close} (values are case-sensitive)` : 'write Cluster (spread over all ready pods) or Local (keep the client IP, only nodes with a ready pod answer)')];
  },
};

/**
 * V38 `spec.healthCheckNodePort`: only for LoadBalancer with externalTrafficPolicy Local
 * (NodePort + Local is not allowed). For LoadBalancer + Local, the Required and range branches
 * are unreachable: A12 allocates or rejects (HTTP 500) first.
 */
export const healthCheckNodePortOnlyForLocalLB: Rule = {
  id: 'V38',
  name: 'health-check-node-port-not-allowed',
  ...API_SERVER,
  summary: 'healthCheckNodePort only on LoadBalancer Services with externalTrafficPolicy Local',
  checkService: (svc) => {
    const v = svc.spec?.healthCheckNodePort;
    if (v === undefined || v === null || v === 0) return NO_VIOLATIONS;
    if (svc.type === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local') return NO_VIOLATIONS;
    const fix = svc.type === 'LoadBalancer'
      ? 'remove healthCheckNodePort, or set externalTrafficPolicy: Local (the port is only used to health-check nodes for Local)'
      : 'remove healthCheckNodePort: only a LoadBalancer with externalTrafficPolicy: Local has one';
    return [violation(svc, 'spec.healthCheckNodePort', v,
      'may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'', fix)];
  },
};

/**
 * V39 `spec.internalTrafficPolicy`: Cluster or Local (case-sensitive) when set. Allowed on
 * ExternalName ("historical reasons"). The Required branch is unreachable (DF6).
 */
export const internalTrafficPolicyValid: Rule = {
  id: 'V39',
  name: 'unsupported-internal-traffic-policy',
  ...API_SERVER,
  summary: 'internalTrafficPolicy must be Cluster or Local',
  checkService: (svc) => {
    const v = svc.spec?.internalTrafficPolicy;
    if (v === undefined || v === null || INTERNAL_TRAFFIC_POLICIES.includes(v)) return NO_VIOLATIONS;
    const close = typeof v === 'string' ? INTERNAL_TRAFFIC_POLICIES.find((p) => p.toLowerCase() === v.toLowerCase()) : undefined;
    return [violation(svc, 'spec.internalTrafficPolicy', v, `Unsupported value: ${show(v)}: ${supportedValues(INTERNAL_TRAFFIC_POLICIES)}`,
      close ? `write internalTrafficPolicy: ${close} (values are case-sensitive)` : 'write Cluster (any ready pod) or Local (only pods on the client\'s node), or leave it out (Cluster)')];
  },
};

/** V37-V39: traffic policies and healthCheckNodePort. */
export const TRAFFIC_RULES: Rule[] = [
  externalTrafficPolicyValid,
  healthCheckNodePortOnlyForLocalLB,
  internalTrafficPolicyValid,
];

/** Rules (or branches) of this family that cannot fire on a create through the API, and why. */
export const UNREACHABLE: Array<{ id: string; reason: string }> = [
  { id: 'V35', reason: 'Required `allocateLoadBalancerNodePorts` for LoadBalancer: DF7 defaults nil (and explicit null) to true before validation' },
  { id: 'V37', reason: 'Required branch for NodePort/LoadBalancer: DF5 defaults an empty externalTrafficPolicy to Cluster; only Invalid and NotSupported are implemented' },
  { id: 'V38', reason: 'Required and 1-65535 branches for LoadBalancer + Local: A12 allocates a missing healthCheckNodePort, and rejects an out-of-range one with HTTP 500 first' },
  { id: 'V39', reason: 'Required branch: DF6 defaults a nil internalTrafficPolicy to Cluster for ClusterIP, NodePort and LoadBalancer' },
  { id: 'V40', reason: 'not a rule: the check "targetPort must equal port when clusterIP is None" is commented out in validation.go ("targetPorts on headless services were tolerated")' },
  { id: 'V42', reason: 'status.* is reset by PrepareForCreate on create; only PUT .../status validates it' },
];
