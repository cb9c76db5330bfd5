// ClusterModel: the one model every output reads (DESIGN.md "The one model").
// Built from plain Kubernetes JSON objects; it knows nothing of cdk8s, so it serves YAML from
// any tool as well as a synthesized app.
import { DecodeError, serviceDecodeErrors } from './decode';
import { defaultServiceSpec, isHeadless } from './defaults';
import { describeProblem, inspectValue } from './input';
import { asList, asMap, at, JsonMap, setEntry } from './json';
import { collectNetworkObject, emptyNetwork, NetworkObjects } from './network';
import { collectDeclaredPorts, DeclaredPort } from './pods';
import { ServicePortSpec, ServiceSpec } from './service-spec';
import { asText } from './text';
import { atPath, controllerLabelMatches, CONTROLLER_LABEL_KEYS, KNOWN_CUSTOM_WORKLOADS, apiGroupOf, CustomWorkloadKind, mayCreatePods } from './workloads';

/** Where an object came from, for messages. */
export interface ObjectSource {
  /** File the object was read from. */
  file?: string;
  /** 1-based line of the document in `file`. */
  line?: number;
  /** 0-based index of the document in `file`. */
  document?: number;
  /** Construct path of the ApiObject that produced it. */
  constructPath?: string;
}

/** A manifest plus where it came from. */
export interface SourcedObject {
  /** The manifest: a map (the readers give nothing else; the model skips a value that is not an object). */
  object: JsonMap;
  source?: ObjectSource;
  /**
   * The reader already held the object within the input limits (load.ts: inspectValue of its
   * document, or a document yaml-fast.ts read, which has no alias and is within the depth): the
   * model does not walk it again.
   * @default false: the model checks it
   */
  bounded?: boolean;
}

/** Any Kubernetes object in the model. */
export interface ModelObject {
  /** The manifest exactly as given (a map: the model holds no other object). */
  raw: JsonMap;
  apiVersion: string;
  kind: string;
  name: string;
  /** `metadata.namespace`, or `default` when absent (what `kubectl apply` does). */
  namespace: string;
  /** `Kind/namespace/name`. */
  ref: string;
  /** True when `metadata.name` is absent or empty: the API server names it from `generateName` at each create. */
  nameIsGenerated: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source: ObjectSource;
}

/** A port of a Service's defaulted spec, with its index in `spec.ports`. */
export interface IndexedPort {
  index: number;
  /** The defaulted ServicePort (always an object: defaulting turns `null` into `{}`). */
  p: ServicePortSpec;
  /** The port as written in the manifest, before defaulting (`{}` when it is not an object). */
  raw: JsonMap;
}

/** A Service, with its spec as the API server holds it after defaulting (DF1-DF9, A1). */
export interface ServiceModel extends ModelObject {
  kind: 'Service';
  /** Defaulted copy of `raw.spec`. Rules read this. */
  spec: ServiceSpec;
  /** `spec.type` after defaulting. */
  type: string;
  headless: boolean;
  /** The selector as a label map, or undefined when absent or empty (O7: `{}` is no selector). */
  selector?: Record<string, string>;
  /** `spec.ports` with their indexes, computed once for every rule that reads ports. */
  ports: IndexedPort[];
}

/** The pods a workload runs, as described by its pod template. */
export interface PodTemplateModel {
  /** The object that owns the template (a Deployment, a bare Pod, ...). */
  owner: ModelObject;
  namespace: string;
  /** Pod labels (`template.metadata.labels`, or the Pod's own labels). */
  labels: Record<string, string>;
  /** The PodSpec as written (a map; `{}` when the template has none). */
  spec: JsonMap;
  /** How many pods it runs; DaemonSets are `perNode`. */
  replicas: number;
  /** True for a DaemonSet: one pod per node. */
  perNode: boolean;
  /** `spec.serviceName` for a StatefulSet. */
  serviceName?: string;
  /** Pod template metadata as written (annotations and more; `{}` when none). */
  metadata: JsonMap;
  /** The ports the PodSpec declares, in E4 search order (`collectDeclaredPorts`). */
  ports: DeclaredPort[];
  /** True when the pods come from a custom resource's operator (Argo Rollout, Prometheus, ...). */
  custom?: boolean;
  /**
   * True when the operator builds the containers itself (Prometheus, Alertmanager, ThanosRuler:
   * no pod template in the resource), so the model does not know their ports: port rules skip it.
   */
  portsUnknown?: boolean;
}

