// What the validation says about objects it could not render or check, and construct findings.
import { ApiObject } from 'cdk8s';
import { WORKLOAD_KINDS } from '../model/cluster-model';
import { Finding, renderValue } from '../model/findings';
import { asMap, JsonMap } from '../model/json';
import { asText } from '../model/text';
import { ConstructViolation } from '../rules/construct';
import { selectorMatchesNothing } from '../rules/cross-object';
import { effectiveSeverity } from '../rules/engine';

/** The message of an object cdk8s cannot render: what failed, and what to do about it. */
export function renderErrorMessage(e: unknown): string {
  const message = String((e as Error)?.message ?? e);
  const fix = /non-simple object|constructor/.test(message)
    ? 'give this object plain values only (strings, numbers, booleans, lists and maps; cdk8s cannot render a map with a key named "constructor")'
    : 'correct what the error names in this object\'s props';
  return `cannot be rendered: ${message}. Fix: ${fix}`;
}

/** The message of a construct whose checks failed to run. */
export function checkErrorMessage(e: unknown): string {
  const message = String((e as Error)?.message ?? e);
  return `cannot be checked: ${message}. Fix: correct what the error names in this construct's props `
    + '(a value of the wrong type, e.g. a number where a Duration belongs); if it names none, it is a bug in cdk8s-services: please report it with this message';
}

/**
 * X1 says a selector matches no pod template; a workload that could not be rendered is missing
 * from the model, so for Services in its namespace that cannot be decided: only its render
 * error is reported there.
 */
export function withoutUndecidable(findings: Finding[], unrendered: ApiObject[]): Finding[] {
  const namespaces = new Set(unrendered
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .map((o) => o.metadata.namespace || 'default'));
  if (namespaces.size === 0) return findings;
  return findings.filter((f) => !(f.rule === selectorMatchesNothing.id && namespaces.has(f.objectRef.split('/')[1])));
}

/** A construct check's violation as a finding on `owner`, its severity raised in strict mode. */
export function constructFinding(owner: ApiObject, json: JsonMap | undefined, v: ConstructViolation, strict: boolean): Finding {
  const md = asMap(json?.metadata) ?? {};
  const ns = asText(md.namespace ?? '') || 'default';
  const severity = effectiveSeverity(v.rule.severity, strict);
  return {
    rule: v.rule.id,
    ruleName: v.rule.name,
    category: v.rule.category,
    severity,
    objectRef: `${owner.kind}/${ns}/${asText(md.name ?? owner.name)}`,
    field: v.field,
    value: renderValue(v.value),
    message: v.message,
    fix: v.fix,
    constructPath: owner.node.path,
  };
}
