// Selectors: which pods a Service routes to. A cdk8s-plus workload of any of cdk8s-plus-27..34
// is recognised by what it does (`toPodSelectorConfig()`), never by an `instanceof` on one
// version's classes (issue 12); `Selector` adds plain labels, and a raw cdk8s ApiObject workload
// selects its own pods. Everything is resolved lazily, when the Service spec is produced at
// synth, so labels added after construction count.
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { podLabelsOf, WORKLOAD_KINDS } from './model/cluster-model';
import { at, JsonMap } from './model/json';
import { asText } from './model/text';
import {
  ConstructViolation, SELECTOR_EXPRESSIONS, SELECTOR_NAMESPACE, SELECTOR_NO_POD_LABELS,
} from './rules/construct';
import { cachedJson } from './validation';

/** A selector that yields no labels (C4): the Service is emitted without one and gets no endpoints. */
function noPodLabels(value: unknown, message: string, fix: string): { labels: Record<string, string>; violations: ConstructViolation[] } {
  return { labels: {}, violations: [{ rule: SELECTOR_NO_POD_LABELS, field: 'spec.selector', value, message, fix }] };
}

/**
 * The part of a cdk8s-plus `PodSelectorConfig` read here; the same shape in cdk8s-plus-27..34
 * (`pod.d.ts`: `labelSelector: LabelSelector`, `namespaces?: NamespaceSelectorConfig`).
 */
interface PodSelectorConfigLike {
  labelSelector?: { _toKube?: () => { matchLabels?: Record<string, string>; matchExpressions?: any[] } };
  namespaces?: { names?: string[]; labelSelector?: { isEmpty?: () => boolean } };
}

/** A cdk8s-plus `IPodSelector` of any version: a construct with `toPodSelectorConfig()`. */
export function isPodSelectorLike(c: unknown): c is IConstruct & { toPodSelectorConfig(): PodSelectorConfigLike } {
  return typeof (c as any)?.toPodSelectorConfig === 'function';
}

/**
 * The ApiObject a cdk8s-plus resource renders (its `node.defaultChild`, as `ApiObject.of` finds
 * it), or undefined for a selector that is no resource (`Pods.select(...)`).
 */
function resourceObject(c: IConstruct): ApiObject | undefined {
  if (ApiObject.isApiObject(c)) return c;
  const child = (c as any)?.node?.defaultChild;
  return child && ApiObject.isApiObject(child) ? child : undefined;
}

/**
 * The StatefulSet ApiObject behind `c` (a raw `ApiObject` of kind StatefulSet, or a cdk8s-plus
 * `StatefulSet` of any version), or undefined when `c` is not a StatefulSet.
 */
export function statefulSetObject(c: IConstruct): ApiObject | undefined {
  const o = resourceObject(c);
  return o && o.kind === 'StatefulSet' ? o : undefined;
}

/**
 * Pods to route to, for the `selector` of a Service: plain labels, or the pods of a raw cdk8s
 * `ApiObject` workload. (cdk8s-plus workloads such as `kplus.Deployment`, and raw workload
 * ApiObjects, can be passed directly.)
 */
export class Selector extends Construct {
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
   * How the selector was written, for messages: `Selector.labels({"app":"web"})` or
   * `Selector.fromApiObject(<construct path>)`.
   * @internal
   */
  public _describe(): string {
    return this.plainLabels
      ? `Selector.labels(${JSON.stringify(this.plainLabels)})`
      : `Selector.fromApiObject(${this.apiObject!.node.path})`;
  }

  /**
   * The labels, plus what they cannot express for a Service in `serviceNamespace` (C3: a raw
   * workload in another namespace; C4: no labels at all).
   * @internal
   */
  public _resolve(serviceNamespace?: string): { labels: Record<string, string>; violations: ConstructViolation[] } {
    if (this.plainLabels) {
      if (Object.keys(this.plainLabels).length > 0) return { labels: { ...this.plainLabels }, violations: [] };
      return noPodLabels(
        {},
        'Selector.labels({}) names no labels, so the Service is emitted without a selector and the endpoint controller gives it no endpoints (an empty selector selects nothing, not every pod)',
        'name the pod labels to select, e.g. Selector.labels({ app: "web" }), or leave selector out if you manage the endpoints yourself',
      );
    }
    const obj = this.apiObject!;
    let json: JsonMap;
    try {
      json = cachedJson(obj);
    } catch (e) {
      // The workload's own error is reported on it; here the Service only learns no labels.
      return noPodLabels(
        `${obj.kind}/${obj.node.path}`,
        `the ${obj.kind} at ${obj.node.path} cannot be rendered (${firstLine(e)}), so the pods it runs, and their labels, are unknown`,
        `fix the ${obj.kind} at ${obj.node.path} first (its own error is reported with it)`,
      );
    }
    const runsPods = WORKLOAD_KINDS.includes(obj.kind);
    const raw = podLabelsOf(obj.kind, json);
    const labels: Record<string, string> = {};
    if (raw && typeof raw === 'object') {
      for (const [k, v] of Object.entries(raw)) labels[k] = asText(v);
    }
    if (Object.keys(labels).length > 0) {
      const ns = asText(at(json, 'metadata', 'namespace')) || 'default';
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
        message: runsPods
          ? `the ${obj.kind} at ${obj.node.path} has no pod template labels to select its pods by`
          : `the ${obj.kind} at ${obj.node.path} is not a workload that runs pods (expected Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod)`,
        fix: runsPods
          ? 'add labels to the pod template (spec.template.metadata.labels), e.g. { app: "web" }'
          : 'select the workload that runs the pods, or use Selector.labels({...})',
      }],
    };
  }
}

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** Where a selector was defined, for messages (a plain-JavaScript value has no construct path). */
export function selectorPath(selector: any): string {
  const p = selector?.node?.path;
  return typeof p === 'string' && p !== '' ? p : JSON.stringify(selector) ?? String(selector);
}

