// Runs every rule over a model and returns findings. The constructs (through
// node.addValidation), the CLI and the cdk8s plugin all call `checkModel`: one engine.
import { API_SERVER_RULES } from './api-server';
import { CONSTRUCT_RULES } from './construct';
import { CONSUMER_RULES } from './consumers';
import { CROSS_OBJECT_RULES } from './cross-object';
import { ClusterOptions, ValidationOptions } from './options';
import { recordValidationError, sharedValidationRules, ValidationError } from './refusal';
import { Rule, ruleAppliesTo, RuleContext, RuleSettings, Violation } from './rule';
import { SECURITY_RULES } from './security';
import { SIMULATION_RULES } from './simulation';
import { IGNORE_ANNOTATION, ignoreProblems, splitSuppressed, SplitFindings, suppressionReason } from './suppression';
import { ClusterModel, ClusterModelOptions, customWorkloadsFrom, ModelObject } from '../model/cluster-model';
import { fieldLine } from '../model/field-lines';
import { Finding, renderValue, RuleCategory, Severity, SuppressedFinding } from '../model/findings';
import { parseCidrSloppy } from '../model/ip';
import { asText, closeMatches } from '../model/text';

export type { ClusterOptions, DisabledRule, ValidationOptions } from './options';

/**
 * I1: an entry of the ignore annotation that suppresses nothing (no reason, or no such rule).
 * Checked on every object of the model, not only Services: any object a rule blames can carry it.
 */
export const ignoreAnnotationValid: Rule = {
  id: 'I1',
  name: 'invalid-ignore-annotation',
  source: `cdk8s-services: the ${IGNORE_ANNOTATION} annotation (docs/severity.md "Suppressing one finding")`,
  category: RuleCategory.BEST_PRACTICE,
  severity: Severity.WARNING,
  summary: `An entry of the ${IGNORE_ANNOTATION} annotation names no rule or gives no reason, so it suppresses nothing`,
  checkModel: ({ model }) => {
    const out: Violation[] = [];
    for (const o of model.objects) {
      const text = o.annotations[IGNORE_ANNOTATION];
      if (text === undefined) continue;
      for (const p of ignoreProblems(text, findRule, ruleCandidates())) {
        out.push({ object: o, field: `metadata.annotations[${IGNORE_ANNOTATION}]`, value: p.entry.reason === '' ? p.entry.rule : `${p.entry.rule}: ${p.entry.reason}`, message: p.message, fix: p.fix });
      }
    }
    return out;
  },
};

/** Every rule the library knows, in the order findings are reported. */
export const ALL_RULES: Rule[] = [...API_SERVER_RULES, ...CROSS_OBJECT_RULES, ...CONSUMER_RULES, ...SECURITY_RULES, ignoreAnnotationValid];

/** What the registry says about a rule: the rule objects and the construct/simulation rules share it. */
export type DocumentedRule = Pick<Rule, 'id' | 'name' | 'source' | 'category' | 'severity' | 'summary' | 'since' | 'until'>;

/**
 * Every finding id there is, with its summary: the model rules, the construct-level rules
 * (C..), which the constructs report, and the simulation's (E3). Any of them can be disabled;
 * docs/rules.md lists them all.
 */
export const DOCUMENTED_RULES: DocumentedRule[] = [
  ...ALL_RULES, ...CONSTRUCT_RULES, ...SIMULATION_RULES,
];

let byIdOrName: Map<string, DocumentedRule> | undefined;

/**
 * The rule an id (`X1`) or a name (`selector-matches-no-pods`) stands for, or undefined: the
 * one lookup of `disabledRules`, `verify --disable`, the plugin and the ignore annotation.
 * Surrounding spaces are ignored, and the case of a name.
 */
export function findRule(idOrName: string): DocumentedRule | undefined {
  if (!byIdOrName) {
    byIdOrName = new Map();
    for (const r of DOCUMENTED_RULES) {
      byIdOrName.set(r.id, r);
      byIdOrName.set(r.name, r);
    }
  }
  const key = asText(idOrName).trim();
  return byIdOrName.get(key) ?? byIdOrName.get(key.toLowerCase());
}

/** The readable name of a rule id, or undefined for an id the registry does not have. */
export function ruleNameOf(id: string): string | undefined {
  return findRule(id)?.name;
}

/** Every id and name, for did-you-mean. */
function ruleCandidates(): string[] {
  return DOCUMENTED_RULES.flatMap((r) => [r.id, r.name]);
}

