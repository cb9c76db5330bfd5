// Which Services the API server refuses on create for a validation error (RULES.md §1: the
// allocators run first, then ValidateService; a validation failure rolls the allocation back, so
// such a Service never holds an address or a port, and is never created). One answer per Service
// and run, shared by the rules that decide who holds an address or port (A10, X5) and by
// LocalCluster, which does not create such a Service.
import { Rule, ruleAppliesTo, RunCache, RuleContext, Violation } from './rule';
import { ServiceModel } from '../model/cluster-model';
import { Severity } from '../model/findings';

/** The allocator's own rules: they decide conflicts in manifest order themselves. */
const ALLOCATOR_RULE_IDS = new Set(['A5', 'A10', 'A11', 'A12']);

/** A validation error: the rule and what it found. */
export interface ValidationError {
  rule: Rule;
  violation: Violation;
}

let validationRules: Rule[] = [];

/**
 * Registers the api-server rules (src/rules/api-server/index.ts, once, when it loads: those rules
 * use this module, so it cannot import them). The allocator's own rules are left out.
 */
export function registerApiServerRules(all: Rule[]): void {
  validationRules = all.filter((r) => r.checkService !== undefined && !ALLOCATOR_RULE_IDS.has(r.id));
}

const memo = new RunCache<Map<ServiceModel, ValidationError | null>>();

/**
 * The first error (in rule order) with which the API server's validation refuses `svc`, or
 * undefined when it passes. Computed once per Service and run; only asked about Services that
 * request an address or port, and by LocalCluster.
 */
export function validationError(svc: ServiceModel, ctx: RuleContext): ValidationError | undefined {
  if (validationRules.length === 0) {
    throw new Error('cdk8s-services internal error: the api-server rules are not registered (import src/rules/engine, not a rule module alone)');
  }
  const known = memo.get(ctx, () => new Map());
  const hit = known.get(svc);
  if (hit !== undefined) return hit ?? undefined;
  let found: ValidationError | null = null;
  for (const rule of validationRules) {
    // Only the rules of the release the run follows (RuleSettings.kubernetesVersion).
    if (!ruleAppliesTo(rule, ctx.settings.kubernetesVersion)) continue;
    for (const v of rule.checkService!(svc, ctx)) {
      if ((v.severity ?? rule.severity) === Severity.ERROR) {
        found = { rule, violation: v };
        break;
      }
    }
    if (found) break;
  }
  known.set(svc, found);
  return found ?? undefined;
}

/**
 * Whether a pass that runs `serviceRules` over every Service, in this order, sees what
 * validationError would: the same validation rules of the run's release in the same order (no
 * validation rule disabled or replaced). If so, which of `serviceRules` are validation rules (one
 * flag per index), so the engine records each Service's first error (recordValidationError)
 * instead of validationError running the rules again; else undefined.
 */
export function sharedValidationRules(serviceRules: Rule[], ctx: RuleContext): boolean[] | undefined {
  const release = ctx.settings.kubernetesVersion;
  const expected = validationRules.filter((r) => ruleAppliesTo(r, release));
  const included = new Set(expected);
  const flags = serviceRules.map((r) => included.has(r));
  const seen = serviceRules.filter((_, i) => flags[i]);
  const same = expected.length > 0 && seen.length === expected.length && seen.every((r, i) => r === expected[i]);
  return same ? flags : undefined;
}

/**
 * Records the first error a full pass found for `svc` among the validation rules (undefined:
 * none), as validationError would compute it. Only after sharedValidationRules said so.
 */
export function recordValidationError(svc: ServiceModel, ctx: RuleContext, found: ValidationError | undefined): void {
  const known = memo.get(ctx, () => new Map());
  if (!known.has(svc)) known.set(svc, found ?? null);
}
