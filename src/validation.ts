// Synth-time validation of a whole cdk8s app (DESIGN.md "What validate at synth time covers").
//
// The first service construct of an App registers ONE validation on the App's root node. cdk8s
// validates in preorder, so it runs first: it builds one ClusterModel from every ApiObject of the
// app, runs the rule engine once, and hands each blamed ApiObject its error messages through a
// validation registered on that object. cdk8s then prints every error of the app together, each
// with its construct path, and throws once. Nothing here throws for a user's mistake.
//
// Performance: App.synth (and synthYaml) calls validate() once for the app and once more per
// chart; those calls reuse the first run. To know which calls belong to one synth, the app's
// public synth()/synthYaml() are wrapped on the instance: the wrapper only marks the span of the
// call and calls the method it found (it reads nothing of cdk8s, and a cdk8s that validated once
// would only make the reuse unnecessary). Our own Services (ServiceResource) take the JSON the
// run computed for them for their toJson in the same synth. Objects of other libraries are not
// touched: cdk8s renders them itself (no toJson override, no private field read; issue 14).
// Outside App.synth (chart.toJson, Testing.synth) nothing is shared and no callback is left
// behind that would keep the app alive.
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterModel, customWorkloadsFrom, SourcedObject, WORKLOAD_KINDS } from './model/cluster-model';
import { Finding, formatFinding, renderValue, Severity, SuppressedFinding } from './model/findings';
import { asText } from './model/text';
import { ConstructViolation } from './rules/construct';
import { selectorMatchesNothing } from './rules/cross-object';
import {
  checkModelReport, disabledIds, DisabledRule, effectiveSeverity, kubernetesVersionFrom, modelOptionsOf, OPTION_KINDS, splitSuppressedFindings,
  ValidationOptions,
} from './rules/engine';

/** The context key of an option (`cdk8s.yaml` context or `app.node.setContext`): `cdk8s-services:<field>`. */
function contextKey(field: string): string {
  return `cdk8s-services:${field}`;
}

/** Context key of the cluster's DNS domain (`ServiceBase.CLUSTER_DOMAIN_CONTEXT`). */
export const CLUSTER_DOMAIN_CONTEXT = 'cdk8s-services:clusterDomain';

/**
 * The cluster's DNS domain for the constructs under `scope`: the context key
 * `cdk8s-services:clusterDomain`, without a trailing dot, or `cluster.local`.
 */
export function clusterDomainOf(scope: IConstruct): string {
  const v: unknown = scope.node.tryGetContext(CLUSTER_DOMAIN_CONTEXT);
  const d = typeof v === 'string' ? v.trim().replace(/\.$/, '') : '';
  return d === '' ? 'cluster.local' : d;
}

/** A construct-level check: the ApiObject it blames and a function that reports violations. */
interface ConstructCheck {
  owner: ApiObject;
  check: () => ConstructViolation[];
}

/** The outcome of one validation run. */
interface RunResult {
  findings: Finding[];
  /** Findings an ignore annotation suppresses (`ServiceBase.ignoreRule` writes it). */
  suppressed: SuppressedFinding[];
  /** Messages not tied to an object (bad options, a model-level finding without an owner). */
  rootMessages: string[];
}

/** Per-app validation state, kept on the app's root node. */
class AppValidation {
  public options: ValidationOptions = {};
  public readonly checks: ConstructCheck[] = [];
  /** Error messages per ApiObject from the current run. */
  public objectErrors = new Map<IConstruct, string[]>();
  /** Objects that already carry our per-object validation. */
  public readonly attached = new WeakSet<IConstruct>();
  /** True while App.synth runs: its repeated validate() calls reuse the first run. */
  public inAppSynth = false;
  public appSynthResult?: RunResult;
  /** The JSON of the passing run of the current App.synth, for our own Services' toJson (sharedSynthJson). */
  public shared?: Map<ApiObject, any>;

  constructor(public readonly root: IConstruct) {
    root.node.addValidation({ validate: () => this.validateRoot() });
    this.wrapAppSynth();
  }

  /** The root validation: one model, one engine run, messages handed to each blamed object. */
  public validateRoot(): string[] {
    if (this.inAppSynth && this.appSynthResult) return this.appSynthResult.rootMessages;
    this.shared = undefined;
    const result = this.run(true);
    if (this.inAppSynth) this.appSynthResult = result;
    return result.rootMessages;
  }

