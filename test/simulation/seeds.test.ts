// Scenario tests from the seed tutorials (/work/shared/seeds), built from plain manifests.
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { deploy, statefulSet, svc } from './manifests';
import { ConnectOutcome, ConnectVia, DnsRcode, DnsRecordType, LocalCluster } from '../../src';

describe('seed: httpd Deployment with 2 replicas in httpd-namespace', () => {
  const httpd = deploy('httpd-deployments', { name: 'deployment' }, 2, [{ containerPort: 80 }], { namespace: 'httpd-namespace' });
  const ns = 'httpd-namespace';

  test('ClusterIP: two endpoints on port 80, DNS A to the ClusterIP, uniform routing (E1, D2, K4)', () => {
    const cluster = LocalCluster.fromManifests([
      svc('httpd-service', { type: 'ClusterIP', selector: { name: 'deployment' }, ports: [{ port: 80, targetPort: 80 }] }, { namespace: ns }),
      httpd,
    ]);
    const eps = cluster.endpoints('httpd-service', ns);
    expect(eps).toHaveLength(2);
    expect(eps.every((e) => e.ports[''] === 80)).toBe(true);
    const info = cluster.service('httpd-service', ns)!;
    expect(info.clusterIp).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    const dns = cluster.resolve('httpd-service', DnsRecordType.A, ns);
    expect(dns.rcode).toBe(DnsRcode.NOERROR);
    expect(dns.answers.map((a) => a.value)).toEqual([info.clusterIp]);
    const route = cluster.connect({ address: info.clusterIp, port: 80, fromPod: `${ns}/${eps[0].podName}` });
    expect(route.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(route.targets.map((t) => t.probability)).toEqual([0.5, 0.5]);
    expect(cluster.verify().findings).toEqual([]);
  });

  test('NodePort: a port from 30000-32767 reaches both pods from any node (K5)', () => {
    const cluster = LocalCluster.fromManifests([
      svc('httpd-service', { type: 'NodePort', selector: { name: 'deployment' }, ports: [{ port: 80, targetPort: 80 }] }, { namespace: ns }),
      httpd,
    ]);
    const np = cluster.service('httpd-service', ns)!.ports[0].nodePort!;
    expect(np).toBeGreaterThanOrEqual(30000);
    expect(np).toBeLessThanOrEqual(32767);
    for (const n of cluster.nodes()) {
      const r = cluster.connect({ address: n.ip, port: np });
      expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
      expect(r.targets).toHaveLength(2);
      expect(r.clientIpPreserved).toBe(false); // K6: Cluster policy SNATs
    }
  });

  test('LoadBalancer: <pending> without an LB controller, ClusterIP and NodePort still work (K9)', () => {
    const objects = [
      svc('httpd-service', { type: 'LoadBalancer', selector: { name: 'deployment' }, ports: [{ port: 80, targetPort: 80 }] }, { namespace: ns }),
      httpd,
    ];
    const cluster = LocalCluster.fromManifests(objects);
    const info = cluster.service('httpd-service', ns)!;
    expect(info.externalDisplay).toBe('<pending>');
    expect(cluster.connect({ service: 'httpd-service', namespace: ns, port: 80, via: ConnectVia.LOAD_BALANCER }).outcome).toBe(ConnectOutcome.NO_ROUTE);
    expect(cluster.connect({ service: 'httpd-service', namespace: ns, port: 80 }).outcome).toBe(ConnectOutcome.DELIVERED);
    expect(cluster.connect({ service: 'httpd-service', namespace: ns, port: info.ports[0].nodePort!, via: ConnectVia.NODE_PORT }).outcome).toBe(ConnectOutcome.DELIVERED);
    // With an address provided, the load balancer delivers.
    const withLb = LocalCluster.fromManifests(objects, { loadBalancerIngress: { 'httpd-namespace/httpd-service': '192.0.2.127' } });
    expect(withLb.service('httpd-service', ns)!.externalDisplay).toBe('192.0.2.127');
    const r = withLb.connect({ address: '192.0.2.127', port: 80 });
    expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(r.targets).toHaveLength(2);
  });
});

describe('seed: frontend-svc 80 -> 5000', () => {
  test('three endpoints at podIP:5000 (the tutorial lists 10.0.1.3:5000 ...)', () => {
    const cluster = LocalCluster.fromManifests([
      svc('frontend-svc', { selector: { app: 'frontend' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 5000 }] }),
      deploy('frontend', { app: 'frontend' }, 3, [{ containerPort: 5000 }]),
    ]);
    const eps = cluster.endpoints('frontend-svc');
    expect(eps).toHaveLength(3);
    expect(eps.map((e) => e.ports[''])).toEqual([5000, 5000, 5000]);
    const legacy = cluster.legacyEndpoints('frontend-svc')!;
    expect(legacy.subsets).toHaveLength(1);
    expect(legacy.subsets[0].addresses).toHaveLength(3);
    expect(legacy.subsets[0].ports).toEqual([{ name: '', port: 5000, protocol: 'TCP' }]);
    const r = cluster.connect({ service: 'frontend-svc', port: 80 });
    expect(r.targets.map((t) => t.port)).toEqual([5000, 5000, 5000]);
  });

  test('NodePort 32233 is honoured', () => {
    const cluster = LocalCluster.fromManifests([
      svc('frontend-svc', { type: 'NodePort', selector: { app: 'frontend' }, ports: [{ port: 80, targetPort: 5000, nodePort: 32233 }] }),
      deploy('frontend', { app: 'frontend' }, 3, [{ containerPort: 5000 }]),
    ]);
    expect(cluster.service('frontend-svc')!.ports[0].nodePort).toBe(32233);
    expect(cluster.connect({ address: 'node-2', port: 32233 }).targets).toHaveLength(3);
  });
});

