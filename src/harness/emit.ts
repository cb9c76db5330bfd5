// The emitted real-cluster harness (DESIGN.md "The harness"): from the same model LocalCluster
// simulates, a folder with a kind config, the manifests, probe Jobs, the expectations, a runner
// script, a README and (optionally) a chainsaw Test. Deterministic: no timestamps, stable order.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { chainsawTest } from './chainsaw';
import { CLUSTER_SCOPED_KINDS, computeExpectations, HarnessExpectations } from './expectations';
import { kindConfig } from './kind-config';
import { checkHarnessObjects, checkServiceNames, HarnessInputError, isDnsSubdomain, printable } from './names';
import { HarnessFile, HarnessOptions } from './options';
import { DEFAULT_PROBE_IMAGE, probeObjects } from './probes';
import { readme } from './readme';
import { runData, runScript } from './runner';
import { toYaml } from './yaml';
import { metadataProblem } from '../model/input';
import { asList, at } from '../model/json';
import { DEFAULT_SERVICE_CIDR, LocalCluster } from '../simulation/local-cluster';

export type { HarnessFile, HarnessOptions } from './options';
export { toYaml } from './yaml';

/** The options after defaulting. */
interface ResolvedOptions {
  image: string;
  chainsaw: boolean;
  clusterName: string;
  namespace: string;
}

function resolve(options: HarnessOptions): ResolvedOptions {
  const image = options.image ?? DEFAULT_PROBE_IMAGE;
  // An image reference (distribution/reference's grammar, loosely): no space, quote, '$' or control character.
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/:@+-]*$/.test(image) || image.length > 512) {
    throw new HarnessInputError(`image "${printable(image)}" is not an image reference: write it as name:tag, e.g. busybox:1.36`);
  }
  const clusterName = options.clusterName ?? 'cdk8s-services';
  if (!/^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$/.test(clusterName)) {
    throw new HarnessInputError(`clusterName "${printable(clusterName)}" is not a kind cluster name: use lower-case letters, digits and '-', at most 50 characters, e.g. cdk8s-services`);
  }
  const namespace = options.namespace ?? 'cdk8s-services-harness';
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw new HarnessInputError(`namespace "${printable(namespace)}" is not a namespace name (a DNS-1123 label): use lower-case letters, digits and '-', e.g. cdk8s-services-harness`);
  }
  return { image, chainsaw: options.chainsaw ?? false, clusterName, namespace };
}

function checkNodes(nodes: number | undefined): void {
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1 || nodes > 10)) {
    throw new Error(`nodes ${nodes} is not a node count: use a whole number from 1 to 10 (kind runs each node as a container)`);
  }
}

/** Metadata a live cluster sets: a create that carries `resourceVersion` is refused. */
const SERVER_SET_METADATA = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** True for an object read back from a cluster (`kubectl get -o yaml`): the server set its uid or resourceVersion. */
function fromLiveCluster(o: unknown): boolean {
  return typeof at(o, 'metadata', 'uid') === 'string' || typeof at(o, 'metadata', 'resourceVersion') === 'string';
}

/** True for an object a controller made (a Deployment's ReplicaSet and Pods, a Service's EndpointSlices): it makes them again. */
function controllerOwned(o: unknown): boolean {
  return asList(at(o, 'metadata', 'ownerReferences')).some((r) => at(r, 'controller') === true);
}

/**
 * An object of a cluster dump as it can be created anew: without what the server set (metadata,
 * `status`, a Service's allocated ClusterIPs, a Pod's node), which a fresh cluster would refuse or
 * could not honour (another cluster's addresses and node names).
 */
function asNew(c: any): any {
  for (const k of SERVER_SET_METADATA) delete c.metadata[k];
  if (c.metadata.annotations) delete c.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  delete c.status;
  if (c.kind === 'Service' && c.spec && c.spec.clusterIP !== 'None') {
    delete c.spec.clusterIP;
    delete c.spec.clusterIPs;
  }
  if (c.kind === 'Pod' && c.spec) delete c.spec.nodeName;
  if (c.kind === 'Job' && c.spec && c.spec.manualSelector !== true) {
    // The Job controller generated the selector from the old Job's uid; a new Job gets its own.
    delete c.spec.selector;
    const labels = c.spec.template?.metadata?.labels;
    if (labels) for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) delete labels[k];
  }
  return c;
}