/** A workload the API server refuses (its pods never run), with why (rule X9 reports it). */
export interface RefusedWorkload {
  object: ModelObject;
  /** Field at fault. */
  field: string;
  value: unknown;
  /** What the API server says, e.g. `selector does not match template labels`. */
  reason: string;
}

/** A user-declared custom resource that creates pods (ValidationOptions.customWorkloads). */
export interface CustomWorkloadDeclaration {
  readonly kind: string;
  readonly apiGroup?: string;
  readonly podTemplatePath?: string;
  readonly podLabelsPaths?: string[];
}

/** A dotted path of field names (`spec.template`). */
const DOTTED_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const CUSTOM_WORKLOAD_FIELDS = ['kind', 'apiGroup', 'podTemplatePath', 'podLabelsPaths'];

/**
 * Checks custom workload declarations read from YAML or JSON (cdk8s context, the plugin's
 * properties, `verify --custom-workload`), which give any shape; throws one message a person can
 * read, naming `where`, for a malformed one.
 */
export function customWorkloadsFrom(v: unknown, where: string): CustomWorkloadDeclaration[] | undefined {
  if (v === undefined || v === null) return undefined;
  const example = 'e.g. [{ kind: Cache, apiGroup: cache.example.io, podTemplatePath: spec.template }]';
  if (!Array.isArray(v)) throw new Error(`${where} must be a list of { kind, apiGroup, podTemplatePath, podLabelsPaths }, ${example}`);
  return v.map((item: unknown, i: number): CustomWorkloadDeclaration => {
    const c = item as JsonMap;
    const entry = `${where}[${i}]`;
    if (!c || typeof c !== 'object' || Array.isArray(c)) throw new Error(`${entry} must be a mapping { kind, apiGroup, podTemplatePath, podLabelsPaths }, ${example}`);
    const unknown = Object.keys(c).filter((k) => !CUSTOM_WORKLOAD_FIELDS.includes(k));
    if (unknown.length > 0) throw new Error(`${entry} has unknown field ${JSON.stringify(unknown[0])}; the fields are ${CUSTOM_WORKLOAD_FIELDS.join(', ')}`);
    if (typeof c.kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(c.kind)) throw new Error(`${entry}.kind must be a kind such as "Cache", not ${JSON.stringify(c.kind)}`);
    if (c.apiGroup !== undefined && (typeof c.apiGroup !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(c.apiGroup))) {
      throw new Error(`${entry}.apiGroup must be an API group such as "cache.example.io" (without the version), not ${JSON.stringify(c.apiGroup)}`);
    }
    if (c.podTemplatePath !== undefined && (typeof c.podTemplatePath !== 'string' || !DOTTED_PATH.test(c.podTemplatePath))) {
      throw new Error(`${entry}.podTemplatePath must be a dotted path such as "spec.template", not ${JSON.stringify(c.podTemplatePath)}`);
    }
    const labels = c.podLabelsPaths;
    if (labels !== undefined && (!Array.isArray(labels) || labels.some((p: unknown) => typeof p !== 'string' || !DOTTED_PATH.test(p)))) {
      throw new Error(`${entry}.podLabelsPaths must be a list of dotted paths such as ["spec.podMetadata.labels"], not ${JSON.stringify(labels)}`);
    }
    if (c.podTemplatePath === undefined && (labels === undefined || labels.length === 0)) {
      throw new Error(`${entry} (kind ${c.kind}) needs podTemplatePath or podLabelsPaths: where the pods' labels come from`);
    }
    return { kind: c.kind, apiGroup: c.apiGroup, podTemplatePath: c.podTemplatePath, podLabelsPaths: labels };
  });
}

