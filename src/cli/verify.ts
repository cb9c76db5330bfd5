// `cdk8s-services verify`: load manifests, run the one engine, simulate, print.
// No rule logic here: the CLI only loads, calls the engine and prints.
import { IpFamily } from '../enums';
import { CliIo, Command, ExitCode, parseArgs, UsageError } from './args';
import { countProblems, formatJson, formatText, VerifyReport } from './format';
import { formatGithub } from './report/github';
import { formatJunit } from './report/junit';
import { formatMarkdown } from './report/markdown';
import { formatSarif } from './report/sarif';
import { escapeControls } from '../harness/emit/names';
import { simulationReport } from '../harness/report';
import { ClusterModel } from '../model/cluster-model';
import { Finding, SuppressedFinding } from '../model/findings';
import { loadManifestFiles, nothingToCheck } from '../model/load';
import { notAResource } from '../model/resource';
import {
  activeRules, checkModelReport, clusterOptionsOf, DisabledRule, disabledIds, effectiveSeverity, modelOptionsOf, resolveSettings,
  splitSuppressedFindings,
  ValidationOptions,
} from '../rules/engine';
import { CustomWorkload } from '../rules/options';
import { Rule } from '../rules/rule';

export const VERIFY_USAGE = `Usage: cdk8s-services verify <file|dir>... [options]

Checks Kubernetes manifests (YAML or JSON; multi-document; cdk8s, helm template or kubectl
output) with the rules a 1.27 API server applies to a Service on create, plus cross-object
and security rules, then simulates the Services in-process. Directories are read
recursively for .yaml, .yml and .json files (hidden entries, node_modules, kustomization
files and files without apiVersion or kind skipped, each named on stderr);
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
  --node-port-range MIN-MAX      the cluster's --service-node-port-range
                                 (default: 30000-32767)
  --service-cidr CIDR            the cluster's --service-cluster-ip-range; repeat it or
                                 separate with commas for dual-stack (at most two, one
                                 per IP family; its families are the cluster's) (default:
                                 unknown, static clusterIPs are not range-checked)
  --ip-family IPv4|IPv6          an IP family the cluster serves, primary first;
                                 repeatable (default: IPv4). The rules and the
                                 simulation read the same options
  --kubernetes-version 1.X       the cluster's Kubernetes release (1.27 to 1.35; also
                                 v1.33 or 1.33.2): rules, defaults and warnings follow
                                 that release's create path (default: 1.35, the newest)
  --allow-public-load-balancers  LoadBalancers open to the internet are intended
  --disable RULE=REASON          turn a rule off (its id or name), saying why; repeatable
  --custom-workload KIND[.GROUP]=PATH[,labels:PATH...]
                                 a custom resource whose operator creates pods: PATH is
                                 its pod template (spec.template), labels:PATH a label
                                 map the pods also get; repeatable (Argo Rollouts and
                                 prometheus-operator are known)
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

/** `--custom-workload Cache.cache.example.io=spec.template,labels:spec.podMetadata.labels` as a declaration (checked by the engine). */
function customWorkloadArg(arg: string): CustomWorkload {
  const eq = arg.indexOf('=');
  const usage = `--custom-workload needs KIND[.GROUP]=PATH, e.g. --custom-workload Cache.cache.example.io=spec.template (got "${arg}")`;
  if (eq <= 0 || eq === arg.length - 1) throw new UsageError(usage);
  const name = arg.slice(0, eq).trim();
  const dot = name.indexOf('.');
  const paths = arg.slice(eq + 1).split(',').map((p) => p.trim()).filter((p) => p !== '');
  const templates = paths.filter((p) => !p.startsWith('labels:'));
  if (templates.length > 1) throw new UsageError(`--custom-workload takes one pod template path (got ${templates.join(' and ')}); write label maps as labels:PATH`);
  const labels = paths.filter((p) => p.startsWith('labels:')).map((p) => p.slice('labels:'.length));
  return {
    kind: dot < 0 ? name : name.slice(0, dot),
    apiGroup: dot < 0 ? undefined : name.slice(dot + 1),
    podTemplatePath: templates[0],
    podLabelsPaths: labels.length > 0 ? labels : undefined,
  };
}

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
    'node-port-range': { type: 'string' },
    'kubernetes-version': { type: 'string' },
    'service-cidr': { type: 'string', multiple: true },
    'ip-family': { type: 'string', multiple: true },
    'allow-public-load-balancers': { type: 'boolean' },
    'disable': { type: 'string', multiple: true },
    'custom-workload': { type: 'string', multiple: true },
    'no-simulate': { type: 'boolean' },
    'help': { type: 'boolean' },
  });
  const help = options.help === true;
  const format = (options.format as string | undefined) ?? 'text';
  if (!Object.prototype.hasOwnProperty.call(FORMATTERS, format)) throw new UsageError(`--format must be one of ${Object.keys(FORMATTERS).join(', ')} (got "${format}")`);
  if (!help && positionals.length === 0) throw new UsageError('no manifests given: name at least one file or directory, e.g. `cdk8s-services verify dist/`');

  // Checked by the engine's parser (resolveSettings, as kube-apiserver parses the flag), in runVerify.
  const cidrs = (options['service-cidr'] as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const families = (options['ip-family'] as string[]).map((f) => {
    const normal = f.toLowerCase() === 'ipv4' ? 'IPv4' : f.toLowerCase() === 'ipv6' ? 'IPv6' : undefined;
    if (!normal) throw new UsageError(`--ip-family must be IPv4 or IPv6 (got "${f}")`);
    return normal;
  });
  const disabled: DisabledRule[] = (options.disable as string[]).map((d) => {
    const eq = d.indexOf('=');
    const id = (eq >= 0 ? d.slice(0, eq) : d).trim();
    const reason = eq >= 0 ? d.slice(eq + 1).trim() : '';
    if (!id || !reason) throw new UsageError(`--disable needs a rule (id or name) and a reason, as RULE=REASON, e.g. --disable 'X3=the workload is in another repository' (got "${d}")`);
    return { id, reason };
  });
  const customWorkloads = (options['custom-workload'] as string[]).map(customWorkloadArg);
  const validation: ValidationOptions = {
    strict: options.strict === true,
    nodePortRange: options['node-port-range'] as string | undefined,
    kubernetesVersion: options['kubernetes-version'] as string | undefined,
    serviceClusterIpRanges: cidrs.length > 0 ? cidrs : undefined,
    // --ip-family is checked at parse time (IPv4 or IPv6): the enum's values are those strings.
    clusterIpFamilies: families.length > 0 ? [...new Set(families)] as IpFamily[] : undefined,
    allowPublicLoadBalancers: options['allow-public-load-balancers'] === true,
    disabledRules: disabled.length > 0 ? disabled : undefined,
    customWorkloads: customWorkloads.length > 0 ? customWorkloads : undefined,
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
  try {
    resolveSettings(args.validation);
    activeRules(args.validation, rules);
  } catch (err: any) {
    throw new UsageError(String(err?.message ?? err).replace(/^nodePortRange /, '--node-port-range ').replace(/^kubernetesVersion /, '--kubernetes-version ')
      .replace(/^disabledRules: /, '--disable: ').replace(/^serviceClusterIpRanges: /, '--service-cidr ').replace(/^clusterIpFamilies: /, '--ip-family ')
      .replace(/^customWorkloads/, '--custom-workload'));
  }

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
    simulationText = sim.text;
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
