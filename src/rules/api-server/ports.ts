// RULES.md V8, V9, V14-V19, V30-V32 and A11: ports and nodePorts (validation.go
// ValidateService / validateServicePort, and the nodePort allocator alloc.go initNodePorts).
// Rules read the defaulted spec: protocol is TCP when omitted (DF9) and targetPort is the port
// when 0, "" or omitted (DF4).
import { IndexedPort, ServiceModel } from '../../model/cluster-model';
import { isHeadlessService } from '../../model/defaults';
import { RuleCategory, Severity } from '../../model/findings';
import { asText } from '../../model/text';
import {
  dns1123Label, ianaSvcName, isValidPortNum, qualifiedName, suggestName, supportedValues,
} from '../formats';
import { NO_VIOLATIONS, Rule, RuleContext, violation, Violation } from '../rule';

const API_SERVER = { category: RuleCategory.API_SERVER, severity: Severity.ERROR };

/** `ports.KubeletPort` (V9). */
export const KUBELET_PORT = 10250;
/** validation.go `supportedPortProtocols` (V17). */
export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A port of the defaulted spec with its index (computed once by the model). */
function portsOf(svc: ServiceModel): IndexedPort[] {
  return svc.ports;
}

/** `check` over every port, concatenated; NO_VIOLATIONS (no allocation) when every port passes. */
function perPort(svc: ServiceModel, check: (port: IndexedPort) => Violation[]): Violation[] {
  let out: Violation[] | undefined;
  for (const port of svc.ports) {
    const found = check(port);
    if (found.length > 0) (out ??= []).push(...found);
  }
  return out ?? NO_VIOLATIONS;
}


