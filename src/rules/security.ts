// Security posture rules (DESIGN.md "What validate at synth time covers" 3).
import { Rule } from './rule';

/** Security rules. */
export const SECURITY_RULES: Rule[] = [];
