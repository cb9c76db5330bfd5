// `cdk8s-services verify`: load manifests, run the one engine, simulate, print.
// No rule logic here: the CLI only loads, calls the engine and prints.
import { CliIo, Command, ExitCode, parseArgs, UsageError } from './args';
import { checkClusterOptions, CLUSTER_ARG_SPECS, CLUSTER_ARGS_USAGE, clusterOptionsFromArgs } from './cluster-args';
import { countProblems, formatJson, formatText, VerifyReport } from './format';
import { formatGithub } from './report/github';
import { formatJunit } from './report/junit';
import { formatMarkdown } from './report/markdown';
import { formatSarif } from './report/sarif';
import { escapeControls } from '../harness/names';
import { ClusterModel } from '../model/cluster-model';
import { Finding, SuppressedFinding } from '../model/findings';
import { metadataProblem } from '../model/input';
import { loadManifestFiles, nothingToCheck } from '../model/load';
import { notAResource } from '../model/resource';
import {
  activeRules, checkModelReport, clusterOptionsOf, DisabledRule, disabledIds, effectiveSeverity, modelOptionsOf, resolveSettings,
  splitSuppressedFindings,
  ValidationOptions,
} from '../rules/engine';
import { Rule } from '../rules/rule';
import { simulationReport } from '../simulation/report';

export const VERIFY_USAGE = `Usage: cdk8s-services verify <file|dir>... [options]

Checks Kubernetes manifests (YAML or JSON; multi-document; cdk8s, helm template or kubectl
output) with the rules a 1.27 API server applies to a Service on create, plus cross-object
and security rules, then simulates the Services in-process. Directories are read
recursively for .yaml, .yml and .json files (hidden entries, node_modules, kustomization
files and files without apiVersion or kind skipped, each named on stderr; so are the files
of a directory whose kustomization patches, labels, renames or moves them: verify what
\`kubectl kustomize DIR\` builds instead);
\`-\` reads standard input, e.g. \`helm template . | cdk8s-services verify -\`.

Options:
  --format text|json|sarif|junit|github|markdown
                                 output format (default: text):
                                   text      findings by object, the simulation, a summary
                                   json      {"findings":[{rule,ruleName,category,severity,
                                             file,object,field,value,message,fix,line,
                                             fieldLine}],"suppressed":[{...,reason}],
                                             "errors":[{file,line,message}]}
                                   sarif     SARIF 2.1.0 (GitHub code scanning)
                                   junit     JUnit XML: a test suite per Service, a test
                                             case per rule family; errors fail it
                                   github    GitHub Actions annotations (::error file=,line=)
                                   markdown  a pull-request comment: a Mermaid diagram of
                                             Services, workloads and ports, and the findings
  --strict                       treat warnings as errors (hints stay hints)
${CLUSTER_ARGS_USAGE}  --allow-public-load-balancers  LoadBalancers open to the internet are intended
  --disable RULE=REASON          turn a rule off (its id or name), saying why; repeatable
  --no-simulate                  skip the simulated cluster (endpoints, DNS, routing)
  -h, --help                     show this help

One finding on one object is suppressed by the object's annotation
cdk8s-services.io/ignore: "RULE: reason" (several separated by ";"): it is listed as
suppressed, never counted as an error or warning.

Limits (docs/limits.md): 16 MiB per file and 32 MiB per run, 100,000 documents per file,
256 levels of nesting, YAML aliases bounded as kubectl's decoder bounds them; each is an input
error. The simulation runs at most 5,000 pods per workload and 100,000 in all (finding P2).

Exit status: 0 no errors (warnings and hints allowed unless --strict, which makes warnings
errors); 1 an error finding or input that could not be read; 2 a usage error; 3 an internal error.
`;

/** Output formats of `verify`. */
export type VerifyFormat = 'text' | 'json' | 'sarif' | 'junit' | 'github' | 'markdown';

/** What prints each format, all from the one VerifyReport. */
const FORMATTERS: Record<VerifyFormat, (report: VerifyReport) => string> = {
  text: formatText, json: formatJson, sarif: formatSarif, junit: formatJunit, github: formatGithub, markdown: formatMarkdown,
};

/** A parsed `verify` command line. */
export interface VerifyArgs {
  help: boolean;
  paths: string[];
  format: VerifyFormat;
  validation: ValidationOptions;
  simulate: boolean;
}