/**
 * The manifests as the harness applies them: objects deep-copied, namespaced objects given
 * the namespace the simulation assumed (`default`) when they have none (kubectl would use the
 * context's), Namespaces first, Node objects left out (kind brings its own nodes). Objects of a
 * cluster dump (`kubectl get -o yaml`) are made creatable: what a controller made is left out
 * (its controller makes it again) and what the server set is removed.
 */
export function harnessManifests(manifests: any[]): any[] {
  const all = manifests.flatMap((o) => (o?.kind === 'List' && Array.isArray(o.items) ? o.items : [o]))
    .filter((o) => o && typeof o === 'object' && o.kind !== 'Node');
  // An object whose metadata is not a map cannot be decoded by any API server, so the harness
  // could not apply it (and has nowhere to write its namespace): refused, as the `harness` command refuses it.
  for (const o of all) {
    const problem = metadataProblem(o);
    if (problem) throw new HarnessInputError(`${typeof o.kind === 'string' ? printable(o.kind) : 'object'}: ${problem}`);
  }
  // The endpoints controller writes the Endpoints of a Service with a selector; those of a
  // selector-less Service are the user's own and are kept.
  const selecting = new Set(all
    .filter((o) => o.kind === 'Service' && o.spec?.selector && Object.keys(o.spec.selector).length > 0)
    .map((o) => `${o.metadata?.namespace || 'default'}/${o.metadata?.name}`));
  const flat = all.filter((o) => !(fromLiveCluster(o) && (controllerOwned(o)
    || (o.kind === 'Endpoints' && selecting.has(`${o.metadata?.namespace || 'default'}/${o.metadata?.name}`)))));
  const copies = flat.map((o) => {
    const c = JSON.parse(JSON.stringify(o));
    if (fromLiveCluster(o)) asNew(c);
    if (!CLUSTER_SCOPED_KINDS.has(c.kind)) {
      c.metadata = c.metadata ?? {};
      if (typeof c.metadata.namespace !== 'string' || c.metadata.namespace === '') c.metadata.namespace = 'default';
    }
    return c;
  });
  return [...copies.filter((o) => o.kind === 'Namespace'), ...copies.filter((o) => o.kind !== 'Namespace')];
}


/**
 * Emits the harness folder's files for `cluster`, which was built from `manifests`.
 * Internal: the public entry is `Harness`.
 */
export function emitHarness(cluster: LocalCluster, manifests: any[], options: HarnessOptions = {}): HarnessFile[] {
  const o = resolve(options);
  const all = harnessManifests(manifests);
  checkHarnessObjects(all);
  if (!isDnsSubdomain(cluster.clusterDomain)) {
    throw new HarnessInputError(`clusterDomain "${printable(cluster.clusterDomain)}" is not a DNS name (a DNS-1123 subdomain): use e.g. cluster.local`);
  }
  const x = computeExpectations(cluster, all, { clusterName: o.clusterName, harnessNamespace: o.namespace });
  // A Service the API server refuses would fail the whole `kubectl apply`: it is applied alone,
  // after the rest, and the harness checks that it is refused.
  const refusedFile = (m: any) => (m.kind === 'Service'
    ? x.refused.find((r) => r.namespace === (m.metadata?.namespace || 'default') && r.name === m.metadata?.name)?.file
    : undefined);
  const applied = all.filter((m) => refusedFile(m) === undefined);
  checkServiceNames([
    ...x.services.map((s) => ({ namespace: s.namespace, name: s.name, refused: false })),
    ...x.refused.map((r) => ({ namespace: r.namespace, name: r.name, refused: true })),
  ]);
  const files: HarnessFile[] = [
    { path: 'README.md', content: readme(x, o), executable: false },
    { path: 'expectations.json', content: `${JSON.stringify(expectationsDocument(x), null, 2)}\n`, executable: false },
    { path: 'kind.yaml', content: kindConfig(x), executable: false },
    { path: 'manifests.k8s.yaml', content: toYaml(applied), executable: false },
    { path: 'probes.k8s.yaml', content: toYaml(probeObjects(x, { image: o.image })), executable: false },
    { path: 'run-data.sh', content: runData(x, applied), executable: false },
    { path: 'run.sh', content: runScript(), executable: true },
  ];
  for (const r of x.refused) {
    const objects = all.filter((m) => refusedFile(m) === r.file);
    files.push({ path: r.file, content: toYaml(objects), executable: false });
  }
  if (o.chainsaw) files.push({ path: 'chainsaw-test.yaml', content: chainsawTest(x, applied), executable: false });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** expectations.json: the predictions, with a note on which values a real cluster changes. */
function expectationsDocument(x: HarnessExpectations): { generatedBy: string; note: string } & HarnessExpectations {
  return {
    generatedBy: 'cdk8s-services',
    note: 'What the LocalCluster simulation predicted. ClusterIPs, pod IPs and unpinned nodePorts are allocated differently by a real cluster: the checks read those at run time; counts, ports, CNAME targets and pinned nodePorts must match exactly.',
    ...x,
  };
}

/** Files a harness may hold that not every harness emits: removed when a rewrite leaves them out. */
const OPTIONAL_FILES = [/^chainsaw-test\.yaml$/, /^refused-\d+\.k8s\.yaml$/];

/** The file that marks a folder as written by the harness: only such a folder is written into again. */
export const HARNESS_MARKER = '.cdk8s-services-harness';

function outError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Writes `content` to `target` without following a symlink: a new file in the folder, renamed over the old one. */
function writeFileNoFollow(dir: string, name: string, content: string, mode: number): string {
  const target = path.join(dir, name);
  const st = fs.lstatSync(target, { throwIfNoEntry: false });
  if (st && !st.isFile()) {
    throw outError(`${target} is ${st.isSymbolicLink() ? 'a symlink' : 'not a regular file'}: the harness does not write through it; remove it or choose another --out folder`, 'EHARNESSOUT');
  }
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
  // 'wx' is O_CREAT|O_EXCL: it fails on anything already there, a symlink included (not followed).
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fchmodSync(fd, mode);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target); // rename replaces the directory entry; it never follows a symlink
  return target;
}

