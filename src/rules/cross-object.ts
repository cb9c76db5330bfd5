// Cross-object rules: what no single manifest shows (DESIGN.md "What validate at synth time covers" 2).
// Every rule here is linear in the number of objects: Services find their pods through the
// model's label index (`selectPodTemplates`) and other objects through maps keyed by
// namespace/name, never by scanning Services x workloads.
import { validationError } from './refusal';
import { Rule, RuleContext, RunCache, Violation, violation } from './rule';
import { ClusterModel, ModelObject, PodTemplateModel, ServiceModel } from '../model/cluster-model';
import { renderValue, RuleCategory, Severity } from '../model/findings';
import { at } from '../model/json';
import { DeclaredPort, findNamedPort } from '../model/pods';
import { closeMatches } from '../model/text';
import { CONTROLLER_LABEL_KEYS } from '../model/workloads';

/** The ports a pod template declares (E4 search order; collected once by the model). */
function declaredPorts(t: PodTemplateModel): DeclaredPort[] {
  return t.ports;
}

/** E4: the first declared port of the template with this name and protocol. */
function resolveNamedPort(t: PodTemplateModel, name: string, protocol: string): DeclaredPort | undefined {
  return findNamedPort(t.ports, name, protocol);
}

/** The pod templates a Service selects (E1: own namespace, label match), memoized by the model. */
export function selectedTemplates(model: ClusterModel, svc: ServiceModel): PodTemplateModel[] {
  return model.templatesOf(svc);
}

/**
 * Runs `check` for every Service the endpoint controller acts on that selects at least one pod
 * template (X1 reports the others), with those templates; returns what it pushed. A plain loop:
 * it runs for every Service at every synth.
 */
function forEachSelecting(model: ClusterModel, check: (svc: ServiceModel, ts: PodTemplateModel[], out: Violation[]) => void): Violation[] {
  const out: Violation[] = [];
  for (const svc of selectingServices(model)) {
    const ts = selectedTemplates(model, svc);
    if (ts.length > 0) check(svc, ts, out);
  }
  return out;
}

/** `Kind name` of a workload, for messages (the namespace is the Service's own). */
function workloadName(o: ModelObject): string {
  return `${o.kind} ${o.name}`;
}

