// The cluster options reach the simulation (issue 11 item 5): IP families and one service CIDR per
// family decide the cluster IPs a Service gets, as alloc.go `initIPFamilyFields` and
// `allocClusterIPs` do; the refusals are the rules' (src/rules/allocation.ts), with their fixes.
import { parse } from 'yaml';
import { deploy, svc } from './manifests';
import { DnsRecordType, Harness, IpFamily, LocalCluster } from '../../src';
import { ClusterModel } from '../../src/model/cluster-model';
import { ipFamilyOf } from '../../src/model/ip';
import { cidrContains } from '../../src/model/ip-math';
import { simulationReport } from '../../src/simulation/report';

const DUAL = { clusterIpFamilies: [IpFamily.IPV4, IpFamily.IPV6] };
const V4 = { clusterIpFamilies: [IpFamily.IPV4] };
const web = deploy('web', { app: 'web' }, 2);
const service = (name: string, spec: any) => svc(name, { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec });

describe('a dual-stack cluster (clusterIpFamilies IPv4, IPv6)', () => {
  test('PreferDualStack and RequireDualStack Services get one cluster IP per family, primary first; SingleStack one', () => {
    const c = LocalCluster.fromManifests([
      service('prefer', { ipFamilyPolicy: 'PreferDualStack' }),
      service('require', { ipFamilyPolicy: 'RequireDualStack' }),
      service('single', {}),
      service('six-first', { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6'] }),
      web,
    ], DUAL);
    const families = (name: string) => c.service(name)!.clusterIps.map((ip) => ipFamilyOf(ip));
    expect(families('prefer')).toEqual(['IPv4', 'IPv6']);
    expect(families('require')).toEqual(['IPv4', 'IPv6']);
    expect(families('single')).toEqual(['IPv4']);
    // ipFamilies [IPv6] with a dual-stack policy: IPv6 primary, IPv4 added second (A9).
    expect(families('six-first')).toEqual(['IPv6', 'IPv4']);
    // Without ranges, kind's: 10.96.0.0/12 and fd00:10:96::/112.
    const [v4, v6] = c.service('prefer')!.clusterIps;
    expect(cidrContains('10.96.0.0/12', v4)).toBe(true);
    expect(cidrContains('fd00:10:96::/112', v6)).toBe(true);
    expect(c.verify().findings.filter((f) => f.rule === 'A7' || f.rule === 'A8')).toEqual([]);
  });

  test('pods get an IPv6 address too: an IPv6 Service has endpoints and answers AAAA', () => {
    const c = LocalCluster.fromManifests([service('six', { ipFamilies: ['IPv6'] }), service('both', { ipFamilyPolicy: 'RequireDualStack' }), web], DUAL);
    expect(c.pods().map((p) => p.ips.map((ip) => ipFamilyOf(ip)))).toEqual([['IPv4', 'IPv6'], ['IPv4', 'IPv6']]);
    expect(c.endpoints('six').map((e) => ipFamilyOf(e.ip))).toEqual(['IPv6', 'IPv6']);
    expect(c.endpointSlices('both').map((s) => s.addressType).sort()).toEqual(['IPv4', 'IPv6']);
    const aaaa = c.resolve('both.default.svc.cluster.local', DnsRecordType.AAAA).answers.map((a) => a.value);
    expect(aaaa).toEqual([c.service('both')!.clusterIps[1]]);
    expect(c.verify().ok).toBe(true);
  });

  test('serviceClusterIpRanges: one per family, each family allocates from its own; a pinned pair is kept', () => {
    const ranges = { serviceClusterIpRanges: ['10.100.0.0/16', 'fd00:aa::/108'] };
    const c = LocalCluster.fromManifests([
      service('auto', { ipFamilyPolicy: 'PreferDualStack' }),
      service('pinned', { ipFamilyPolicy: 'PreferDualStack', clusterIP: '10.100.0.50', clusterIPs: ['10.100.0.50', 'fd00:aa::50'] }),
      web,
    ], ranges);
    const [v4, v6] = c.service('auto')!.clusterIps;
    expect(cidrContains('10.100.0.0/16', v4)).toBe(true);
    expect(cidrContains('fd00:aa::/108', v6)).toBe(true);
    expect(c.service('pinned')!.clusterIps).toEqual(['10.100.0.50', 'fd00:aa::50']);
    // Nearest neighbour: an IPv6 address outside its family's range is refused (A10), as the rule says.
    const out = LocalCluster.fromManifests([
      service('pinned', { ipFamilyPolicy: 'PreferDualStack', clusterIP: '10.100.0.50', clusterIPs: ['10.100.0.50', 'fd00:bb::50'] }), web,
    ], ranges);
    expect(out.service('pinned')).toMatchObject({ accepted: false });
    expect(out.verify().findings.map((f) => f.rule)).toContain('A10');
  });

  test('the kind harness of a dual-stack LocalCluster creates a dual-stack kind cluster; a single-stack one stays ipv4', () => {
    const manifests = [service('prefer', { ipFamilyPolicy: 'PreferDualStack' }), web];
    const kind = (c: LocalCluster) => parse(Harness.fromLocalCluster(c, manifests).files.find((f) => f.path === 'kind.yaml')!.content).networking;
    expect(kind(LocalCluster.fromManifests(manifests, DUAL))).toEqual({
      ipFamily: 'dual', serviceSubnet: '10.96.0.0/12,fd00:10:96::/112', podSubnet: '10.244.0.0/16,fd00:10:244::/56',
    });
    expect(kind(LocalCluster.fromManifests(manifests))).toEqual({ ipFamily: 'ipv4', serviceSubnet: '10.96.0.0/12', podSubnet: '10.244.0.0/16' });
  });
});

describe('a single-stack cluster refuses what the rules refuse, with the rules\' fix', () => {
  test('RequireDualStack is refused (A7) with the A7 fix, not an address conflict\'s', () => {
    const model = ClusterModel.fromObjects([service('require', { ipFamilyPolicy: 'RequireDualStack' }), web]);
    const c = LocalCluster._fromModel(model, V4);
    expect(c.service('require')).toMatchObject({ accepted: false, rejection: expect.stringContaining('not configured for dual-stack services') });
    // Without the rule findings, the simulation reports the refusal itself, as rule A7 decided it.
    const own = simulationReport(model, V4).findings;
    expect(own.map((f) => f.rule)).toEqual(['A7']);
    expect(own[0].fix).toMatch(/PreferDualStack/);
    expect(own[0].fix).not.toMatch(/no other Service uses/);
  });

  test('PreferDualStack is accepted with one IPv4 address; headless without a selector may RequireDualStack (A6)', () => {
    const c = LocalCluster.fromManifests([
      service('prefer', { ipFamilyPolicy: 'PreferDualStack' }),
      svc('peers', { clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] }),
      web,
    ], V4);
    expect(c.service('prefer')!.clusterIps.map((ip) => ipFamilyOf(ip))).toEqual(['IPv4']);
    expect(c.service('peers')).toMatchObject({ accepted: true, clusterIps: ['None'] });
    expect(c.pods().every((p) => p.ips.length === 1)).toBe(true);
  });

  test('an IPv6 clusterIP on an IPv4 cluster is refused by rule A5', () => {
    const c = LocalCluster.fromManifests([service('six', { clusterIP: 'fd00:10:96::5' }), web], V4);
    expect(c.service('six')).toMatchObject({ accepted: false, rejection: expect.stringContaining('IPv6 is not configured on this cluster') });
    expect(c.verify().findings.map((f) => f.rule)).toContain('A5');
  });
});

describe('a cluster whose families are not described (A5/A7/A8 hints, docs/severity.md)', () => {
  test('an IPv6-only Service is created on the assumed dual-stack cluster: an IPv6 cluster IP, IPv6 endpoints, AAAA', () => {
    const c = LocalCluster.fromManifests([service('six', { ipFamilies: ['IPv6'] }), service('four', {}), web]);
    expect(c.service('six')).toMatchObject({ accepted: true });
    expect(c.service('six')!.clusterIps.map((ip) => ipFamilyOf(ip))).toEqual(['IPv6']);
    expect(cidrContains('fd00:10:96::/112', c.service('six')!.clusterIp!)).toBe(true);
    expect(c.endpoints('six').map((e) => ipFamilyOf(e.ip))).toEqual(['IPv6', 'IPv6']);
    expect(c.resolve('six.default.svc.cluster.local', DnsRecordType.AAAA).answers.map((a) => a.value)).toEqual([c.service('six')!.clusterIp]);
    // Every other Service keeps the default cluster's single family.
    expect(c.service('four')!.clusterIps.map((ip) => ipFamilyOf(ip))).toEqual(['IPv4']);
    expect(c.verify().findings.filter((f) => f.rule === 'A8').map((f) => f.severity)).toEqual(['info']);
  });

  test('described as IPv4 only, the same Service is refused (A8) and does not exist', () => {
    const c = LocalCluster.fromManifests([service('six', { ipFamilies: ['IPv6'] }), web], V4);
    expect(c.service('six')).toMatchObject({ accepted: false, rejection: expect.stringContaining('not configured on this cluster') });
    expect(() => c.endpoints('six')).toThrow(/does not exist in the cluster: the API server refuses it .*rule A8/);
  });
});
