// Cluster DNS as CoreDNS's kubernetes plugin answers it (SEMANTICS.md D1-D7), with the stub
// resolver's search path in front (D1).
import { SimService } from './allocation';
import { PodDnsMode } from './cluster-types';
import { DnsAnswer, DnsRcode, DnsRecordType, DnsResult } from './dns-types';
import { EndpointSlice } from './endpoint-types';
import { ipFamilyOf, parseIpSloppy } from '../model/ip';
import { formatIp } from '../model/ip-math';
import { asText } from '../model/text';

/** D1: `options ndots:5` in every pod's resolv.conf. */
export const NDOTS = 5;

/** What the DNS server sees of the cluster. */
export interface DnsView {
  domain: string;
  podDns: PodDnsMode;
  namespaces: Set<string>;
  /** Accepted Services by `namespace/name`. */
  service(namespace: string, name: string): SimService | undefined;
  slices(svc: SimService): EndpointSlice[];
  /** D6 `verified`: a pod with this IP exists in this namespace. */
  podIpExists(namespace: string, ip: string): boolean;
}

interface Lookup {
  rcode: DnsRcode;
  answers: DnsAnswer[];
}

/**
 * Resolves `name` as a pod in `fromNamespace` would (D1): a name with fewer than `ndots` dots is
 * tried with each search domain first (`<ns>.svc.<domain>`, `svc.<domain>`, `<domain>`), then
 * as is; a name with a trailing dot only as is. The first answer with records wins; NODATA is
 * remembered (glibc `res_search`). The try order follows glibc (SEMANTICS.md marks it unverified).
 */
export function resolve(view: DnsView, name: string, type: DnsRecordType, fromNamespace: string): DnsResult {
  let n = name.trim().toLowerCase();
  const absolute = n.endsWith('.');
  if (absolute) n = n.slice(0, -1);
  const search = [`${fromNamespace}.svc.${view.domain}`, `svc.${view.domain}`, view.domain];
  const dots = n.split('.').length - 1;
  const expanded = search.map((s) => `${n}.${s}`);
  const candidates = absolute ? [n] : dots >= NDOTS ? [n, ...expanded] : [...expanded, n];
  const tried: string[] = [];
  let nodata: { name: string; lookup: Lookup } | undefined;
  let last: { name: string; lookup: Lookup } | undefined;
  for (const fqdn of candidates) {
    tried.push(fqdn);
    const lookup = lookupName(view, fqdn, type);
    last = { name: fqdn, lookup };
    if (lookup.rcode === DnsRcode.NOERROR && lookup.answers.length > 0) return { rcode: lookup.rcode, name: fqdn, tried, answers: lookup.answers };
    if (lookup.rcode === DnsRcode.NOERROR && !nodata) nodata = last;
  }
  const pick = nodata ?? last!;
  // A single-label name forwarded upstream is a top-level domain lookup: NXDOMAIN there.
  const rcode = pick.lookup.rcode === DnsRcode.FORWARDED && !pick.name.includes('.') ? DnsRcode.NXDOMAIN : pick.lookup.rcode;
  return { rcode, name: pick.name, tried, answers: pick.lookup.answers };
}

const NX: Lookup = { rcode: DnsRcode.NXDOMAIN, answers: [] };
const NODATA: Lookup = { rcode: DnsRcode.NOERROR, answers: [] };

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

/** CoreDNS `matchPortAndProtocol` half: an empty request part matches anything; otherwise `strings.EqualFold`. */
function match(want: string, have: string): boolean {
  return want === '' || want.toLowerCase() === asText(have).toLowerCase();
}

/** CoreDNS `endpointHostname` (D4): the endpoint hostname, else the dashed IP. */
function endpointHostname(hostname: string | undefined, ip: string): string {
  if (hostname) return hostname;
  return ip.includes(':') ? ip.replace(/:/g, '-') : ip.replace(/\./g, '-');
}

