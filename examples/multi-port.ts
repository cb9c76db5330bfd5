// Seed "Services" (multi-port): one NodePort Service, two named ports,
// 8080 -> 80 on node port 31080 and 8443 -> 443 on node port 31443.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { MultiPortService, ServiceType, TargetPort } from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'multi-port');
  const web = new kplus.Deployment(chart, 'web-app', {
    metadata: { name: 'web-app' },
    replicas: 2,
    containers: [{
      name: 'web',
      image: 'nginx:1.27',
      ports: [{ name: 'http', number: 80 }, { name: 'https', number: 443 }],
      securityContext: { ensureNonRoot: false },
    }],
  });

  new MultiPortService(chart, 'multi-port-svc', {
    metadata: { name: 'multi-port-svc' },
    type: ServiceType.NODE_PORT,
    selector: web,
    ports: [
      { name: 'http', port: 8080, targetPort: TargetPort.number(80), nodePort: 31080 },
      { name: 'https', port: 8443, targetPort: TargetPort.number(443), nodePort: 31443 },
    ],
  });
  return app;
}

if (require.main === module) build().synth();
