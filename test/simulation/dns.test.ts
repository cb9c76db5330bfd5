// Cluster DNS semantics (SEMANTICS.md D1-D7).
import { deploy, node, recordedPod, statefulSet, svc } from './manifests';
import { DnsRcode, DnsRecordType, IpFamily, LocalCluster, PodDnsMode } from '../../src';

const objects = [
  svc('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090 }] }, { namespace: 'prod' }),
  deploy('web', { app: 'web' }, 2, [{ containerPort: 8080 }], { namespace: 'prod' }),
  svc('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] }, { namespace: 'prod' }),
  statefulSet('db', 'db', { app: 'db' }, 2, [{ containerPort: 5432 }]),
];
// The StatefulSet must live in prod too.
objects[3].metadata.namespace = 'prod';
const cluster = LocalCluster.fromManifests(objects);
const ip = cluster.service('web', 'prod')!.clusterIp!;

describe('D1 search path', () => {
  test('D1 `web` resolves from its own namespace through <ns>.svc.<domain>', () => {
    const r = cluster.resolve('web', DnsRecordType.A, 'prod');
    expect(r).toEqual({ rcode: 'NOERROR', name: 'web.prod.svc.cluster.local', tried: ['web.prod.svc.cluster.local'], answers: [{ type: 'A', name: 'web.prod.svc.cluster.local', value: ip }] });
  });

  test('D1 `web.prod` resolves from another namespace through svc.<domain>; bare `web` does not', () => {
    const r = cluster.resolve('web.prod', DnsRecordType.A, 'default');
    expect(r.name).toBe('web.prod.svc.cluster.local');
    expect(r.tried).toEqual(['web.prod.default.svc.cluster.local', 'web.prod.svc.cluster.local']);
    expect(cluster.resolve('web', DnsRecordType.A, 'default').rcode).toBe(DnsRcode.NXDOMAIN);
    expect(cluster.resolve('example.com').rcode).toBe(DnsRcode.FORWARDED);
  });

  test('D1 a name with 5 dots is tried as is first; a trailing dot is absolute', () => {
    expect(cluster.resolve('a.b.c.d.e.f').tried[0]).toBe('a.b.c.d.e.f');
    expect(cluster.resolve('web.prod.svc.cluster.local.').tried).toEqual(['web.prod.svc.cluster.local']);
    expect(cluster.resolve('example.com').tried).toEqual(['example.com.default.svc.cluster.local', 'example.com.svc.cluster.local', 'example.com.cluster.local', 'example.com']);
  });
});

describe('D2 ClusterIP Service', () => {
  test('D2 A for the ClusterIP whether or not there are endpoints', () => {
    const empty = LocalCluster.fromManifests([svc('lonely', { selector: { app: 'none' }, ports: [{ port: 80 }] })]);
    expect(empty.resolve('lonely').answers.map((a) => a.value)).toEqual([empty.service('lonely')!.clusterIp]);
  });

  test('D2 the other family is NOERROR with no data', () => {
    const r = cluster.resolve('web.prod.svc.cluster.local', DnsRecordType.AAAA);
    expect(r.rcode).toBe(DnsRcode.NOERROR);
    expect(r.answers).toEqual([]);
  });
});

describe('D3 SRV', () => {
  test('D3 _http._tcp gives the Service port with target svc.ns.svc.zone, priority 0, weight 100', () => {
    expect(cluster.resolve('_http._tcp.web.prod.svc.cluster.local', DnsRecordType.SRV).answers).toEqual([
      { type: 'SRV', name: '_http._tcp.web.prod.svc.cluster.local', value: 'web.prod.svc.cluster.local', port: 80, priority: 0, weight: 100 },
    ]);
  });

  test('D3 the port name matches case-insensitively; an unknown port name is NXDOMAIN', () => {
    expect(cluster.resolve('_HTTP._TCP.web.prod.svc.cluster.local', DnsRecordType.SRV).answers).toHaveLength(1);
    expect(cluster.resolve('_grpc._tcp.web.prod.svc.cluster.local', DnsRecordType.SRV).rcode).toBe(DnsRcode.NXDOMAIN);
  });

  test('D3 SRV on the bare name lists every port (CoreDNS: empty _port matches any), weight floor(100/n)', () => {
    const r = cluster.resolve('web.prod.svc.cluster.local', DnsRecordType.SRV);
    expect(r.answers.map((a) => [a.port, a.weight])).toEqual([[80, 50], [9090, 50]]);
  });

  test('D3 the SRV weight counts the records CoreDNS drops afterwards: a portless headless pod (port -1), a duplicate ClusterIP target', () => {
    // backend_lookup.go SRV: weights are summed over every backend record, then port -1 records
    // and duplicate (target, port) pairs are skipped.
    const pods = [
      recordedPod('a', { app: 'h' }, { ip: '10.244.0.5', nodeName: 'n1' }),
      recordedPod('b', { app: 'h' }, { ip: '10.244.0.6', nodeName: 'n1' }),
      recordedPod('c', { app: 'h' }, { ip: '10.244.0.7', nodeName: 'n1' }),
      // Declares no `http` port: lands in a slice with no ports (O1), an A record but no SRV (D4).
      recordedPod('d', { app: 'h' }, { ip: '10.244.0.8', nodeName: 'n1', containers: [{ name: 'x', image: 'x', ports: [{ containerPort: 81, name: 'other' }] }] }),
    ];
    const h = LocalCluster.fromManifests([svc('h', { clusterIP: 'None', selector: { app: 'h' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }), node('n1', 'zone-a', '172.18.0.2'), ...pods]);
    const bare = h.resolve('h.default.svc.cluster.local.', DnsRecordType.SRV);
    expect(bare.answers.map((a) => [a.value, a.weight])).toEqual([
      ['10-244-0-5.h.default.svc.cluster.local', 25], ['10-244-0-6.h.default.svc.cluster.local', 25], ['10-244-0-7.h.default.svc.cluster.local', 25],
    ]);
    expect(h.resolve('h.default.svc.cluster.local.', DnsRecordType.A).answers).toHaveLength(4);
    // Nearest neighbour: asking for _http._tcp excludes the portless record up front, so n = 3.
    expect(h.resolve('_http._tcp.h.default.svc.cluster.local.', DnsRecordType.SRV).answers.map((a) => a.weight)).toEqual([33, 33, 33]);

    // A dual-stack endpoint with a hostname: one backend record per address, the same target
    // twice, so one SRV record of weight floor(100/2) = 50. The simulated cluster is single-stack,
    // where only a selector-less headless Service may hold both families (RULES.md A6); its
    // EndpointSlices are written by hand, one per family.
    const slice = (family: string, address: string) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `d-${family.toLowerCase()}`, labels: { 'kubernetes.io/service-name': 'd' } },
      addressType: family,
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: [address], hostname: 'd-0', conditions: { ready: true } }],
    });
    const dual = LocalCluster.fromManifests([
      svc('d', { clusterIP: 'None', ipFamilyPolicy: 'PreferDualStack', ports: [{ name: 'http', port: 80 }] }),
      slice('IPv4', '10.244.0.9'),
      slice('IPv6', 'fd00::9'),
    ]);
    const srv = dual.resolve('_http._tcp.d.default.svc.cluster.local.', DnsRecordType.SRV).answers;
    expect(srv.map((a) => [a.value, a.port, a.weight])).toEqual([['d-0.d.default.svc.cluster.local', 80, 50]]);
    // With a selector, both families on a (described) single-stack cluster are refused (A8): no DNS at all.
    const refused = LocalCluster.fromManifests([
      node('n1', 'zone-a', '172.18.0.2'),
      svc('d', { clusterIP: 'None', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'], selector: { app: 'd' }, ports: [{ name: 'http', port: 80 }] }),
      recordedPod('d-0', { app: 'd' }, { ips: ['10.244.0.9', 'fd00::9'], nodeName: 'n1', hostname: 'd-0', subdomain: 'd' }),
    ], { clusterIpFamilies: [IpFamily.IPV4] });
    expect(refused.services()[0]).toMatchObject({ accepted: false, rejection: 'spec.ipFamilies[1] = "IPv6": not configured on this cluster' });
    expect(refused.resolve('_http._tcp.d.default.svc.cluster.local.', DnsRecordType.SRV).rcode).toBe(DnsRcode.NXDOMAIN);
  });

  test('D3 headless SRV targets <hostname>.svc.ns.svc.zone at the pod port', () => {
    const r = cluster.resolve('_pg._tcp.db.prod.svc.cluster.local', DnsRecordType.SRV);
    expect(r.answers.map((a) => `${a.value}:${a.port}`)).toEqual(['db-0.db.prod.svc.cluster.local:5432', 'db-1.db.prod.svc.cluster.local:5432']);
  });
});

