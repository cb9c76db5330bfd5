/* eslint-disable no-bitwise */ // IP address arithmetic and FNV hashing are bit operations by nature.
// Placement: the nodes of the simulated cluster and the pods each workload runs, or the pods
// and nodes replayed from recorded objects (`kubectl get nodes,pods -o yaml`).
// Deterministic: the same manifests always give the same names, nodes and IPs.
import { busiestNodePods, CappedWorkload, defaultPodCidr, MAX_PODS_PER_WORKLOAD, MAX_SIMULATED_PODS, PendingPods } from './capacity';
import { ClusterModel, ModelObject, PodTemplateModel } from '../model/cluster-model';
import { parseCidrSloppy } from '../model/ip';
import { cidrSize, formatIp, nthAddress } from '../model/ip-math';
import { asList, asMap, at, JsonMap } from '../model/json';
import { asText } from '../model/text';

/** A node of the simulation. */
export interface SimNode {
  name: string;
  ip: string;
  zone?: string;
}

/** A pod of the simulation. */
export interface SimPod {
  name: string;
  namespace: string;
  owner: ModelObject;
  labels: Record<string, string>;
  /** The PodSpec as written (containers, initContainers, hostname, subdomain). */
  spec: JsonMap;
  nodeName?: string;
  /** `status.podIPs` (the first is `status.podIP`). */
  ips: string[];
  phase: string;
  ready: boolean;
  terminating: boolean;
  hostname?: string;
  subdomain?: string;
  /** Replayed from a Pod object that carried a status. */
  replayed: boolean;
}

/** What placement needs from the options. */
export interface PlacementSettings {
  nodes: number;
  zones: string[];
  /** The pod network; undefined: the default, sized to the app (capacity.ts `defaultPodCidr`). */
  podCidr?: string;
  /**
   * The IPv6 pod network of a dual-stack cluster (kind's fd00:10:244::/56): each pod also gets an
   * address of it, so a Service's IPv6 EndpointSlice has endpoints. Undefined: single-stack.
   */
  podCidrV6?: string;
  notReady: string[];
  terminating: string[];
}

/** Labels controllers add to the pods they create (absent from the templates in the index). */
const CONTROLLER_LABELS = new Set([
  'pod-template-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-revision-hash',
  'pod-template-generation',
  'job-name',
  'batch.kubernetes.io/job-name',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/** The alphabet of `rand.SafeEncodeString` (no vowels, no 0/1/3). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit: a stable hash for deterministic names and allocation. */
export function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `n` characters of the safe alphabet derived from `seed`. */
function safeString(seed: string, n: number): string {
  let h = fnv32(seed);
  let out = '';
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 6 === 0) h = fnv32(`${seed}#${i}`);
    out += SAFE[h % SAFE.length];
    h = Math.floor(h / SAFE.length);
  }
  return out;
}

function matchesName(set: Set<string>, pod: { name: string; namespace: string }, owner: ModelObject): boolean {
  return set.has(pod.name) || set.has(`${pod.namespace}/${pod.name}`) || set.has(owner.name) || set.has(`${owner.namespace}/${owner.name}`);
}

/** The nodes and pods of a simulated cluster, with a pod-level selector lookup. */
export class Placement {
  public readonly nodes: SimNode[] = [];
  public readonly pods: SimPod[] = [];
  /** Workloads that asked for more pods than were simulated (finding P2). */
  public readonly capped: CappedWorkload[] = [];
  /** Pods left Pending, per workload, with the reason (finding P1). */
  public readonly pending: PendingPods[] = [];
  /** The pod network pods got their addresses from. */
  public readonly podCidr: string;
  private readonly nodeByName = new Map<string, SimNode>();
  private readonly podsByTemplate = new Map<PodTemplateModel, SimPod[]>();
  private readonly templatesByNamespace = new Map<string, PodTemplateModel[]>();
  private readonly podByNsName = new Map<string, SimPod>();

