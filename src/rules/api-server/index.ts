// API-server rules (RULES.md §3-§5): one file per family, collected here in RULES.md order.
import { registerApiServerRules } from '../refusal';
import { Rule } from '../rule';
import { CLUSTER_IPS_RULES } from './cluster-ips';
import { DECODE_RULES } from './decode';
import { EXTERNAL_RULES } from './external';
import { METADATA_RULES } from './metadata';
import { PORTS_RULES } from './ports';
import { SELECTION_RULES } from './selection';
import { TRAFFIC_RULES } from './traffic';
import { WARNINGS_RULES } from './warnings';

/** Every rule kube-apiserver 1.27 applies to a Service on create. */
export const API_SERVER_RULES: Rule[] = [
  ...DECODE_RULES,
  ...METADATA_RULES,
  ...PORTS_RULES,
  ...SELECTION_RULES,
  ...CLUSTER_IPS_RULES,
  ...EXTERNAL_RULES,
  ...TRAFFIC_RULES,
  ...WARNINGS_RULES,
];

// Which Services validation refuses is asked by rules of this list (A10, X5): they read it there.
registerApiServerRules(API_SERVER_RULES);
