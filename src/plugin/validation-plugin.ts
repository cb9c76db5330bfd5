// The cdk8s CLI validation plugin: the same rules as the constructs and `cdk8s-services verify`,
// run by `cdk8s synth` over the synthesized manifests (cdk8s.yaml `validations:`).
// The CLI loads `new ServicesValidationPlugin(properties)` and awaits `validate(context)`; the context
// types below mirror cdk8s-cli's `src/plugins/validation.ts` structurally, so this package does
// not depend on cdk8s-cli.
import * as fs from 'fs';
import * as path from 'path';
import { ClusterModel, customWorkloadsFrom, SourcedObject } from '../model/cluster-model';
import { Finding, Severity } from '../model/findings';
import { at } from '../model/json';
import { loadManifestFiles } from '../model/load';
import { asText, closeMatches } from '../model/text';
import { checkModel, checkModelReport, findRule, kubernetesVersionFrom, modelOptionsOf, OPTION_KINDS, ValidationOptions } from '../rules/engine';
import { relativeFile, ruleDocUrl, ruleOf, ruleTitle } from '../rules/metadata';

/**
 * A resource named in a violation (cdk8s-cli `ValidationViolatingResource`).
 */
export interface ValidationPluginResource {
  /** The resource's `metadata.name` (cdk8s maps it to a construct path). */
  readonly resourceName: string;
  /** The field paths that break the rule, e.g. `spec.ports[0].targetPort`. */
  readonly locations: string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/**
 * A violation added to the cdk8s validation report (cdk8s-cli `ValidationViolation`).
 */
export interface ValidationPluginViolation {
  /** The rule id, name, level and what it checks, e.g. `X3 named-target-port-undeclared (error): A named targetPort ...`. */
  readonly ruleName: string;
  /** What is wrong: object, field, value and why. */
  readonly recommendation: string;
  /** What to write instead, then the rule's section of docs/rules.md in parentheses. */
  readonly fix: string;
  /** The resources that break the rule. */
  readonly violatingResources: ValidationPluginResource[];
}

/**
 * The report a validation plugin fills (cdk8s-cli `ValidationReport`).
 */
export interface IValidationPluginReport {
  /** Adds a violation to the report. */
  addViolation(violation: ValidationPluginViolation): void;
  /**
   * Submits the report: `success` or `failure`, with summary metadata.
   * @param status `success` or `failure`
   * @param metadata extra lines for the report summary
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * The logger cdk8s gives a validation plugin (cdk8s-cli `ValidationLogger`).
 */
export interface IValidationPluginLogger {
  /** Logs a message. */
  log(message: string): void;
}

/**
 * What cdk8s passes to `validate` (cdk8s-cli `ValidationContext`).
 */
export interface IValidationPluginContext {
  /** The synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill and submit. */
  readonly report: IValidationPluginReport;
  /** The logger to use instead of `console.log`. */
  readonly logger: IValidationPluginLogger;
}

/**
 * Properties of the plugin: `properties:` of the validation entry in cdk8s.yaml. They are the
 * validation options (`ValidationOptions`), field for field; YAML reads `1.30` as a number, so
 * quote `kubernetesVersion` (`"1.33"`).
 */
export interface ServicesValidationPluginProps extends ValidationOptions {}

/** The cdk8s-cli report statuses (plain strings: plugins must not import the CLI at runtime). */
const SUCCESS = 'success';
const FAILURE = 'failure';

/**
 * A cdk8s CLI validation plugin that checks Services with every rule of cdk8s-services:
 * API-server rules, cross-object rules (selectors, ports, nodePorts, StatefulSets) and
 * security rules. Errors fail `cdk8s synth`; warnings are listed in the report and fail it
 * only with `strict: true`; hints (info) are only counted (`hints` in the summary), as they are not
 * printed at synth either (`verify` lists them). A finding the object's
 * `cdk8s-services.io/ignore` annotation suppresses is only counted (`suppressed` in the summary).
 *
 * In cdk8s.yaml:
 * ```yaml
 * validations:
 *   - package: cdk8s-services
 *     version: 1.0.0
 *     class: ServicesValidationPlugin
 *     properties:
 *       strict: true
 * ```
 */
export class ServicesValidationPlugin {
  private readonly props: ServicesValidationPluginProps;