/**
 * Writes the files into `dir` and returns the paths written. `dir` is created when missing and
 * marked as the harness's own (HARNESS_MARKER); an existing folder is written into only when it
 * is empty or carries the marker, so a user's folder ($HOME, `/`, a project) is never overwritten.
 * Symlinks are never followed: `dir` itself may not be one, nor any file the harness replaces.
 * Optional harness files of an earlier write (chainsaw-test.yaml without `chainsaw`,
 * refused-N.k8s.yaml) are removed, as they would test stale manifests; nothing else is touched.
 */
export function writeHarness(dir: string, files: HarnessFile[]): string[] {
  const abs = path.resolve(dir);
  const forbidden = new Set([path.parse(abs).root, path.resolve(os.homedir()), process.cwd()]);
  if (forbidden.has(abs)) {
    throw outError(`${dir} is ${abs === process.cwd() ? 'the current folder' : abs === path.parse(abs).root ? 'the root folder' : 'your home folder'}: the harness writes only into a folder of its own; name a new one, e.g. --out harness/`, 'EHARNESSOUT');
  }
  for (const f of files) {
    if (f.path.includes('/') || f.path.includes('\\') || f.path.startsWith('.')) throw new Error(`internal: harness file name ${f.path} is not a plain file name`);
  }
  const st = fs.lstatSync(abs, { throwIfNoEntry: false });
  if (st === undefined) {
    fs.mkdirSync(abs, { recursive: true });
  } else if (st.isSymbolicLink()) {
    throw outError(`${dir} is a symlink: the harness does not write through symlinks; name the folder itself`, 'EHARNESSOUT');
  } else if (!st.isDirectory()) {
    throw outError(`${dir} is a file, not a folder`, 'ENOTDIR');
  } else {
    const marker = fs.lstatSync(path.join(abs, HARNESS_MARKER), { throwIfNoEntry: false });
    if (!(marker && marker.isFile()) && fs.readdirSync(abs).length > 0) {
      throw outError(`${dir} is a folder the harness did not write (it has files and no ${HARNESS_MARKER}): name a new or empty folder, so none of your files is overwritten`, 'EHARNESSOUT');
    }
  }
  writeFileNoFollow(abs, HARNESS_MARKER, 'This folder was written by cdk8s-services harness; it rewrites the files it emitted here.\n', 0o644);
  for (const name of fs.readdirSync(abs)) {
    if (!OPTIONAL_FILES.some((re) => re.test(name)) || files.some((f) => f.path === name)) continue;
    const old = fs.lstatSync(path.join(abs, name));
    if (old.isFile() || old.isSymbolicLink()) fs.unlinkSync(path.join(abs, name)); // unlink removes a symlink, not its target
  }
  return files.map((f) => {
    writeFileNoFollow(abs, f.path, f.content, f.executable ? 0o755 : 0o644);
    return path.join(dir, f.path);
  });
}

