// What every report (CI formats, the cdk8s plugin) says about a rule, read from the rule registry (engine.ts
// DOCUMENTED_RULES): name, summary, severity, family and the docs/rules.md anchor. No rule
// text is written here.
import * as path from 'path';
import { DOCUMENTED_RULES, DocumentedRule, findRule } from './engine';
import { Finding, Severity } from '../model/findings';

/** Where docs/rules.md is published (the repository of package.json). */
export const RULES_DOC_URL = 'https://github.com/cdk8s-services/cdk8s-services/blob/main/docs/rules.md';

/** The GitHub anchor of a rule's heading in docs/rules.md (`### X1 selector-matches-no-pods`). */
export function ruleAnchor(r: Pick<DocumentedRule, 'id' | 'name'>): string {
  return `${r.id}-${r.name}`.toLowerCase();
}

/** The link to a rule's section of docs/rules.md. */
export function ruleDocUrl(r: Pick<DocumentedRule, 'id' | 'name'>): string {
  return `${RULES_DOC_URL}#${ruleAnchor(r)}`;
}

/** The registry entry of a finding's rule, or a stand-in for an id the registry lacks. */
export function ruleOf(f: Pick<Finding, 'rule' | 'ruleName' | 'category' | 'severity'>): DocumentedRule {
  return findRule(f.rule) ?? { id: f.rule, name: f.ruleName ?? f.rule, category: f.category, severity: f.severity, summary: f.rule };
}

/** Every rule of the registry, in its order, then the ids of `findings` it lacks. */
export function reportRules(findings: Finding[]): DocumentedRule[] {
  const out = [...DOCUMENTED_RULES];
  const seen = new Set(out.map((r) => r.id));
  for (const f of findings) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    out.push(ruleOf(f));
  }
  return out;
}

/** `V16 port-out-of-range` */
export function ruleTitle(f: Pick<Finding, 'rule' | 'ruleName' | 'category' | 'severity'>): string {
  const r = ruleOf(f);
  return r.name && r.name !== r.id ? `${r.id} ${r.name}` : r.id;
}

/** Error first, then warning, then info. */
export function severityRank(s: Severity): number {
  return s === Severity.ERROR ? 0 : s === Severity.WARNING ? 1 : 2;
}

/** A file name as a forward-slash path relative to the working directory (what CI systems match). */
export function relativeFile(file: string, cwd: string = process.cwd()): string {
  const rel = path.isAbsolute(file) ? path.relative(cwd, file) : path.normalize(file);
  return rel.split(path.sep).join('/').replace(/\\/g, '/');
}

/** `object field = value: message` for the one-line reports. */
export function findingText(f: Finding): string {
  const value = f.value === undefined ? '' : ` = ${f.value}`;
  return `${f.objectRef} ${f.field}${value}: ${f.message.replace(/[.\s]+$/, '')}. Fix: ${f.fix}`;
}