/** One query for a fully qualified name (no search path). */
export function lookupName(view: DnsView, fqdn: string, type: DnsRecordType): Lookup {
  const d = view.domain;
  if (fqdn !== d && !fqdn.endsWith(`.${d}`)) return { rcode: DnsRcode.FORWARDED, answers: [] };
  const base = fqdn === d ? '' : fqdn.slice(0, -(d.length + 1));
  if (base === '') return NODATA; // the zone apex: SOA/NS only
  const segs = base.split('.');
  let last = segs.length - 1;
  const podOrSvc = segs[last];
  if (podOrSvc !== 'svc' && podOrSvc !== 'pod') return NX; // D7
  last--;
  if (last < 0) return NODATA;
  const namespace = segs[last];
  last--;
  if (last < 0) return view.namespaces.has(namespace) ? NODATA : NX; // D7: `ns.svc.zone` is NODATA
  const service = segs[last];
  const rest = segs.slice(0, last);
  let endpoint = '';
  let port = '';
  let protocol = '';
  if (rest.length === 1) endpoint = rest[0];
  else if (rest.length === 2) [port, protocol] = [stripUnderscore(rest[0]), stripUnderscore(rest[1])];
  else if (rest.length > 2) return NX; // D7: extra labels (errInvalidRequest; CoreDNS parse.go has no port+endpoint form)
  if (!view.namespaces.has(namespace)) return NX; // D7

  if (podOrSvc === 'pod') return podRecord(view, fqdn, namespace, service, rest.length, type);

  const svc = view.service(namespace, service);
  if (!svc) return NX; // D7
  const m = svc.model;
  if (m.type === 'ExternalName') {
    // D5: a CNAME only for a name; an IP, or a port/endpoint-qualified query, is NXDOMAIN.
    const target = asText(m.spec.externalName ?? '').replace(/\.$/, '');
    if (endpoint !== '' || port !== '' || target === '' || parseIpSloppy(target)) return NX;
    return { rcode: DnsRcode.NOERROR, answers: [{ type: DnsRecordType.CNAME, name: fqdn, value: target }] };
  }

  // Records as CoreDNS `findServices` builds them: (address, port, endpoint label).
  const records: { ip: string; port: number; label?: string }[] = [];
  if (m.headless || endpoint !== '') {
    for (const slice of view.slices(svc)) {
      const ports = slice.ports.length > 0 ? slice.ports : [{ name: '', port: -1, protocol: '' }];
      for (const ep of slice.endpoints) {
        if (ep.conditions.ready === false) continue; // D4: ready true or nil
        for (const ip of ep.addresses) {
          const label = endpointHostname(ep.hostname, ip);
          if (endpoint !== '' && !match(endpoint, label)) continue;
          for (const p of ports) {
            // A slice with no ports gets port -1: A records, no SRV (D4).
            if (p.port !== -1 && !(match(port, p.name) && match(protocol, p.protocol))) continue;
            if (p.port === -1 && (port !== '' || protocol !== '')) continue;
            records.push({ ip, port: p.port, label });
          }
        }
      }
    }
  } else {
    for (const p of Array.isArray(m.spec.ports) ? m.spec.ports : []) {
      if (!(match(port, p?.name ?? '') && match(protocol, p?.protocol ?? 'TCP'))) continue;
      // An accepted Service's ports have numbers (V16 refuses one without).
      for (const ip of svc.clusterIPs) records.push({ ip, port: p.port as number }); // D2, D3
    }
  }
  // D4: a headless Service with no ready address is NXDOMAIN; so is a port that no record has.
  if (records.length === 0) return NX;

  const target = (label?: string) => (label !== undefined ? `${label}.${m.name}.${m.namespace}.svc.${d}` : `${m.name}.${m.namespace}.svc.${d}`);
  if (type === DnsRecordType.SRV) {
    const seen = new Set<string>();
    const srv: { value: string; port: number }[] = [];
    for (const r of records) {
      if (r.port === -1) continue;
      const value = target(m.headless || endpoint !== '' ? r.label : undefined);
      const key = `${value}:${r.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      srv.push({ value, port: r.port });
    }
    // D3: priority 0, weight floor(100/n), where n counts every record CoreDNS's backend
    // returned before it drops port -1 entries and duplicate targets (`plugin/backend_lookup.go`
    // SRV: "Looping twice to get the right weight ... we may drop duplicate SRV records later
    // on"). So a portless pod of a headless Service, or a second ClusterIP (dual-stack), lowers
    // the weight. Go's float64 arithmetic, reproduced; no floor of 1 (more than 100 gives 0).
    const weight = Math.floor((100 / (100 * records.length)) * 100);
    const answers = srv.map((s) => ({ type: DnsRecordType.SRV, name: fqdn, value: s.value, port: s.port, priority: 0, weight }));
    return { rcode: DnsRcode.NOERROR, answers };
  }
  if (type === DnsRecordType.CNAME) return NODATA;
  const family = type === DnsRecordType.AAAA ? 'IPv6' : 'IPv4';
  const seen = new Set<string>();
  const answers: DnsAnswer[] = [];
  for (const r of records) {
    if (ipFamilyOf(r.ip) !== family || seen.has(r.ip)) continue;
    seen.add(r.ip);
    answers.push({ type, name: fqdn, value: r.ip });
  }
  // D2: the other family gives NOERROR with no data.
  return { rcode: DnsRcode.NOERROR, answers };
}

/** D6: `a-b-c-d.ns.pod.<domain>`. */
function podRecord(view: DnsView, fqdn: string, namespace: string, label: string, extra: number, type: DnsRecordType): Lookup {
  if (extra > 0 || view.podDns === PodDnsMode.DISABLED) return NX;
  const text = label.includes('--') || label.split('-').length !== 4 ? label.replace(/-/g, ':') : label.replace(/-/g, '.');
  const ip = parseIpSloppy(text);
  if (!ip) return NX;
  const canonical = formatIp(ip);
  if (view.podDns === PodDnsMode.VERIFIED && !view.podIpExists(namespace, canonical)) return NX;
  const want = type === DnsRecordType.AAAA ? 'IPv6' : type === DnsRecordType.A ? 'IPv4' : undefined;
  if (want !== ip.family) return NODATA;
  return { rcode: DnsRcode.NOERROR, answers: [{ type, name: fqdn, value: canonical }] };
}
