// One app that uses all six constructs: a small shop in namespace `shop`.
//   web      ClusterIpService     -> cdk8s-plus Deployment (3 replicas), named target port
//   api      NodePortService      -> cdk8s-plus Deployment, node port 30080
//   edge     LoadBalancerService  -> the web pods, source ranges restricted
//   db       ExternalNameService  -> the managed database outside the cluster
//   cache    HeadlessService      -> a raw StatefulSet (per-pod DNS names)
//   agent    MultiPortService     -> a cdk8s-plus DaemonSet serving http and metrics
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import {
  ClusterIpService, ExternalNameService, HeadlessService, LoadBalancerService, MultiPortService,
  NodePortService, Selector, ServiceType, SessionAffinity, TargetPort,
} from '../src';

export function build(app: App = new App()): App {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });

  const web = new kplus.Deployment(chart, 'web-deployment', {
    metadata: { name: 'web' },
    replicas: 3,
    containers: [{ name: 'web', image: 'example/shop-web:2.1', ports: [{ name: 'http', number: 8080 }] }],
  });
  new ClusterIpService(chart, 'web', {
    metadata: { name: 'web' },
    selector: web,
    ports: [{ name: 'http', port: 80, targetPort: TargetPort.named('http'), appProtocol: 'http' }],
    sessionAffinity: SessionAffinity.CLIENT_IP,
  });

  const api = new kplus.Deployment(chart, 'api-deployment', {
    metadata: { name: 'api' },
    replicas: 2,
    containers: [{ name: 'api', image: 'example/shop-api:1.4', portNumber: 9000 }],
  });
  new NodePortService(chart, 'api', {
    metadata: { name: 'api' },
    selector: api,
    ports: [{ port: 9000, nodePort: 30080 }],
  });

  new LoadBalancerService(chart, 'edge', {
    metadata: { name: 'edge' },
    selector: web,
    ports: [{ name: 'http', port: 80, targetPort: TargetPort.named('http') }],
    loadBalancerSourceRanges: ['203.0.113.0/24'],
  });

  new ExternalNameService(chart, 'db', {
    metadata: { name: 'db' },
    externalName: 'shop-db.example.com',
  });

  const cacheLabels = { app: 'cache' };
  const cache = new k8s.KubeStatefulSet(chart, 'cache-statefulset', {
    metadata: { name: 'cache' },
    spec: {
      serviceName: 'cache',
      replicas: 3,
      selector: { matchLabels: cacheLabels },
      template: {
        metadata: { labels: cacheLabels },
        spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ name: 'redis', containerPort: 6379 }] }] },
      },
    },
  });
  new HeadlessService(chart, 'cache', {
    metadata: { name: 'cache' },
    selector: Selector.fromApiObject(cache),
    ports: [{ name: 'redis', port: 6379, targetPort: TargetPort.named('redis') }],
    publishNotReadyAddresses: true,
  });

  const agent = new kplus.DaemonSet(chart, 'agent-daemonset', {
    metadata: { name: 'agent' },
    containers: [{
      name: 'agent',
      image: 'example/node-agent:0.9',
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
    }],
  });
  new MultiPortService(chart, 'agent', {
    metadata: { name: 'agent' },
    type: ServiceType.CLUSTER_IP,
    selector: agent,
    ports: [
      { name: 'http', port: 80, targetPort: TargetPort.named('http') },
      { name: 'metrics', port: 9090, targetPort: TargetPort.named('metrics') },
    ],
  });
  return app;
}

if (require.main === module) build().synth();
