// The validation state of one app (DESIGN.md "What validate at synth time covers").
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
import { optionsOf } from './context';
import { checkErrorMessage, constructFinding, renderErrorMessage, withoutUndecidable } from './messages';
import { cachedJson, withJsonCache } from './render';
import { ClusterModel, SourcedObject } from '../model/cluster-model';
import { Finding, formatFinding, Severity, SuppressedFinding } from '../model/findings';
import { JsonMap } from '../model/json';
import { ConstructViolation } from '../rules/construct';
import { checkModelReport, disabledIds, modelOptionsOf, splitSuppressedFindings, ValidationOptions } from '../rules/engine';

/** A construct-level check: the ApiObject it blames and a function that reports violations. */
interface ConstructCheck {
  owner: ApiObject;
  check: () => ConstructViolation[];
}

/** The outcome of one validation run. */
export interface RunResult {
  findings: Finding[];
  /** Findings an ignore annotation suppresses (`ServiceBase.ignoreRule` writes it). */
  suppressed: SuppressedFinding[];
  /** Messages not tied to an object (bad options, a model-level finding without an owner). */
  rootMessages: string[];
}

/** Per-app validation state, kept on the app's root node. */
export class AppValidation {
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
  public shared?: Map<ApiObject, JsonMap>;

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

  /** Runs every check; `live` distributes messages, prints warnings and, inside App.synth, keeps the JSON for our own Services. */
  public run(live: boolean): RunResult {
    const rootMessages: string[] = [];
    const objects = this.root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    const sourced: SourcedObject[] = [];
    const json = new Map<ApiObject, JsonMap>();
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
      options = optionsOf(this.root, this.options);
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
export function sharedSynthJson(obj: ApiObject): JsonMap | undefined {
  const state = STATES.get(obj.node.root);
  return state?.inAppSynth ? state.shared?.get(obj) : undefined;
}

/** Registers a construct-level check (rules/construct.ts) blamed on `owner`. @internal */
export function registerConstructCheck(owner: ApiObject, check: () => ConstructViolation[]): void {
  appValidation(owner).checks.push({ owner, check });
}
