// API-server rules (RULES.md §3-§5): one file per family, collected here in RULES.md order.
import { registerApiServerRules } from '../refusal';
import { Rule } from '../rule';
import { ALLOCATION_RULES } from './cluster-ip-allocation';
import { CLUSTER_IPS_RULES } from './cluster-ips';
import { DECODE_RULES } from './decode';
import { EXTERNAL_RULES } from './external';
import { IP_FAMILY_RULES } from './ip-families';
import { METADATA_RULES } from './metadata';
import { PORTS_RULES } from './ports';
import { RELEASE_ERROR_RULES, RELEASE_WARNING_RULES } from './releases';
import { SELECTION_RULES } from './selection';
import { TRAFFIC_RULES } from './traffic';
import { WARNINGS_RULES } from './warnings';

/**
 * Every rule kube-apiserver 1.27-1.35 applies to a Service on create; a rule's `since`/`until`
 * say which releases apply it (the engine runs those of `kubernetesVersion`).
 */
export const API_SERVER_RULES: Rule[] = [
  ...DECODE_RULES,
  ...RELEASE_ERROR_RULES,
  ...METADATA_RULES,
  ...PORTS_RULES,
  ...SELECTION_RULES,
  ...CLUSTER_IPS_RULES,
  ...IP_FAMILY_RULES,
  ...ALLOCATION_RULES,
  ...EXTERNAL_RULES,
  ...TRAFFIC_RULES,
  ...WARNINGS_RULES,
  ...RELEASE_WARNING_RULES,
];

// Which Services validation refuses is asked by rules of this list (A10, X5): they read it there.
registerApiServerRules(API_SERVER_RULES);
