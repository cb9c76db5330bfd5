// RULES.md V20-V23, V29: selector, session affinity, type (validation.go ValidateService).
// Rules read the defaulted spec: sessionAffinity None (DF1), the ClientIP config filled (DF2) or
// cleared (DF3), type ClusterIP (DF8).
import { RuleCategory, Severity } from '../../model/findings';
import { supportedValues } from '../formats';
import { NO_VIOLATIONS, Rule, violation } from '../rule';
import { labelMapViolations } from './metadata';
import { asText } from '../../model/text';

const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

/** validation.go `supportedSessionAffinityType` (V21). */
export const SESSION_AFFINITIES = ['ClientIP', 'None'];
/** `core.MaxClientIPServiceAffinitySeconds` (V22): one day, inclusive. */
export const MAX_AFFINITY_TIMEOUT_SECONDS = 86400;
/** validation.go `supportedServiceType` (V29). */
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

/** V20 `spec.selector`: keys are qualified names, values label values; the path has no key. */
export const selectorLabelsValid: Rule = {
  id: 'V20',
  name: 'invalid-selector',
  ...API_SERVER,
  summary: 'spec.selector keys must be qualified names and values valid label values',
  checkService: (svc) => labelMapViolations(svc, svc.spec?.selector, 'spec.selector', 'selector'),
};

/** V21 `spec.sessionAffinity`: ClientIP or None, case-sensitive (omitted is None, DF1). */
export const sessionAffinitySupported: Rule = {
  id: 'V21',
  name: 'unsupported-session-affinity',
  ...API_SERVER,
  summary: 'spec.sessionAffinity must be ClientIP or None (case-sensitive; omitted means None)',
  checkService: (svc) => {
    const v = svc.spec?.sessionAffinity;
    if (SESSION_AFFINITIES.includes(v)) return NO_VIOLATIONS;
    const match = SESSION_AFFINITIES.find((s) => s.toLowerCase() === asText(v).toLowerCase());
    return [violation(svc, 'spec.sessionAffinity', v, `Unsupported value: ${JSON.stringify(v)}: ${supportedValues(SESSION_AFFINITIES)}`,
      match ? `write sessionAffinity: ${match} (values are case-sensitive)` : 'use ClientIP to keep a client on one pod, or leave sessionAffinity out (None)')];
  },
};

/**
 * V22 `spec.sessionAffinityConfig.clientIP.timeoutSeconds`: for ClientIP, 1..86400 inclusive
 * (the API server's message says "less than 86400", but 86400 passes). Missing levels are
 * defaulted to 10800 (DF2); an explicit 0 is not, and fails here. Every type, ExternalName too.
 */
export const affinityTimeoutInRange: Rule = {
  id: 'V22',
  name: 'affinity-timeout-out-of-range',
  ...API_SERVER,
  summary: 'with sessionAffinity ClientIP, sessionAffinityConfig.clientIP.timeoutSeconds must be 1-86400',
  checkService: (svc) => {
    if (svc.spec?.sessionAffinity !== 'ClientIP') return NO_VIOLATIONS;
    const t = svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    const field = 'spec.sessionAffinityConfig.clientIP.timeoutSeconds';
    if (typeof t === 'number' && t > 0 && t <= MAX_AFFINITY_TIMEOUT_SECONDS) return NO_VIOLATIONS;
    return [violation(svc, field, t, `must be greater than 0 and less than ${MAX_AFFINITY_TIMEOUT_SECONDS} (86400 itself is accepted)`,
      `use a timeout between 1 and ${MAX_AFFINITY_TIMEOUT_SECONDS} seconds, or leave it out for the default 10800 (3 hours)`)];
  },
};

/** V29 `spec.type`: ClusterIP, NodePort, LoadBalancer or ExternalName, case-sensitive (omitted is ClusterIP, DF8). */
export const serviceTypeSupported: Rule = {
  id: 'V29',
  name: 'unsupported-service-type',
  ...API_SERVER,
  summary: 'spec.type must be ClusterIP, NodePort, LoadBalancer or ExternalName (case-sensitive; omitted means ClusterIP)',
  checkService: (svc) => {
    const v = svc.spec?.type;
    if (SERVICE_TYPES.includes(v)) return NO_VIOLATIONS;
    const match = SERVICE_TYPES.find((s) => s.toLowerCase() === asText(v).toLowerCase());
    return [violation(svc, 'spec.type', v, `Unsupported value: ${JSON.stringify(v)}: ${supportedValues(SERVICE_TYPES)}`,
      match ? `write type: ${match} (types are case-sensitive)` : 'use ClusterIP, NodePort, LoadBalancer or ExternalName, or leave type out for ClusterIP')];
  },
};

/** V20-V22, V29: selector, session affinity, type (V23 is unreachable: see UNREACHABLE). */
export const SELECTION_RULES: Rule[] = [
  selectorLabelsValid,
  sessionAffinitySupported,
  affinityTimeoutInRange,
  serviceTypeSupported,
];

/** Rules and branches of this family that cannot fire on a create through the API, and why. */
export const UNREACHABLE: Array<{ id: string; reason: string }> = [
  { id: 'V21', reason: 'Required branch: an empty sessionAffinity is defaulted to None (DF1) before validation; only NotSupported is implemented' },
  { id: 'V22', reason: 'Required branches (sessionAffinityConfig, clientIP, timeoutSeconds missing): with ClientIP any missing level is replaced by {clientIP: {timeoutSeconds: 10800}} (DF2); only the range check is implemented' },
  { id: 'V23', reason: 'sessionAffinityConfig set with sessionAffinity None: defaulting clears the config for None (DF3), so the Forbidden error is never returned on create' },
  { id: 'V29', reason: 'Required branch: an empty type is defaulted to ClusterIP (DF8) before validation; only NotSupported is implemented' },
];

/** The brief's name for the same table. */
export const UNREACHABLE_RULES = UNREACHABLE;
