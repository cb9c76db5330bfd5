// RULES.md V1-V7, V41: object metadata.
import { Rule } from '../rule';

/** V1-V7, V41: object metadata. */
export const METADATA_RULES: Rule[] = [];