function listWorkloads(ts: PodTemplateModel[]): string {
  const names = [...new Set(ts.map((t) => workloadName(t.owner)))];
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

const selectingCache = new WeakMap<ClusterModel, ServiceModel[]>();

/** Services whose selector the endpoint controller acts on: not ExternalName, selector set (E1). Memoized per model. */
function selectingServices(model: ClusterModel): ServiceModel[] {
  let hit = selectingCache.get(model);
  if (!hit) selectingCache.set(model, (hit = model.services.filter((s) => s.type !== 'ExternalName' && s.selector !== undefined)));
  return hit;
}

/** Where an object came from: its construct path, or `file:line`; '' when unknown. */
function sourceText(o: ModelObject): string {
  if (o.source.constructPath) return o.source.constructPath;
  if (o.source.file) return `${o.source.file}${o.source.line ? `:${o.source.line}` : ''}`;
  return '';
}

/** ` (where)`, for appending to an object's name in a message; '' when unknown. */
function describeSource(o: ModelObject): string {
  const where = sourceText(o);
  return where === '' ? '' : ` (${where})`;
}

/**
 * Whether a workload of the Service's namespace is a near miss of its selector: it shares a
 * key=value pair with it, or a key or value is a typo of one of its labels (closeMatches). Then
 * the selector is provably meant for that workload and matches none of its pods: an error.
 * A selector unlike every workload there is meant for pods deployed some other way (a chart's
 * exporter beside the app's own Deployment), which the manifests cannot show: a warning.
 */
/** A pod template of another namespace whose labels hold every entry of the Service's (non-empty) selector. */
function matchedElsewhere(model: ClusterModel, svc: ServiceModel): PodTemplateModel | undefined {
  const entries = Object.entries(svc.selector ?? {});
  if (entries.length === 0) return undefined;
  return model.podTemplates.find((t) => t.namespace !== svc.namespace && entries.every(([k, v]) => t.labels[k] === v));
}

function nearMiss(model: ClusterModel, svc: ServiceModel): boolean {
  const labelSets: Array<Record<string, string>> = [
    ...model.podTemplates.filter((t) => t.namespace === svc.namespace).map((t) => t.labels),
    ...model.refusedWorkloads.filter((w) => w.object.namespace === svc.namespace).map((w) => {
      const raw: any = w.object.raw;
      const labels = raw?.spec?.template?.metadata?.labels ?? raw?.metadata?.labels;
      return labels && typeof labels === 'object' ? labels as Record<string, string> : {};
    }),
  ];
  const entries = Object.entries(svc.selector ?? {});
  // A controller's label (`statefulset.kubernetes.io/pod-name: db-9`, `job-name: migrte`) names
  // a workload of the namespace, or a typo of one: meant for it.
  const owners = model.podTemplates.filter((t) => t.namespace === svc.namespace).map((t) => t.owner.name);
  if (entries.some(([k, v]) => CONTROLLER_LABEL_KEYS.has(k)
    && owners.some((o) => v === o || v.startsWith(`${o}-`) || closeMatches(v, [o]).length > 0))) return true;
  // A workload of another namespace that the selector matches: the Service is in the wrong one.
  if (matchedElsewhere(model, svc) !== undefined) return true;
  return labelSets.some((labels) => entries.some(([k, v]) => {
    const have = labels[k];
    if (typeof have === 'string' && (have === v || closeMatches(v, [have]).length > 0)) return true;
    return closeMatches(k, Object.keys(labels)).some((key: string) => labels[key] === v);
  }));
}

/** X1 (kube-linter dangling-service, kube-score service-targets-pod): the selector selects no pod template. */
export const selectorMatchesNothing: Rule = {
  id: 'X1',
  name: 'selector-matches-no-pods',
  source: 'Kubernetes: pkg/controller/endpointslice/endpointslice_controller.go syncService lists the pods of the Service\'s namespace that match spec.selector; kube-linter dangling-service; kube-score service-targets-pod',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'A Service selector matches no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, or a known operator resource) in its namespace; a hint where the pods may be made elsewhere (a custom resource in the namespace, a vendor\'s label key, no workload in the input or in the Service\'s namespace, the control-plane, CoreDNS or kube-proxy pods of kube-system); a warning where no workload of the namespace has labels like the selector\'s (a hint when the selector names the Service\'s own app).',
  checkModel: ({ model }) => selectingServices(model)
    .filter((svc) => selectedTemplates(model, svc).length === 0)
    .map((svc) => {
      // A custom resource in the namespace (an apiVersion outside the built-in groups) may make
      // an operator create pods the model cannot see: then "no pods" is not provable, a hint.
      const custom = model.namespacesWithCustomResources.has(svc.namespace);
      // Manifests that hold no workload at all (a Service file checked alone, the pods from
      // another chart or tool) do not show that no pod matches: a hint as well. With any
      // workload in them, in whatever namespace, a Service that matches none is an error.
      const alone = model.podTemplates.length === 0 && model.refusedWorkloads.length === 0;
      // The same for a namespace the input holds no workload of at all (a Service for an agent
      // that a cloud or an operator runs in its own namespace, such as a GPU metrics exporter in
      // gke-managed-system): the pods are deployed elsewhere. Unless a pod template of another
      // namespace carries the labels: then the Service is most likely in the wrong namespace.
      const near = nearMiss(model, svc);
      // A workload of another namespace whose pods carry every label of the selector.
      const elsewhere = matchedElsewhere(model, svc);
      const emptyNamespace = !alone
        && !model.podTemplates.some((t) => t.namespace === svc.namespace)
        && !model.refusedWorkloads.some((w) => w.object.namespace === svc.namespace)
        && !model.podTemplates.some((t) => Object.entries(svc.selector ?? {}).every(([k, v]) => t.labels[k] === v));
      // A selector key under a vendor's domain (`elasticsearch.k8s.elastic.co/cluster-name`,
      // `cnpg.io/cluster`) names labels an operator sets on the pods it creates from its own
      // resource, which may live in other manifests: not provable either.
      const operatorKey = Object.keys(svc.selector ?? {}).find((k) => isVendorLabelKey(k));
      // A selector value that is the Service's own name, or the app its name is made of
      // (`app: api-gateway` for Service api-gateway, `gpu-dcgm-exporter` for
      // gpu-dcgm-exporter-service): the Service was written for that app's pods, which the input
      // does not hold (a folder of Services beside the workloads' own folder), not mistyped.
      const ownApp = Object.values(svc.selector ?? {}).find((v) => typeof v === 'string' && v !== '' && (v === svc.name || svc.name.startsWith(`${v}-`)));
      // Pods every kubeadm-built cluster runs in kube-system without a manifest of the app.
      const component = svc.namespace === 'kube-system' ? clusterComponentOf(svc.selector ?? {}) : undefined;
      if (component !== undefined) {
        return violation(svc, 'spec.selector', svc.selector,
          `selects no pod template of these manifests, but its selector matches ${component}, which a kubeadm-built cluster runs in kube-system without a manifest of yours; `
          + 'on a cluster that does not (a managed control plane: EKS, GKE, AKS run it out of sight), the Service gets no endpoints',
          'nothing to change where the cluster runs these pods (kubeadm, kind); elsewhere, point the Service at endpoints the cluster has, or leave it out',
          Severity.INFO);
      }
      return violation(svc, 'spec.selector', svc.selector,
        operatorKey !== undefined && !custom && !alone
          ? `selects no pod template in namespace "${svc.namespace}"; its key ${operatorKey} is a vendor's label, which an operator sets on pods it creates from a resource these manifests may not hold, so this is not certain, but if no such pod exists the Service gets no endpoints`
          : custom
            ? `selects no pod template in namespace "${svc.namespace}"; the namespace holds custom resources whose operators may create pods that carry these labels, so this is not certain, but if none does the Service gets no endpoints`
            : alone
              ? 'selects no pod template: the manifests hold no workload at all, so its pods, if any, are deployed separately; if none carries these labels the Service gets no endpoints'
              : emptyNamespace
                ? `selects no pod template: the manifests hold no workload in namespace "${svc.namespace}", so its pods, if any, are deployed there separately; if none carries these labels the Service gets no endpoints`
                : elsewhere
                  ? `selects no pod template in namespace "${svc.namespace}", but the pods of ${elsewhere.owner.kind} ${elsewhere.namespace}/${elsewhere.owner.name} in namespace "${elsewhere.namespace}" carry these labels: a Service selects pods of its own namespace only, so it gets no endpoints and every connection fails`
                    + (at(svc.raw, 'metadata', 'namespace') === undefined || at(svc.raw, 'metadata', 'namespace') === '' ? ` (it names no namespace, so it lands in "${svc.namespace}" unless applied with -n ${elsewhere.namespace})` : '')
                  : near
                    ? `selects no pod template in namespace "${svc.namespace}", so the Service gets no endpoints and every connection fails`
                    : `selects no pod template in namespace "${svc.namespace}", and no workload there has labels like these, so its pods may be deployed some other way (another chart or tool); if none carries these labels the Service gets no endpoints`
                      + (ownApp ? ` (a hint: the selector names the Service's own app, "${ownApp}", whose workload these manifests do not hold)` : ''),
        elsewhere
          ? `put the Service in the workload's namespace: metadata.namespace: ${elsewhere.namespace}`
          : 'make the selector equal to the labels of the workload\'s pod template (spec.template.metadata.labels) in the same namespace, '
            + 'or remove the selector if you manage EndpointSlices yourself; if the pods are deployed separately (another chart or tool), '
            + 'check those manifests together; if an operator creates them, declare it (the customWorkloads option, or verify --custom-workload KIND.GROUP=PATH) or disable X1 with that reason',
        // Not provable, and not a mistake a reviewer would agree on either (the pods are made
        // elsewhere): a hint (docs/severity.md, X1).
        custom || alone || emptyNamespace || operatorKey !== undefined || (!near && ownApp) ? Severity.INFO : near ? undefined : Severity.WARNING);
    }),
};

/**
 * The pods of a kubeadm-built cluster that no app manifest holds, by their labels:
 * - the control-plane static pods the kubelet runs from /etc/kubernetes/manifests, labelled
 *   `component: <name>` and `tier: control-plane` (kubeadm cmd/kubeadm/app/util/staticpod/utils.go
 *   ComponentPod);
 * - the CoreDNS Deployment (`k8s-app: kube-dns`) and the kube-proxy DaemonSet (`k8s-app:
 *   kube-proxy`) kubeadm installs as addons (cmd/kubeadm/app/phases/addons/dns and proxy manifests).
 * Services in kube-system select them for metrics scraping (kube-prometheus) and node-local DNS.
 */
const CLUSTER_COMPONENTS: Array<{ labels: Record<string, string>; what: string }> = [
  ...['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((name) => ({
    labels: { component: name, tier: 'control-plane' },
    what: `the ${name} static pods of the control plane (component: ${name})`,
  })),
  { labels: { 'k8s-app': 'kube-dns' }, what: 'the cluster DNS pods (CoreDNS, k8s-app: kube-dns)' },
  { labels: { 'k8s-app': 'kube-proxy' }, what: 'the kube-proxy pods (k8s-app: kube-proxy)' },
];