  constructor(private readonly model: ClusterModel, settings: PlacementSettings) {
    const givenCidr = settings.podCidr === undefined ? undefined : parseCidrSloppy(settings.podCidr);
    if (settings.podCidr !== undefined && !givenCidr) throw new Error(`podCidr "${settings.podCidr}" is not a CIDR: write it as address/prefix, e.g. "10.244.0.0/16"`);

    // Replayed pods: a Pod object carrying a status is recorded state, kept as it is.
    const recorded = model.podTemplates.filter((t) => t.owner.kind === 'Pod' && t.owner.raw?.status && typeof t.owner.raw.status === 'object');

    // Nodes: Node objects given are the cluster's nodes; else generated ones, plus the nodes that
    // recorded pods name (so a `kubectl get pods -o yaml` dump loads on its own).
    if (model.nodes.length > 0) {
      for (const n of model.nodes) {
        const internal = asList(at(n.raw, 'status', 'addresses')).find((a) => at(a, 'type') === 'InternalIP');
        const address = at(internal, 'address');
        const addr = typeof address === 'string' ? address : undefined;
        this.addNode({ name: n.name, ip: addr ?? this.generatedNodeIp(), zone: n.labels['topology.kubernetes.io/zone'] ?? n.labels['failure-domain.beta.kubernetes.io/zone'] });
      }
    } else {
      const count = Math.max(1, Math.floor(settings.nodes));
      for (let i = 0; i < count; i++) {
        this.addNode({ name: `node-${i + 1}`, ip: this.generatedNodeIp(), zone: settings.zones.length > 0 ? settings.zones[i % settings.zones.length] : undefined });
      }
      for (const t of recorded) {
        const nn = at(t.owner.raw, 'spec', 'nodeName');
        if (typeof nn === 'string' && nn !== '' && !this.nodeByName.has(nn)) this.addNode({ name: nn, ip: this.generatedNodeIp() });
      }
    }

    // Without a podCidr, the default network grows with the app (issue 13: 50,000 pods do not fit 10.244.0.0/16).
    this.podCidr = settings.podCidr ?? defaultPodCidr(busiestNodePods(model.podTemplates, this.nodes.length), this.nodes.length);
    const podCidr = givenCidr ?? parseCidrSloppy(this.podCidr)!;
    // Each node gets an equal power-of-two block of the pod CIDR (like --allocate-node-cidrs).
    let bits = 0;
    while (1 << bits < this.nodes.length) bits++;
    const block = cidrSize(podCidr) >> BigInt(bits);
    const nextOnNode = new Array(this.nodes.length).fill(0);
    const usedIps = new Set<string>();
    for (const t of recorded) for (const ip of recordedIps(t.owner.raw)) usedIps.add(ip);
    // IPv4 in plain numbers (BigInt per pod is slow at 15,000 pods); IPv6 through BigInt.
    const v4base = podCidr.family === 'IPv4' ? podCidr.network.bytes.reduce((a, b) => a * 256 + b, 0) : 0;
    const v4block = Number(block);
    /** The next free pod address on the node, or undefined when its block is full (the pod stays Pending). */
    const allocIp = (nodeIndex: number): string | undefined => {
      for (;;) {
        const k = nextOnNode[nodeIndex] + 2;
        if (BigInt(k) >= block - 1n) return undefined;
        nextOnNode[nodeIndex]++;
        let ip: string;
        if (podCidr.family === 'IPv4') {
          const v = v4base + v4block * nodeIndex + k;
          ip = `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
        } else {
          ip = formatIp(nthAddress(podCidr, block * BigInt(nodeIndex) + BigInt(k))!);
        }
        if (!usedIps.has(ip)) {
          usedIps.add(ip);
          lastK = k;
          return ip;
        }
      }
    };
    // Dual-stack: the pod's second address, at the same place in the node's block of the IPv6 network.
    const v6Cidr = settings.podCidrV6 === undefined ? undefined : parseCidrSloppy(settings.podCidrV6);
    if (settings.podCidrV6 !== undefined && v6Cidr?.family !== 'IPv6') throw new Error(`podCidrV6 "${settings.podCidrV6}" is not an IPv6 CIDR`);
    const v6block = v6Cidr ? cidrSize(v6Cidr) >> BigInt(bits) : 0n;
    let lastK = 0;
    const allocIps = (nodeIndex: number): string[] | undefined => {
      const ip = allocIp(nodeIndex);
      if (ip === undefined) return undefined;
      return v6Cidr ? [ip, formatIp(nthAddress(v6Cidr, v6block * BigInt(nodeIndex) + BigInt(lastK))!)] : [ip];
    };

    const notReady = new Set(settings.notReady);
    const terminating = new Set(settings.terminating);
    const replayedOwners = new Set<string>();
    for (const t of recorded) {
      for (const ref of asList(at(t.owner.raw, 'metadata', 'ownerReferences'))) {
        const kind = at(ref, 'kind');
        const name = at(ref, 'name');
        replayedOwners.add(`${t.namespace}/${asText(kind)}/${asText(name)}`); // asText: any JSON (`kind: {toString: 1}`)
        // A ReplicaSet `<deployment>-<hash>` stands for its Deployment.
        if (kind === 'ReplicaSet' && typeof name === 'string') replayedOwners.add(`${t.namespace}/Deployment/${name.replace(/-[^-]+$/, '')}`);
      }
    }
    const modelKinds = new Set(model.objects.map((o) => `${o.namespace}/${o.kind}/${o.name}`));
    let budget = MAX_SIMULATED_PODS; // pods still to simulate (MAX_SIMULATED_PODS in all)

    for (const t of model.podTemplates) {
      let list = this.templatesByNamespace.get(t.namespace);
      if (!list) this.templatesByNamespace.set(t.namespace, (list = []));
      list.push(t);
      const pods: SimPod[] = [];
      this.podsByTemplate.set(t, pods);
      const owner = t.owner;
      const key = `${t.namespace}/${owner.kind}/${owner.name}`;
      if (owner.kind !== 'Pod' && replayedOwners.has(key)) continue; // its pods are recorded
      // A ReplicaSet or Job run by a Deployment or CronJob that is also given: the parent places.
      const parent = asList(at(owner.raw, 'metadata', 'ownerReferences')).find((r) => at(r, 'controller'));
      if (parent && modelKinds.has(`${t.namespace}/${asText(at(parent, 'kind'))}/${asText(at(parent, 'name'))}`)) continue;
      if (owner.kind === 'CronJob') continue; // no pod runs until the schedule fires

      // Pods of this workload left Pending: a missing node's reason, or 'full' with the nodes whose block is full.
      const pendingWhy = new Map<string, { count: number; nodes: Set<string> }>();
      type Identity = { hostname?: string; subdomain?: string };
      const make = (name: string, nodeIndex: number, extraLabels: Record<string, string>, identity: Identity = {}): SimPod => {
        const raw = owner.kind === 'Pod' ? owner.raw : undefined;
        const status = asMap(raw?.status);
        const recordedPod = status !== undefined;
        const spec = t.spec ?? {};
        const base = { name, namespace: t.namespace };
        let nodeName: string | undefined;
        let ips: string[];
        let phase: string;
        let ready: boolean;
        let isTerminating: boolean;
        if (recordedPod) {
          nodeName = typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
          ips = recordedIps(raw);
          phase = typeof status.phase === 'string' ? status.phase : 'Pending';
          ready = asList(status.conditions).some((c) => at(c, 'type') === 'Ready' && at(c, 'status') === 'True');
          isTerminating = !!at(raw, 'metadata', 'deletionTimestamp');
        } else {
          const fixed = typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
          const idx = fixed !== undefined ? this.nodes.findIndex((n) => n.name === fixed) : nodeIndex;
          nodeName = fixed ?? this.nodes[nodeIndex].name;
          const own = idx < 0 ? undefined : spec.hostNetwork === true ? [this.nodes[idx].ip] : allocIps(idx);
          const ip = own?.[0];
          ips = own ?? [];
          phase = ip === undefined ? 'Pending' : 'Running';
          ready = ip !== undefined;
          isTerminating = false;
          if (ip === undefined) {
            const why = idx < 0 ? `node ${JSON.stringify(asText(fixed).slice(0, 80))} (spec.nodeName) does not exist` : 'full';
            const entry = pendingWhy.get(why) ?? { count: 0, nodes: new Set<string>() };
            entry.count++;
            if (idx >= 0) entry.nodes.add(this.nodes[idx].name);
            pendingWhy.set(why, entry);
          }
        }
        if (notReady.size > 0 && matchesName(notReady, base, owner)) ready = false;
        if (terminating.size > 0 && matchesName(terminating, base, owner)) isTerminating = true;
        const hostname = identity.hostname ?? (typeof spec.hostname === 'string' && spec.hostname !== '' ? spec.hostname : undefined);
        const subdomain = identity.subdomain ?? (typeof spec.subdomain === 'string' && spec.subdomain !== '' ? spec.subdomain : undefined);
        return {
          name,
          namespace: t.namespace,
          owner,
          labels: { ...t.labels, ...extraLabels },
          spec,
          nodeName,
          ips,
          phase,
          ready,
          terminating: isTerminating,
          hostname,
          subdomain,
          replayed: !!recordedPod,
        };
      };

      const n = this.nodes.length;
      // How many pods to run: what the workload asks, at most MAX_PODS_PER_WORKLOAD, and what is left of MAX_SIMULATED_PODS.
      const wanted = owner.kind === 'Pod' ? 1 : t.perNode ? n : podCount(t.replicas);
      const run = Math.min(wanted, MAX_PODS_PER_WORKLOAD, budget);
      budget -= run;
      if (run < wanted) {
        const field = t.perNode ? 'spec' : owner.kind === 'Job' ? 'spec.parallelism' : owner.kind === 'CronJob' ? 'spec.jobTemplate.spec.parallelism' : 'spec.replicas';
        this.capped.push({ owner, field, wanted: t.perNode ? `${n} nodes` : t.replicas, simulated: run });
      }
      if (owner.kind === 'Pod') {
        if (run > 0) pods.push(make(owner.name, 0, {}));
      } else if (t.perNode) {
        const rev = safeString(`${key}/rev`, 10);
        for (let i = 0; i < run; i++) pods.push(make(`${owner.name}-${safeString(`${key}/${this.nodes[i].name}`, 5)}`, i, { 'controller-revision-hash': rev, 'pod-template-generation': '1' }));
      } else {
        const replicas = run;
        const templateHash = safeString(`${key}/${JSON.stringify(t.metadata?.labels ?? {})}/${JSON.stringify(t.spec ?? {})}`, 10);
        const seen = new Set<string>();
        const suffix = (i: number) => {
          let s = safeString(`${key}/${i}`, 5);
          for (let k = 1; seen.has(s); k++) s = safeString(`${key}/${i}/${k}`, 5);
          seen.add(s);
          return s;
        };
        for (let i = 0; i < replicas; i++) {
          if (owner.kind === 'StatefulSet') {
            // E6: a StatefulSet pod is `<name>-<ordinal>` with hostname = pod name, subdomain = serviceName.
            const name = `${owner.name}-${i}`;
            pods.push(make(name, i % n, {
              'statefulset.kubernetes.io/pod-name': name,
              'apps.kubernetes.io/pod-index': asText(i),
              'controller-revision-hash': `${owner.name}-${templateHash}`,
            }, { hostname: name, subdomain: t.serviceName || undefined }));
          } else if (owner.kind === 'Deployment') {
            pods.push(make(`${owner.name}-${templateHash}-${suffix(i)}`, i % n, { 'pod-template-hash': templateHash }));
          } else if (owner.kind === 'Job') {
            // pkg/registry/batch/job/strategy.go generateSelector: the uid labels and job-name labels;
            // Indexed Jobs add job-completion-index (pkg/controller/job/indexed_job_utils.go).
            const uid = `${safeString(`${key}/uid`, 8)}-sim`;
            const jobLabels: Record<string, string> = { 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid, 'job-name': owner.name, 'batch.kubernetes.io/job-name': owner.name };
            if (at(owner.raw, 'spec', 'completionMode') === 'Indexed') jobLabels['batch.kubernetes.io/job-completion-index'] = asText(i);
            pods.push(make(`${owner.name}-${suffix(i)}`, i % n, jobLabels));
          } else {
            pods.push(make(`${owner.name}-${suffix(i)}`, i % n, {}));
          }
        }
      }
      for (const p of pods) {
        this.pods.push(p);
        this.podByNsName.set(`${p.namespace}/${p.name}`, p);
      }
      for (const [why, { count, nodes }] of pendingWhy) {
        const reason = why === 'full' ? `the pod network ${this.podCidr} has no address left on ${[...nodes].join(', ')}` : why;
        this.pending.push({ owner, count, reason });
      }
    }
  }

  /** The node with this name. */
  public node(name: string | undefined): SimNode | undefined {
    return name === undefined ? undefined : this.nodeByName.get(name);
  }

  /** The pod with this namespace and name. */
  public pod(namespace: string, name: string): SimPod | undefined {
    return this.podByNsName.get(`${namespace}/${name}`);
  }

  /**
   * The pods in `namespace` whose labels carry every pair of `selector` (E1). Templates are
   * found through the model's label index; only the labels controllers add are checked per pod.
   */
  public selectPods(namespace: string, selector: Record<string, string>): SimPod[] {
    const entries = Object.entries(selector);
    if (entries.length === 0) return [];
    const templateSelector: Record<string, string> = {};
    for (const [k, v] of entries) if (!CONTROLLER_LABELS.has(k)) templateSelector[k] = v;
    const templates = Object.keys(templateSelector).length > 0
      ? this.model.selectPodTemplates(namespace, templateSelector)
      : (this.templatesByNamespace.get(namespace) ?? []);
    const out: SimPod[] = [];
    const full = templates.length > 0 && Object.keys(templateSelector).length === entries.length;
    for (const t of templates) {
      for (const p of this.podsByTemplate.get(t) ?? []) {
        if (full || entries.every(([k, v]) => p.labels[k] === v)) out.push(p);
      }
    }
    return out;
  }

  private addNode(node: SimNode) {
    this.nodes.push(node);
    this.nodeByName.set(node.name, node);
  }

  private generatedNodeIp(): string {
    // kind's docker network is 172.18.0.0/16; its nodes start at .2.
    return formatIp(nthAddress('172.18.0.0/16', this.nodes.length + 2)!);
  }
}

/** A workload's replica count as a number of pods: whole, at least 0 (a malformed count runs none); Infinity stays (capped). */
function podCount(replicas: number): number {
  if (replicas === Infinity) return Infinity;
  return Number.isFinite(replicas) ? Math.max(0, Math.floor(replicas)) : 0;
}

/** `status.podIPs` of a recorded Pod (falling back to `status.podIP`). */
function recordedIps(raw: unknown): string[] {
  const list = asList(at(raw, 'status', 'podIPs')).map((x) => at(x, 'ip')).filter((x): x is string => typeof x === 'string' && x !== '');
  if (list.length > 0) return list;
  const ip = at(raw, 'status', 'podIP');
  return typeof ip === 'string' && ip !== '' ? [ip] : [];
}