/** The ids of `disabledRules`, checked: each must name a known rule (by id or name) and give a reason. */
export function disabledIds(options: ValidationOptions = {}): Set<string> {
  const off = new Set<string>();
  for (const d of options.disabledRules ?? []) {
    if (!d.reason || asText(d.reason).trim() === '') {
      throw new Error(`disabledRules: rule ${d.id} is turned off without a reason; give one, e.g. { id: '${d.id}', reason: 'why this app needs it' }`);
    }
    const rule = findRule(d.id);
    if (!rule) {
      const near = closeMatches(asText(d.id).trim(), ruleCandidates());
      throw new Error(`disabledRules: there is no rule ${d.id}${near.length > 0 ? ` (did you mean ${near.slice(0, 3).join(' or ')}?)` : ''}; `
        + 'the rule ids and names are listed in docs/rules.md');
    }
    off.add(rule.id);
  }
  return off;
}

/** Rules whose findings no annotation suppresses: I1 reports the annotation itself. */
const UNSUPPRESSIBLE = [ignoreAnnotationValid.id];

/**
 * Splits findings made outside `checkModel` (construct rules, the simulation's) by the ignore
 * annotations of the objects they blame, as `checkModel` does for its own.
 */
export function splitSuppressedFindings(findings: Finding[], objects: ModelObject[]): SplitFindings {
  return splitSuppressed(findings, objects, findRule, UNSUPPRESSIBLE);
}

/** The outcome of a rule run: the findings that stand, and those an ignore annotation suppresses. */
export interface CheckResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

/** Parses `min-max`; throws an Error a person can read when it is malformed. */
export function parseNodePortRange(text: string): { min: number; max: number } {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  const min = m ? Number(m[1]) : NaN;
  const max = m ? Number(m[2]) : NaN;
  if (!m || min < 1 || max > 65535 || min > max) {
    throw new Error(`nodePortRange "${text}" is not a port range: write it as min-max within 1-65535, e.g. "30000-32767"`);
  }
  return { min, max };
}

/**
 * The cluster's service CIDRs, checked as kube-apiserver checks `--service-cluster-ip-range`
 * (cmd/kube-apiserver/app/options/completion.go `getServiceIPAndRanges` parses each entry with
 * `netutils.ParseCIDRSloppy`, which reads IPv4 leading zeros as decimal, unlike Go's
 * `net.ParseCIDR` since Go 1.17; validation.go `validateClusterIPFlags` allows at most two
 * entries, of different IP families). A value the rules cannot parse would silently turn the
 * range checks (A10) off, so it is refused with an Error a person can read.
 */
function checkServiceRanges(ranges: string[]): string[] {
  const families: string[] = [];
  for (const r of ranges) {
    const cidr = parseCidrSloppy(asText(r));
    if (!cidr) {
      throw new Error(`serviceClusterIpRanges: ${JSON.stringify(r)} is not a CIDR; write it as address/prefix, e.g. 10.96.0.0/12 or fd00:10:96::/112`);
    }
    families.push(cidr.family);
  }
  if (ranges.length > 2) {
    throw new Error(`serviceClusterIpRanges: ${ranges.join(', ')} are ${ranges.length} CIDRs; kube-apiserver takes at most two (one IPv4, one IPv6), e.g. 10.96.0.0/12,fd00:10:96::/112`);
  }
  if (families.length === 2 && families[0] === families[1]) {
    throw new Error(`serviceClusterIpRanges: ${ranges.join(' and ')} are both ${families[0]}; a dual-stack cluster has one CIDR per IP family (one IPv4, one IPv6)`);
  }
  return ranges;
}

/** The cluster's IP families, checked (IPv4 or IPv6, as Kubernetes spells them). */
function checkIpFamilies(families: string[]): string[] {
  for (const f of families) {
    if (f !== 'IPv4' && f !== 'IPv6') throw new Error(`clusterIpFamilies: ${JSON.stringify(f)} is not an IP family; write IPv4 or IPv6`);
  }
  return families;
}

/** The oldest Kubernetes minor release (1.x) the rules know. */
export const OLDEST_KUBERNETES_MINOR = 27;
/** The newest Kubernetes minor release (1.x) the rules know; the default of `kubernetesVersion`. */
export const NEWEST_KUBERNETES_MINOR = 35;

/**
 * Parses `1.33`, `v1.33` or `1.33.2` into the minor number (33); throws an Error a person can
 * read for a malformed value or a release the rules do not know.
 */
export function parseKubernetesVersion(text: string): number {
  const supported = `the rules know 1.${OLDEST_KUBERNETES_MINOR} through 1.${NEWEST_KUBERNETES_MINOR}`;
  const m = /^\s*v?1\.(\d{1,3})(?:\.\d+)?\s*$/.exec(asText(text));
  if (!m) {
    throw new Error(`kubernetesVersion ${JSON.stringify(text)} is not a Kubernetes release: write major.minor, e.g. "1.${NEWEST_KUBERNETES_MINOR}" (${supported})`);
  }
  const minor = Number(m[1]);
  if (minor < OLDEST_KUBERNETES_MINOR || minor > NEWEST_KUBERNETES_MINOR) {
    throw new Error(`kubernetesVersion "1.${minor}" is not supported: ${supported}; pick the nearest of them`);
  }
  return minor;
}