/** What cluster component pods a non-empty selector matches (every entry a label of theirs), if any. */
function clusterComponentOf(selector: Record<string, string>): string | undefined {
  const entries = Object.entries(selector);
  if (entries.length === 0) return undefined;
  return CLUSTER_COMPONENTS.find((c) => entries.every(([k, v]) => c.labels[k] === v))?.what;
}

/**
 * A label key whose prefix is a domain other than Kubernetes' own (`kubernetes.io`, `k8s.io` and
 * their subdomains, k8s.io/api core/v1 well-known labels) or the common tool prefixes (`helm.sh`):
 * such prefixes are how operators name the labels they set (ECK, CloudNativePG, Strimzi, Zalando).
 */
function isVendorLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash <= 0) return false;
  const domain = key.slice(0, slash).toLowerCase();
  if (!domain.includes('.')) return false;
  return !/(^|\.)(kubernetes\.io|k8s\.io|helm\.sh)$/.test(domain);
}

/** The controller an object names in `metadata.ownerReferences` (`controller: true`), if any. */
function controllerOf(o: ModelObject): { kind: string; name: string } | undefined {
  const refs = at(o.raw, 'metadata', 'ownerReferences');
  if (!Array.isArray(refs)) return undefined;
  const c = refs.find((r: any) => r && r.controller === true && typeof r.kind === 'string' && typeof r.name === 'string');
  return c ? { kind: c.kind, name: c.name } : undefined;
}

const topOwnerCache = new WeakMap<ClusterModel, Map<string, ModelObject>>();

/**
 * The workload that ultimately controls a template's owner, following controller
 * ownerReferences through the objects given (a Pod -> its ReplicaSet -> its Deployment), so a
 * `kubectl get deploy,rs,pods -o yaml` dump counts as one workload, not three. An owner that is
 * not among the objects is named by its reference.
 */
function topOwner(model: ClusterModel, o: ModelObject): string {
  let byRef = topOwnerCache.get(model);
  if (!byRef) {
    byRef = new Map(model.objects.map((x) => [x.ref, x] as const));
    topOwnerCache.set(model, byRef);
  }
  let cur = o;
  for (let depth = 0; depth < 5; depth++) {
    const c = controllerOf(cur);
    if (!c) break;
    const ref = `${c.kind}/${cur.namespace}/${c.name}`;
    const next = byRef.get(ref);
    if (!next) return ref;
    cur = next;
  }
  return cur.ref;
}

/** The application name a pod template states: `app.kubernetes.io/name`, else `app`, else `k8s-app`. */
function appNameOf(t: PodTemplateModel): string | undefined {
  return t.labels['app.kubernetes.io/name'] ?? t.labels.app ?? t.labels['k8s-app'];
}

/** The component a pod template states within its app (`app.kubernetes.io/component`, `component`, `tier`, `role`). */
function componentOf(t: PodTemplateModel): string | undefined {
  return t.labels['app.kubernetes.io/component'] ?? t.labels.component ?? t.labels.tier ?? t.labels.role;
}

/** Image repositories of a template's containers, without tag or digest (`reg/web:1.2@sha..` -> `reg/web`). */
function imageRepositories(t: PodTemplateModel): Set<string> {
  const out = new Set<string>();
  for (const c of Array.isArray(t.spec?.containers) ? t.spec.containers : []) {
    if (typeof c?.image !== 'string' || c.image === '') continue;
    const noDigest = c.image.split('@')[0];
    const lastSlash = noDigest.lastIndexOf('/');
    const colon = noDigest.indexOf(':', lastSlash + 1);
    out.add(colon < 0 ? noDigest : noDigest.slice(0, colon));
  }
  return out;
}

/**
 * Whether two selected workloads run different applications, not versions of one app. The
 * version/canary split (v1 and v2 Deployments sharing `app`, differing in `version` or `track`;
 * Istio's bookinfo, Argo Rollouts' canary with two Deployments) shares the Service on purpose,
 * so X2 warns only when the templates say the apps differ:
 * - both state an app name (`app.kubernetes.io/name`, `app`, `k8s-app`) and the names differ
 *   (a too-broad selector such as `part-of: shop` over `web` and `db`); or
 * - one app name (or none stated), and their containers share no image repository (traffic goes
 *   to unrelated programs; a new version usually keeps its image and changes the tag), where,
 *   under one app name, the templates also state different components (`app.kubernetes.io/
 *   component`, `component`, `tier` or `role`: `app: shop` over storefront and payments).
 *   Bookinfo's reviews-v1..v3 differ in image but only in `version`: a version split.
 * Templates without images (a test double) are never compared by image.
 */
