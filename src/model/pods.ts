// What a pod spec declares, and how the endpoint controller resolves a Service port's
// targetPort against it (SEMANTICS.md E4, O2). The one implementation: the cross-object rules
// and LocalCluster's EndpointSlices both call it.

/** A port a pod spec declares (`containers[].ports[]` and sidecar `initContainers[].ports[]`). */
export interface DeclaredPort {
  readonly name?: string;
  readonly containerPort: number;
  /** Defaulted to TCP, as the API server does. */
  readonly protocol: string;
  /** Whether the manifest writes the protocol (false: TCP is the API server's default). */
  readonly protocolWritten: boolean;
  readonly container: string;
}

import { asList, asMap, at } from './json';

const cache = new WeakMap<object, DeclaredPort[]>();

/**
 * The ports a pod spec declares, in the order the endpoint controller searches them (E4):
 * `containers` first, then sidecar `initContainers` (`restartPolicy: Always`). O2: plain
 * initContainers are ignored.
 */
export function declaredPorts(podSpec: unknown): DeclaredPort[] {
  if (!podSpec || typeof podSpec !== 'object') return [];
  const cached = cache.get(podSpec);
  if (cached) return cached;
  const out = collectDeclaredPorts(podSpec);
  cache.set(podSpec, out);
  return out;
}

/** `declaredPorts` without the cache (the model keeps the result on each pod template). */
export function collectDeclaredPorts(podSpec: unknown): DeclaredPort[] {
  if (!podSpec || typeof podSpec !== 'object') return [];
  const out: DeclaredPort[] = [];
  const collect = (containers: unknown[]) => {
    for (const item of containers) {
      const c = asMap(item);
      if (!c || !Array.isArray(c.ports)) continue;
      for (const port of c.ports) {
        const p = asMap(port);
        if (!p || typeof p.containerPort !== 'number') continue;
        out.push({
          name: typeof p.name === 'string' && p.name !== '' ? p.name : undefined,
          containerPort: p.containerPort,
          protocol: typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP',
          protocolWritten: typeof p.protocol === 'string' && p.protocol !== '',
          container: typeof c.name === 'string' ? c.name : '',
        });
      }
    }
  };
  collect(asList(at(podSpec, 'containers')));
  collect(asList(at(podSpec, 'initContainers')).filter((c) => at(c, 'restartPolicy') === 'Always'));
  return out;
}

/**
 * E4 `findPort`: the first declared port with this name and protocol, or undefined ("no
 * suitable port": the endpoint controller leaves that port out for this pod).
 */
export function resolveNamedPort(podSpec: unknown, name: string, protocol: string): DeclaredPort | undefined {
  return findNamedPort(declaredPorts(podSpec), name, protocol);
}

/** E4 `findPort` over ports already collected. */
export function findNamedPort(ports: DeclaredPort[], name: string, protocol: string): DeclaredPort | undefined {
  return ports.find((p) => p.name === name && p.protocol === protocol);
}

/** The fields of a (defaulted) Service port that `findPort` reads. */
type PortRef = { targetPort?: unknown; port?: unknown; protocol?: unknown } | null | undefined;

/**
 * E4: the pod port a (defaulted) Service port reaches on this pod: a number as-is (even if no
 * container declares it), a name through `resolveNamedPort`; undefined when a name resolves
 * to nothing.
 */
export function findPort(podSpec: unknown, svcPort: PortRef): number | undefined {
  const tp = svcPort?.targetPort;
  if (typeof tp === 'number') return tp;
  if (typeof tp !== 'string' || tp === '') return typeof svcPort?.port === 'number' ? svcPort.port : undefined;
  const protocol = svcPort?.protocol;
  return resolveNamedPort(podSpec, tp, typeof protocol === 'string' ? protocol : 'TCP')?.containerPort;
}