/**
 * A real-cluster test harness for a cdk8s app or any manifests: a kind config with every
 * pinned nodePort mapped to the host, the manifests, probe Jobs that check DNS and every
 * Service port from inside the cluster, the expectations the simulation computed, and
 * `run.sh`, which creates a kind cluster (or uses a context), applies, waits, probes and
 * prints a PASS/FAIL table.
 *
 * @example
 * const app = new App();
 * new MyChart(app, 'web');
 * app.synth();
 * Harness.fromApp(app, { chainsaw: true }).write('harness');
 * // then: bash harness/run.sh
 */
export class Harness {
  /** The harness of every chart of a cdk8s App (call `app.synth()` first to run validations). */
  public static fromApp(app: App, options: HarnessOptions = {}): Harness {
    return Harness.fromManifests(app.charts.flatMap((c) => c.toJson()), options);
  }

  /** The harness of one Chart. */
  public static fromChart(chart: Chart, options: HarnessOptions = {}): Harness {
    return Harness.fromManifests(chart.toJson(), options);
  }

  /** The harness of plain manifests (parsed YAML or JSON objects; `List` objects are flattened). */
  public static fromManifests(manifests: any[], options: HarnessOptions = {}): Harness {
    checkNodes(options.nodes);
    const applied = harnessManifests(manifests);
    checkHarnessObjects(applied); // before the simulation: a kubeconfig or a hostile name is refused first
    // The cluster kind.yaml creates: its Service CIDR is enforced, as kind's API server does.
    const nodes = options.nodes !== undefined ? { nodes: options.nodes } : {};
    const cluster = LocalCluster.fromManifests(applied, { serviceClusterIpRanges: [DEFAULT_SERVICE_CIDR], ...nodes });
    return new Harness(emitHarness(cluster, applied, options));
  }

  /**
   * The harness of a LocalCluster you built yourself (e.g. with other nodes or a node-port
   * range); `manifests` are the objects it was built from. Its Service CIDR and node port range
   * go into kind.yaml (without `serviceClusterIpRanges`, kind's 10.96.0.0/12, and fd00:10:96::/112 for IPv6, are simulated). A LocalCluster
   * built with `notReady`, `terminating` or `loadBalancerIngress` is refused with an Error: no
   * real cluster is put into those states.
   */
  public static fromLocalCluster(cluster: LocalCluster, manifests: any[], options: HarnessOptions = {}): Harness {
    const settings = cluster._clusterSettings();
    if (settings.simulationOnly.length > 0) {
      throw new Error(`the LocalCluster was built with ${settings.simulationOnly.join(', ')}, which no real cluster is put into, so its predictions cannot be checked there: `
        + 'build the harness from a LocalCluster without them (keep them for your in-process tests)');
    }
    // kind's API server enforces its Service CIDRs: a cluster simulated without them is simulated
    // again with kind's, so a pinned address outside it is predicted refused, as kind will.
    // From the objects as given: Node objects (left out of what is applied) are the cluster's nodes.
    const simulated = settings.serviceCidrGiven
      ? cluster
      : LocalCluster.fromManifests(manifests, { ...settings.options, serviceClusterIpRanges: settings.serviceCidrs });
    return new Harness(emitHarness(simulated, manifests, options)); // emitHarness prepares them (harnessManifests)
  }

  /** The files of the harness folder, sorted by path. */
  public readonly files: HarnessFile[];

  private constructor(files: HarnessFile[]) {
    this.files = files;
  }

  /** The text of one emitted file (e.g. `run.sh`), or undefined when it is not emitted. */
  public file(filePath: string): string | undefined {
    return this.files.find((f) => f.path === filePath)?.content;
  }

  /**
   * Writes the folder and returns the paths written. The folder must be new, empty, or one a
   * harness wrote before (it holds `.cdk8s-services-harness`); any other folder, `/`, your home
   * folder, the current folder or a symlink is refused with an Error, and no file is written
   * through a symlink.
   * @param outdir the folder, e.g. `harness`
   */
  public write(outdir: string): string[] {
    return writeHarness(outdir, this.files);
  }
}