/** Reads the `verify` arguments; throws a UsageError for anything malformed. */
export function parseVerifyArgs(args: string[]): VerifyArgs {
  const { options, positionals } = parseArgs(args, {
    'format': { type: 'string' },
    'strict': { type: 'boolean' },
    ...CLUSTER_ARG_SPECS,
    'allow-public-load-balancers': { type: 'boolean' },
    'disable': { type: 'string', multiple: true },
    'no-simulate': { type: 'boolean' },
    'help': { type: 'boolean' },
  });
  const help = options.help === true;
  const format = (options.format as string | undefined) ?? 'text';
  if (!Object.prototype.hasOwnProperty.call(FORMATTERS, format)) throw new UsageError(`--format must be one of ${Object.keys(FORMATTERS).join(', ')} (got "${format}")`);
  if (!help && positionals.length === 0) throw new UsageError('no manifests given: name at least one file or directory, e.g. `cdk8s-services verify dist/`');

  const disabled: DisabledRule[] = (options.disable as string[]).map((d) => {
    const eq = d.indexOf('=');
    const id = (eq >= 0 ? d.slice(0, eq) : d).trim();
    const reason = eq >= 0 ? d.slice(eq + 1).trim() : '';
    if (!id || !reason) throw new UsageError(`--disable needs a rule (id or name) and a reason, as RULE=REASON, e.g. --disable 'X3=the workload is in another repository' (got "${d}")`);
    return { id, reason };
  });
  const validation: ValidationOptions = {
    ...clusterOptionsFromArgs(options),
    strict: options.strict === true,
    allowPublicLoadBalancers: options['allow-public-load-balancers'] === true,
    disabledRules: disabled.length > 0 ? disabled : undefined,
  };
  return { help, paths: positionals, format: format as VerifyFormat, validation, simulate: options['no-simulate'] !== true };
}

/** Runs a parsed `verify`: prints the report and returns the exit code. `rules` is for tests. */
export function runVerify(args: VerifyArgs, io: CliIo, rules?: Rule[]): number {
  if (args.help) {
    io.out(VERIFY_USAGE);
    return ExitCode.OK;
  }
  // Option values the engine refuses (a bad range, an unknown rule id) are usage errors.
  checkClusterOptions(() => {
    resolveSettings(args.validation);
    activeRules(args.validation, rules);
  });

  const loaded = loadManifestFiles(args.paths);
  // Objects that are not cluster resources (a kubeconfig `kind: Config`) are input errors, as the harness refuses them.
  loaded.objects = loaded.objects.filter(({ object, source }) => {
    const reason = notAResource(object);
    if (reason === undefined) return true;
    loaded.errors.push({
      file: source?.file ?? '<input>',
      line: source?.line,
      message: `${reason}; remove it from the input: verify checks cluster resources only`,
    });
    return false;
  });
  // An object other than a Service whose metadata cannot be decoded (a number as its name) is
  // never created: an input error, and out of the model (a Service gets rule T1 instead).
  loaded.objects = loaded.objects.filter(({ object, source }) => {
    const problem = object?.kind === 'Service' && object?.apiVersion === 'v1' ? undefined : metadataProblem(object);
    if (problem === undefined) return true;
    loaded.errors.push({ file: source?.file ?? '<input>', line: source?.line, message: `${object.kind} ${problem}` });
    return false;
  });
  loaded.errors.push(...nothingToCheck(loaded));
  // What a directory walk did not read, one line each on stderr (issue 14); stdout stays the report.
  for (const s of loaded.skipped) io.err(`skipped ${escapeControls(s.file)}: ${s.reason}\n`);
  const model = ClusterModel.fromSourced(loaded.objects, modelOptionsOf(args.validation));
  const { findings, suppressed } = checkModelReport(model, args.validation, rules);
  let simulationText = '';
  if (args.simulate) {
    let sim: ReturnType<typeof simulationReport>;
    try {
      // The simulation sees the cluster the rules saw: every cluster option (ClusterOptions).
      sim = simulationReport(model, clusterOptionsOf(args.validation), findings);
    } catch (err: any) {
      const failure = new Error(`the simulation failed (${String(err?.message ?? err).split('\n')[0]}); --no-simulate skips it`);
      failure.stack = `${failure.message}\ncaused by: ${err?.stack ?? err}`;
      throw failure;
    }
    // Only the text format prints the routing table: the others do not render it.
    if (args.format === 'text') simulationText = sim.text;
    // --strict and --disable apply to the simulation's findings as checkModel applies them to the rules'.
    const off = disabledIds(args.validation);
    const strict = (f: Finding): Finding => ({ ...f, severity: effectiveSeverity(f.severity, args.validation.strict) });
    // And so do the objects' ignore annotations (the simulation applies them already; a second pass is a no-op).
    const own = splitSuppressedFindings(sim.findings.filter((f) => !off.has(f.rule)).map(strict), model.objects);
    findings.push(...own.findings);
    const simSuppressed = (sim.suppressed ?? []).filter((f) => !off.has(f.rule));
    const strictSuppressed = (f: SuppressedFinding): SuppressedFinding => ({ ...f, severity: effectiveSeverity(f.severity, args.validation.strict) });
    suppressed.push(...own.suppressed, ...simSuppressed.map(strictSuppressed));
  }
  const report: VerifyReport = {
    findings,
    suppressed,
    loadErrors: loaded.errors,
    files: loaded.files,
    objectCount: loaded.objects.length,
    simulationText,
    model,
  };
  io.out(FORMATTERS[args.format](report));
  return countProblems(report).errors > 0 ? ExitCode.FAILED : ExitCode.OK;
}

/** The `verify` entry of the command table. */
export const VERIFY_COMMAND: Command = {
  name: 'verify',
  summary: 'check manifests (files or directories) with the API-server, cross-object and security rules',
  usage: VERIFY_USAGE,
  run: (args, io) => runVerify(parseVerifyArgs(args), io),
};