function differentApps(a: PodTemplateModel, b: PodTemplateModel): boolean {
  const na = appNameOf(a);
  const nb = appNameOf(b);
  if (na !== undefined && nb !== undefined && na !== nb) return true;
  if (na !== undefined && nb !== undefined && componentOf(a) === componentOf(b)) return false; // versions of one app
  const ia = imageRepositories(a);
  const ib = imageRepositories(b);
  if (ia.size === 0 || ib.size === 0) return false;
  for (const r of ia) if (ib.has(r)) return false;
  return true;
}

/** X2: the selector selects the pods of several workloads that run different applications. */
export const selectorMatchesSeveralWorkloads: Rule = {
  id: 'X2',
  name: 'selector-matches-several-workloads',
  source: 'Kubernetes: pkg/controller/endpointslice/endpointslice_controller.go syncService makes every pod the selector matches an endpoint, whatever workload owns it',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'A Service selector matches the pods of several workloads that run different applications (different app names, or no image in common); a version or canary split of one app, and a headless Service (peer discovery), are not reported.',
  checkModel: ({ model }) => forEachSelecting(model, (svc, ts, out) => {
    if (ts.length < 2) return;
    // A headless Service spreads nothing: DNS hands every pod's address to the client, which is
    // the point of a peer-discovery Service over several workloads (memberlist gossip rings of
    // Tempo, Loki, Mimir: one membership label on each component). docs/simulation.md D4, K1.
    if (svc.headless) return;
    const byOwner = new Map<string, PodTemplateModel>();
    for (const t of ts) {
      const ref = topOwner(model, t.owner);
      if (!byOwner.has(ref)) byOwner.set(ref, t);
    }
    if (byOwner.size < 2) return;
    const entries = [...byOwner.entries()];
    let pair: [string, string] | undefined;
    for (let i = 0; i < entries.length && !pair; i++) {
      for (let j = i + 1; j < entries.length && !pair; j++) {
        if (differentApps(entries[i][1], entries[j][1])) pair = [entries[i][0], entries[j][0]];
      }
    }
    if (!pair) return;
    const label = (ref: string) => { const [kind, , ...name] = ref.split('/'); return `${kind} ${name.join('/')}`; };
    const names = entries.map(([ref]) => label(ref));
    const why = (ref: string) => { const t = byOwner.get(ref)!; const n = appNameOf(t); return n !== undefined ? `app "${n}"` : `image ${[...imageRepositories(t)].join(', ')}`; };
    out.push(violation(svc, 'spec.selector', svc.selector,
      `selects the pods of ${byOwner.size} workloads (${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}) that run different applications `
      + `(${label(pair[0])}: ${why(pair[0])}; ${label(pair[1])}: ${why(pair[1])}); traffic is spread over all of them`,
      'add a label that only the intended workload\'s pod template carries (e.g. app.kubernetes.io/name) and select on it; '
      + 'if spreading over these workloads is meant, disable X2 with that reason'));
  }),
};

/** X3 (SEMANTICS.md E4): a named targetPort that some selected pod does not declare with the Service port's protocol. */
export const namedTargetPortUnresolved: Rule = {
  id: 'X3',
  name: 'named-target-port-undeclared',
  source: 'Kubernetes: pkg/api/v1/pod/util.go FindPort resolves a named targetPort to the first container port with that name and protocol; pkg/controller/endpointslice/utils.go leaves the port out for a pod where it fails',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'A named targetPort is not declared (with the Service port\'s protocol) by a container of every selected workload.',
  checkModel: ({ model }) => forEachSelecting(model, (svc, ts, out) => {
    for (const { p, index: i } of svc.ports) {
      if (typeof p.targetPort !== 'string' || p.targetPort === '') continue; // DF4 made '' the port number
      const name: string = p.targetPort;
      const protocol: string = p.protocol;
      // An operator that builds the containers itself (portsUnknown) declares ports the model cannot see.
      const missing = ts.filter((t) => !t.portsUnknown && !resolveNamedPort(t, name, protocol));
      if (missing.length === 0) continue;
      const protocolsOf = (t: PodTemplateModel) => [...new Set(declaredPorts(t).filter((d) => d.name === name).map((d) => d.protocol))];
      const undeclared = missing.filter((t) => protocolsOf(t).length === 0);
      const otherProtocol = missing.filter((t) => protocolsOf(t).length > 0);
      const parts: string[] = [];
      if (undeclared.length > 0) parts.push(`${listWorkloads(undeclared)} ${undeclared.length === 1 ? 'declares' : 'declare'} no container port named "${name}"`);
      for (const t of otherProtocol.slice(0, 5)) parts.push(`${workloadName(t.owner)} declares "${name}" only as ${protocolsOf(t).join('/')}, not ${protocol}`);
      const other = otherProtocol.length > 0 ? protocolsOf(otherProtocol[0])[0] : undefined;
      out.push(violation(svc, `spec.ports[${i}].targetPort`, name,
        `${parts.join('; ')}: the endpoint controller matches name and protocol, so it leaves port ${renderValue(p.port)} out for those pods`,
        other && undeclared.length === 0
          ? `make the Service port's protocol ${other}, or declare a ${protocol} port named "${name}" in the container`
          : `add { name: '${name}', containerPort: <the port the app listens on>, protocol: '${protocol}' } to the container's ports, `
            + 'or set targetPort to a port name or number the container declares'));
    }
  }),
};

