// A rule is data plus one pure function over the model (STYLE.md "A rule").
// It knows nothing of cdk8s, the CLI or jest.
import { ClusterModel, ModelObject, ServiceModel } from '../model/cluster-model';
import { RuleCategory, Severity } from '../model/findings';

/** The cluster facts a rule may depend on (flags of the reference cluster, RULES.md §0.2). */
export interface RuleSettings {
  /** `--service-node-port-range` (A11, A13). */
  nodePortRange: { min: number; max: number };
  /** `--service-cluster-ip-range` CIDRs, or empty when unknown: then A10 is skipped. */
  serviceClusterIpRanges: string[];
  /** IP families the cluster is configured for (A5, A7, A8). */
  ipFamilies: string[];
  /**
   * True when the author said which families the cluster serves (`clusterIpFamilies`, or
   * `serviceClusterIpRanges`). When not, A5/A7/A8 are hints and a Service that asks for a family
   * the default cluster lacks is simulated on a cluster that serves it (docs/severity.md).
   */
  ipFamiliesGiven: boolean;
  /** The author states LoadBalancers are meant to be public (security rule S2). */
  allowPublicLoadBalancers: boolean;
  /** Warnings are errors in this run (hints stay hints, docs/severity.md). */
  strict: boolean;
  /** The Kubernetes minor release the rules follow (`33` for 1.33); see docs/kubernetes-versions.md. */
  kubernetesVersion: number;
}

/** What a rule sees: the whole model and the cluster settings. */
export interface RuleContext {
  model: ClusterModel;
  settings: RuleSettings;
}

/** One violation a rule reports; the engine turns it into a public `Finding`. */
export interface Violation {
  object: ModelObject;
  field: string;
  value?: unknown;
  message: string;
  fix: string;
  /** Overrides the rule's severity for this violation (e.g. a warning-level variant). */
  severity?: Severity;
}

/** A validation rule. Exactly one of `checkService` and `checkModel` is set. */
export interface Rule {
  /** Stable id: `V16`, `A11`, `W4` from RULES.md; `X..`/`S..` for ours (README rule table). */
  id: string;
  /**
   * Readable kebab-case name, unique (`selector-matches-no-pods` for X1): accepted wherever the
   * id is (`disabledRules`, `verify --disable`, the ignore annotation). Names say what is wrong.
   */
  name: string;
  /** The Kubernetes source or documentation the rule follows (docs/rules.md prints it). */
  source?: string;
  category: RuleCategory;
  severity: Severity;
  /** One line for the README rule table. */
  summary: string;
  /** First Kubernetes minor release (1.x) whose create path applies this rule; absent: every release the rules know. */
  since?: number;
  /** Last Kubernetes minor release (1.x) whose create path applies this rule; absent: still applied in the newest. */
  until?: number;
  /** Checks one Service. */
  checkService?: (svc: ServiceModel, ctx: RuleContext) => Violation[];
  /** Checks the whole model (cross-object rules). */
  checkModel?: (ctx: RuleContext) => Violation[];
}

/**
 * What a check returns when it finds nothing: one shared, frozen empty list, so the ~60 rules
 * run for every Service at every synth allocate nothing for a clean Service (issue 3 budget).
 */
export const NO_VIOLATIONS: Violation[] = Object.freeze([] as Violation[]) as Violation[];

/** Builds a violation (the shape every rule returns). */
export function violation(object: ModelObject, field: string, value: unknown, message: string, fix: string, severity?: Severity): Violation {
  return { object, field, value, message, fix, severity };
}

/** Whether a rule applies to Kubernetes 1.`minor` (its `since`/`until` range). */
export function ruleAppliesTo(rule: Pick<Rule, 'since' | 'until'>, minor: number): boolean {
  return (rule.since === undefined || minor >= rule.since) && (rule.until === undefined || minor <= rule.until);
}

/** The key of the settings a rule's answer depends on: all of them but `strict`, which only the engine applies. */
const settingsKeys = new WeakMap<RuleSettings, string>();
function settingsKey(settings: RuleSettings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) {
    const { strict: _engineOnly, ...facts } = settings;
    settingsKeys.set(settings, (key = JSON.stringify(facts)));
  }
  return key;
}

/**
 * What rules compute once per run and share (the first validation error of each Service, who
 * holds each address and nodePort). Keyed by the model and the settings' values, not by the
 * context object: `verify` runs the rules, then the simulation decides each create again over
 * the same model and cluster, and both read one answer. Pure functions of (model, settings) only.
 */
export class RunCache<T> {
  private readonly byModel = new WeakMap<ClusterModel, Map<string, T>>();

  /** The value for this run, made by `make` the first time. */
  public get(ctx: RuleContext, make: () => T): T {
    let bySettings = this.byModel.get(ctx.model);
    if (!bySettings) this.byModel.set(ctx.model, (bySettings = new Map()));
    const key = settingsKey(ctx.settings);
    let value = bySettings.get(key);
    if (value === undefined) bySettings.set(key, (value = make()));
    return value;
  }
}
