// The cluster options of the command line (the kube-apiserver flags and release, and the
// operators' workloads), one parser for every command that reads them (`verify`, `harness`),
// so the rules, the simulation and the emitted harness see the same cluster (issue 11).
import { OptionSpec, UsageError } from './args';
import { IpFamily } from '../enums';
import { resolveSettings } from '../rules/engine';
import { ClusterOptions, CustomWorkload } from '../rules/options';

/** The options' specs, for `parseArgs`. */
export const CLUSTER_ARG_SPECS: Record<string, OptionSpec> = {
  'node-port-range': { type: 'string' },
  'kubernetes-version': { type: 'string' },
  'service-cidr': { type: 'string', multiple: true },
  'ip-family': { type: 'string', multiple: true },
  'custom-workload': { type: 'string', multiple: true },
};

/** Their help lines (the usage texts of `verify` and `harness` include them). */
export const CLUSTER_ARGS_USAGE = `  --node-port-range MIN-MAX      the cluster's --service-node-port-range
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
  --custom-workload KIND[.GROUP]=PATH[,labels:PATH...]
                                 a custom resource whose operator creates pods: PATH is
                                 its pod template (spec.template), labels:PATH a label
                                 map the pods also get; repeatable (Argo Rollouts and
                                 prometheus-operator are known)
`;

/** The cluster options of parsed arguments (`parseArgs` with CLUSTER_ARG_SPECS); a UsageError for a malformed one. */
export function clusterOptionsFromArgs(options: Record<string, unknown>): ClusterOptions {
  // Checked by the engine's parser (resolveSettings, as kube-apiserver parses the flag), in checkClusterOptions.
  const cidrs = ((options['service-cidr'] as string[] | undefined) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const families = ((options['ip-family'] as string[] | undefined) ?? []).map((f) => {
    const normal = f.toLowerCase() === 'ipv4' ? 'IPv4' : f.toLowerCase() === 'ipv6' ? 'IPv6' : undefined;
    if (!normal) throw new UsageError(`--ip-family must be IPv4 or IPv6 (got "${f}")`);
    return normal;
  });
  const customWorkloads = ((options['custom-workload'] as string[] | undefined) ?? []).map(customWorkloadArg);
  const out: ClusterOptions = {
    nodePortRange: options['node-port-range'] as string | undefined,
    kubernetesVersion: options['kubernetes-version'] as string | undefined,
    serviceClusterIpRanges: cidrs.length > 0 ? cidrs : undefined,
    // --ip-family is checked here (IPv4 or IPv6): the enum's values are those strings.
    clusterIpFamilies: families.length > 0 ? [...new Set(families)] as IpFamily[] : undefined,
    customWorkloads: customWorkloads.length > 0 ? customWorkloads : undefined,
  };
  // Unset fields left out, so a spread of them overrides nothing.
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ClusterOptions;
}

/**
 * Runs the engine's own checks of the options (a bad range, CIDR, release or declaration) and
 * turns what they refuse into a UsageError that names the flag.
 */
export function checkClusterOptions(check: () => void): void {
  try {
    check();
  } catch (err: any) {
    throw new UsageError(String(err?.message ?? err).replace(/^nodePortRange /, '--node-port-range ').replace(/^kubernetesVersion /, '--kubernetes-version ')
      .replace(/^disabledRules: /, '--disable: ').replace(/^serviceClusterIpRanges: /, '--service-cidr ').replace(/^clusterIpFamilies: /, '--ip-family ')
      .replace(/^customWorkloads/, '--custom-workload'));
  }
}

/** Checks cluster options as `checkClusterOptions` does. */
export function checkClusterArgs(o: ClusterOptions): void {
  checkClusterOptions(() => resolveSettings(o));
}

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
