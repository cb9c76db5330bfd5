// `cdk8s-services harness`: load manifests, refuse ones the API server would reject, emit the
// real-cluster harness folder (src/harness). No harness logic here.
import * as path from 'path';
import { CliIo, Command, ExitCode, parseArgs, UsageError } from './args';
import { checkClusterArgs, CLUSTER_ARG_SPECS, CLUSTER_ARGS_USAGE, clusterOptionsFromArgs } from './cluster-args';
import { Harness, HarnessFile, HarnessOptions, writeHarness } from '../harness/emit';
import { escapeControls, HarnessInputError, printable } from '../harness/names';
import { singleQuoted } from '../harness/runner';
import { ClusterModel } from '../model/cluster-model';
import { formatFinding, Severity } from '../model/findings';
import { ManifestInputError, metadataProblem } from '../model/input';
import { loadManifestFiles } from '../model/load';
import { checkModel, modelOptionsOf } from '../rules/engine';
import { ClusterOptions } from '../rules/options';
import { LocalCluster } from '../simulation/local-cluster';

export const HARNESS_USAGE = `Usage: cdk8s-services harness <file|dir>... --out <dir> [options]

Writes a folder that checks, on a real cluster, what the simulation predicts for these
manifests: kind.yaml (a kind cluster with every pinned nodePort mapped to the host),
manifests.k8s.yaml, probes.k8s.yaml (probe Jobs: DNS, TCP to every port, HTTP), expectations.json,
run.sh (creates the cluster, applies, probes, prints PASS/FAIL) and README.md.
Directories are read recursively for .yaml, .yml and .json files; \`-\` reads standard input.

Options:
  --out DIR              the folder to write (required): a new or empty folder, or one an earlier
                         harness wrote (it holds .cdk8s-services-harness); nothing else is overwritten
  --image IMAGE          probe image with nslookup, nc and wget (default: busybox:1.36)
  --chainsaw             also write chainsaw-test.yaml (a Kyverno chainsaw Test)
  --nodes N              nodes that run pods, simulated and in kind.yaml (default: 3)
  --cluster-name NAME    kind cluster name run.sh creates (default: cdk8s-services)
  --namespace NAME       namespace of the probe Jobs (default: cdk8s-services-harness)
  --force                write the harness even if a rule finds an error

The cluster (the same options as verify; the rules, the simulation and kind.yaml follow them):
${CLUSTER_ARGS_USAGE}  -h, --help             show this help

Then: bash <dir>/run.sh (needs kind, docker and kubectl), or bash <dir>/run.sh --context NAME.
Exit status: 0 written; 1 input unreadable or an error finding; 2 a usage error; 3 an internal error.
`;

/** A parsed `harness` command line. */
export interface HarnessArgs {
  help: boolean;
  paths: string[];
  out: string;
  force: boolean;
  options: HarnessOptions;
  /** The cluster options given (an empty object when none). */
  cluster: ClusterOptions;
}

/** Reads the `harness` arguments; throws a UsageError for anything malformed. */
export function parseHarnessArgs(args: string[]): HarnessArgs {
  const { options, positionals } = parseArgs(args, {
    'out': { type: 'string' },
    'image': { type: 'string' },
    'chainsaw': { type: 'boolean' },
    'nodes': { type: 'string' },
    'cluster-name': { type: 'string' },
    'namespace': { type: 'string' },
    'force': { type: 'boolean' },
    'help': { type: 'boolean' },
    ...CLUSTER_ARG_SPECS,
  });
  const help = options.help === true;
  const out = options.out as string | undefined;
  if (!help && positionals.length === 0) throw new UsageError('no manifests given: name at least one file or directory, e.g. `cdk8s-services harness dist/ --out harness/`');
  if (!help && (out === undefined || out === '')) throw new UsageError('--out is required: name the folder to write, e.g. --out harness/');
  let nodes: number | undefined;
  if (options.nodes !== undefined) {
    nodes = Number(options.nodes);
    if (!/^\d+$/.test(String(options.nodes)) || nodes < 1 || nodes > 10) throw new UsageError(`--nodes must be a whole number from 1 to 10 (got "${options.nodes}")`);
  }
  const harness: HarnessOptions = {
    image: options.image as string | undefined,
    chainsaw: options.chainsaw === true,
    nodes,
    clusterName: options['cluster-name'] as string | undefined,
    namespace: options.namespace as string | undefined,
  };
  return { help, paths: positionals, out: out ?? '', force: options.force === true, options: harness, cluster: clusterOptionsFromArgs(options) };
}

