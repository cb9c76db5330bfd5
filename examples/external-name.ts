// Seeds "Kubernetes Services" and "ClusterIP, NodePort, LoadBalancer, and more": an
// ExternalName Service in `prod` that answers a CNAME to a database outside the cluster.
import { App, Chart } from 'cdk8s';
import { ExternalNameService } from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'external-name', { namespace: 'prod' });
  new ExternalNameService(chart, 'db', {
    metadata: { name: 'db-en-service' },
    externalName: 'my.database.example.com',
  });
  return app;
}

if (require.main === module) build().synth();
