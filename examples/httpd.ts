// Seed "Services in Kubernetes: A Deep Dive": an httpd Deployment with 2 replicas in
// `httpd-namespace`, exposed three ways. The tutorial applies the three Services one after
// another under one name; in one app they need distinct names (rule X4) and the LoadBalancer
// cannot reuse the NodePort Service's nodePort 30008 (rule X3), so it lets Kubernetes pick.
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ClusterIpService, LoadBalancerService, NodePortService, Selector, TargetPort } from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'httpd', { namespace: 'httpd-namespace' });
  const labels = { name: 'deployment' };
  const httpd = new k8s.KubeDeployment(chart, 'httpd-deployments', {
    metadata: { name: 'httpd-deployments' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'httpd-container', image: 'httpd', ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  const selector = Selector.fromApiObject(httpd);

  new ClusterIpService(chart, 'clusterip', {
    metadata: { name: 'httpd-service' },
    selector,
    ports: [{ port: 80, targetPort: TargetPort.number(80) }],
  });
  new NodePortService(chart, 'nodeport', {
    metadata: { name: 'httpd-nodeport' },
    selector,
    ports: [{ port: 80, targetPort: TargetPort.number(80), nodePort: 30008 }],
  });
  new LoadBalancerService(chart, 'loadbalancer', {
    metadata: { name: 'httpd-lb' },
    selector,
    ports: [{ port: 80, targetPort: TargetPort.number(80) }],
    // A tutorial cluster (minikube) with no cloud LB: the address stays <pending> (K9).
    loadBalancerSourceRanges: ['10.0.0.0/8'],
  });
  return app;
}

if (require.main === module) build().synth();