describe('seed: multi-port NodePort 8080/8443 -> 80/443 on 31080/31443', () => {
  const cluster = LocalCluster.fromManifests([
    svc('multi-port-svc', {
      type: 'NodePort',
      selector: { app: 'web-app' },
      ports: [
        { name: 'http', port: 8080, targetPort: 80, nodePort: 31080 },
        { name: 'https', port: 8443, targetPort: 443, nodePort: 31443 },
      ],
    }),
    deploy('web-app', { app: 'web-app' }, 2, [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }]),
  ]);

  test('each node port forwards to its pod port', () => {
    const http = cluster.connect({ address: cluster.nodes()[0].ip, port: 31080 });
    const https = cluster.connect({ address: cluster.nodes()[1].ip, port: 31443 });
    expect(http.portName).toBe('http');
    expect(http.targets.map((t) => t.port)).toEqual([80, 80]);
    expect(https.portName).toBe('https');
    expect(https.targets.map((t) => t.port)).toEqual([443, 443]);
  });

  test('service ports 8080 and 8443 inside the cluster; SRV per named port (D3)', () => {
    expect(cluster.connect({ service: 'multi-port-svc', port: 8443 }).targets.map((t) => t.port)).toEqual([443, 443]);
    const srv = cluster.resolve('_https._tcp.multi-port-svc', DnsRecordType.SRV);
    expect(srv.answers).toEqual([{ type: 'SRV', name: '_https._tcp.multi-port-svc.default.svc.cluster.local', value: 'multi-port-svc.default.svc.cluster.local', port: 8443, priority: 0, weight: 100 }]);
    const slices = cluster.endpointSlices('multi-port-svc');
    expect(slices).toHaveLength(1);
    expect(slices[0].ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'https', port: 443, protocol: 'TCP' }]);
  });

  test('an unused node port goes nowhere', () => {
    expect(cluster.connect({ address: 'node-1', port: 31081 }).outcome).toBe(ConnectOutcome.NO_ROUTE);
  });
});

describe('seed: headless StatefulSet', () => {
  const cluster = LocalCluster.fromManifests([
    svc('nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] }),
    statefulSet('web', 'nginx', { app: 'nginx' }, 3),
  ]);

  test('pods web-0..2 with hostnames; one A record per pod; per-pod names (E6, D4)', () => {
    expect(cluster.pods().map((p) => p.name)).toEqual(['web-0', 'web-1', 'web-2']);
    const a = cluster.resolve('nginx');
    expect(a.answers.map((x) => x.value).sort()).toEqual(cluster.pods().map((p) => p.ip!).sort());
    const web1 = cluster.resolve('web-1.nginx.default.svc.cluster.local');
    expect(web1.answers).toEqual([{ type: 'A', name: 'web-1.nginx.default.svc.cluster.local', value: cluster.pods()[1].ip }]);
    expect(cluster.endpointSlices('nginx')[0].endpoints.map((e) => e.hostname)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  test('not proxied: clients connect to pods directly (K1)', () => {
    expect(cluster.connect({ service: 'nginx', port: 80 }).outcome).toBe(ConnectOutcome.NOT_PROXIED);
    expect(cluster.service('nginx')!.clusterIp).toBe('None');
  });
});

describe('seed: ExternalName my.database.example.com in prod', () => {
  const cluster = LocalCluster.fromManifests([
    svc('my-service', { type: 'ExternalName', externalName: 'my.database.example.com' }, { namespace: 'prod' }),
  ]);

  test('CNAME from my-service.prod.svc.cluster.local (D5)', () => {
    const r = cluster.resolve('my-service.prod.svc.cluster.local');
    expect(r.rcode).toBe(DnsRcode.NOERROR);
    expect(r.answers).toEqual([{ type: 'CNAME', name: 'my-service.prod.svc.cluster.local', value: 'my.database.example.com' }]);
    expect(cluster.resolve('my-service', DnsRecordType.A, 'prod').answers[0].value).toBe('my.database.example.com');
  });

  test('no slices, not proxied (E1, K1)', () => {
    expect(cluster.endpointSlices('my-service', 'prod')).toEqual([]);
    expect(cluster.legacyEndpoints('my-service', 'prod')).toBeUndefined();
    expect(cluster.connect({ service: 'my-service', namespace: 'prod', port: 5432 }).outcome).toBe(ConnectOutcome.NOT_PROXIED);
  });
});

describe('README example', () => {
  test('expect(cluster.endpoints(\'web\')).toHaveLength(3)', () => {
    const cluster = LocalCluster.fromManifests([
      svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }),
      deploy('web', { app: 'web' }, 3, [{ containerPort: 8080 }]),
    ]);
    expect(cluster.endpoints('web')).toHaveLength(3);
    expect(cluster.resolve('web').answers[0].value).toBe(cluster.service('web')!.clusterIp);
    expect(cluster.connect({ service: 'web', port: 80 }).targets).toHaveLength(3);
  });
});

describe('README example with cdk8s-plus', () => {
  test('a cdk8s-plus Deployment exposed by a Service: three endpoints, DNS and routing', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const web = new kplus.Deployment(chart, 'web', {
      replicas: 3,
      containers: [{ image: 'nginx', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    });
    web.exposeViaService({ name: 'web', ports: [{ port: 80, targetPort: 8080 }] });

    const cluster = LocalCluster.fromChart(chart);
    expect(cluster.endpoints('web')).toHaveLength(3);
    expect(cluster.endpoints('web').map((e) => e.ports[''])).toEqual([8080, 8080, 8080]);
    expect(cluster.resolve('web').answers).toHaveLength(1);
    expect(cluster.connect({ service: 'web', port: 80 }).targets.map((t) => t.probability)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(cluster.verify().findings).toEqual([]);
  });
});
