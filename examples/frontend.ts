// Seed "Services" (kubectl expose deploy frontend --name=frontend-svc --port=80 --target-port=5000):
// a cdk8s-plus Deployment listening on 5000 behind a ClusterIP Service on 80, and the
// NodePort variant on 32233.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterIpService, NodePortService, TargetPort } from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'frontend');
  const frontend = new kplus.Deployment(chart, 'frontend', {
    metadata: { name: 'frontend' },
    replicas: 3,
    containers: [{ name: 'frontend', image: 'example/frontend:1.0', portNumber: 5000 }],
  });

  new ClusterIpService(chart, 'frontend-svc', {
    metadata: { name: 'frontend-svc' },
    selector: frontend,
    ports: [{ port: 80, targetPort: TargetPort.number(5000) }],
  });
  new NodePortService(chart, 'frontend-svc-nodeport', {
    metadata: { name: 'frontend-svc-nodeport' },
    selector: frontend,
    ports: [{ port: 80, targetPort: TargetPort.number(5000), nodePort: 32233 }],
  });
  return app;
}

if (require.main === module) build().synth();
