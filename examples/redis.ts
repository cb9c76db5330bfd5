// Seed "Kubernetes Services - ClusterIP, NodePort, LoadBalancer, and more": redis pods
// labelled app=redis,type=db, reached through a named container port, behind a ClusterIP
// Service on 9344, a NodePort Service on 30010 and a LoadBalancer with
// externalTrafficPolicy Local.
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ClusterIpService, ExternalTrafficPolicy, LoadBalancerService, NodePortService, Selector, TargetPort } from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'redis');
  const labels = { app: 'redis', type: 'db' };
  new k8s.KubeDeployment(chart, 'redis', {
    metadata: { name: 'redis' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ name: 'redis', containerPort: 6379 }] }] },
      },
    },
  });
  const selector = Selector.labels(labels);

  new ClusterIpService(chart, 'clusterip', {
    metadata: { name: 'redis-clusterip-service', labels: { app: 'redis-clusterip-service' } },
    selector,
    // The port name kubectl create gives (`9344-6379`); the target is the container port's name.
    ports: [{ name: '9344-6379', port: 9344, targetPort: TargetPort.named('redis') }],
  });
  new NodePortService(chart, 'nodeport', {
    metadata: { name: 'redis-service', labels: { app: 'redis-service' } },
    selector,
    ports: [{ name: '30010-6379', port: 6379, targetPort: TargetPort.named('redis'), nodePort: 30010 }],
  });
  new LoadBalancerService(chart, 'loadbalancer', {
    metadata: { name: 'redis-lb-service', labels: { app: 'redis-lb-service' } },
    selector,
    ports: [{ port: 6379, targetPort: TargetPort.named('redis') }],
    externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
    loadBalancerSourceRanges: ['192.168.0.0/16'],
  });
  return app;
}

if (require.main === module) build().synth();