  /** Runs every check; `live` distributes messages, prints warnings and shares the JSON with cdk8s. */
  public run(live: boolean): RunResult {
    const rootMessages: string[] = [];
    const objects = this.root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    const sourced: SourcedObject[] = [];
    const json = new Map<ApiObject, any>();
    const renderErrors = new Map<ApiObject, string>();
    withJsonCache(json, () => {
      for (const obj of objects) {
        try {
          const j = cachedJson(obj);
          sourced.push({ object: j, source: { constructPath: obj.node.path } });
        } catch (e) {
          renderErrors.set(obj, renderErrorMessage(e));
        }
      }
    });

    let findings: Finding[] = [];
    let suppressed: SuppressedFinding[] = [];
    let options: ValidationOptions;
    let constructOff = new Set<string>();
    let model: ClusterModel;
    try {
      options = this.resolveOptions();
      constructOff = disabledIds(options);
      model = ClusterModel.fromSourced(sourced, modelOptionsOf(options));
      ({ findings, suppressed } = checkModelReport(model, options));
    } catch (e) {
      // Bad options (a rule off without a reason, a malformed nodePortRange): one clear message.
      rootMessages.push(`cdk8s-services: ${(e as Error).message}`);
      return { findings, suppressed, rootMessages };
    }
    if (renderErrors.size > 0) findings = withoutUndecidable(findings, [...renderErrors.keys()]);
    const constructFindings: Finding[] = [];
    withJsonCache(json, () => {
      for (const c of this.checks) {
        let violations: ConstructViolation[];
        try {
          violations = c.check();
        } catch (e) {
          // Props plain JavaScript got wrong (TypeScript's types prevent it), or a bug of ours:
          // one message on the object, never a stack trace that hides every other error.
          if (!renderErrors.has(c.owner)) renderErrors.set(c.owner, checkErrorMessage(e));
          continue;
        }
        for (const v of violations) {
          if (constructOff.has(v.rule.id)) continue;
          constructFindings.push(constructFinding(c.owner, json.get(c.owner), v, options.strict ?? false));
        }
      }
    });
    // The owner's ignore annotation (ServiceBase.ignoreRule) suppresses construct findings too.
    const split = splitSuppressedFindings(constructFindings, model.objects);
    findings.push(...split.findings);
    suppressed.push(...split.suppressed);

    if (!live) return { findings, suppressed, rootMessages };

    this.objectErrors = new Map();
    const blame = (obj: ApiObject, message: string) => {
      const messages = this.objectErrors.get(obj);
      if (messages) messages.push(message);
      else this.objectErrors.set(obj, [message]);
      if (!this.attached.has(obj)) {
        this.attached.add(obj);
        obj.node.addValidation({ validate: () => this.objectErrors.get(obj) ?? [] });
      }
    };
    for (const [obj, message] of renderErrors) blame(obj, message);
    // Built only when there is something to hand out (a passing synth never needs it).
    const byPath = findings.some((f) => f.severity === Severity.ERROR)
      ? new Map(objects.map((o) => [o.node.path, o] as const))
      : new Map<string, ApiObject>();
    for (const f of findings) {
      // Hints (info) are not printed at synth: ServiceValidation.findings and verify list them.
      if (f.severity === Severity.INFO) continue;
      if (f.severity === Severity.WARNING) {
        console.warn(formatFinding(f));
        continue;
      }
      const obj = f.constructPath !== undefined ? byPath.get(f.constructPath) : undefined;
      if (obj) blame(obj, formatFinding(f, { where: false }));
      else rootMessages.push(formatFinding(f));
    }
    // Shared only inside App.synth, whose wrapper drops it when it returns (a microtask would hold
    // the whole app until the caller's task ends: a loop of synths leaked every app). A failing
    // synth never reaches the toJson calls: shared only when it passes.
    if (this.inAppSynth && rootMessages.length === 0 && this.objectErrors.size === 0) this.shared = json;
    return { findings, suppressed, rootMessages };
  }

