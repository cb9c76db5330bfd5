// Where every RULES.md id lives: the ids that are a Rule in API_SERVER_RULES, and the ids
// (or branches of ids) that are not a check, each with the reason. The README's rule table
// and test/rules/api-server/coverage.test.ts read this.
import { NO_ERROR } from './cluster-ips';
import { UNREACHABLE as METADATA_UNREACHABLE } from './metadata';
import { UNREACHABLE as PORTS_UNREACHABLE } from './ports';
import { UNREACHABLE as SELECTION_UNREACHABLE } from './selection';
import { UNREACHABLE as TRAFFIC_UNREACHABLE } from './traffic';
import { NOT_IN_1_27 } from './warnings';

/** A RULES.md id, or a branch of one, that is not a check, and why. */
export interface RuleNote {
  id: string;
  reason: string;
}

/** Defaulting rules: applied by `defaultServiceSpec` (src/model/defaults.ts) before any rule runs. */
const DEFAULTING: RuleNote[] = [
  { id: 'DF1', reason: 'defaulting: sessionAffinity "" -> None, applied before validation (src/model/defaults.ts)' },
  { id: 'DF2', reason: 'defaulting: ClientIP affinity config filled with timeoutSeconds 10800 (src/model/defaults.ts)' },
  { id: 'DF3', reason: 'defaulting: affinity config cleared when sessionAffinity is None (src/model/defaults.ts)' },
  { id: 'DF4', reason: 'defaulting: targetPort 0, "" or absent -> port (src/model/defaults.ts)' },
  { id: 'DF5', reason: 'defaulting: externalTrafficPolicy -> Cluster for NodePort and LoadBalancer (src/model/defaults.ts)' },
  { id: 'DF6', reason: 'defaulting: internalTrafficPolicy -> Cluster except ExternalName (src/model/defaults.ts)' },
  { id: 'DF7', reason: 'defaulting: allocateLoadBalancerNodePorts -> true for LoadBalancer (src/model/defaults.ts)' },
  { id: 'DF8', reason: 'defaulting: type "" -> ClusterIP (src/model/defaults.ts)' },
  { id: 'DF9', reason: 'defaulting: protocol "" -> TCP (src/model/defaults.ts)' },
  { id: 'A13', reason: 'flag defaults: nodePortRange 30000-32767 and single-stack IPv4 are the ValidationOptions defaults (src/rules/engine.ts)' },
];

/** Every RULES.md id (or branch) that is not a check, with the reason. */
export const RULE_NOTES: RuleNote[] = [
  ...DEFAULTING,
  ...METADATA_UNREACHABLE,
  ...PORTS_UNREACHABLE,
  ...SELECTION_UNREACHABLE,
  ...NO_ERROR,
  ...TRAFFIC_UNREACHABLE,
  ...NOT_IN_1_27,
];

/** Every id RULES.md defines: V1-V42, DF1-DF9, A1-A13, W1-W6. */
export const RULES_MD_IDS: string[] = [
  ...range('V', 42), ...range('DF', 9), ...range('A', 13), ...range('W', 6),
];

function range(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}
