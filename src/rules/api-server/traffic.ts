// RULES.md V37-V40, V42: traffic policies, healthCheckNodePort, headless targetPort, status.
import { Rule } from '../rule';

/** V37-V40, V42: traffic policies, healthCheckNodePort, headless targetPort, status. */
export const TRAFFIC_RULES: Rule[] = [];
