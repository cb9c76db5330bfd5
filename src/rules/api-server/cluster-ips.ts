// RULES.md V10-V12, V24-V27, A1-A10, A12: clusterIPs, IP families, allocation.
import { Rule } from '../rule';

/** V10-V12, V24-V27, A1-A10, A12: clusterIPs, IP families, allocation. */
export const CLUSTER_IPS_RULES: Rule[] = [];