/**
 * A `kubernetesVersion` read from YAML or JSON (cdk8s.yaml, cdk8s context), checked: YAML reads
 * `1.30` as the number 1.3, so a number is refused with the quoting fix instead of being misread.
 */
export function kubernetesVersionFrom(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    throw new Error(`${where} must be a string: YAML and JSON read ${value} as a number (1.30 becomes 1.3); quote it, e.g. "1.${NEWEST_KUBERNETES_MINOR}"`);
  }
  if (typeof value !== 'string') throw new Error(`${where} must be a string such as "1.${NEWEST_KUBERNETES_MINOR}", not ${JSON.stringify(value)}`);
  return value;
}

/** How an option is written in YAML or JSON (cdk8s.yaml properties, cdk8s context). */
export type OptionKind = 'flag' | 'text' | 'list' | 'rules' | 'release' | 'workloads';

/**
 * Every field of `ValidationOptions`, once, with how it is written: the plugin's properties and
 * the cdk8s context keys (`cdk8s-services:<field>`) are derived from it. Typed over every key,
 * so a field added to the options without an entry here does not compile.
 */
export const OPTION_KINDS: { readonly [K in keyof Required<ValidationOptions>]: OptionKind } = {
  strict: 'flag',
  nodePortRange: 'text',
  disabledRules: 'rules',
  allowPublicLoadBalancers: 'flag',
  serviceClusterIpRanges: 'list',
  clusterIpFamilies: 'list',
  kubernetesVersion: 'release',
  customWorkloads: 'workloads',
};

/** The fields of `ClusterOptions` (typed over every key, as OPTION_KINDS). */
const CLUSTER_FIELDS: { readonly [K in keyof Required<ClusterOptions>]: true } = {
  nodePortRange: true, serviceClusterIpRanges: true, clusterIpFamilies: true, kubernetesVersion: true, customWorkloads: true,
};

/**
 * What a model build needs of the options (the custom workloads whose pods it knows), checked:
 * every entry point builds its model with this, so the rules and the simulation see the same pods.
 */
export function modelOptionsOf(o: ClusterOptions): ClusterModelOptions {
  const customWorkloads = customWorkloadsFrom(o.customWorkloads, 'customWorkloads');
  return customWorkloads ? { customWorkloads } : {};
}

/**
 * The cluster fields (`ClusterOptions`) of any options object (`LocalClusterOptions`,
 * `ValidationOptions`): what the rules and the simulation share, unset fields left out.
 */
export function clusterOptionsOf(o: ClusterOptions): ClusterOptions {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(CLUSTER_FIELDS) as Array<keyof ClusterOptions>) if (o[k] !== undefined) out[k] = o[k];
  return out as ClusterOptions;
}

/** Resolves options into the settings rules read; throws an Error a person can read for a malformed one. */
export function resolveSettings(options: ValidationOptions = {}): RuleSettings {
  customWorkloadsFrom(options.customWorkloads, 'customWorkloads'); // a malformed declaration is refused as any bad option is
  return {
    nodePortRange: parseNodePortRange(options.nodePortRange ?? '30000-32767'),
    serviceClusterIpRanges: checkServiceRanges(options.serviceClusterIpRanges ?? []),
    ipFamilies: checkIpFamilies(options.clusterIpFamilies ?? ['IPv4']),
    ipFamiliesGiven: options.clusterIpFamilies !== undefined,
    allowPublicLoadBalancers: options.allowPublicLoadBalancers ?? false,
    strict: options.strict ?? false,
    kubernetesVersion: parseKubernetesVersion(options.kubernetesVersion ?? `1.${NEWEST_KUBERNETES_MINOR}`),
  };
}

/**
 * The rules that are on for these options: not disabled, and applied by the chosen Kubernetes
 * release (`since`/`until`). A disabled rule without a reason is refused.
 */
export function activeRules(options: ValidationOptions = {}, rules: Rule[] = ALL_RULES, minor?: number): Rule[] {
  const off = disabledIds(options);
  const release = minor ?? resolveSettings(options).kubernetesVersion;
  return rules.filter((r) => !off.has(r.id) && ruleAppliesTo(r, release));
}

/** Strict mode: a warning counts as an error. The one place this is decided. */
export function effectiveSeverity(severity: Severity, strict: boolean | undefined): Severity {
  return strict && severity === Severity.WARNING ? Severity.ERROR : severity;
}