describe('D4 headless Service', () => {
  test('D4 one A per ready address; unready pods are absent unless publishNotReadyAddresses', () => {
    const mk = (pnra: boolean) => LocalCluster.fromManifests([
      svc('h', { clusterIP: 'None', selector: { app: 'h' }, publishNotReadyAddresses: pnra }),
      node('n1', 'a', '172.18.0.2'),
      recordedPod('p1', { app: 'h' }, { nodeName: 'n1', ip: '10.244.0.5' }),
      recordedPod('p2', { app: 'h' }, { nodeName: 'n1', ip: '10.244.0.6', ready: false }),
    ]);
    expect(mk(false).resolve('h').answers.map((a) => a.value)).toEqual(['10.244.0.5']);
    expect(mk(true).resolve('h').answers.map((a) => a.value)).toEqual(['10.244.0.5', '10.244.0.6']);
  });

  test('D4 no ready address is NXDOMAIN', () => {
    const c = LocalCluster.fromManifests([svc('h', { clusterIP: 'None', selector: { app: 'h' } }), deploy('h', { app: 'h' }, 1)], { notReady: ['h'] });
    expect(c.resolve('h').rcode).toBe(DnsRcode.NXDOMAIN);
  });

  test('D4 per-endpoint names: the hostname, else the dashed IP', () => {
    expect(cluster.resolve('db-1.db', DnsRecordType.A, 'prod').answers.map((a) => a.value)).toEqual([cluster.pods('prod').find((p) => p.name === 'db-1')!.ip]);
    const c = LocalCluster.fromManifests([svc('h', { clusterIP: 'None', selector: { app: 'h' } }), node('n1', 'a', '172.18.0.2'), recordedPod('p1', { app: 'h' }, { nodeName: 'n1', ip: '10.244.0.5' })]);
    expect(c.resolve('10-244-0-5.h').answers.map((a) => a.value)).toEqual(['10.244.0.5']);
    expect(c.resolve('p1.h.default.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
  });

  test('D4 a slice with no ports gives A records but no SRV', () => {
    const c = LocalCluster.fromManifests([svc('h', { clusterIP: 'None', selector: { app: 'h' } }), deploy('h', { app: 'h' }, 2)]);
    expect(c.resolve('h').answers).toHaveLength(2);
    expect(c.resolve('h', DnsRecordType.SRV)).toMatchObject({ rcode: 'NOERROR', answers: [] });
  });
});

describe('D5 ExternalName', () => {
  test('D5 CNAME to a name; an IP value is NXDOMAIN', () => {
    const c = LocalCluster.fromManifests([
      svc('byname', { type: 'ExternalName', externalName: 'db.example.com' }),
      svc('byip', { type: 'ExternalName', externalName: '192.0.2.10' }),
    ]);
    expect(c.resolve('byname').answers).toEqual([{ type: 'CNAME', name: 'byname.default.svc.cluster.local', value: 'db.example.com' }]);
    expect(c.resolve('byip.default.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
    // The security rule S3 reports it in the cluster's report.
    expect(c.verify().findings.map((f) => [f.rule, f.objectRef])).toEqual([['S3', 'Service/default/byip']]);
  });

  test('D5 a port- or endpoint-qualified query is NXDOMAIN', () => {
    const c = LocalCluster.fromManifests([svc('byname', { type: 'ExternalName', externalName: 'db.example.com', ports: [{ name: 'pg', port: 5432 }] })]);
    expect(c.resolve('_pg._tcp.byname.default.svc.cluster.local.', DnsRecordType.SRV).rcode).toBe(DnsRcode.NXDOMAIN);
    expect(c.resolve('x.byname.default.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
  });
});

describe('D6 pod records', () => {
  test('D6 insecure (kubeadm default) echoes the IP', () => {
    expect(cluster.resolve('10-1-2-3.prod.pod.cluster.local').answers).toEqual([{ type: 'A', name: '10-1-2-3.prod.pod.cluster.local', value: '10.1.2.3' }]);
  });

  test('D6 disabled is NXDOMAIN; verified needs a pod with that IP in that namespace', () => {
    const disabled = LocalCluster.fromManifests(objects, { podDns: PodDnsMode.DISABLED });
    expect(disabled.resolve('10-1-2-3.prod.pod.cluster.local').rcode).toBe(DnsRcode.NXDOMAIN);
    const verified = LocalCluster.fromManifests(objects, { podDns: PodDnsMode.VERIFIED });
    const podIp = verified.pods('prod')[0].ip!;
    expect(verified.resolve(`${podIp.replace(/\./g, '-')}.prod.pod.cluster.local`).answers[0].value).toBe(podIp);
    expect(verified.resolve('10-1-2-3.prod.pod.cluster.local').rcode).toBe(DnsRcode.NXDOMAIN);
    expect(verified.resolve(`${podIp.replace(/\./g, '-')}.default.pod.cluster.local`).rcode).toBe(DnsRcode.NXDOMAIN);
  });
});

describe('D7 errors', () => {
  test('D7 unknown Service or namespace is NXDOMAIN', () => {
    expect(cluster.resolve('nope.prod.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
    expect(cluster.resolve('web.nowhere.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
  });

  test('D7 extra labels and a label that is neither svc nor pod are NXDOMAIN', () => {
    expect(cluster.resolve('a.b._http._tcp.web.prod.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
    // parse.go has no port+endpoint form: three labels before the Service are too many.
    expect(cluster.resolve('_pg._tcp.db-0.db.prod.svc.cluster.local.', DnsRecordType.SRV).rcode).toBe(DnsRcode.NXDOMAIN);
    expect(cluster.resolve('db-0.db.prod.svc.cluster.local.').rcode).toBe(DnsRcode.NOERROR);
    expect(cluster.resolve('web.prod.foo.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
  });

  test('D7 ns.svc.zone is NODATA for an existing namespace', () => {
    expect(cluster.resolve('prod.svc.cluster.local.')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(cluster.resolve('nowhere.svc.cluster.local.').rcode).toBe(DnsRcode.NXDOMAIN);
  });
});
