// Selectors: which pods a Service routes to. cdk8s-plus workloads are IPodSelectors already;
// `Selector` adds plain labels and raw cdk8s ApiObject workloads. Everything is resolved lazily,
// when the Service spec is produced at synth, so labels added after construction count.
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { asText } from './model/text';
import {
  ConstructViolation, SELECTOR_EXPRESSIONS, SELECTOR_NAMESPACE, SELECTOR_NO_POD_LABELS,
} from './rules/construct';
import { cachedJson } from './validation';

/** Where each workload kind keeps its pod template labels. */
const POD_LABELS: Record<string, ((o: any) => any) | undefined> = {
  Deployment: (o) => o.spec?.template?.metadata?.labels,
  StatefulSet: (o) => o.spec?.template?.metadata?.labels,
  DaemonSet: (o) => o.spec?.template?.metadata?.labels,
  ReplicaSet: (o) => o.spec?.template?.metadata?.labels,
  ReplicationController: (o) => o.spec?.template?.metadata?.labels,
  Job: (o) => o.spec?.template?.metadata?.labels,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template?.metadata?.labels,
  Pod: (o) => o.metadata?.labels,
};

/**
 * Pods to route to, for the `selector` of a Service: plain labels, or the pods of a raw cdk8s
 * `ApiObject` workload. (cdk8s-plus workloads such as `kplus.Deployment` can be passed directly.)
 */
export class Selector extends Construct implements kplus.IPodSelector {
  /**
   * Pods carrying every one of these labels.
   */
  public static labels(labels: { [key: string]: string }): Selector {
    return new Selector({ ...labels }, undefined);
  }

  /**
   * The pods of a raw cdk8s workload: a `KubeDeployment`, `KubeStatefulSet`, `KubeDaemonSet`,
   * `KubeReplicaSet`, `KubeJob`, `KubeCronJob` or `KubePod`, or any `ApiObject` of those kinds.
   * The pod template labels are read when the app is synthesized.
   */
  public static fromApiObject(apiObject: ApiObject): Selector {
    return new Selector(undefined, apiObject);
  }

  private constructor(
    private readonly plainLabels: { [key: string]: string } | undefined,
    private readonly apiObject: ApiObject | undefined,
  ) {
    // A selector is a value, not part of the construct tree: a detached root node.
    super(undefined as any, '');
  }

  /**
   * The selector as cdk8s-plus sees it (label matching only).
   */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return { labelSelector: kplus.LabelSelector.of({ labels: this._resolve().labels }) };
  }

  /**
   * The labels, plus what they cannot express for a Service in `serviceNamespace` (C3: a raw
   * workload in another namespace; C4: no labels at all).
   * @internal
   */
  public _resolve(serviceNamespace?: string): { labels: Record<string, string>; violations: ConstructViolation[] } {
    if (this.plainLabels) {
      if (Object.keys(this.plainLabels).length > 0) return { labels: { ...this.plainLabels }, violations: [] };
      return {
        labels: {},
        violations: [{
          rule: SELECTOR_NO_POD_LABELS,
          field: 'spec.selector',
          value: {},
          message: 'Selector.labels({}) names no labels, so the Service is emitted without a selector and the endpoint controller gives it no endpoints (an empty selector selects nothing, not every pod)',
          fix: 'name the pod labels to select, e.g. Selector.labels({ app: "web" }), or leave selector out if you manage the endpoints yourself',
        }],
      };
    }
    const obj = this.apiObject!;
    const json = cachedJson(obj);
    const extract: ((o: any) => any) | undefined = POD_LABELS[obj.kind];
    const raw = extract?.(json);
    const labels: Record<string, string> = {};
    if (raw && typeof raw === 'object') {
      for (const [k, v] of Object.entries(raw)) labels[k] = asText(v);
    }
    if (Object.keys(labels).length > 0) {
      const ns = asText(json?.metadata?.namespace) || 'default';
      if (serviceNamespace === undefined || ns === serviceNamespace) return { labels, violations: [] };
      return {
        labels,
        violations: [{
          rule: SELECTOR_NAMESPACE,
          field: 'spec.selector',
          value: `${obj.kind}/${ns}/${obj.name}`,
          message: `the ${obj.kind} at ${obj.node.path} runs its pods in namespace "${ns}", but a Service only routes to pods in its own namespace "${serviceNamespace}"`,
          fix: `put the Service in namespace "${ns}" (metadata.namespace), or select a workload in "${serviceNamespace}"`,
        }],
      };
    }
    return {
      labels,
      violations: [{
        rule: SELECTOR_NO_POD_LABELS,
        field: 'spec.selector',
        value: `${obj.kind}/${obj.name}`,
        message: extract
          ? `the ${obj.kind} at ${obj.node.path} has no pod template labels to select its pods by`
          : `the ${obj.kind} at ${obj.node.path} is not a workload that runs pods (expected Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod)`,
        fix: extract
          ? 'add labels to the pod template (spec.template.metadata.labels), e.g. { app: "web" }'
          : 'select the workload that runs the pods, or use Selector.labels({...})',
      }],
    };
  }
}

