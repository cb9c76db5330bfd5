// The README's examples, run as written: a README that lies is a bug.
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClusterIpService, ConnectOutcome, DnsRecordType, LocalCluster, NodePortService, ServicePort, TargetPort } from '../src';

class WebChart extends Chart {
  constructor(scope: Construct) {
    super(scope, 'web', { namespace: 'shop' });
    const web = new kplus.Deployment(this, 'web', {
      replicas: 3,
      containers: [{ image: 'example/web:1.0', ports: [{ name: 'http', number: 8080 }] }],
    });
    new ClusterIpService(this, 'web-svc', {
      metadata: { name: 'web' },
      selector: web,
      ports: [{ name: 'http', port: 80, targetPort: TargetPort.named('http') }],
    });
  }
}

test('README "Testing without a cluster" example', () => {
  const chart = new WebChart(Testing.app());
  const cluster = LocalCluster.fromChart(chart);

  expect(cluster.endpoints('web', 'shop')).toHaveLength(3);
  expect(cluster.resolve('web.shop.svc.cluster.local').answers[0].value)
    .toBe(cluster.service('web', 'shop')!.clusterIp);
  expect(cluster.resolve('_http._tcp.web.shop', DnsRecordType.SRV).answers).toHaveLength(1);

  const route = cluster.connect({ service: 'web', namespace: 'shop', port: 80 });
  expect(route.outcome).toBe(ConnectOutcome.DELIVERED);
  expect(route.targets.map((t) => t.probability)).toEqual([1 / 3, 1 / 3, 1 / 3]);

  expect(cluster.verify().ok).toBe(true);
});

/** The README's "Example" app, with the Service ports given. */
function readmeExampleApp(ports: ServicePort[]): App {
  const app = Testing.app();
  const chart = new Chart(app, 'web', { namespace: 'shop' });
  const web = new kplus.Deployment(chart, 'web', {
    replicas: 3,
    containers: [{ image: 'example/web:1.0', ports: [{ name: 'http', number: 8080 }] }],
  });
  new NodePortService(chart, 'web-svc', { selector: web, ports });
  return app;
}

test('README "Example": the mistakes are all reported in one throw', () => {
  const app = readmeExampleApp([{ port: 80, targetPort: TargetPort.named('htp'), nodePort: 99999 }, { port: 70000 }]);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  let message = '';
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  warn.mockRestore();
  for (const rule of ['V14 port-name-missing', 'V16 port-out-of-range', 'A11 node-port-not-allocatable', 'X3 named-target-port-undeclared']) {
    expect(message).toContain(`(rule ${rule})`);
  }
  expect(message).toContain('[web/web-svc/Resource] spec.ports[0].nodePort = 99999');
});

test('README "Example" as written synthesizes cleanly', () => {
  const app = readmeExampleApp([{ port: 80, targetPort: TargetPort.named('http'), nodePort: 30080 }]);
  expect(() => app.synth()).not.toThrow();
});
