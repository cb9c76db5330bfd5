// Suppression of one finding on one object, with a reason, written where a reviewer reads it:
// the object's own annotation (issue 11). No knowledge of the rule registry here: the engine
// passes the lookup in (src/rules/engine.ts), so this module has no import cycle with it.
//
//   metadata:
//     annotations:
//       cdk8s-services.io/ignore: "X2: canary split by version; S2: the edge LB is public"
//
// Entries are separated by `;` or new lines; each is `RULE: reason`, RULE an id (`X2`) or a
// name (`selector-matches-several-workloads`). An entry without a reason, or naming no rule,
// suppresses nothing and is itself a finding (I1) that says how to write it.
import { ModelObject } from '../model/cluster-model';
import { Finding, SuppressedFinding } from '../model/findings';
import { closeMatches } from '../model/text';

/** The annotation that suppresses findings on the object it is on. */
export const IGNORE_ANNOTATION = 'cdk8s-services.io/ignore';

/** One entry of the annotation, as written. */
export interface IgnoreEntry {
  /** The rule as written (an id or a name), trimmed. */
  rule: string;
  /** The reason, trimmed; '' when the entry gives none. */
  reason: string;
}

/** A rule as the lookup returns it. */
export interface KnownRule {
  id: string;
  name: string;
}

/** Splits the annotation into its entries (empty entries, e.g. a trailing `;`, are skipped). */
export function parseIgnoreAnnotation(text: string): IgnoreEntry[] {
  const out: IgnoreEntry[] = [];
  for (const part of text.split(/[;\n]/)) {
    const entry = part.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    out.push(colon < 0
      ? { rule: entry, reason: '' }
      : { rule: entry.slice(0, colon).trim(), reason: entry.slice(colon + 1).trim() });
  }
  return out;
}

/** A problem with one entry: what is wrong and how to write it. */
export interface IgnoreProblem {
  entry: IgnoreEntry;
  message: string;
  fix: string;
}

/**
 * The entries of an object's annotation that suppress nothing, each with what is wrong: a rule
 * that does not exist (with the names it may have meant) or a missing reason.
 */
export function ignoreProblems(text: string, lookup: (idOrName: string) => KnownRule | undefined, candidates: string[]): IgnoreProblem[] {
  const out: IgnoreProblem[] = [];
  for (const entry of parseIgnoreAnnotation(text)) {
    const rule = lookup(entry.rule);
    if (!rule) {
      const near = closeMatches(entry.rule, candidates);
      out.push({
        entry,
        message: `names no rule: "${entry.rule}"${near.length > 0 ? ` (did you mean ${near.slice(0, 3).join(' or ')}?)` : ''}, so it suppresses nothing`,
        fix: `write each entry as RULE: reason, RULE a rule id or name from docs/rules.md, e.g. "${IGNORE_ANNOTATION}: X2: canary split by version"`,
      });
    } else if (entry.reason === '') {
      out.push({
        entry,
        message: `gives no reason for ignoring ${rule.id} (${rule.name}), so it suppresses nothing`,
        fix: `say why after a colon: "${rule.id}: <why this object is fine>"; separate several entries with ";" or new lines`,
      });
    }
  }
  return out;
}

/**
 * The reason the object's annotation gives for ignoring rule `id` on it, or undefined.
 * `lookup` resolves what the entry names (an id or a name) to a rule.
 */
export function suppressionReason(o: ModelObject | undefined, id: string, lookup: (idOrName: string) => KnownRule | undefined): string | undefined {
  const text = o?.annotations[IGNORE_ANNOTATION];
  if (text === undefined || text === '') return undefined;
  for (const entry of parseIgnoreAnnotation(text)) {
    if (entry.reason !== '' && lookup(entry.rule)?.id === id) return entry.reason;
  }
  return undefined;
}

/** Findings, split into those that stand and those an ignore annotation suppresses. */
export interface SplitFindings {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

/**
 * Splits findings made outside the engine (construct rules, the simulation) by the
 * annotation of the object each blames, found by `Kind/namespace/name` among `objects`.
 */
export function splitSuppressed(
  findings: Finding[], objects: ModelObject[], lookup: (idOrName: string) => KnownRule | undefined, unsuppressible: string[] = [],
): SplitFindings {
  if (findings.length === 0) return { findings, suppressed: [] };
  const byRef = new Map<string, ModelObject>();
  for (const o of objects) {
    if (o.annotations[IGNORE_ANNOTATION] !== undefined && !byRef.has(o.ref)) byRef.set(o.ref, o);
  }
  if (byRef.size === 0) return { findings, suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const reason = unsuppressible.includes(f.rule) ? undefined : suppressionReason(byRef.get(f.objectRef), f.rule, lookup);
    if (reason === undefined) kept.push(f);
    else suppressed.push({ ...f, reason });
  }
  return { findings: kept, suppressed };
}
