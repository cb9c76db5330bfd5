// What the API server's registry decides when it creates a Service, in manifest order
// (RULES.md §1; pkg/registry/core/service/storage/alloc.go `initIPFamilyFields`,
// `allocClusterIPs`, `initNodePorts`, `allocHealthCheckNodePort`, then ValidateService): whether
// it refuses the create, and the IP families it allocates cluster IPs in. The one decision: the
// rules report it (A4-A8, A10, A11, A12, X5), and LocalCluster's allocator (harness/allocation.ts)
// only hands out the values of a Service this module lets through.
import { API_SERVER_RULES } from './api-server';
import { serviceIpFamilies } from './api-server/ip-families';
import { nodePortReusedAcrossServices, nodePortTakenBy } from './cross-object';
import { validationError, ValidationError } from './refusal';
import { Rule, ruleAppliesTo, RuleContext, RunCache, Violation } from './rule';
import { ServiceModel } from '../model/cluster-model';
import { Severity } from '../model/findings';
import { IpFamily } from '../model/ip';

/** The allocator's own rules (refusal.ts leaves them out of validation): IP ranges and conflicts, node ports. */
const ALLOCATOR_RULES: Rule[] = API_SERVER_RULES.filter((r) => ['A5', 'A10', 'A11', 'A12'].includes(r.id));

/** What the API server does with one Service on create. */
export interface CreateDecision {
  /** The rule and violation that refuse the create; undefined when it is created. */
  refusal?: ValidationError;
  /**
   * The IP families its cluster IPs are allocated in, primary first (alloc.go
   * `initIPFamilyFields`): `[]` when it gets none (ExternalName, or refused).
   */
  families: IpFamily[];
}

const x5Cache = new RunCache<Map<ServiceModel, Violation>>();

/** X5's violation for `svc` (one per Service of a run). */
function nodePortConflict(svc: ServiceModel, ctx: RuleContext): Violation | undefined {
  const bySvc = x5Cache.get(ctx, () => {
    const first = new Map<ServiceModel, Violation>();
    for (const v of nodePortReusedAcrossServices.checkModel!(ctx)) if (!first.has(v.object as ServiceModel)) first.set(v.object as ServiceModel, v);
    return first;
  });
  return bySvc.get(svc);
}

/**
 * The API server's decision on creating `svc` among the model's Services: refused for a
 * validation error (V.., A4, A7, A8, in rule order), else by the allocator (A5, A10, A11, A12:
 * the first error), else because an earlier Service holds a nodePort it asks for (X5); else
 * created, with the IP families of its cluster IPs. Rules of other releases than the run's are
 * not applied; disabled rules still refuse (a real cluster does not read `disabledRules`).
 */
export function createDecision(svc: ServiceModel, ctx: RuleContext): CreateDecision {
  const invalid = validationError(svc, ctx);
  if (invalid) return { refusal: invalid, families: [] };
  for (const rule of ALLOCATOR_RULES) {
    if (!ruleAppliesTo(rule, ctx.settings.kubernetesVersion)) continue;
    const v = rule.checkService!(svc, ctx).find((x) => (x.severity ?? rule.severity) === Severity.ERROR);
    if (v) return { refusal: { rule, violation: v }, families: [] };
  }
  const taken = nodePortTakenBy(svc, ctx);
  if (taken) {
    const v = nodePortConflict(svc, ctx);
    if (v) return { refusal: { rule: nodePortReusedAcrossServices, violation: v }, families: [] };
  }
  return { families: serviceIpFamilies(svc, ctx.settings) ?? [] };
}
