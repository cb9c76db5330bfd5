// Seed "Kubernetes Services" (headless): a Service with clusterIP None in front of a
// StatefulSet, so each pod gets its own DNS name (web-0.nginx.default.svc.cluster.local).
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { HeadlessService, Selector } from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'headless');
  const labels = { app: 'nginx' };
  const web = new k8s.KubeStatefulSet(chart, 'web', {
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'web', containerPort: 80 }] }] },
      },
    },
  });

  new HeadlessService(chart, 'nginx', {
    metadata: { name: 'nginx' },
    selector: Selector.fromApiObject(web),
    ports: [{ name: 'web', port: 80 }],
  });
  return app;
}

if (require.main === module) build().synth();
