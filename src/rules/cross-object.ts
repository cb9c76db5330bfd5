// Cross-object rules: what no single manifest shows (DESIGN.md "What validate at synth time covers" 2).
import { Rule } from './rule';

/** Rules over several objects of the app. */
export const CROSS_OBJECT_RULES: Rule[] = [];