/** Whether `a` and `b` (decimal) differ by one adjacent transposition, one inserted or one deleted digit. */
function looksLikeTypo(a: number, b: number): boolean {
  const x = String(a);
  const y = String(b);
  if (x === y) return false;
  if (x.length === y.length) {
    const diff: number[] = [];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff.push(i);
    return diff.length === 2 && diff[1] === diff[0] + 1 && x[diff[0]] === y[diff[1]] && x[diff[1]] === y[diff[0]];
  }
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/**
 * X4: a numeric targetPort that is very likely a mistake. Container ports are informational
 * (k8s.io/api core/v1 types.go ContainerPort: "Not specifying a port here DOES NOT prevent that
 * port from being exposed"; the endpoint controller uses a number as-is, E4), mesh sidecars add
 * ports at admission and many apps take their port from args, so an undeclared number alone is
 * no finding. X4 fires only when every selected workload declares ports, none declares the
 * target, and (a) the target is a typo of a declared port (adjacent digits swapped, one digit
 * added or dropped: 8008 for 8080, 808 for 8080; a changed digit is not, 8081 next to 8080 is a
 * common second port) that no other port of the Service targets, or (b) the Service's `port`
 * is a port every selected workload declares and no port of the Service targets (the author
 * meant targetPort: port).
 */
export const numericTargetPortUndeclared: Rule = {
  id: 'X4',
  name: 'numeric-target-port-undeclared',
  source: 'Kubernetes: pkg/api/v1/pod/util.go FindPort uses a numeric targetPort as given; container ports are informational (core/v1 types.go Container.Ports)',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'A numeric targetPort that no selected container declares and that looks like a mistake for a declared port (a typo of it, or the Service port is the declared one).',
  checkModel: ({ model }) => forEachSelecting(model, (svc, ts, out) => {
    if (ts.some((t) => declaredPorts(t).length === 0)) return;
    const targeted = new Set<number>();
    for (const { p } of svc.ports) {
      if (typeof p.targetPort === 'number') targeted.add(p.targetPort);
      else if (typeof p.targetPort === 'string') for (const t of ts) { const d = resolveNamedPort(t, p.targetPort, p.protocol); if (d) targeted.add(d.containerPort); }
    }
    for (const { p, index: i } of svc.ports) {
      if (typeof p.targetPort !== 'number') continue;
      const n = p.targetPort;
      if (ts.some((t) => declaredPorts(t).some((d) => d.containerPort === n))) continue;
      const declared = [...new Set(ts.flatMap((t) => declaredPorts(t).map((d) => d.containerPort)))].sort((a, b) => a - b);
      const typoOf = declared.find((d) => !targeted.has(d) && looksLikeTypo(n, d));
      const portDeclared = typeof p.port === 'number' && !targeted.has(p.port)
        && ts.every((t) => declaredPorts(t).some((d) => d.containerPort === p.port));
      const meant = typoOf ?? (portDeclared ? p.port as number : undefined);
      if (meant === undefined) continue;
      out.push(violation(svc, `spec.ports[${i}].targetPort`, n,
        `no container of ${listWorkloads(ts)} declares containerPort ${n}, and ${typoOf !== undefined ? `${n} looks like a typo of the declared ${typoOf}` : `the Service port ${p.port} is the declared one`}, `
        + `which no port of this Service targets; connections go to port ${n} of the pods whether anything listens there or not`,
        `set targetPort to ${meant} (declared: ${declared.join(', ')}), or, if the app does listen on ${n}, declare containerPort ${n} in the container`));
    }
  }),
};

/**
 * X9 (kubernetes/kubernetes pkg/apis/apps/validation/validation.go ValidateDeploymentSpec and
 * its ReplicaSet, StatefulSet, DaemonSet siblings; pkg/apis/batch/validation/validation.go
 * ValidateJobSpec for a Job with manualSelector): a workload without a selector, with an empty
 * one, or whose selector does not match its template labels is refused by the API server, so it
 * runs no pods (the model does not count them; cluster-model.ts workloadRefusal).
 */
export const workloadRefused: Rule = {
  id: 'X9',
  name: 'workload-selector-invalid',
  source: 'Kubernetes: pkg/apis/apps/validation/validation.go ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec (spec.selector required, non-empty, matching spec.template.metadata.labels); pkg/apis/batch/validation/validation.go ValidateJobSpec',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR, // docs/severity.md: the API server refuses the object
  summary: 'A workload\'s selector is missing, empty or does not match its pod template labels: the API server refuses it and it runs no pods.',
  checkModel: ({ model }) => model.refusedWorkloads.map((w) => violation(w.object, w.field, w.value,
    `the API server refuses this ${w.object.kind} ("${w.reason}"), so it runs no pods and no Service reaches them`,
    w.field === 'spec.selector'
      ? 'set spec.selector.matchLabels to labels the pod template (spec.template.metadata.labels) carries'
      : 'make spec.template.metadata.labels carry every label spec.selector requires (matchLabels and matchExpressions)')),
};

/** A nodePort one Service reserves (A11: every explicit nodePort; A12: healthCheckNodePort), and the field. */
export interface NodePortUse { svc: ServiceModel; field: string; nodePort: number }

function nodePortUses(svc: ServiceModel): NodePortUse[] {
  if (svc.type !== 'NodePort' && svc.type !== 'LoadBalancer') return [];
  const uses: NodePortUse[] = [];
  for (const { p, index: i } of svc.ports) {
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) uses.push({ svc, field: `spec.ports[${i}].nodePort`, nodePort: p.nodePort });
  }
  const hc = svc.spec.healthCheckNodePort;
  if (svc.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local' && typeof hc === 'number' && hc !== 0) {
    uses.push({ svc, field: 'spec.healthCheckNodePort', nodePort: hc });
  }
  return uses;
}

const claimsCache = new RunCache<Map<number, NodePortUse[]>>();

/**
 * Who asks for each nodePort, in manifest order (one answer per run): the first holds it. A
 * Service refused for a validation error before any valid one asked holds no port (its
 * allocation is rolled back, RULES.md §1); one after it is refused for the port.
 */