/**
 * Resolves any IPodSelector into the label map a Service selector can express, plus
 * violations for what it cannot (C2 matchExpressions, C3 other namespaces).
 * @internal
 */
export function resolvePodSelector(selector: kplus.IPodSelector, serviceNamespace: string):
{ labels: Record<string, string>; violations: ConstructViolation[] } {
  if (selector instanceof Selector) return selector._resolve(serviceNamespace);
  const violations: ConstructViolation[] = [];
  let config: kplus.PodSelectorConfig;
  try {
    config = selector.toPodSelectorConfig();
  } catch (e) {
    return {
      labels: {},
      violations: [{
        rule: SELECTOR_NO_POD_LABELS,
        field: 'spec.selector',
        value: selector.node.path,
        message: `the selector at ${selector.node.path} cannot say which pods it selects: ${(e as Error).message}`,
        fix: 'select a workload with labelled pods, or use Selector.labels({...})',
      }],
    };
  }
  // Internal in cdk8s-plus, but its own Service does the same (service.ts select()).
  const kube = (config.labelSelector as any)._toKube() as { matchLabels?: Record<string, string>; matchExpressions?: any[] };
  const labels = { ...(kube.matchLabels ?? {}) };
  if (kube.matchExpressions && kube.matchExpressions.length > 0) {
    violations.push({
      rule: SELECTOR_EXPRESSIONS,
      field: 'spec.selector',
      value: kube.matchExpressions.map((x) => `${x.key} ${x.operator}${x.values ? ` ${JSON.stringify(x.values)}` : ''}`),
      message: `the selector at ${selector.node.path} uses matchExpressions, but a Service selector is a plain label map (cdk8s-plus drops them silently, so the Service would select more pods than meant)`,
      fix: 'select by exact labels only, e.g. Selector.labels({ app: "web" }), and label the pods accordingly',
    });
  }
  const ns = config.namespaces;
  if (ns) {
    const names = ns.names ?? [];
    const byLabels = ns.labelSelector && !ns.labelSelector.isEmpty();
    if (byLabels || names.length === 0 || names.some((n) => n !== serviceNamespace)) {
      violations.push({
        rule: SELECTOR_NAMESPACE,
        field: 'spec.selector',
        value: byLabels ? 'namespaces selected by labels' : (names.length ? names.join(',') : 'all namespaces'),
        message: `the selector at ${selector.node.path} selects pods outside the Service's namespace "${serviceNamespace}", but a Service only routes to pods in its own namespace`,
        fix: `put the Service in the pods' namespace (metadata.namespace), or select pods in "${serviceNamespace}"`,
      });
    }
  }
  return { labels, violations };
}