/** Runs a parsed `harness`: writes the folder and prints what it wrote. */
export function runHarness(args: HarnessArgs, io: CliIo): number {
  if (args.help) {
    io.out(HARNESS_USAGE);
    return ExitCode.OK;
  }
  const cluster = args.cluster ?? {};
  checkClusterArgs(cluster);
  const loaded = loadManifestFiles(args.paths);
  // What a directory walk did not read, one line each on stderr (issue 14); stdout stays the report.
  for (const s of loaded.skipped) io.err(`skipped ${escapeControls(s.file)}: ${s.reason}\n`);
  if (loaded.errors.length > 0) {
    io.err(`${loaded.errors.map((e) => `${printable(e.file)}${e.line ? `:${e.line}` : ''}: ${escapeControls(e.message)}`).join('\n')}\nNo harness written: fix the input above.\n`);
    return ExitCode.FAILED;
  }
  const objects = loaded.objects.map((o) => o.object);
  // The rules, the simulation and kind.yaml see one cluster: the options given.
  const model = ClusterModel.fromSourced(loaded.objects, modelOptionsOf(cluster));
  const errors = checkModel(model, cluster).filter((f) => f.severity === Severity.ERROR);
  if (errors.length > 0 && !args.force) {
    io.err(`${errors.map((f) => escapeControls(formatFinding(f))).join('\n')}\nNo harness written: a real API server would refuse these manifests. Fix them, or pass --force.\n`);
    return ExitCode.FAILED;
  }
  // Not even --force emits an object no API server can decode: the harness could not apply it.
  const undecodable = loaded.objects.flatMap((o) => {
    const problem = metadataProblem(o.object);
    return problem ? [`${o.source?.file ?? '<input>'}${o.source?.line ? `:${o.source.line}` : ''}: ${problem}`] : [];
  });
  if (undecodable.length > 0) {
    io.err(`${undecodable.map(escapeControls).join('\n')}\nNo harness written: fix the input above.\n`);
    return ExitCode.FAILED;
  }
  let files: HarnessFile[];
  try {
    files = Object.keys(cluster).length === 0
      ? Harness.fromManifests(objects, args.options).files
      : Harness.fromLocalCluster(LocalCluster.fromManifests(objects, { ...cluster, nodes: args.options.nodes }), objects, args.options).files;
  } catch (err: any) {
    // Option values the emitter refuses (an image with spaces, a bad cluster name) are usage errors.
    if (/^(image|clusterName|namespace) /.test(String(err?.message))) {
      throw new UsageError(String(err.message).replace(/^clusterName /, '--cluster-name ').replace(/^image /, '--image ').replace(/^namespace /, '--namespace '));
    }
    // Objects the harness refuses (a kubeconfig, a name kubectl would read as an option): exit 1, no files.
    if (err instanceof HarnessInputError || err instanceof ManifestInputError) {
      io.err(`${err.message}\n`);
      return ExitCode.FAILED;
    }
    throw err;
  }
  let written: string[];
  try {
    written = writeHarness(args.out, files);
  } catch (err: any) {
    // A folder that cannot be written (a file in the way, no permission, read-only disk) is the
    // user's to fix, not a bug: one line, exit 1.
    if (typeof err?.code !== 'string') throw err;
    io.err(`cannot write the harness to ${printable(args.out)}: ${String(err.message).split('\n')[0]}\nNo harness written: choose a folder you may write to with --out.\n`);
    return ExitCode.FAILED;
  }
  const checks = JSON.parse(files.find((f) => f.path === 'expectations.json')!.content).services
    .reduce((n: number, s: any) => n + s.checks.length, 0);
  const runner = shellWord(path.join(args.out, 'run.sh'));
  io.out([
    `Wrote ${written.length} files to ${printable(args.out)}: ${files.map((f) => f.path).join(', ')}.`,
    `${checks} checks for ${model.services.length} Service(s).`,
    `Run them on kind: bash ${runner}    (or on a cluster you have: bash ${runner} --context NAME)`,
    '',
  ].join('\n'));
  return ExitCode.OK;
}

/** The `harness` entry of the command table. */
export const HARNESS_COMMAND: Command = {
  name: 'harness',
  summary: 'write a real-cluster harness (kind config, probe Jobs, run.sh) for manifests',
  usage: HARNESS_USAGE,
  run: (args, io) => runHarness(parseHarnessArgs(args), io),
};

/** `p` as one shell word, so the printed command can be pasted as it is (a path with spaces). */
function shellWord(p: string): string {
  return /^[\w./:@%+,=-]+$/.test(p) ? p : singleQuoted(p);
}
