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
      e.expected.startsWith('a whole number')
        ? 'write the number without quotes, e.g. port: 80'
        : e.expected === 'a string'
          ? 'quote the value so YAML reads it as a string, e.g. version: "1.0"'
          : `write ${e.expected} here`))),
};

/** The decode rule, run before every other rule (undecodable Services are not checked further). */
export const DECODE_RULES: Rule[] = [decodable];
