// What controllers and operators add to the pods they create, beyond the pod template.
// The model's selection (ClusterModel.selectPodTemplates) reads this as a second path next to
// its label index: controller labels are a small fixed set of keys.

/** The pod-template facts the controller labels follow from. */
export interface ControllerLabelSubject {
  readonly owner: { readonly kind: string; readonly name: string };
  readonly replicas: number;
  /** Labels the template itself sets (they win: a label in the template is what the pod carries). */
  readonly labels: Record<string, string>;
}

/**
 * The labels controllers add to the pods they create, by owner kind. Values: a function of the
 * pod's ordinal / the owner's name, or `undefined` = "every pod carries it, value unknowable
 * here" (a hash or a UID): a selector on such a key matches this workload's pods.
 *
 * - StatefulSet: `statefulset.kubernetes.io/pod-name` = `<name>-<ordinal>` and
 *   `apps.kubernetes.io/pod-index` = `<ordinal>` (kubernetes/kubernetes pkg/controller/statefulset/
 *   stateful_set_utils.go `updateIdentity`, called by `initIdentity`; the pod-index label behind
 *   feature gate PodIndexLabel, KEP-4017, beta and on by default since 1.28), and
 *   `controller-revision-hash` (same file, `newVersionedStatefulSetPod` -> `setPodRevision`).
 * - Deployment: `pod-template-hash` (pkg/controller/deployment/sync.go `getNewReplicaSet`,
 *   DefaultDeploymentUniqueLabelKey in k8s.io/api apps/v1 types.go); a ReplicaSet the
 *   Deployment creates passes it on; a bare ReplicaSet adds nothing.
 * - DaemonSet: `controller-revision-hash` and `pod-template-generation`
 *   (pkg/controller/daemon/util/daemonset_util.go `CreatePodTemplate`).
 * - Job: `controller-uid`, `batch.kubernetes.io/controller-uid`, `job-name`,
 *   `batch.kubernetes.io/job-name` (pkg/registry/batch/job/strategy.go `generateSelector`, which
 *   puts them on the template and in the selector unless `manualSelector`; the prefixed keys since
 *   1.27); Indexed Jobs also `batch.kubernetes.io/job-completion-index` (pkg/controller/job/
 *   indexed_job_utils.go `addCompletionIndexLabel`, feature gate PodIndexLabel, since 1.28). CronJob: its Jobs are named `<cronjob>-<time>`, so
 *   job-name values are unknowable.
 */
export const CONTROLLER_LABEL_KEYS: ReadonlySet<string> = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-revision-hash',
  'pod-template-hash',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
]);

/** Owner kinds -> the controller label keys their pods carry. */
const KEYS_BY_KIND: Record<string, readonly string[]> = {
  StatefulSet: ['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash'],
  Deployment: ['pod-template-hash'],
  DaemonSet: ['controller-revision-hash', 'pod-template-generation'],
  Job: ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name', 'batch.kubernetes.io/job-completion-index'],
  CronJob: ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name', 'batch.kubernetes.io/job-completion-index'],
};

/** A non-negative decimal without leading zeros (how the controllers write ordinals). */
function ordinal(v: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(v) ? Number(v) : undefined;
}

/**
 * Whether some pod of the workload carries `key=value` where `key` is a controller label
 * (CONTROLLER_LABEL_KEYS). A label the template sets itself is compared by the caller.
 */
export function controllerLabelMatches(t: ControllerLabelSubject, key: string, value: string): boolean {
  const keys = KEYS_BY_KIND[t.owner.kind];
  if (!keys || !keys.includes(key)) return false;
  const replicas = Math.max(0, Math.floor(t.replicas));
  switch (key) {
    case 'statefulset.kubernetes.io/pod-name': {
      const prefix = `${t.owner.name}-`;
      if (!value.startsWith(prefix)) return false;
      const i = ordinal(value.slice(prefix.length));
      return i !== undefined && i < replicas;
    }
    case 'apps.kubernetes.io/pod-index': {
      const i = ordinal(value);
      return i !== undefined && i < replicas;
    }
    case 'job-name':
    case 'batch.kubernetes.io/job-name':
      // A Job's pods carry its name; a CronJob's Jobs have generated names.
      return t.owner.kind === 'CronJob' || value === t.owner.name;
    case 'pod-template-generation':
      return ordinal(value) !== undefined && value !== '0';
    case 'batch.kubernetes.io/job-completion-index':
      return ordinal(value) !== undefined;
    default:
      // A hash or a UID: unknowable here, carried by every pod of the workload.
      return true;
  }
}

/**
 * The ordinals (StatefulSet pods) a controller-label selector narrows a workload to, for
 * callers that count pods; undefined when it does not narrow by ordinal.
 */
