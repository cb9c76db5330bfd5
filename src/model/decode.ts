// The API server's first step on create: decoding the JSON body into the typed v1.Service
// (RULES.md §1 step 1). A value of the wrong JSON type (`port: "80"`, `name: {a: 1}`,
// `selector: {app: 1}`) is refused there with 400 BadRequest, before defaulting and
// validation run. The model keeps such a Service out of `services` (it never exists in the
// cluster) and rule T1 reports each field.
import { isJsonMap } from './json';

/** One field whose JSON type the v1.Service struct cannot hold. */
export interface DecodeError {
  field: string;
  value: unknown;
  /** What the Go type accepts, in words. */
  expected: string;
  /** The map key, when the field is an entry of a map (`metadata.labels[app.kubernetes.io/name]`). */
  mapKey?: string;
  /** True when the field is an item of a list of strings (`spec.externalIPs[0]`). */
  listItem?: boolean;
}

type Check = (v: unknown) => string | undefined;

const isInt32 = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
const str: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const int32: Check = (v) => {
  if (isInt32(v)) return undefined;
  return typeof v === 'string' ? 'a whole number (int32), without quotes' : 'a whole number (int32)';
};
const int64: Check = (v) => {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return undefined;
  return typeof v === 'string' ? 'a whole number, without quotes' : 'a whole number';
};
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false, without quotes');
const intOrString: Check = (v) => (typeof v === 'string' || isInt32(v) ? undefined : 'a port number or a port name');

const SPEC_FIELDS: Record<string, Check> = {
  type: str,
  clusterIP: str,
  externalName: str,
  sessionAffinity: str,
  loadBalancerIP: str,
  externalTrafficPolicy: str,
  internalTrafficPolicy: str,
  ipFamilyPolicy: str,
  loadBalancerClass: str,
  healthCheckNodePort: int32,
  publishNotReadyAddresses: bool,
  allocateLoadBalancerNodePorts: bool,
};
const SPEC_STRING_LISTS = ['clusterIPs', 'externalIPs', 'loadBalancerSourceRanges', 'ipFamilies'];
const PORT_FIELDS: Record<string, Check> = {
  name: str, protocol: str, appProtocol: str, port: int32, nodePort: int32, targetPort: intOrString,
};
// The tables as lists, built once: this runs for every Service at every synth.
const SPEC_FIELD_LIST = Object.entries(SPEC_FIELDS).map(([f, check]) => ({ key: f, field: `spec.${f}`, check }));
const PORT_FIELD_LIST = Object.entries(PORT_FIELDS);
const META_NAME_FIELDS = ['name', 'generateName', 'namespace'];
const OWNER_STRING_FIELDS = ['apiVersion', 'kind', 'name', 'uid'];
const OWNER_BOOL_FIELDS = ['controller', 'blockOwnerDeletion'];

/** The decode errors of a v1 Service manifest (empty when it decodes). `null` decodes as absent. */
export function serviceDecodeErrors(o: any): DecodeError[] {
  const out: DecodeError[] = [];
  const at = (field: string, value: unknown, check: Check, entry?: { mapKey?: string; listItem?: boolean }) => {
    if (value === undefined || value === null) return;
    const expected = check(value);
    if (expected) out.push({ field, value, expected, ...entry });
  };
  const stringMap = (field: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (!isJsonMap(value)) return out.push({ field, value, expected: 'a map of strings' });
    // The field name is built only for a value that fails (this runs for every label of every Service).
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v !== undefined && v !== null && typeof v !== 'string') at(`${field}[${k}]`, v, str, { mapKey: k });
    }
    return;
  };
  const list = (field: string, value: unknown, each: (f: string, v: unknown) => void) => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) return out.push({ field, value, expected: 'a list' });
    value.forEach((v, i) => each(`${field}[${i}]`, v));
    return;
  };

  // The core API has Service only in v1: any other version is refused before decoding.
  if (o?.apiVersion !== 'v1') out.push({ field: 'apiVersion', value: o?.apiVersion, expected: '"v1"' });
  const md = o?.metadata;
  if (md !== undefined && md !== null) {
    if (!isJsonMap(md)) {out.push({ field: 'metadata', value: md, expected: 'a map' });} else {
      for (const f of META_NAME_FIELDS) if (md[f] !== undefined && md[f] !== null) at(`metadata.${f}`, md[f], str);
      at('metadata.generation', md.generation, int64);
      stringMap('metadata.labels', md.labels);
      stringMap('metadata.annotations', md.annotations);
      list('metadata.finalizers', md.finalizers, (f, v) => at(f, v, str, { listItem: true }));
      list('metadata.ownerReferences', md.ownerReferences, (f, r) => {
        if (r === null) return;
        if (!isJsonMap(r)) return out.push({ field: f, value: r, expected: 'a map (an OwnerReference)' });
        for (const k of OWNER_STRING_FIELDS) at(`${f}.${k}`, r[k], str);
        for (const k of OWNER_BOOL_FIELDS) at(`${f}.${k}`, r[k], bool);
        return;
      });
    }
  }
  const spec = o?.spec;
  if (spec === undefined || spec === null) return out;
  if (!isJsonMap(spec)) return [...out, { field: 'spec', value: spec, expected: 'a map' }];
  for (const { key, field, check } of SPEC_FIELD_LIST) at(field, spec[key], check);
  for (const f of SPEC_STRING_LISTS) if (spec[f] !== undefined && spec[f] !== null) list(`spec.${f}`, spec[f], (ff, v) => at(ff, v, str, { listItem: true }));
  stringMap('spec.selector', spec.selector);
  const ports = spec.ports;
  if (ports !== undefined && ports !== null) {
    if (!Array.isArray(ports)) {
      out.push({ field: 'spec.ports', value: ports, expected: 'a list' });
    } else {
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i];
        if (p === null) continue;
        if (!isJsonMap(p)) {
          out.push({ field: `spec.ports[${i}]`, value: p, expected: 'a map (a ServicePort)' });
          continue;
        }
        for (const [k, check] of PORT_FIELD_LIST) {
          const v = p[k];
          if (v === undefined || v === null) continue;
          const expected = check(v);
          if (expected) out.push({ field: `spec.ports[${i}].${k}`, value: v, expected });
        }
      }
    }
  }
  const sac = spec.sessionAffinityConfig;
  if (sac !== undefined && sac !== null) {
    if (!isJsonMap(sac)) {out.push({ field: 'spec.sessionAffinityConfig', value: sac, expected: 'a map' });} else if (sac.clientIP !== undefined && sac.clientIP !== null) {
      if (!isJsonMap(sac.clientIP)) out.push({ field: 'spec.sessionAffinityConfig.clientIP', value: sac.clientIP, expected: 'a map' });
      else at('spec.sessionAffinityConfig.clientIP.timeoutSeconds', sac.clientIP.timeoutSeconds, int32);
    }
  }
  return out;
}
