// RULES.md W1-W5: warnings kube-apiserver 1.27 returns on create.
import { Rule } from '../rule';

/** W1-W5: warnings kube-apiserver 1.27 returns on create. */
export const WARNINGS_RULES: Rule[] = [];
