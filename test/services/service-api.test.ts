// The construct API shared by the six Services (issue 15, "API before 1.0"): IService and
// fromServiceName, addLabel/addAnnotation, the cluster domain, the Ingress backend for
// cdk8s-plus, and the EndpointSlice of a Service without a selector.
import { Chart, Testing } from 'cdk8s';
import * as kplus27 from 'cdk8s-plus-27';
import * as kplus32 from 'cdk8s-plus-32';
import { newChart, synthService, workload } from './util';
import {
  ClusterIpService, ConnectOutcome, DnsRcode, ExternalNameService, HeadlessService, IService, LoadBalancerService, LocalCluster,
  MultiPortService, NodePortService, Selector, ServiceBase, ServiceValidation, Severity, TargetPort,
} from '../../src';

function six(chart: Chart): IService[] {
  const selector = Selector.labels({ app: 'web' });
  return [
    new ClusterIpService(chart, 'ip', { selector, ports: [{ port: 80 }] }),
    new NodePortService(chart, 'np', { selector, ports: [{ port: 80 }] }),
    new LoadBalancerService(chart, 'lb', { selector, ports: [{ port: 80 }], allowPublicAccess: true }),
    new ExternalNameService(chart, 'ext', { externalName: 'db.example.com', ports: [{ port: 5432 }] }),
    new HeadlessService(chart, 'hl', { selector, ports: [{ port: 80 }] }),
    new MultiPortService(chart, 'mp', { selector, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] }),
  ];
}

describe('IService', () => {
  test('all six constructs are an IService with the name, namespace, ports and DNS name they emit', () => {
    const chart = newChart({ namespace: 'shop' });
    workload(chart, 'pods', { app: 'web' });
    const services = six(chart);
    const out = Testing.synth(chart).filter((o: any) => o.kind === 'Service');
    expect(out).toHaveLength(6);
    for (const s of services) {
      const m = out.find((o: any) => o.metadata.name === s.name);
      expect(m.metadata.namespace).toBe(s.namespace);
      expect(s.namespace).toBe('shop');
      expect(s.ports.map((p) => p.port)).toEqual((m.spec.ports ?? []).map((p: any) => p.port));
      expect(s.dnsName).toBe(`${s.name}.shop.svc.cluster.local`);
    }
  });

  test('fromServiceName refers to an existing Service: nothing is synthesized', () => {
    const chart = newChart({ namespace: 'shop' });
    const ref = ServiceBase.fromServiceName(chart, 'payments', 'payments', { namespace: 'billing', ports: [{ name: 'grpc', port: 9000 }] });
    const inChart = ServiceBase.fromServiceName(chart, 'cart', 'cart');
    expect(Testing.synth(chart)).toEqual([]);
    expect(ref.name).toBe('payments');
    expect(ref.namespace).toBe('billing');
    expect(ref.dnsName).toBe('payments.billing.svc.cluster.local');
    expect(ref.ports).toEqual([{ name: 'grpc', port: 9000 }]);
    // A copy: changing it does not change the reference.
    ref.ports.push({ port: 1 });
    expect(ref.ports).toHaveLength(1);
    expect(inChart.namespace).toBe('shop');
    expect(inChart.ports).toEqual([]);
    expect(ServiceBase.fromServiceName(new Chart(Testing.app(), 'c'), 'x', 'x').namespace).toBe('default');
  });
});

describe('addLabel and addAnnotation', () => {
  test('go to the Service metadata, not to its selector', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }], metadata: { labels: { team: 'a' } } });
    svc.addLabel('tier', 'frontend');
    svc.addAnnotation('example.com/owner', 'shop');
    const ext = new ExternalNameService(chart, 'db', { externalName: 'db.example.com' });
    ext.addLabel('tier', 'data');
    const m = synthService(chart, svc);
    expect(m.metadata.labels).toEqual({ team: 'a', tier: 'frontend' });
    expect(m.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
    expect(m.spec.selector).toEqual({ app: 'web' });
    expect(synthService(chart, ext).metadata.labels).toEqual({ tier: 'data' });
  });
});

describe('cluster domain', () => {
  test('context cdk8s-services:clusterDomain sets dnsName and the simulated DNS; cluster.local without it', () => {
    const app = Testing.app();
    app.node.setContext(ServiceBase.CLUSTER_DOMAIN_CONTEXT, 'corp.internal.');
    const chart = new Chart(app, 'c');
    workload(chart, 'pods', { app: 'web' });
    const svc = new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    const ref = ServiceBase.fromServiceName(chart, 'ref', 'ref');
    expect(ServiceBase.CLUSTER_DOMAIN_CONTEXT).toBe('cdk8s-services:clusterDomain');
    expect(svc.dnsName).toBe(`${svc.name}.default.svc.corp.internal`);
    expect(ref.dnsName).toBe('ref.default.svc.corp.internal');
    const cluster = LocalCluster.fromChart(chart);
    expect(cluster.clusterDomain).toBe('corp.internal');
    expect(cluster.resolve(svc.dnsName).rcode).toBe(DnsRcode.NOERROR);
    expect(cluster.resolve(`${svc.name}.default.svc.cluster.local`).rcode).not.toBe(DnsRcode.NOERROR); // not the cluster's domain
    // An explicit option wins over the context.
    expect(LocalCluster.fromChart(chart, { clusterDomain: 'other.test' }).clusterDomain).toBe('other.test');

    const plain = newChart();
    const p = new ClusterIpService(plain, 'web', { ports: [{ port: 80 }] });
    expect(p.dnsName).toBe(`${p.name}.default.svc.cluster.local`);
    expect(LocalCluster.fromChart(plain).clusterDomain).toBe('cluster.local');
  });
});