function nodePortClaims(ctx: RuleContext): Map<number, NodePortUse[]> {
  return claimsCache.get(ctx, () => {
    const byPort = new Map<number, NodePortUse[]>();
    for (const svc of ctx.model.services) {
      for (const use of nodePortUses(svc)) {
        const list = byPort.get(use.nodePort);
        if (list) list.push(use);
        else if (!validationError(svc, ctx)) byPort.set(use.nodePort, [use]);
      }
    }
    return byPort;
  });
}

/**
 * X5 as the allocator applies it on create: the first nodePort (or healthCheckNodePort) `svc`
 * requests that an earlier Service of the model holds, or undefined when it holds all its own.
 */
export function nodePortTakenBy(svc: ServiceModel, ctx: RuleContext): { use: NodePortUse; holder: ServiceModel } | undefined {
  const byPort = nodePortClaims(ctx);
  for (const use of nodePortUses(svc)) {
    const holder = byPort.get(use.nodePort)?.[0]?.svc;
    if (holder && holder !== svc) return { use, holder };
  }
  return undefined;
}

/**
 * X5 (RULES.md A11): the node port allocator is cluster-wide and ignores protocol, so two
 * Services asking for the same nodePort cannot both be created. Within one Service, A11/V31 report it.
 */
export const nodePortReusedAcrossServices: Rule = {
  id: 'X5',
  name: 'node-port-reused',
  source: 'Kubernetes: pkg/registry/core/service/portallocator, one cluster-wide allocator of node ports that ignores the protocol ("provided port is already allocated")',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.ERROR,
  summary: 'The same nodePort (or healthCheckNodePort) is requested by two Services of the app.',
  checkModel: (ctx) => {
    const byPort = nodePortClaims(ctx);
    const out: Violation[] = [];
    for (const [nodePort, uses] of byPort) {
      const services = new Set(uses.map((u) => u.svc));
      if (services.size < 2) continue;
      for (const svc of services) {
        const mine = uses.find((u) => u.svc === svc)!; // one finding per Service: its first use
        const others = [...services].filter((s) => s !== svc).map((s) => `Service ${s.namespace}/${s.name}${describeSource(s)}`);
        out.push(violation(svc, mine.field, nodePort,
          `nodePort ${nodePort} is also requested by ${others.join(', ')}; node ports are cluster-wide, so the second Service is rejected with "provided port is already allocated"`,
          'give each Service its own nodePort, or leave nodePort out and let Kubernetes pick a free one'));
      }
    }
    return out;
  },
};


const byKeyCache = new WeakMap<ClusterModel, Map<string, ServiceModel[]>>();

/** Services by `namespace/name`; generated names are unique per create, so they are left out. Memoized per model. */
function servicesByKey(model: ClusterModel): Map<string, ServiceModel[]> {
  const cached = byKeyCache.get(model);
  if (cached) return cached;
  const byKey = new Map<string, ServiceModel[]>();
  byKeyCache.set(model, byKey);
  for (const svc of model.services) {
    if (svc.nameIsGenerated) continue; // generated names are unique per create
    const key = `${svc.namespace}/${svc.name}`;
    const list = byKey.get(key);
    if (list) list.push(svc);
    else byKey.set(key, [svc]);
  }
  return byKey;
}

/**
 * X6: two Services with one name in one namespace; the later apply silently replaces the earlier.
 * A warning, not an error (docs/severity.md): `kubectl apply`, Argo CD and Flux apply the second
 * over the first without failing (Argo CD reports it as RepeatedResourceWarning), and only
 * `kubectl create` is refused (409 AlreadyExists). A hint where nothing is lost or nothing is
 * meant to be applied together: byte-identical copies (one manifest read twice), and files that
 * are variants of one app (each file also defines the workload the Service belongs to, as a
 * folder of alternative manifests does: one file per model size or GPU type, of which a
 * tutorial applies one).
 */
export const duplicateServiceName: Rule = {
  id: 'X6',
  name: 'duplicate-service-name',
  source: 'Kubernetes: k8s.io/apiserver pkg/registry/generic/registry/store.go Create answers 409 AlreadyExists for a second object of the same name; kubectl apply patches the first one instead',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'Two Services have the same name in one namespace (a hint for identical copies, and for files that are variants of one app: each also defines the workload).',
  checkModel: ({ model }) => {
    const out: Violation[] = [];
    let identities: Map<string, Set<string>> | undefined; // file -> the refs of what it defines
    for (const list of servicesByKey(model).values()) {
      if (list.length < 2) continue;
      // Byte-identical copies are one manifest read twice (e.g. a harness folder, which holds a
      // copy of the app's manifests, inside the folder given to verify), not two Services.
      const first = JSON.stringify(list[0].raw);
      const copies = list.every((s) => JSON.stringify(s.raw) === first);
      const files = [...new Set(list.map((s) => s.source.file))];
      // Variants of one app: every file holding a copy also defines another object of the
      // same name and kind (the Deployment or DaemonSet the Service belongs to), as files of
      // alternatives do; a Service copied alone into another file is a mistake, not a variant.
      let variants = false;
      if (!copies && files.length === list.length && files.every((f) => f !== undefined)) {
        identities ??= objectsByFile(model);
        const sets = files.map((f) => identities!.get(f!) ?? new Set<string>());
        variants = [...sets[0]].some((ref) => ref !== list[0].ref && sets.every((set) => set.has(ref)));
      }
      for (const svc of list) {
        const where = othersText(list.filter((s) => s !== svc).map(sourceText).filter((d) => d !== ''));
        if (copies) {
          out.push(violation(svc, 'metadata.name', svc.name,
            `the same Service "${svc.name}" in namespace "${svc.namespace}" is given ${list.length} times${where}; applying them leaves only the last one`,
            'give each manifest once: leave the copy out of the files or folders checked (a harness folder holds a copy of the manifests it tests), or, if they are meant to be two Services, give each its own name',
            Severity.INFO));
        } else if (variants) {
          out.push(violation(svc, 'metadata.name', svc.name,
            `${list.length} Services are named "${svc.name}" in namespace "${svc.namespace}"${where}, in ${files.length} files that each also define the objects it belongs to: variants of one app, of which one is applied; applied together, only the last one is left`,
            `verify each variant on its own (npx cdk8s-services verify ${svc.source.file}), or, if they are meant to run side by side, give each Service a unique name`,
            Severity.INFO));
        } else {
          out.push(violation(svc, 'metadata.name', svc.name,
            `${list.length} Services are named "${svc.name}" in namespace "${svc.namespace}"${where}; applying them leaves only the last one`,
            'give each Service a unique name in its namespace (or put them in different namespaces)'));
        }
      }
    }
    return out;
  },
};

