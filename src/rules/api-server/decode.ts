// T1: the decode step before validation (RULES.md §1 step 1). Not a RULES.md id (§10 puts
// JSON type errors out of its scope); ours, because `port: "80"` is a classic YAML mistake.
import { RuleCategory, Severity } from '../../model/findings';
import { Rule, violation } from '../rule';

/** T1: every field must have the JSON type of the v1.Service struct, or the create fails with 400. */
export const decodable: Rule = {
  id: 'T1',
  category: RuleCategory.API_SERVER,
  severity: Severity.ERROR,
  summary: 'every field has the JSON type v1.Service declares (a quoted port, a number as a label value...): otherwise 400 BadRequest before validation',
  checkModel: (ctx) => ctx.model.undecodable.flatMap(({ object, errors }) => errors.map((e) =>
    violation(object, e.field, e.value,
      `the API server cannot decode this value (400 BadRequest, before any validation): ${e.field} must be ${e.expected}`,
      decodeFix(e.field, e.value, e.expected)))),
};

/** What to write instead: the value itself, corrected where that is mechanical. */
function decodeFix(field: string, value: unknown, expected: string): string {
  const key = field.replace(/^.*[.[]/, '').replace(/]$/, '');
  if (expected.startsWith('a whole number')) {
    if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return `write the number without quotes: ${key}: ${value.trim()}`;
    if (typeof value === 'number' && Number.isFinite(value)) return `write a whole number, e.g. ${key}: ${Math.round(value)}`;
    return `write a whole number without quotes, e.g. ${key}: 80`;
  }
  if (expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `quote the value so YAML reads it as a string: ${key}: "${String(value)}"`;
  }
  return `write ${expected} here`;
}

/** The decode rule, run before every other rule (undecodable Services are not checked further). */
export const DECODE_RULES: Rule[] = [decodable];
