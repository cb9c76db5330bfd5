// RULES.md V13, V28, V33-V36: externalName, externalIPs, load balancer fields.
import { Rule } from '../rule';

/** V13, V28, V33-V36: externalName, externalIPs, load balancer fields. */
export const EXTERNAL_RULES: Rule[] = [];