/** ` (the other: a)`, ` (the others: a, b, c and 4 more)`; '' when none is known. */
function othersText(others: string[]): string {
  if (others.length === 0) return '';
  const shown = others.length > 4 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
  return ` (the other${others.length > 1 ? 's' : ''}: ${shown})`;
}

/** For each file the model's objects were read from, the refs of the objects it defines. */
function objectsByFile(model: ClusterModel): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  for (const o of model.objects) {
    const file = o.source.file;
    if (file === undefined || o.nameIsGenerated) continue;
    let set = refs.get(file);
    if (!set) refs.set(file, (set = new Set()));
    set.add(o.ref);
  }
  return refs;
}

/**
 * X7 (kube-score statefulset-has-servicename; SEMANTICS.md E6): a StatefulSet's `serviceName`
 * must name a headless Service in its namespace that selects its pods, or the pods get no
 * `<pod>.<service>` DNS names. A warning, not an error (issue 11 severity policy): the API server
 * accepts the StatefulSet and its pods run and serve their Services; only the per-pod DNS names
 * are missing, which many StatefulSets never use (Argo CD's application controller names a
 * Service it does not ship).
 */
export const statefulSetServiceName: Rule = {
  id: 'X7',
  name: 'governing-service-invalid',
  source: 'Kubernetes: pkg/controller/statefulset/stateful_set_utils.go sets each pod\'s hostname and subdomain (spec.serviceName); CoreDNS kubernetes plugin serves <pod>.<service> records only for headless Services; kube-score statefulset-has-servicename',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING, // docs/severity.md: Kubernetes accepts it and traffic may flow
  summary: 'A StatefulSet\'s serviceName names no Service in its namespace, a Service that is not headless (a hint for one replica), or one that does not select its pods.',
  checkModel: ({ model }) => {
    const out: Violation[] = [];
    for (const t of model.podTemplates) {
      if (t.owner.kind !== 'StatefulSet' || typeof t.serviceName !== 'string' || t.serviceName === '') continue;
      const byKey = servicesByKey(model);
      const name = t.serviceName;
      const found = byKey.get(`${t.namespace}/${name}`) ?? [];
      if (found.length === 0) {
        out.push(violation(t.owner, 'spec.serviceName', name,
          `names no Service in namespace "${t.namespace}", so the pods get no stable DNS names`,
          `add a headless Service (clusterIP: None) named "${name}" that selects this StatefulSet's pods, or set serviceName to the one you have`));
        continue;
      }
      const headless = found.filter((s) => s.headless);
      if (headless.length === 0) {
        // One pod has no peer that would address it by its <pod>.<service> name; its clients
        // reach it through the Service's cluster IP, which works (Tempo's and AKS store's
        // single-replica StatefulSets name their ClusterIP Service). With several pods the
        // per-pod names are how the members are told apart, so it stays a warning.
        const single = t.replicas <= 1;
        out.push(violation(t.owner, 'spec.serviceName', name,
          `names Service "${name}", which is not headless (its clusterIP is not None), so the pods get no <pod>.${name} DNS names`
          + (single ? ` (a hint: with ${t.replicas} replica${t.replicas === 1 ? '' : 's'} no peer needs them, and clients reach the pod through the Service)` : ''),
          `set clusterIP: None on Service "${name}" (a HeadlessService), or point serviceName at a headless Service`,
          single ? Severity.INFO : undefined));
        continue;
      }
      const selects = headless.some((s) => !s.selector || selectedTemplates(model, s).includes(t));
      if (!selects) {
        out.push(violation(t.owner, 'spec.serviceName', name,
          `names headless Service "${name}", whose selector ${JSON.stringify(headless[0].selector)} does not select this StatefulSet's pods, so they get no DNS records`,
          `make Service "${name}"'s selector match this StatefulSet's pod template labels`));
      }
    }
    return out;
  },
};

/** The protocol a port name states by convention: the part before the first `-` (Istio `<protocol>[-<suffix>]`). */
function nameProtocol(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  return name.toLowerCase().split('-')[0];
}

/** An appProtocol without the `kubernetes.io/` prefix, lower case (KEP-3726 names `kubernetes.io/h2c`, `ws`, `wss`). */
function appProtocolOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v.toLowerCase().replace(/^kubernetes\.io\//, '');
}

/** Application protocols over TLS, and the plaintext ones a TLS client cannot talk to (and the reverse). */
const TLS_PROTOCOLS = new Set(['https', 'wss', 'tls']);
const PLAINTEXT_PROTOCOLS = new Set(['http', 'ws', 'h2c']);

/**
 * Annotations with which a cloud load balancer terminates TLS itself and speaks plaintext to
 * the pods: then a Service port named `https` that targets a container port `http` is the
 * documented pattern (e.g. AWS: port 443 named https, targetPort http), not a contradiction.
 */
const LB_TLS_TERMINATION_ANNOTATIONS = [
  'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
  'service.beta.kubernetes.io/do-loadbalancer-certificate-id',
  'service.beta.kubernetes.io/oci-load-balancer-ssl-ports',
  'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-cert-id',
];

function loadBalancerTerminatesTls(svc: ServiceModel): boolean {
  return svc.type === 'LoadBalancer' && LB_TLS_TERMINATION_ANNOTATIONS.some((k) => (svc.annotations[k] ?? '').trim() !== '');
}

