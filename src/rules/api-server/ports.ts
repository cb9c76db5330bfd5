// RULES.md V8, V9, V14-V19, V30-V32 and A11: ports and nodePorts.
import { Rule } from '../rule';

/** V8, V9, V14-V19, V30-V32 and A11: ports and nodePorts. */
export const PORTS_RULES: Rule[] = [];