/** A number field as Go decodes it: absent/null is 0 (any other JSON type never gets here: T1). */
function intField(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** V8 `spec.ports`: at least one port, unless headless or ExternalName. */
export const portsRequired: Rule = {
  id: 'V8',
  name: 'no-ports',
  ...API_SERVER,
  summary: 'spec.ports needs at least one port, unless the Service is headless (clusterIP None) or ExternalName',
  checkService: (svc) => {
    const ports = svc.spec?.ports;
    if ((Array.isArray(ports) && ports.length > 0) || isHeadlessService(svc.spec) || svc.type === 'ExternalName') return NO_VIOLATIONS;
    return [violation(svc, 'spec.ports', ports ?? [], `a ${svc.type} Service needs at least one port: Required value`,
      'add a port, e.g. ports: [{ port: 80, targetPort: 8080 }], or make the Service headless with clusterIP: None')];
  },
};

/**
 * V9 `spec.ports[i]`: a LoadBalancer may not expose the kubelet port 10250. 1.27-1.32 only:
 * kubernetes PR 129174 removed the check from validation.go `ValidateService` in 1.33.
 */
export const loadBalancerKubeletPort: Rule = {
  id: 'V9',
  name: 'load-balancer-kubelet-port',
  ...API_SERVER,
  summary: 'a LoadBalancer Service may not expose port 10250, the kubelet port (Kubernetes 1.27-1.32)',
  until: 32,
  source: 'pkg/apis/core/validation/validation.go ValidateService (ports.KubeletPort check, removed in 1.33 by PR 129174)',
  checkService: (svc) => {
    if (svc.type !== 'LoadBalancer') return NO_VIOLATIONS;
    return portsOf(svc).filter(({ p }) => p.port === KUBELET_PORT).map(({ index }) =>
      violation(svc, `spec.ports[${index}]`, KUBELET_PORT, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
        `expose another port (e.g. port: 10251) and keep targetPort: ${KUBELET_PORT} if the pods listen there`));
  },
};

/** A port name to suggest: the usual one for well-known ports, else `port-<n>`. */
function examplePortName(port: unknown, index: number): string {
  const known: Record<number, string> = { 80: 'http', 443: 'https', 8080: 'http', 53: 'dns', 9090: 'metrics' };
  if (typeof port === 'number') return known[port] ?? `port-${port}`;
  return `port-${index}`;
}

/** V14 `spec.ports[i].name`: required on every port once there are two or more. */
export const portNamesRequired: Rule = {
  id: 'V14',
  name: 'port-name-missing',
  ...API_SERVER,
  summary: 'every port needs a name when the Service has two or more ports',
  checkService: (svc) => {
    const ports = portsOf(svc);
    if (ports.length < 2) return NO_VIOLATIONS;
    return ports.filter(({ p }) => p.name === undefined || p.name === null || p.name === '').map(({ index, p }) =>
      violation(svc, `spec.ports[${index}].name`, undefined,
        `a Service with ${ports.length} ports needs a name on each port: Required value`,
        `name the port, e.g. name: "${examplePortName(p.port, index)}"`));
  },
};

/** V15 `spec.ports[i].name`: a DNS-1123 label (up to 63 characters, not IANA's 15), unique. */
export const portNamesValid: Rule = {
  id: 'V15',
  name: 'invalid-port-name',
  ...API_SERVER,
  summary: 'port names must be unique DNS-1123 labels (lower case, at most 63 characters)',
  checkService: (svc) => {
    const out: Violation[] = [];
    const seen = svc.ports.length > 1 ? new Map<string, number>() : undefined; // a repeat needs two ports
    for (const { index, p } of portsOf(svc)) {
      if (p.name === undefined || p.name === null || p.name === '') continue;
      const name = asText(p.name);
      const errs = dns1123Label(name);
      if (errs.length > 0) {
        const s = suggestName(name);
        out.push(violation(svc, `spec.ports[${index}].name`, name, `port name "${name}" is not a valid DNS-1123 label: ${errs.join('; ')}`,
          `use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters${s ? `, e.g. "${s}"` : ''}`));
      }
      if (!seen) continue;
      const first = seen.get(name);
      if (first !== undefined) {
        out.push(violation(svc, `spec.ports[${index}].name`, name, `Duplicate value: port name "${name}" is already used by spec.ports[${first}]`,
          'give each port its own name'));
      } else {
        seen.set(name, index);
      }
    }
    return out;
  },
};

/** V16 `spec.ports[i].port`: 1-65535; never defaulted, so a missing port is 0 and invalid. */
export const portInRange: Rule = {
  id: 'V16',
  name: 'port-out-of-range',
  ...API_SERVER,
  summary: 'spec.ports[].port must be between 1 and 65535 (it is required: a missing port is 0)',
  checkService: (svc) => perPort(svc, ({ index, p }) => {
    const port = intField(p.port);
    const errs = isValidPortNum(port);
    if (errs.length === 0) return NO_VIOLATIONS;
    return [violation(svc, `spec.ports[${index}].port`, p.port ?? 0,
      p.port === undefined || p.port === null ? `port is missing, so it is 0: ${errs[0]}` : `port ${port} ${errs[0]}`,
      'set port to the port clients connect to, between 1 and 65535, e.g. 80')];
  }),
};

/** V17 `spec.ports[i].protocol`: TCP, UDP or SCTP, case-sensitive (omitted is TCP, DF9). */
export const portProtocolSupported: Rule = {
  id: 'V17',
  name: 'unsupported-protocol',
  ...API_SERVER,
  summary: 'spec.ports[].protocol must be TCP, UDP or SCTP (case-sensitive; omitted means TCP)',
  checkService: (svc) => perPort(svc, ({ index, p }) => {
    if (PORT_PROTOCOLS.includes(p.protocol)) return NO_VIOLATIONS;
    const upper = asText(p.protocol).toUpperCase();
    return [violation(svc, `spec.ports[${index}].protocol`, p.protocol,
      `Unsupported value: ${JSON.stringify(p.protocol)}: ${supportedValues(PORT_PROTOCOLS)}`,
      PORT_PROTOCOLS.includes(upper) ? `write protocol: ${upper} (protocols are case-sensitive)` : 'use TCP, UDP or SCTP, or leave protocol out for TCP')];
  }),
};

/**
 * V18 `spec.ports[i].targetPort`: an int in 1-65535 or an IANA_SVC_NAME string (≤ 15, `[-a-z0-9]`,
 * a letter, no `--`, no edge `-`). One finding per port with every failed cause in the message
 * (so `HTTP` is one finding naming both of the API server's two causes). A missing targetPort
 * (absent, 0 or "") is the port (DF4, v1 defaults.go SetDefaults_Service), and validation.go
 * validateServicePort then checks that copy with ValidatePortNumOrName: a port that is missing
 * or out of range is reported twice by the API server, once as the port (V16) and once as the
 * targetPort (here). RULES.md says that copy cannot be 0; the source wins.
 */
export const targetPortValid: Rule = {
  id: 'V18',
  name: 'invalid-target-port',
  ...API_SERVER,
  summary: 'spec.ports[].targetPort must be a port number 1-65535 or an IANA service name (lower case, at most 15 characters, with a letter)',
  checkService: (svc) => perPort(svc, ({ index, p }) => {
    const raw = svc.ports[index].raw.targetPort;
    const copied = raw === undefined || raw === null || raw === 0 || raw === '';
    // DF4 copied the port; a missing port is Go's zero value, 0.
    const tp = copied ? intField(p.port) : p.targetPort;
    const field = `spec.ports[${index}].targetPort`;
    if (typeof tp === 'number') {
      const errs = isValidPortNum(tp);
      if (errs.length === 0) return NO_VIOLATIONS;
      if (copied) {
        return [violation(svc, field, tp, `targetPort is not set, so it is the port (${tp}): ${errs[0]}`,
          'set port (between 1 and 65535); targetPort follows it unless you set targetPort to the port the container listens on')];
      }
      return [violation(svc, field, tp, `targetPort ${tp} ${errs[0]}`,
        'set targetPort to the port the container listens on, between 1 and 65535, or name a container port')];
    }
    // Not copied: decode (T1) left an int32 or a string, and the number was handled above.
    if (typeof tp !== 'string') return NO_VIOLATIONS;
    const errs = ianaSvcName(tp);
    if (errs.length === 0) return NO_VIOLATIONS;
    const s = suggestName(tp, { max: 15 });
    const fix = /^\d+$/.test(tp)
      ? `write the number without quotes: targetPort: ${tp}`
      : `use the container port's name (an IANA service name: lower-case letters, digits and '-', at most 15 characters, with a letter)${s && /[a-z]/.test(s) ? `, e.g. "${s}"` : ''}, or its number`;
    return [violation(svc, field, tp,
      `targetPort "${tp}" is not a valid port name (IANA_SVC_NAME): ${errs.join('; ')} (${errs.length} ${errs.length === 1 ? 'cause' : 'causes'})`, fix)];
  }),
};

/** V19 `spec.ports[i].appProtocol`: if present (even `""`), a qualified name. */
export const appProtocolQualifiedName: Rule = {
  id: 'V19',
  name: 'invalid-app-protocol',
  ...API_SERVER,
  summary: 'spec.ports[].appProtocol, if present (even ""), must be a qualified name, e.g. "http" or "kubernetes.io/h2c"',
  checkService: (svc) => perPort(svc, ({ index, p }) => {
    if (p.appProtocol === undefined || p.appProtocol === null) return NO_VIOLATIONS;
    const v = asText(p.appProtocol);
    const errs = qualifiedName(v);
    if (errs.length === 0) return NO_VIOLATIONS;
    return [violation(svc, `spec.ports[${index}].appProtocol`, p.appProtocol,
      `appProtocol "${v}" is not a valid qualified name: ${errs.join('; ')}`,
      v === '' ? 'leave appProtocol out, or name the protocol, e.g. "http"' : 'use an IANA service name such as "http" or "grpc", or a prefixed name such as "kubernetes.io/h2c"')];
  }),
};

/** V30 `spec.ports[i].nodePort`: forbidden on ClusterIP (only; ExternalName ignores it). */
export const nodePortOnClusterIp: Rule = {
  id: 'V30',
  name: 'node-port-on-cluster-ip',
  ...API_SERVER,
  summary: 'spec.ports[].nodePort may not be set on a ClusterIP Service',
  checkService: (svc) => {
    if (svc.type !== 'ClusterIP') return NO_VIOLATIONS;
    return portsOf(svc).filter(({ p }) => intField(p.nodePort) !== 0).map(({ index, p }) =>
      violation(svc, `spec.ports[${index}].nodePort`, p.nodePort, 'Forbidden: may not be used when `type` is \'ClusterIP\'',
        'remove nodePort, or set type: NodePort (or LoadBalancer) to expose the port on every node'));
  },
};

/** One A11 conflict: the port blamed, the nodePort, and why. */
interface NodePortProblem {
  index: number;
  nodePort: number;
  kind: 'range' | 'allocated';
  /** For `allocated`: the port that holds the nodePort. */
  holder?: number;
}

/**
 * Replays alloc.go `initNodePorts` for one Service and returns every failure (the API server
 * stops at the first; we report all). Ports with the same `port` number share one nodePort, the
 * first requested one (`findRequestedNodePort`); other ports that request a nodePort already
 * taken fail, whatever their protocol. A requested value must be in the node port range.
 * A request found through another port of the same number is blamed on the port that wrote it.
 */
export function nodePortAllocationProblems(svc: ServiceModel, range: { min: number; max: number }): NodePortProblem[] {
  if (svc.type !== 'NodePort' && svc.type !== 'LoadBalancer') return [];
  const allocateMissing = svc.type === 'NodePort' || svc.spec?.allocateLoadBalancerNodePorts !== false;
  const ports = portsOf(svc).map(({ index, p }) => ({ index, port: intField(p.port), nodePort: intField(p.nodePort) }));
  const byPortNumber = new Map<number, number>(); // svcPortToNodePort
  const holders = new Map<number, number>(); // nodePort -> index of the port that holds it
  const problems: NodePortProblem[] = [];
  const allocate = (np: number, blame: number): boolean => {
    if (np < range.min || np > range.max) {
      problems.push({ index: blame, nodePort: np, kind: 'range' });
      return false;
    }
    const holder = holders.get(np);
    if (holder !== undefined) {
      problems.push({ index: blame, nodePort: np, kind: 'allocated', holder });
      return false;
    }
    holders.set(np, blame);
    return true;
  };
  for (const sp of ports) {
    if (sp.nodePort === 0 && !allocateMissing) continue;
    const shared = byPortNumber.get(sp.port);
    if (shared === undefined) {
      const requested = ports.find((o) => o.port === sp.port && o.nodePort !== 0);
      if (requested) {
        allocate(requested.nodePort, requested.index);
        byPortNumber.set(sp.port, requested.nodePort); // held (or already reported) for the ports that share it
      } else {
        byPortNumber.set(sp.port, -1); // AllocateNext: a fresh port, never a conflict
      }
    } else if (sp.nodePort !== 0 && sp.nodePort !== shared) {
      allocate(sp.nodePort, sp.index);
    }
  }
  return problems;
}

/**
 * A11 `spec.ports[i].nodePort` (allocator, before validation): a requested nodePort must be in
 * `--service-node-port-range` and not taken by another port of the Service with a different
 * port number (protocol does not matter). Validation never range-checks nodePort.
 */
export const nodePortAllocatable: Rule = {
  id: 'A11',
  name: 'node-port-not-allocatable',
  ...API_SERVER,
  summary: 'a requested nodePort must be inside the cluster\'s node port range (30000-32767) and not shared by ports with different port numbers',
  checkService: (svc, ctx: RuleContext) => {
    const { min, max } = ctx.settings.nodePortRange;
    return nodePortAllocationProblems(svc, ctx.settings.nodePortRange).map((x) => {
      const field = `spec.ports[${x.index}].nodePort`;
      if (x.kind === 'range') {
        return violation(svc, field, x.nodePort,
          `nodePort ${x.nodePort} is outside the cluster's node port range ${min}-${max} (--service-node-port-range); the API server's allocator rejects it on create: provided port is not in the valid range. The range of valid ports is ${min}-${max}`,
          `leave nodePort out to let Kubernetes pick one, or choose a free port in ${min}-${max}`);
      }
      const holder = svc.ports[x.holder!]?.p;
      return violation(svc, field, x.nodePort,
        `nodePort ${x.nodePort} is already taken by spec.ports[${x.holder}] (port ${holder?.port}/${holder?.protocol}); only ports with the same port number may share a nodePort, whatever the protocol, so the allocator answers: provided port is already allocated`,
        `give spec.ports[${x.index}] its own nodePort in ${min}-${max}, or leave it out to let Kubernetes pick one`);
    });
  },
};

/** V31 `spec.ports[i].nodePort`: a non-zero `(protocol, nodePort)` pair may not repeat. */
export const nodePortDuplicate: Rule = {
  id: 'V31',
  name: 'duplicate-node-port',
  ...API_SERVER,
  summary: 'the same nodePort may not appear twice with the same protocol',
  checkService: (svc, ctx) => {
    if (svc.ports.length < 2) return NO_VIOLATIONS; // a repeat needs two ports
    // When A11 already blames this port (a different port number), the allocator rejects the
    // create before validation runs: report the mistake once, under A11.
    const blamed = new Set(nodePortAllocationProblems(svc, ctx.settings.nodePortRange).map((x) => x.index));
    const seen = new Map<string, number>();
    const out: Violation[] = [];
    for (const { index, p } of portsOf(svc)) {
      const np = intField(p.nodePort);
      if (!np) continue;
      const key = `${p.protocol}/${np}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
      } else if (!blamed.has(index)) {
        out.push(violation(svc, `spec.ports[${index}].nodePort`, np,
          `Duplicate value: nodePort ${np}/${p.protocol} is already used by spec.ports[${first}]`,
          `give spec.ports[${index}] its own nodePort, or leave it out to let Kubernetes pick one`));
      }
    }
    return out;
  },
};

/** V32 `spec.ports[i]`: a `(protocol, port)` pair may not repeat (omitted protocol counts as TCP). */
export const portDuplicate: Rule = {
  id: 'V32',
  name: 'duplicate-port',
  ...API_SERVER,
  summary: 'the same port may not appear twice with the same protocol (the same port with TCP and UDP is fine)',
  checkService: (svc) => {
    if (svc.ports.length < 2) return NO_VIOLATIONS; // a repeat needs two ports
    const seen = new Map<string, number>();
    const out: Violation[] = [];
    for (const { index, p } of portsOf(svc)) {
      const key = `${p.protocol}/${JSON.stringify(p.port ?? 0)}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
        continue;
      }
      out.push(violation(svc, `spec.ports[${index}]`, { Protocol: p.protocol, Port: p.port ?? 0 },
        `Duplicate value: port ${p.port ?? 0}/${p.protocol} is already declared by spec.ports[${first}]`,
        `remove spec.ports[${index}], or give it another port number or protocol`));
    }
    return out;
  },
};

/** V8, V9, V14-V19, V30-V32 and A11: ports and nodePorts. */
export const PORTS_RULES: Rule[] = [
  portsRequired,
  loadBalancerKubeletPort,
  portNamesRequired,
  portNamesValid,
  portInRange,
  portProtocolSupported,
  targetPortValid,
  appProtocolQualifiedName,
  nodePortOnClusterIp,
  nodePortDuplicate,
  portDuplicate,
  nodePortAllocatable,
];

/** Rule branches of this family that cannot fire on a create through the API, and why. */
export const UNREACHABLE: Array<{ id: string; reason: string }> = [
  { id: 'V17', reason: 'Required branch: an empty protocol is defaulted to TCP (DF9) before validation; only NotSupported is implemented' },
  { id: 'V18', reason: 'targetPort 0 and "" as such: defaulted to the port (DF4) before validation, so V18 checks the port\'s number in their place' },
];