  /** Options: context keys, overridden field by field by `ServiceValidation.configure`. */
  private resolveOptions(): ValidationOptions {
    const ctx = (key: string) => this.root.node.tryGetContext(key);
    // Every option, by its kind (OPTION_KINDS: the one list of options).
    const fromContext: Record<string, unknown> = {};
    for (const [field, kind] of Object.entries(OPTION_KINDS)) {
      const v = ctx(contextKey(field));
      switch (kind) {
        case 'flag': fromContext[field] = bool(v); break;
        case 'text': fromContext[field] = v === undefined ? undefined : String(v); break;
        case 'list': fromContext[field] = list(v); break;
        case 'rules': fromContext[field] = disabledList(v); break;
        case 'release': fromContext[field] = kubernetesVersionFrom(v, `context ${contextKey(field)}`); break;
        case 'workloads': fromContext[field] = customWorkloadsFrom(v, `context ${contextKey(field)}`); break;
      }
    }
    const merged: any = { ...fromContext };
    for (const [k, v] of Object.entries(this.options)) if (v !== undefined) merged[k] = v;
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    return merged;
  }

  /** Marks App.synth and App.synthYaml so their repeated validate() calls (app, then each chart) reuse one run. */
  private wrapAppSynth() {
    const app = this.root as any;
    const state = this;
    // synthYaml validates like synth (once for the app, again in each chart's toJson).
    for (const method of ['synth', 'synthYaml']) {
      const original = app[method];
      if (typeof original !== 'function') continue;
      app[method] = function wrappedSynth(this: any, ...args: any[]) {
        state.inAppSynth = true;
        state.appSynthResult = undefined;
        try {
          return original.apply(this, args);
        } finally {
          state.inAppSynth = false;
          state.appSynthResult = undefined;
          state.shared = undefined;
        }
      };
    }
  }
}

const STATES = new WeakMap<IConstruct, AppValidation>();

/** The validation state of the app `scope` belongs to, created (and registered) on first use. @internal */
export function appValidation(scope: IConstruct): AppValidation {
  const root = scope.node.root;
  let state = STATES.get(root);
  if (!state) {
    state = new AppValidation(root);
    STATES.set(root, state);
  }
  return state;
}

/**
 * The JSON the passing validation run of the App.synth in progress computed for `obj`, or
 * undefined (outside App.synth, or no such run): our Services render it instead of rendering
 * again. @internal
 */
export function sharedSynthJson(obj: ApiObject): any {
  const state = STATES.get(obj.node.root);
  return state?.inAppSynth ? state.shared?.get(obj) : undefined;
}

/** Registers a construct-level check (rules/construct.ts) blamed on `owner`. @internal */
export function registerConstructCheck(owner: ApiObject, check: () => ConstructViolation[]): void {
  appValidation(owner).checks.push({ owner, check });
}

/** JSON computed during the current run, shared by the model and lazy selectors. */
let jsonCache: Map<ApiObject, any> | undefined;

/**
 * A token for the validation run in progress (the run's JSON cache), or undefined outside one:
 * what a construct may memoize for the length of one run. @internal
 */
export function currentValidationRun(): object | undefined {
  if (!jsonCache) return undefined;
  let token = runTokens.get(jsonCache);
  if (!token) runTokens.set(jsonCache, (token = {}));
  return token;
}

/** One small token per run's JSON cache: what memoizes per run holds the token, not the app's JSON. */
const runTokens = new WeakMap<Map<ApiObject, any>, object>();

function withJsonCache<T>(cache: Map<ApiObject, any>, fn: () => T): T {
  const previous = jsonCache;
  jsonCache = cache;
  try {
    return fn();
  } finally {
    jsonCache = previous;
  }
}

/**
 * `obj.toJson()`, computed at most once per validation run (Selector.fromApiObject reads a
 * workload's labels while the Service spec is produced). @internal
 */
export function cachedJson(obj: ApiObject): any {
  if (!jsonCache) return obj.toJson();
  let j = jsonCache.get(obj);
  if (j === undefined) {
    j = obj.toJson();
    jsonCache.set(obj, j);
  }
  return j;
}

/**
 * Renders ApiObjects (`toJson`), each once: a Service whose selector is a raw workload reads that
 * workload's JSON from the same pass instead of rendering it again. `LocalCluster.fromApp` uses
 * it. @internal
 */