/** Options of a model build. */
export interface ClusterModelOptions {
  /** More custom resources whose pods the model should know. */
  readonly customWorkloads?: CustomWorkloadDeclaration[];
}

/** Whether `labels` satisfy a metav1.LabelSelector (matchLabels and matchExpressions). */
export function labelSelectorMatches(sel: unknown, labels: Record<string, string>): boolean {
  const ml = at(sel, 'matchLabels');
  if (ml && typeof ml === 'object') {
    for (const k of Object.keys(ml)) if (labels[k] !== asText((ml as JsonMap)[k])) return false;
  }
  for (const e of asList(at(sel, 'matchExpressions'))) {
    const key = at(e, 'key') as string;
    const values: string[] = asList(at(e, 'values')).map((v) => asText(v));
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (at(e, 'operator')) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function selectorIsEmpty(sel: unknown): boolean {
  if (!sel || typeof sel !== 'object') return true;
  const matchLabels = at(sel, 'matchLabels');
  const ml = matchLabels && typeof matchLabels === 'object' ? Object.keys(matchLabels).length : 0;
  const me = asList(at(sel, 'matchExpressions')).length;
  return ml + me === 0;
}

/**
 * Why the API server refuses a workload's selector, or undefined (kubernetes/kubernetes
 * pkg/apis/apps/validation/validation.go):
 * - Deployment and ReplicaSet (`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`) and StatefulSet
 *   (`ValidateStatefulSetSpec`): `spec.selector` is required ("Required value") and non-empty
 *   ("empty selector is invalid for deployment", the ReplicaSet check reuses that text; "... for
 *   statefulset"), and `ValidatePodTemplateSpecForReplicaSet` / `...ForStatefulSet` refuse a
 *   template whose labels it does not match ("`selector` does not match template `labels`").
 * - DaemonSet (`ValidateDaemonSetSpec`): a selector that does not match the template labels (an
 *   absent one matches nothing, so it gets that message) and an empty one ("empty selector is invalid
 *   for daemonset").
 * - Job with `manualSelector: true` (pkg/apis/batch/validation/validation.go `ValidateJobSpec`):
 *   the selector is required and must match the template labels; an empty one matches every pod,
 *   so it is accepted. Without manualSelector the selector is generated (generateSelector).
 * ReplicationController defaults an absent selector to the template labels.
 */
function workloadRefusal(o: JsonMap, kind: string, apiVersion: string, labels: Record<string, string>): Omit<RefusedWorkload, 'object'> | undefined {
  const apps = apiVersion === 'apps/v1' && (kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'DaemonSet');
  const manualJob = apiVersion === 'batch/v1' && kind === 'Job' && at(o, 'spec', 'manualSelector') === true;
  if (!apps && !manualJob) return undefined;
  const sel = at(o, 'spec', 'selector');
  const absent = sel === undefined || sel === null;
  if (absent && kind !== 'DaemonSet') return { field: 'spec.selector', value: sel, reason: 'spec.selector: Required value' };
  if (!absent && apps && selectorIsEmpty(sel)) {
    const text = `empty selector is invalid for ${kind === 'StatefulSet' || kind === 'DaemonSet' ? kind.toLowerCase() : 'deployment'}`;
    return { field: 'spec.selector', value: sel, reason: text };
  }
  if (absent || !labelSelectorMatches(sel, labels)) {
    return { field: 'spec.template.metadata.labels', value: labels, reason: '`selector` does not match template `labels`' };
  }
  return undefined;
}

/** Kinds whose objects carry a pod template, and where it is. */
/** Where a workload's pods come from: its pod template as written and its replicas (a number when valid). */
interface FoundTemplate {
  template: unknown;
  replicas: unknown;
  perNode?: boolean;
}

/** Kinds whose objects carry a pod template, and where it is. */
const TEMPLATE_KINDS: Record<string, (o: JsonMap) => FoundTemplate | undefined> = {
  Deployment: (o) => ({ template: at(o, 'spec', 'template'), replicas: at(o, 'spec', 'replicas') ?? 1 }),
  ReplicaSet: (o) => ({ template: at(o, 'spec', 'template'), replicas: at(o, 'spec', 'replicas') ?? 1 }),
  ReplicationController: (o) => ({ template: at(o, 'spec', 'template'), replicas: at(o, 'spec', 'replicas') ?? 1 }),
  StatefulSet: (o) => ({ template: at(o, 'spec', 'template'), replicas: at(o, 'spec', 'replicas') ?? 1 }),
  DaemonSet: (o) => ({ template: at(o, 'spec', 'template'), replicas: 1, perNode: true }),
  Job: (o) => ({ template: at(o, 'spec', 'template'), replicas: at(o, 'spec', 'parallelism') ?? 1 }),
  CronJob: (o) => ({ template: at(o, 'spec', 'jobTemplate', 'spec', 'template'), replicas: at(o, 'spec', 'jobTemplate', 'spec', 'parallelism') ?? 1 }),
  Pod: (o) => ({ template: { metadata: o.metadata, spec: o.spec }, replicas: 1 }),
};

/** The kinds that run pods. */
export const WORKLOAD_KINDS = Object.keys(TEMPLATE_KINDS);

/**
 * The pod labels a workload of `kind` writes (its pod template's `metadata.labels`, a Pod's own),
 * as written; undefined for a kind that runs no pods. The one map of where each kind keeps them:
 * the model and `Selector.fromApiObject` both read it.
 */
export function podLabelsOf(kind: string, object: unknown): unknown {
  // An own property only: `kind: __proto__` or `kind: constructor` is no workload (issue 17).
  const extract = Object.prototype.hasOwnProperty.call(TEMPLATE_KINDS, kind) ? TEMPLATE_KINDS[kind] : undefined;
  const map = asMap(object);
  return map && extract ? at(extract(map)?.template, 'metadata', 'labels') : undefined;
}

/** The map of an absent labels/annotations/selector field: one shared, frozen empty map. */
const NO_ENTRIES: Record<string, string> = Object.freeze({}) as Record<string, string>;

function stringMap(value: unknown): Record<string, string> {
  const v = asMap(value);
  if (!v) return NO_ENTRIES;
  const keys = Object.keys(v);
  if (keys.length === 0) return NO_ENTRIES;
  const out: Record<string, string> = {};
  for (const k of keys) {
    const val = v[k];
    const text = typeof val === 'string' ? val : (val === null || val === undefined ? '' : asText(val));
    setEntry(out, k, text);
  }
  return out;
}

function rawPortAt(rawSpec: unknown, index: number): JsonMap {
  const p = at(rawSpec, 'ports', String(index));
  return p && typeof p === 'object' ? (p as JsonMap) : {};
}

function toModelObject(o: JsonMap, source: ObjectSource = {}): ModelObject {
  const md = asMap(o.metadata) ?? {};
  const named = typeof md.name === 'string' && md.name !== '';
  const name = named ? md.name as string : (typeof md.generateName === 'string' ? md.generateName : '');
  const namespace = typeof md.namespace === 'string' && md.namespace !== '' ? md.namespace : 'default';
  const kind = asText(o.kind ?? '');
  return {
    raw: o,
    apiVersion: asText(o.apiVersion ?? ''),
    kind,
    name,
    namespace,
    ref: `${kind}/${namespace}/${name}`,
    nameIsGenerated: !named,
    labels: stringMap(md.labels),
    annotations: stringMap(md.annotations),
    source,
  };
}

/** How an input error names a manifest: `manifest 3 (Service web)`, with its file and line when known. */
function manifestName(o: unknown, index: number, source: ObjectSource = {}): string {
  const k = at(o, 'kind');
  const n = at(o, 'metadata', 'name');
  const kind = typeof k === 'string' ? k : '';
  const name = typeof n === 'string' ? n : '';
  const what = kind || name ? ` (${[kind, name].filter((x) => x !== '').join(' ').slice(0, 80)})` : '';
  const where = source.file !== undefined ? ` in ${source.file}${source.line !== undefined ? `:${source.line}` : ''}` : source.constructPath !== undefined ? ` at ${source.constructPath}` : '';
  return `manifest ${index + 1}${what}${where}`;
}

/** The set of objects a check, a simulation or a harness reads. */
export class ClusterModel {
  /** Builds a model from manifests (plain JSON, e.g. `ApiObject.toJson()` or parsed YAML). */
  public static fromObjects(objects: unknown[], options?: ClusterModelOptions): ClusterModel {
    return new ClusterModel(objects.map((object) => ({ object: object as JsonMap })), options);
  }

  /** Builds a model from manifests that carry where they came from. */
  public static fromSourced(objects: SourcedObject[], options?: ClusterModelOptions): ClusterModel {
    return new ClusterModel(objects, options);
  }

  public readonly objects: ModelObject[] = [];
  public readonly services: ServiceModel[] = [];
  public readonly podTemplates: PodTemplateModel[] = [];
  /**
   * Services the API server refuses at decode (a field of the wrong JSON type, 400
   * BadRequest): never created, so they are not in `services` (rule T1 reports them).
   */
  public readonly undecodable: Array<{ object: ModelObject; errors: DecodeError[] }> = [];
  /** Node objects given in the manifests (LocalCluster uses them as the cluster's nodes). */
  public readonly nodes: ModelObject[] = [];
  /**
   * Manifests past the input limits (src/model/input.ts: nested too deep, too large once shared
   * objects are expanded, a cycle, a value JSON cannot write): kept out of the model, one line each.
   */
  public readonly inputErrors: string[] = [];
  /** Workloads the API server refuses: they run no pods, so they are not in `podTemplates`. */
  public readonly refusedWorkloads: RefusedWorkload[] = [];
  /** Namespaces holding a custom resource that may create pods the model does not know. */
  public readonly namespacesWithCustomResources = new Set<string>();
  /**
   * NetworkPolicies, Ingresses, Gateway API routes and ReferenceGrants, and Namespace objects
   * (src/model/network.ts): what the reachability simulation and the N rules read.
   */
  public readonly network: NetworkObjects = emptyNetwork();

  /** namespace -> "key=value" -> templates carrying that label. */
  private readonly labelIndex = new Map<string, Map<string, PodTemplateModel[]>>();
  /** namespace -> its templates (for selectors on controller labels only). */
  private readonly byNamespace = new Map<string, PodTemplateModel[]>();
  /** `templatesOf` results. */
  private readonly selected = new Map<ServiceModel, PodTemplateModel[]>();
  private readonly customKinds: CustomWorkloadKind[];

  private constructor(sourced: SourcedObject[], options: ClusterModelOptions = {}) {
    this.customKinds = [...KNOWN_CUSTOM_WORKLOADS, ...(options.customWorkloads ?? []).map((c): CustomWorkloadKind => ({
      apiGroup: c.apiGroup ?? '*', kind: c.kind, podTemplatePath: c.podTemplatePath, podLabelsPaths: c.podLabelsPaths,
    }))];
    for (let i = 0; i < sourced.length; i++) {
      const { object, source, bounded } = sourced[i];
      if (!object || typeof object !== 'object') continue;
      // Untrusted input: past the limits, every later copy or walk could overflow the stack or memory.
      const problem = bounded === true ? undefined : inspectValue(object);
      if (problem) {
        this.inputErrors.push(describeProblem(manifestName(object, i, source), problem));
        continue;
      }
      if (object.kind === 'List' && Array.isArray(object.items)) {
        // As ever: an item that is not an object is no object (toModelObject reads any object).
        for (const item of object.items) if (item && typeof item === 'object') this.add(item as JsonMap, source);
        continue;
      }
      this.add(object, source);
    }
  }

  /**
   * The pod templates in `namespace` whose labels carry every `key=value` of `selector`,
   * found through a label index (never a scan of all templates).
   */
  public selectPodTemplates(namespace: string, selector: Record<string, string>): PodTemplateModel[] {
    const ns = this.labelIndex.get(namespace);
    const keys = Object.keys(selector);
    if (!ns || keys.length === 0) return [];
    for (const k of keys) if (CONTROLLER_LABEL_KEYS.has(k)) return this.selectWithControllerLabels(namespace, selector);
    let smallest: PodTemplateModel[] | undefined;
    for (const k of keys) {
      const hit = ns.get(`${k}=${selector[k]}`);
      if (!hit) return [];
      if (!smallest || hit.length < smallest.length) smallest = hit;
    }
    // Runs for every Service at every synth: plain loops, no closure per template.
    const out: PodTemplateModel[] = [];
    for (const t of smallest!) {
      let all = true;
      for (const k of keys) {
        if (t.labels[k] !== selector[k]) {
          all = false;
          break;
        }
      }
      if (all) out.push(t);
    }
    return out;
  }

  /**
   * Second path of `selectPodTemplates`, for a selector naming a label a controller adds
   * (workloads.ts CONTROLLER_LABEL_KEYS): template labels through the index, then the
   * controller labels per candidate (a label the template sets itself wins, as on the pod).
   */
  private selectWithControllerLabels(namespace: string, selector: Record<string, string>): PodTemplateModel[] {
    const plain: Record<string, string> = {};
    const controller: string[] = [];
    for (const k of Object.keys(selector)) {
      if (CONTROLLER_LABEL_KEYS.has(k)) controller.push(k);
      else plain[k] = selector[k];
    }
    const candidates = Object.keys(plain).length > 0 ? this.selectPodTemplates(namespace, plain) : (this.byNamespace.get(namespace) ?? []);
    return candidates.filter((t) => controller.every((k) => (t.labels[k] !== undefined
      ? t.labels[k] === selector[k]
      : controllerLabelMatches(t, k, selector[k]))));
  }

  /**
   * The pod templates a Service selects (E1: its own namespace, every selector label), computed
   * once per Service: several rules ask.
   */
  public templatesOf(svc: ServiceModel): PodTemplateModel[] {
    let hit = this.selected.get(svc);
    if (!hit) {
      hit = svc.selector ? this.selectPodTemplates(svc.namespace, svc.selector) : [];
      this.selected.set(svc, hit);
    }
    return hit;
  }

  /** The Services in a namespace with a given name (normally zero or one). */
  public findServices(namespace: string, name: string): ServiceModel[] {
    return this.services.filter((s) => s.namespace === namespace && s.name === name);
  }

  /** The pod template a custom resource's operator runs (workloads.ts KNOWN_CUSTOM_WORKLOADS, or declared). */
  private customTemplate(c: CustomWorkloadKind, o: JsonMap, name: string): FoundTemplate | undefined {
    const template = c.podTemplatePath ? atPath(o, c.podTemplatePath) : undefined;
    const labels: Record<string, string> = {};
    Object.assign(labels, stringMap(at(template, 'metadata', 'labels')));
    for (const path of c.podLabelsPaths ?? []) Object.assign(labels, stringMap(atPath(o, path)));
    if (c.fixedLabels) Object.assign(labels, c.fixedLabels(name));
    if (Object.keys(labels).length === 0) return undefined;
    const replicas = atPath(o, c.replicasPath ?? 'spec.replicas');
    return {
      template: { metadata: { ...(asMap(at(template, 'metadata')) ?? {}), labels }, spec: at(template, 'spec') ?? {} },
      replicas: typeof replicas === 'number' ? replicas : 1,
    };
  }

  private add(o: JsonMap, source: ObjectSource = {}) {
    const base = toModelObject(o, source);
    // `kind: Service` of another API group (Knative's serving.knative.dev/v1 Service) is not a
    // Kubernetes Service: kept as a plain object, never checked as one.
    if (base.kind === 'Service' && !base.apiVersion.includes('/')) {
      const errors = serviceDecodeErrors(o);
      if (errors.length > 0) {
        this.objects.push(base);
        this.undecodable.push({ object: base, errors });
        return;
      }
      const spec = defaultServiceSpec(o.spec);
      const selector = stringMap(spec.selector);
      // Written out rather than spread from `base`: one object shape for every Service, built at every synth.
      const svc: ServiceModel = {
        raw: base.raw,
        apiVersion: base.apiVersion,
        kind: 'Service',
        name: base.name,
        namespace: base.namespace,
        ref: base.ref,
        nameIsGenerated: base.nameIsGenerated,
        labels: base.labels,
        annotations: base.annotations,
        source: base.source,
        spec,
        type: asText(spec.type),
        headless: isHeadless(spec),
        selector: Object.keys(selector).length > 0 ? selector : undefined,
        ports: Array.isArray(spec.ports) ? spec.ports.map((p, index) => ({ index, p, raw: rawPortAt(o.spec, index) })) : [],
      };
      this.objects.push(svc);
      this.services.push(svc);
      return;
    }
    this.objects.push(base);
    if (collectNetworkObject(this.network, base)) return;
    if (base.kind === 'Node') {
      this.nodes.push(base);
      return;
    }
    const group = apiGroupOf(base.apiVersion);
    const custom = base.apiVersion.includes('.') ? this.customKinds.find((c) => c.kind === base.kind && (c.apiGroup === '*' || c.apiGroup === group)) : undefined;
    let found: FoundTemplate | undefined;
    let labels: Record<string, string>;
    if (custom) {
      found = this.customTemplate(custom, o, base.name);
      if (!found) {
        this.namespacesWithCustomResources.add(base.namespace); // e.g. a Rollout with workloadRef
        return;
      }
      labels = stringMap(at(found.template, 'metadata', 'labels'));
    } else {
      if (mayCreatePods(base.apiVersion, base.kind)) this.namespacesWithCustomResources.add(base.namespace);
      // An own property only: `kind: __proto__` or `kind: constructor` is no workload (issue 17).
      const extract = Object.prototype.hasOwnProperty.call(TEMPLATE_KINDS, base.kind) ? TEMPLATE_KINDS[base.kind] : undefined;
      found = extract?.(o);
      if (!found || !found.template) return;
      labels = stringMap(at(found.template, 'metadata', 'labels'));
      const refused = workloadRefusal(o, base.kind, base.apiVersion, labels);
      if (refused) {
        this.refusedWorkloads.push({ object: base, ...refused });
        return;
      }
    }
    const podSpec = asMap(at(found.template, 'spec')) ?? {};
    const t: PodTemplateModel = {
      owner: base,
      namespace: base.namespace,
      labels,
      spec: podSpec,
      replicas: typeof found.replicas === 'number' ? found.replicas : 1,
      perNode: !!found.perNode,
      serviceName: base.kind === 'StatefulSet' ? at(o, 'spec', 'serviceName') as string | undefined : undefined,
      metadata: asMap(at(found.template, 'metadata')) ?? {},
      ports: collectDeclaredPorts(podSpec),
      custom: custom ? true : undefined,
      portsUnknown: custom && !custom.podTemplatePath ? true : undefined,
    };
    this.podTemplates.push(t);
    const inNs = this.byNamespace.get(t.namespace);
    if (inNs) inNs.push(t);
    else this.byNamespace.set(t.namespace, [t]);
    let ns = this.labelIndex.get(t.namespace);
    if (!ns) this.labelIndex.set(t.namespace, (ns = new Map()));
    for (const k of Object.keys(labels)) {
      const key = `${k}=${labels[k]}`;
      const list = ns.get(key);
      if (list) list.push(t);
      else ns.set(key, [t]);
    }
  }
}