describe('cdk8s-plus Ingress backends', () => {
  test('toIngressBackend picks the port as cdk8s-plus does', () => {
    const chart = newChart();
    const one = new ClusterIpService(chart, 'one', { ports: [{ port: 80 }] });
    const two = new MultiPortService(chart, 'two', { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 8080 }] });
    const none = new HeadlessService(chart, 'none');
    expect(one.toIngressBackend()).toEqual({ name: one.name, port: { number: 80 } });
    expect(two.toIngressBackend(8080)).toEqual({ name: two.name, port: { number: 8080 } });
    expect(() => two.toIngressBackend()).toThrow(/several ports \(80, 8080\): pass the one the Ingress routes to/);
    expect(() => one.toIngressBackend(81)).toThrow(/no port 81 \(its ports: 80\)/);
    expect(() => none.toIngressBackend()).toThrow(/has no ports/);
  });

  /** The Ingress backend cdk8s-plus synthesized for the first path. */
  const backendOf = (chart: Chart) => Testing.synth(chart).find((o: any) => o.kind === 'Ingress').spec.rules[0].http.paths[0].backend;

  // IngressBackend.fromService reads only `name` and `ports[].port`, which every Service construct has (README).
  test('cdk8s-plus-27: IngressBackend.fromService takes our Service and routes to the same name and port', () => {
    const chart = newChart();
    const svc = new MultiPortService(chart, 'web', { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 8080 }] });
    new kplus27.Ingress(chart, 'ingress').addRule('/', kplus27.IngressBackend.fromService(svc as unknown as kplus27.Service, { port: 80 }));
    expect(backendOf(chart)).toEqual({ service: svc.toIngressBackend(80) });
  });

  test('cdk8s-plus-32: IngressBackend.fromService takes our Service and routes to the same name and port', () => {
    const chart = newChart();
    const svc = new ClusterIpService(chart, 'web', { ports: [{ port: 8080 }] });
    new kplus32.Ingress(chart, 'ingress').addRule('/', kplus32.IngressBackend.fromService(svc as unknown as kplus32.Service));
    expect(backendOf(chart)).toEqual({ service: svc.toIngressBackend() });
  });
});

describe('addEndpoints: a Service without a selector', () => {
  test('emits a discovery.k8s.io/v1 EndpointSlice per family, labelled with the Service name, with its port names', () => {
    const chart = newChart({ namespace: 'billing' });
    const svc = new ClusterIpService(chart, 'legacy', { ports: [{ name: 'http', port: 80, targetPort: TargetPort.number(8080) }] });
    svc.addEndpoints({ addresses: ['192.0.2.10', '192.0.2.11', '2001:db8::10'] });
    svc.addPort({ name: 'admin', port: 9000 }); // read at synth
    const out = Testing.synth(chart);
    const slices = out.filter((o: any) => o.kind === 'EndpointSlice');
    expect(slices.map((s: any) => s.addressType)).toEqual(['IPv4', 'IPv6']);
    for (const s of slices) {
      expect(s.apiVersion).toBe('discovery.k8s.io/v1');
      expect(s.metadata.namespace).toBe('billing');
      expect(s.metadata.labels['kubernetes.io/service-name']).toBe(svc.name);
      expect(s.metadata.labels['endpointslice.kubernetes.io/managed-by']).not.toBe('endpointslice-controller.k8s.io');
      expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'admin', port: 9000, protocol: 'TCP' }]);
    }
    expect(slices[0].endpoints).toEqual([{ addresses: ['192.0.2.10'] }, { addresses: ['192.0.2.11'] }]);
    expect(slices[1].endpoints).toEqual([{ addresses: ['2001:db8::10'] }]);
    // The Service comes first in the manifest.
    expect(out.findIndex((o: any) => o.kind === 'Service')).toBeLessThan(out.findIndex((o: any) => o.kind === 'EndpointSlice'));
  });

  test('targetPorts gives the endpoints\' port per Service port name (a named targetPort has no number without pods)', () => {
    const chart = newChart();
    const svc = new NodePortService(chart, 'vm', { ports: [{ port: 80, targetPort: TargetPort.named('web') }] });
    svc.addEndpoints({ addresses: ['192.0.2.10'], targetPorts: { '': 8443 } });
    const slice = Testing.synth(chart).find((o: any) => o.kind === 'EndpointSlice');
    expect(slice.ports).toEqual([{ name: '', port: 8443, protocol: 'TCP' }]);
  });

  test('the simulation routes to the given endpoints and the rules report no error; without them there are none', () => {
    const build = (withEndpoints: boolean) => {
      const chart = newChart();
      const svc = new ClusterIpService(chart, 'legacy', { ports: [{ name: 'http', port: 80, targetPort: TargetPort.number(8080) }] });
      if (withEndpoints) svc.addEndpoints({ addresses: ['192.0.2.10', '192.0.2.11'] });
      return { chart, svc };
    };
    const { chart, svc } = build(true);
    const cluster = LocalCluster.fromChart(chart);
    expect(cluster.allEndpoints(svc.name).map((e) => `${e.ip}:${e.ports.http}`).sort()).toEqual(['192.0.2.10:8080', '192.0.2.11:8080']);
    const r = cluster.connect({ service: svc.name, port: 80 });
    expect(r.outcome).toBe(ConnectOutcome.DELIVERED);
    expect(r.targets.map((t) => `${t.ip}:${t.port}`).sort()).toEqual(['192.0.2.10:8080', '192.0.2.11:8080']);
    expect(ServiceValidation.findings(chart).filter((f) => f.severity === Severity.ERROR)).toEqual([]);

    const bare = build(false);
    expect(LocalCluster.fromChart(bare.chart).allEndpoints(bare.svc.name)).toEqual([]);
  });
});