export function renderObjects<T>(objects: ApiObject[], each: (obj: ApiObject, json: any) => T): T[] {
  return withJsonCache(new Map(), () => objects.map((obj) => each(obj, cachedJson(obj))));
}

/** The message of an object cdk8s cannot render: what failed, and what to do about it. */
function renderErrorMessage(e: unknown): string {
  const message = String((e as Error)?.message ?? e);
  const fix = /non-simple object|constructor/.test(message)
    ? 'give this object plain values only (strings, numbers, booleans, lists and maps; cdk8s cannot render a map with a key named "constructor")'
    : 'correct what the error names in this object\'s props';
  return `cannot be rendered: ${message}. Fix: ${fix}`;
}

/** The message of a construct whose checks failed to run. */
function checkErrorMessage(e: unknown): string {
  const message = String((e as Error)?.message ?? e);
  return `cannot be checked: ${message}. Fix: correct what the error names in this construct's props `
    + '(a value of the wrong type, e.g. a number where a Duration belongs); if it names none, it is a bug in cdk8s-services: please report it with this message';
}

/**
 * X1 says a selector matches no pod template; a workload that could not be rendered is missing
 * from the model, so for Services in its namespace that cannot be decided: only its render
 * error is reported there.
 */
function withoutUndecidable(findings: Finding[], unrendered: ApiObject[]): Finding[] {
  const namespaces = new Set(unrendered
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .map((o) => o.metadata.namespace || 'default'));
  if (namespaces.size === 0) return findings;
  return findings.filter((f) => !(f.rule === selectorMatchesNothing.id && namespaces.has(f.objectRef.split('/')[1])));
}

function constructFinding(owner: ApiObject, json: any, v: ConstructViolation, strict: boolean): Finding {
  const md = json?.metadata ?? {};
  const ns = md.namespace || 'default';
  const severity = effectiveSeverity(v.rule.severity, strict);
  return {
    rule: v.rule.id,
    ruleName: v.rule.name,
    category: v.rule.category,
    severity,
    objectRef: `${owner.kind}/${ns}/${md.name ?? owner.name}`,
    field: v.field,
    value: renderValue(v.value),
    message: v.message,
    fix: v.fix,
    constructPath: owner.node.path,
  };
}


function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
  return Boolean(v);
}

function list(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(asText);
  return asText(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function disabledList(v: unknown): DisabledRule[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v : [v];
  return items.map((d: any) => (typeof d === 'string' ? { id: d, reason: '' } : { id: asText(d?.id), reason: asText(d?.reason) }));
}

/**
 * Settings of the synth-time validation of an app. The same settings can be given as cdk8s
 * context: `cdk8s-services:strict`, `cdk8s-services:nodePortRange`,
 * `cdk8s-services:serviceClusterIpRanges`, `cdk8s-services:clusterIpFamilies`,
 * `cdk8s-services:disabledRules` (a list of `{ id, reason }`),
 * `cdk8s-services:allowPublicLoadBalancers` and `cdk8s-services:kubernetesVersion` (`"1.33"`); options given to `configure` win.
 */
export class ServiceValidation {
  /**
   * Sets the validation options of the app `scope` belongs to (and turns validation on for
   * apps that contain no service construct of this library).
   */
  public static configure(scope: IConstruct, options: ValidationOptions): void {
    const state = appValidation(scope);
    state.options = { ...state.options, ...options };
  }

  /**
   * Runs every check over the app `scope` belongs to, now, and returns every finding
   * (errors, warnings and hints) without failing; findings an ignore annotation suppresses are
   * left out. Bad options are thrown as an Error.
   */
  public static findings(scope: IConstruct): Finding[] {
    const result = appValidation(scope).run(false);
    if (result.rootMessages.length > 0) throw new Error(result.rootMessages.join('\n'));
    return result.findings;
  }

  /**
   * Runs every check over the app `scope` belongs to, now, and returns the findings that
   * `cdk8s-services.io/ignore` annotations (`ServiceBase.ignoreRule`) suppress, each with its
   * reason. Bad options are thrown as an Error.
   */
  public static suppressedFindings(scope: IConstruct): SuppressedFinding[] {
    const result = appValidation(scope).run(false);
    if (result.rootMessages.length > 0) throw new Error(result.rootMessages.join('\n'));
    return result.suppressed;
  }

  private constructor() {}
}