export function selectedOrdinals(t: ControllerLabelSubject, selector: Record<string, string>): number[] | undefined {
  if (t.owner.kind !== 'StatefulSet') return undefined;
  let out: number[] | undefined;
  const name = selector['statefulset.kubernetes.io/pod-name'];
  if (name !== undefined && t.labels['statefulset.kubernetes.io/pod-name'] === undefined) out = [Number(name.slice(t.owner.name.length + 1))];
  const index = selector['apps.kubernetes.io/pod-index'];
  if (index !== undefined && t.labels['apps.kubernetes.io/pod-index'] === undefined) {
    const i = Number(index);
    out = out ? out.filter((x) => x === i) : [i];
  }
  return out;
}

/** A custom resource whose pods follow from it: where its pod template and labels are. */
export interface CustomWorkloadKind {
  /** API group (`argoproj.io`). */
  readonly apiGroup: string;
  readonly kind: string;
  /** Dotted path to a pod template (`spec.template`), if it has one. */
  readonly podTemplatePath?: string;
  /** Dotted paths to label maps the operator puts on the pods (`spec.podMetadata.labels`). */
  readonly podLabelsPaths?: readonly string[];
  /** Labels the operator adds, as a function of the resource's name. */
  readonly fixedLabels?: (name: string) => Record<string, string>;
  /** Replicas path (default `spec.replicas`, default 1). */
  readonly replicasPath?: string;
}

/**
 * Operators whose pod labels follow from the resource:
 * - Argo Rollouts `Rollout` (argoproj.io): a Deployment-like `spec.template`
 *   (argo-rollouts pkg/apis/rollouts/v1alpha1/types.go RolloutSpec.Template); a Rollout with
 *   `spec.workloadRef` takes the template of the referenced Deployment (handled by the model:
 *   pods run with that Deployment's template labels). The controller adds `rollouts-pod-template-hash`.
 * - prometheus-operator (monitoring.coreos.com) `Prometheus`, `Alertmanager`, `ThanosRuler`:
 *   the StatefulSet pods carry `app.kubernetes.io/name=<prometheus|alertmanager|thanos-ruler>`,
 *   `app.kubernetes.io/instance=<name>`, `app.kubernetes.io/managed-by=prometheus-operator` and
 *   `<prometheus|alertmanager|thanos-ruler>=<name>`, plus `spec.podMetadata.labels`
 *   (prometheus-operator pkg/prometheus/server/statefulset.go `makeStatefulSetSpec`
 *   podSelectorLabels, pkg/alertmanager/statefulset.go and pkg/thanos/statefulset.go
 *   `makeStatefulSetSpec`). A Prometheus's pods also carry `operator.prometheus.io/name=<name>`
 *   and `operator.prometheus.io/shard=<shard>` (shard 0 unless `spec.shards` > 1; only shard 0 is
 *   modelled).
 */
export const KNOWN_CUSTOM_WORKLOADS: readonly CustomWorkloadKind[] = [
  { apiGroup: 'argoproj.io', kind: 'Rollout', podTemplatePath: 'spec.template' },
  ...(['Prometheus', 'Alertmanager', 'ThanosRuler'] as const).map((kind): CustomWorkloadKind => {
    const app = kind === 'ThanosRuler' ? 'thanos-ruler' : kind.toLowerCase();
    return {
      apiGroup: 'monitoring.coreos.com',
      kind,
      podLabelsPaths: ['spec.podMetadata.labels'],
      fixedLabels: (name) => ({
        'app.kubernetes.io/name': app,
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        [app]: name,
        ...(kind === 'Prometheus' ? { 'operator.prometheus.io/name': name, 'operator.prometheus.io/shard': '0' } : {}),
      }),
    };
  }),
];

/** The value at a dotted path (`spec.template`), or undefined. */
export function atPath(o: any, path: string): any {
  let cur = o;
  for (const part of path.split('.')) {
    if (part === '') continue;
    if (!cur || typeof cur !== 'object') return undefined;
    cur = cur[part];
  }
  return cur;
}

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ''). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Built-in API groups (kube-apiserver's own, k8s.io/api): an object of any other group is a
 * custom resource, whose operator may create pods the model cannot see.
 */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'discovery.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'apiregistration.k8s.io', 'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io', 'resource.k8s.io', 'internal.apiserver.k8s.io', 'storagemigration.k8s.io',
  'extensions', // legacy extensions/v1beta1
]);

/**
 * Whether an object is a custom resource that may create pods. Groups that never run pods of
 * their own (Gateway API, cert-manager, monitoring config objects) are excluded.
 */
export function mayCreatePods(apiVersion: string, kind: string): boolean {
  const group = apiGroupOf(apiVersion);
  if (BUILT_IN_GROUPS.has(group)) return false;
  if (group === 'gateway.networking.k8s.io' || group === 'cert-manager.io' || group === 'acme.cert-manager.io') return false;
  if (group === 'monitoring.coreos.com' && /^(ServiceMonitor|PodMonitor|PrometheusRule|Probe|ScrapeConfig|AlertmanagerConfig)$/.test(kind)) return false;
  return true;
}