  /**
   * @param props what cdk8s.yaml gives as `properties`
   */
  constructor(props: ServicesValidationPluginProps = {}) {
    this.props = props ?? {};
  }

  /**
   * Reads the manifests, runs the rules, adds one violation per finding (and per file
   * that cannot be read) and submits `failure` when there is an error, else `success`.
   */
  public async validate(context: IValidationPluginContext): Promise<void> {
    const report = context.report;
    let options: ValidationOptions;
    try {
      options = optionsFrom(this.props);
    } catch (err: any) {
      configurationFailure(report, err);
      return;
    }

    if (context.manifests !== undefined && !Array.isArray(context.manifests)) {
      // The cdk8s CLI passes a list; anything else (a string would be walked as a folder) is refused.
      report.addViolation({
        ruleName: 'cdk8s-services: no manifest list',
        recommendation: `the validation context gave manifests as ${JSON.stringify(context.manifests)}, not as a list of files`,
        fix: 'run the plugin through `cdk8s synth` (it passes the list of synthesized files), or pass context.manifests as a list of file paths',
        violatingResources: [],
      });
      report.submit(FAILURE, { error: 'no manifest list' });
      return;
    }
    const manifests = [...(context.manifests ?? [])];
    const loaded = loadManifestFiles(manifests);
    for (const e of loaded.errors) {
      report.addViolation({
        ruleName: 'cdk8s-services: unreadable manifest',
        recommendation: `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`,
        fix: 'fix the file so it holds Kubernetes objects (YAML or JSON), or remove it from the output directory',
        violatingResources: [{ resourceName: path.basename(e.file), locations: [], manifestPath: e.file }],
      });
    }

    let findings: Finding[];
    let suppressed: number;
    try {
      const result = checkModelReport(ClusterModel.fromSourced(withConstructPaths(loaded.objects, manifests), modelOptionsOf(options)), options);
      findings = result.findings;
      suppressed = result.suppressed.length;
    } catch (err: any) {
      // Only configuration problems throw (e.g. a disabled rule without a reason).
      configurationFailure(report, err);
      return;
    }

    // Hints are counted, not added: cdk8s prints every violation at each synth (docs/severity.md).
    for (const f of findings) if (f.severity !== Severity.INFO) report.addViolation(toViolation(f));
    const errors = findings.filter((f) => f.severity === Severity.ERROR).length;
    const warnings = findings.filter((f) => f.severity === Severity.WARNING).length;
    const hints = findings.filter((f) => f.severity === Severity.INFO).length;
    const failed = errors > 0 || loaded.errors.length > 0;
    report.submit(failed ? FAILURE : SUCCESS, {
      errors: String(errors),
      warnings: String(warnings),
      hints: String(hints),
      suppressed: String(suppressed),
      objects: String(loaded.objects.length),
      strict: String(!!options.strict),
    });
  }
}

/** Reports properties the plugin cannot use as one violation and submits `failure`. */
function configurationFailure(report: IValidationPluginReport, err: any): void {
  report.addViolation({
    ruleName: 'cdk8s-services configuration',
    recommendation: String(err?.message ?? err),
    fix: 'correct `properties` of the cdk8s-services entry under `validations` in cdk8s.yaml',
    violatingResources: [],
  });
  report.submit(FAILURE, { error: 'invalid properties' });
}

/** ` (construct path)` or ` (file:line)` of a finding, the file as `verify` names it; '' when neither is known. */
function where(f: Finding): string {
  if (f.constructPath) return ` (${f.constructPath})`;
  const line = f.fieldLine ?? f.line;
  if (f.file) return ` (${relativeFile(f.file)}${line ? `:${line}` : ''})`;
  return '';
}

/**
 * One finding as a cdk8s report violation, with what `verify --format sarif|github|junit` say
 * of it: the rule's id, name and summary from the registry, the file and field line, and the
 * fix followed by the rule's section of docs/rules.md.
 */
function toViolation(f: Finding): ValidationPluginViolation {
  const name = f.objectRef.split('/').slice(2).join('/');
  const value = f.value === undefined ? '' : ` = ${f.value}`;
  const level = f.severity === Severity.WARNING ? 'warning' : f.severity === Severity.INFO ? 'info' : 'error';
  const rule = findRule(f.rule);
  return {
    ruleName: `${ruleTitle(f)} (${level}): ${rule ? rule.summary.replace(/\.$/, '') : f.category}`,
    // Where: the construct path when recorded, else file:line (two objects of one name in one file differ by line).
    recommendation: `${f.objectRef}${where(f)} ${f.field}${value}: ${f.message}`,
    fix: `${f.fix} (${ruleDocUrl(ruleOf(f))})`,
    violatingResources: [{ resourceName: name, locations: [f.field], manifestPath: f.file ?? '' }],
  };
}

/** Checks the properties read from cdk8s.yaml (YAML gives any shape) and turns them into options. */
function optionsFrom(p: ServicesValidationPluginProps): ValidationOptions {
  if (typeof p !== 'object' || Array.isArray(p)) throw new Error('properties must be a mapping, e.g. { strict: true }');
  // The properties are the options: names and kinds from the one table (OPTION_KINDS).
  const known = Object.keys(OPTION_KINDS) as Array<keyof ValidationOptions>;
  for (const k of Object.keys(p)) {
    if ((known as string[]).includes(k)) continue;
    const near = closeMatches(k, known);
    throw new Error(`unknown property "${k}"${near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ''}; the properties are ${known.join(', ')}`);
  }
  for (const k of known) {
    const v: unknown = p[k];
    if (v === undefined) continue;
    switch (OPTION_KINDS[k]) {
      case 'flag':
        if (typeof v !== 'boolean') throw new Error(`property ${k} must be true or false, not ${JSON.stringify(v)}`);
        break;
      case 'text':
        if (typeof v !== 'string') throw new Error(`property ${k} must be a string "min-max", e.g. "30000-32767", not ${JSON.stringify(v)}`);
        break;
      case 'release':
        kubernetesVersionFrom(v, `property ${k}`);
        break;
      case 'workloads':
        customWorkloadsFrom(v, `property ${k}`);
        break;
      case 'list':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`property ${k} must be a list of strings`);
        break;
      case 'rules':
        if (!Array.isArray(v) || v.some((d) => !d || typeof d !== 'object' || typeof d.id !== 'string')) {
          throw new Error(`property ${k} must be a list of { id, reason }, e.g. [{ id: X2, reason: "canary on purpose" }]`);
        }
        break;
    }
  }
  const options: ValidationOptions = { ...p };
  // Resolve now, so a bad range or a reason-less disabled rule is reported as configuration.
  checkModel(ClusterModel.fromObjects([]), options);
  return options;
}

/**
 * Adds construct paths from the `construct-metadata.json` cdk8s writes next to the manifests
 * (`CDK8S_RECORD_CONSTRUCT_METADATA`, keyed by `metadata.name`); ambiguous names are left out.
 */
function withConstructPaths(objects: SourcedObject[], manifests: string[]): SourcedObject[] {
  const paths = new Map<string, string | null>();
  for (const dir of new Set(manifests.map((m) => path.dirname(m)))) {
    const file = path.join(dir, 'construct-metadata.json');
    let resources: any;
    try {
      resources = JSON.parse(fs.readFileSync(file, 'utf8'))?.resources;
    } catch {
      continue; // not recorded: findings name the file and line instead
    }
    if (!resources || typeof resources !== 'object') continue;
    for (const [name, v] of Object.entries<any>(resources)) {
      if (typeof v?.path !== 'string') continue;
      paths.set(name, paths.has(name) && paths.get(name) !== v.path ? null : v.path);
    }
  }
  if (paths.size === 0) return objects;
  // cdk8s keys the file by name only, so a name two objects share cannot be attributed.
  const count = new Map<string, number>();
  const nameOf = (o: SourcedObject) => asText(at(o.object, 'metadata', 'name') ?? '');
  for (const o of objects) count.set(nameOf(o), (count.get(nameOf(o)) ?? 0) + 1);
  return objects.map((o) => {
    const name = nameOf(o);
    const constructPath = name !== '' && count.get(name) === 1 ? paths.get(name) : undefined;
    return constructPath ? { object: o.object, source: { ...o.source, constructPath } } : o;
  });
}