/**
 * RULES.md §1 step 3: the API server sends its warnings (W1-W5) only when validation passed. A
 * Service it refuses gets its errors and no warning (removed from `hits` in place).
 */
function withoutWarningsOfRefused(hits: Array<{ v: Violation; rule: Rule }>): void {
  // (Hints, like warnings, are not sent for a refused object.)
  const refused = new Set<object>();
  for (const h of hits) {
    if (h.rule.category === RuleCategory.API_SERVER && (h.v.severity ?? h.rule.severity) === Severity.ERROR) refused.add(h.v.object);
  }
  if (refused.size === 0) return;
  let kept = 0;
  for (const h of hits) {
    const apiWarning = h.rule.category === RuleCategory.API_SERVER && (h.v.severity ?? h.rule.severity) !== Severity.ERROR;
    if (!(apiWarning && refused.has(h.v.object))) hits[kept++] = h;
  }
  hits.length = kept;
}

/**
 * Runs the rules over the model. Warnings become errors when `strict` is set (hints never do).
 * Findings come out in a stable order: by object (order of appearance), then rule order. A
 * finding the blamed object's ignore annotation suppresses is left out (`checkModelReport` lists it).
 */
export function checkModel(model: ClusterModel, options: ValidationOptions = {}, rules?: Rule[]): Finding[] {
  return checkModelReport(model, options, rules).findings;
}

/** `checkModel`, with the findings ignore annotations suppress (each with the annotation's reason). */
export function checkModelReport(model: ClusterModel, options: ValidationOptions = {}, rules?: Rule[]): CheckResult {
  const ctx: RuleContext = { model, settings: resolveSettings(options) };
  const active = activeRules(options, rules, ctx.settings.kubernetesVersion);
  // Performance (issue 3 budget): one pass over the Services runs every per-Service rule and
  // keeps only non-empty results (no per-rule array of every Service's result); the sort below
  // restores the order (object order, then rule order; stable, so as before).
  const hits: Array<{ v: Violation; rule: Rule; ruleIndex: number }> = [];
  // Parallel arrays, indexed loops: this inner loop runs (Services x rules) times per synth.
  const serviceRules: Rule[] = [];
  const serviceRuleIndexes: number[] = [];
  active.forEach((rule, ruleIndex) => {
    if (rule.checkModel) {
      for (const v of rule.checkModel(ctx)) hits.push({ v, rule, ruleIndex });
    } else {
      serviceRules.push(rule);
      serviceRuleIndexes.push(ruleIndex);
    }
  });
  // This pass runs every validation rule: it records each Service's first error, which the
  // allocation rules and the simulation read (refusal.ts), so they do not run the rules again.
  const validating = sharedValidationRules(serviceRules, ctx);
  const services = model.services;
  for (let s = 0; s < services.length; s++) {
    const svc = services[s];
    let refusal: ValidationError | undefined;
    for (let r = 0; r < serviceRules.length; r++) {
      const rule = serviceRules[r];
      const violations = rule.checkService!(svc, ctx);
      for (let i = 0; i < violations.length; i++) {
        const v = violations[i];
        hits.push({ v, rule, ruleIndex: serviceRuleIndexes[r] });
        if (refusal === undefined && validating?.[r] && (v.severity ?? rule.severity) === Severity.ERROR) refusal = { rule, violation: v };
      }
    }
    if (validating) recordValidationError(svc, ctx, refusal);
  }
  if (hits.length === 0) return { findings: [], suppressed: [] };
  withoutWarningsOfRefused(hits);
  const order = new Map(model.objects.map((o, i) => [o.ref, i] as const));
  const out: Array<Finding & { _o: number; _r: number; _why?: string }> = [];
  for (const { v, rule, ruleIndex } of hits) {
    const severity = effectiveSeverity(v.severity ?? rule.severity, options.strict);
    // The annotation of the object the violation blames (its own object, even when two share a name).
    const why = UNSUPPRESSIBLE.includes(rule.id) ? undefined : suppressionReason(v.object, rule.id, findRule);
    out.push({
      rule: rule.id,
      ruleName: rule.name,
      category: rule.category,
      severity,
      objectRef: v.object.ref,
      field: v.field,
      value: renderValue(v.value),
      message: v.message,
      fix: v.fix,
      file: v.object.source.file,
      line: v.object.source.line,
      fieldLine: fieldLine(v.object.raw, v.field),
      constructPath: v.object.source.constructPath,
      _o: order.get(v.object.ref) ?? Number.MAX_SAFE_INTEGER,
      _r: ruleIndex,
      _why: why,
    });
  }
  out.sort((a, b) => a._o - b._o || a._r - b._r);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const { _o, _r, _why, ...f } of out) {
    if (_why === undefined) findings.push(f);
    else suppressed.push({ ...f, reason: _why });
  }
  return { findings, suppressed };
}
