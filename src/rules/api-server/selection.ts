// RULES.md V20-V23, V29: selector, session affinity, type.
import { Rule } from '../rule';

/** V20-V23, V29: selector, session affinity, type. */
export const SELECTION_RULES: Rule[] = [];
