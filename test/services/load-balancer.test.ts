import { Testing } from 'cdk8s';
import { newChart, synthService, workload, quietWarnings } from './util';
import { ExternalTrafficPolicy, LoadBalancerService, Selector } from '../../src';

quietWarnings();

describe('LoadBalancerService', () => {
  test('defaults: type LoadBalancer, no annotations', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const svc = new LoadBalancerService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }] });
    const m = synthService(chart, svc);
    expect(m.spec).toEqual({ type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] });
    expect(m.metadata.annotations).toBeUndefined();
  });

  test('every prop is emitted where Kubernetes expects it', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' }, [{ name: 'https', containerPort: 443 }]);
    const svc = new LoadBalancerService(chart, 'web', {
      selector: Selector.labels({ app: 'web' }),
      ports: [{ name: 'https', port: 443 }],
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      loadBalancerClass: 'service.k8s.aws/nlb',
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      allocateLoadBalancerNodePorts: false,
      healthCheckNodePort: 30999,
      loadBalancerIP: '198.51.100.7',
    });
    svc.addAnnotation('service.beta.kubernetes.io/aws-load-balancer-scheme', 'internet-facing');
    const m = synthService(chart, svc);
    expect(m.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' });
    expect(m.spec).toEqual({
      type: 'LoadBalancer',
      selector: { app: 'web' },
      ports: [{ name: 'https', port: 443 }],
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      loadBalancerClass: 'service.k8s.aws/nlb',
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: false,
      healthCheckNodePort: 30999,
      loadBalancerIP: '198.51.100.7',
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('allowPublicAccess: true sets the public-load-balancer annotation; false or absent does not', () => {
    const chart = newChart();
    workload(chart, 'pods', { app: 'web' });
    const pub = new LoadBalancerService(chart, 'pub', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }], allowPublicAccess: true });
    const priv = new LoadBalancerService(chart, 'priv', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }], allowPublicAccess: false });
    expect(synthService(chart, pub).metadata.annotations).toEqual({ [LoadBalancerService.PUBLIC_LOAD_BALANCER_ANNOTATION]: 'true' });
    expect(LoadBalancerService.PUBLIC_LOAD_BALANCER_ANNOTATION).toBe('cdk8s-services.io/public-load-balancer');
    expect(synthService(chart, priv).metadata.annotations).toBeUndefined();
  });
});