function tlsClass(p: string | undefined): 'tls' | 'plain' | undefined {
  if (p === undefined) return undefined;
  if (TLS_PROTOCOLS.has(p)) return 'tls';
  if (PLAINTEXT_PROTOCOLS.has(p)) return 'plain';
  return undefined;
}

/**
 * X8: the Service port contradicts the container port it resolves to:
 * (a) a numeric targetPort that the selected containers declare only with another protocol
 *     (e.g. Service UDP 53 -> containerPort 53/TCP); a named one is X3;
 * (b) TLS vs plaintext: the Service port's appProtocol (or, without one, the protocol its name
 *     states, `https-web` -> https) is TLS (https, wss, tls) and the resolved container port's
 *     name states plaintext (http, ws, h2c), or the reverse. Other names are not compared.
 *     A LoadBalancer that terminates TLS (a certificate annotation) may route https to http.
 */
export const servicePortContradictsContainerPort: Rule = {
  id: 'X8',
  name: 'port-protocol-mismatch',
  source: 'Kubernetes: kube-proxy forwards a Service port only with its own protocol (pkg/proxy); core/v1 types.go ServicePort.AppProtocol (IANA names, kubernetes.io/h2c) read by ingress controllers and meshes',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING, // docs/severity.md: Kubernetes accepts it and traffic may flow
  summary: 'A Service port\'s protocol, appProtocol or name contradicts the container port it resolves to (UDP vs TCP, TLS vs plaintext).',
  checkModel: ({ model }) => forEachSelecting(model, (svc, ts, out) => {
    for (const { p, index: i } of svc.ports) {
      const protocol: string = p.protocol;
      if (typeof p.targetPort === 'number') {
        const n = p.targetPort;
        // A plain scan first (this runs for every port of every Service); details only on a hit.
        let declared = false;
        let sameProtocol = false;
        for (const t of ts) {
          for (const d of declaredPorts(t)) {
            if (d.containerPort !== n) continue;
            declared = true;
            if (d.protocol === protocol) sameProtocol = true;
          }
        }
        if (declared && !sameProtocol) {
          const all = ts.flatMap((t) => declaredPorts(t).filter((d) => d.containerPort === n));
          const protocols = [...new Set(all.map((d) => d.protocol))].join('/');
          // A container port without a protocol is TCP only by default: authors of UDP servers
          // (syslog on 514) often leave it out, and a numeric targetPort reaches the port whatever
          // the declaration says. Only a protocol the manifest writes contradicts the Service.
          const defaulted = all.every((d) => !d.protocolWritten);
          out.push(violation(svc, `spec.ports[${i}].protocol`, protocol,
            defaulted
              ? `targets containerPort ${n}, which ${listWorkloads(ts)} declare without a protocol, so as TCP by default (a hint: if the app serves ${protocol} there, traffic flows; the declaration is only informational)`
              : `targets containerPort ${n}, which ${listWorkloads(ts)} declare only as ${protocols}; ${protocol} traffic reaches a port the app does not serve with ${protocol}`,
            defaulted
              ? `write protocol: ${protocol} on containerPort ${n} (a second entry beside the TCP one if the app serves both), or set protocol: TCP on the Service port if the app serves TCP only`
              : `set protocol: ${all[0].protocol} on the Service port, or add a ${protocol} port ${n} to the container if the app serves both`,
            defaulted ? Severity.INFO : undefined));
          continue;
        }
      }
      const svcSide = appProtocolOf(p.appProtocol) ?? nameProtocol(p.name);
      const svcClass = tlsClass(svcSide);
      if (!svcClass) continue;
      if (svcClass === 'tls' && loadBalancerTerminatesTls(svc)) continue; // TLS ends at the cloud load balancer
      const clash: Array<{ t: PodTemplateModel; d: DeclaredPort }> = [];
      for (const t of ts) {
        const resolved = typeof p.targetPort === 'string'
          ? [resolveNamedPort(t, p.targetPort, protocol)].filter((d): d is DeclaredPort => !!d)
          : declaredPorts(t).filter((d) => d.containerPort === p.targetPort && d.protocol === protocol);
        for (const d of resolved) {
          const cls = tlsClass(nameProtocol(d.name));
          if (cls && cls !== svcClass) clash.push({ t, d });
        }
      }
      if (clash.length === 0) continue;
      const field = appProtocolOf(p.appProtocol) !== undefined ? `spec.ports[${i}].appProtocol` : `spec.ports[${i}].name`;
      const value = field.endsWith('appProtocol') ? p.appProtocol : p.name;
      const target = clash[0].d;
      out.push(violation(svc, field, value,
        `says ${svcSide} (${svcClass === 'tls' ? 'TLS' : 'plaintext'}) but resolves to container port "${target.name}" (${target.containerPort}) of ${listWorkloads(clash.map((c) => c.t))}, `
        + `whose name says ${svcClass === 'tls' ? 'plaintext' : 'TLS'}; clients that trust appProtocol (ingress controllers, meshes) will fail the handshake`,
        svcClass === 'tls'
          ? `target the container's TLS port, or set appProtocol to ${nameProtocol(target.name)} (and name the port accordingly); `
            + `if a cloud load balancer terminates TLS, give it its certificate annotation (e.g. ${LB_TLS_TERMINATION_ANNOTATIONS[0]})`
          : `target the container's plaintext port, or set appProtocol to ${nameProtocol(target.name)} (and name the port accordingly)`));
    }
  }),
};

/** Rules over several objects of the app. */
export const CROSS_OBJECT_RULES: Rule[] = [
  selectorMatchesNothing,
  selectorMatchesSeveralWorkloads,
  namedTargetPortUnresolved,
  numericTargetPortUndeclared,
  nodePortReusedAcrossServices,
  duplicateServiceName,
  statefulSetServiceName,
  servicePortContradictsContainerPort,
  workloadRefused,
];