/**
 * Resolves any IPodSelector into the label map a Service selector can express, plus
 * violations for what it cannot (C2 matchExpressions, C3 other namespaces, C4 no labels).
 * Not exported from the package: service-base.ts is its one caller.
 */
export function resolvePodSelector(selector: IConstruct, serviceNamespace: string):
{ labels: Record<string, string>; violations: ConstructViolation[] } {
  if (selector instanceof Selector) return selector._resolve(serviceNamespace);
  // A raw workload ApiObject (KubeDeployment, ...) selects its own pods, as Selector.fromApiObject does.
  if (ApiObject.isApiObject(selector)) return Selector.fromApiObject(selector)._resolve(serviceNamespace);
  const violations: ConstructViolation[] = [];
  const where = selectorPath(selector);
  if (!isPodSelectorLike(selector)) {
    // Plain JavaScript can pass a label map where a selector belongs, and any construct compiles.
    return noPodLabels(
      where,
      `${where} is not a pod selector (a cdk8s-plus workload, a workload ApiObject or a Selector), so the Service selects no pods`,
      'wrap plain labels as Selector.labels({ app: "web" }), or pass the workload itself',
    );
  }
  let config: PodSelectorConfigLike;
  try {
    config = selector.toPodSelectorConfig();
  } catch (e) {
    return noPodLabels(
      where,
      `the selector at ${where} cannot say which pods it selects: ${firstLine(e)}`,
      'select a workload with labelled pods, or use Selector.labels({...})',
    );
  }
  // Internal in cdk8s-plus, but its own Service does the same (service.ts select()), in every
  // version from cdk8s-plus-27 to -34.
  const kube = config.labelSelector?._toKube?.() ?? {};
  const labels = { ...(kube.matchLabels ?? {}) };
  if (kube.matchExpressions && kube.matchExpressions.length > 0) {
    violations.push({
      rule: SELECTOR_EXPRESSIONS,
      field: 'spec.selector',
      value: kube.matchExpressions.map((x) => `${x.key} ${x.operator}${x.values ? ` ${JSON.stringify(x.values)}` : ''}`),
      message: `the selector at ${where} uses matchExpressions, but a Service selector is a plain label map (cdk8s-plus drops them silently, so the Service would select more pods than meant)`,
      fix: 'select by exact labels only, e.g. Selector.labels({ app: "web" }), and label the pods accordingly',
    });
  }
  if (Object.keys(labels).length === 0 && violations.length === 0) {
    // e.g. kplus.Pods.all(): an empty Service selector selects nothing, it does not mean "every pod".
    violations.push({
      rule: SELECTOR_NO_POD_LABELS,
      field: 'spec.selector',
      value: where,
      message: `the selector at ${where} names no labels, so the Service is emitted without a selector and the endpoint controller gives it no endpoints (an empty selector selects nothing, not every pod)`,
      fix: 'select a workload with labelled pods, or name the labels, e.g. Selector.labels({ app: "web" })',
    });
  }
  const ns = config.namespaces;
  // A cdk8s-plus workload without a namespace leaves `namespaces` out; its pods run where it is
  // applied, `default` for a manifest without one (as Selector.fromApiObject reads it).
  const resource = resourceObject(selector);
  const own = resource ? (resource.metadata.namespace ?? 'default') : undefined;
  if (!ns && own !== undefined && own !== serviceNamespace) {
    violations.push({
      rule: SELECTOR_NAMESPACE,
      field: 'spec.selector',
      value: own,
      message: `the workload at ${where} runs its pods in namespace "${own}", but a Service only routes to pods in its own namespace "${serviceNamespace}"`,
      fix: `put the Service in namespace "${own}" (metadata.namespace), or select a workload in "${serviceNamespace}"`,
    });
  }
  if (ns) {
    const names = ns.names ?? [];
    const byLabels = ns.labelSelector && typeof ns.labelSelector.isEmpty === 'function' && !ns.labelSelector.isEmpty();
    if (byLabels || names.length === 0 || names.some((n) => n !== serviceNamespace)) {
      violations.push({
        rule: SELECTOR_NAMESPACE,
        field: 'spec.selector',
        value: byLabels ? 'namespaces selected by labels' : (names.length ? names.join(',') : 'all namespaces'),
        message: `the selector at ${where} selects pods outside the Service's namespace "${serviceNamespace}", but a Service only routes to pods in its own namespace`,
        fix: `put the Service in the pods' namespace (metadata.namespace), or select pods in "${serviceNamespace}"`,
      });
    }
  }
  return { labels, violations };
}
