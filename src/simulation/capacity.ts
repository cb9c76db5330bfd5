// How many pods the simulation runs, and in which pod network (issue 13): a simulated cluster
// sizes itself to the app rather than crash. A workload asking for more pods than
// MAX_PODS_PER_WORKLOAD (or an app past MAX_SIMULATED_PODS) runs only that many, reported as P2;
// a pod the scheduler could not place (its node does not exist, or its node's share of the pod
// network is full) stays Pending, reported as P1, as a real scheduler and node IPAM leave it.
import { ModelObject } from '../model/cluster-model';
import { fieldLine } from '../model/field-lines';
import { Finding, renderValue } from '../model/findings';
import { ruleNameOf } from '../rules/engine';
import { PODS_CAPPED, PODS_PENDING } from '../rules/simulation';

/** The most pods simulated for one workload (its `replicas`, `parallelism` or nodes beyond are not run). */
export const MAX_PODS_PER_WORKLOAD = 5_000;

/** The most pods simulated in all; later workloads run fewer, or none. */
export const MAX_SIMULATED_PODS = 100_000;

/** The pod network when none is given (kind's and flannel's), grown for a large app up to DEFAULT_POD_CIDR_LARGEST. */
export const DEFAULT_POD_CIDR = '10.244.0.0/16';

/** The largest default pod network: 1,048,576 addresses, clear of kind's Service CIDR 10.96.0.0/12. */
export const DEFAULT_POD_CIDR_LARGEST = '10.240.0.0/12';

/**
 * The default pod network when the busiest node runs `perNode` pods and there are `nodes` nodes,
 * each node taking an equal power-of-two block (as placement allocates): 10.244.0.0/16 while its
 * blocks have room, else the smallest aligned network around it whose blocks do, up to
 * 10.240.0.0/12 (past that, pods stay Pending and P1 says so).
 */
export function defaultPodCidr(perNode: number, nodes: number): string {
  let blocks = 1;
  while (blocks < Math.max(1, nodes)) blocks *= 2;
  for (let prefix = 16; prefix >= 12; prefix--) {
    // A block keeps its first two addresses and its last (network, gateway, broadcast).
    if (2 ** (32 - prefix) / blocks - 3 >= perNode) {
      const second = 244 - (244 % 2 ** (16 - prefix)); // 10.244/16, 10.244/15, 10.244/14, 10.240/13, 10.240/12
      return `10.${second}.0.0/${prefix}`;
    }
  }
  return DEFAULT_POD_CIDR_LARGEST;
}

/** A workload that asked for more pods than were simulated. */
export interface CappedWorkload {
  owner: ModelObject;
  /** The field that asks (`spec.replicas`), and its value. */
  field: string;
  wanted: unknown;
  simulated: number;
}

/** Pods of one workload left Pending, and why. */
export interface PendingPods {
  owner: ModelObject;
  count: number;
  /** Why, in words: `node "node-9" does not exist` or `the pod network 10.244.0.0/16 has no address left on node-1`. */
  reason: string;
}

function workloadFinding(owner: ModelObject, rule: typeof PODS_PENDING, field: string, value: unknown, message: string, fix: string): Finding {
  const src = owner.source ?? {};
  const f: any = {
    rule: rule.id, ruleName: ruleNameOf(rule.id), category: rule.category, severity: rule.severity, objectRef: owner.ref, field, message, fix,
  };
  const v = renderValue(value);
  if (v !== undefined) f.value = v;
  if (src.file !== undefined) f.file = src.file;
  if (src.line !== undefined) f.line = src.line;
  const at = fieldLine(owner.raw, field);
  if (at !== undefined) f.fieldLine = at;
  if (src.constructPath !== undefined) f.constructPath = src.constructPath;
  return f as Finding;
}

/** The P1 and P2 findings of a placement. */
export function placementFindings(capped: CappedWorkload[], pending: PendingPods[]): Finding[] {
  const out: Finding[] = [];
  for (const c of capped) {
    out.push(workloadFinding(c.owner, PODS_CAPPED, c.field, c.wanted,
      `asks for ${renderValue(c.wanted)} pod(s); the simulation runs ${c.simulated.toLocaleString('en-US')} of them `
        + `(at most ${MAX_PODS_PER_WORKLOAD.toLocaleString('en-US')} per workload and ${MAX_SIMULATED_PODS.toLocaleString('en-US')} in all), so endpoints, DNS and routing are computed for those`,
      'nothing to fix if the count is meant; a real cluster also needs the nodes and pod addresses for every pod'));
  }
  for (const p of pending) {
    out.push(workloadFinding(p.owner, PODS_PENDING, p.owner.kind === 'Pod' ? 'spec.nodeName' : 'spec', undefined,
      `${p.count.toLocaleString('en-US')} pod(s) stay Pending in the simulation: ${p.reason}; they get no IP and no endpoint, as a real scheduler leaves them`,
      p.reason.includes('does not exist') ? 'name a node the cluster has, or leave spec.nodeName out' : 'give the cluster a larger podCidr (or more nodes), or run fewer replicas'));
  }
  return out;
}

/**
 * The most pods one node runs when `templates` are placed as placement places them (a workload's
 * replicas round-robin from the first node, a bare Pod on the first node, a DaemonSet pod on each
 * node), each workload capped at MAX_PODS_PER_WORKLOAD: what the default pod network must hold
 * per node.
 */
export function busiestNodePods(templates: Array<{ owner: { kind: string }; replicas: number; perNode: boolean }>, nodes: number): number {
  const n = Math.max(1, nodes);
  let perNode = 0;
  let total = 0;
  for (const t of templates) {
    if (total >= MAX_SIMULATED_PODS) break;
    if (t.owner.kind === 'CronJob') continue;
    const r = t.owner.kind === 'Pod' || t.perNode ? 1 : Math.min(MAX_PODS_PER_WORKLOAD, Number.isFinite(t.replicas) ? Math.max(0, Math.floor(t.replicas)) : t.replicas === Infinity ? MAX_PODS_PER_WORKLOAD : 0);
    perNode += t.owner.kind === 'Pod' || t.perNode ? 1 : Math.ceil(r / n);
    total += t.perNode ? n : r;
  }
  return perNode;
}
