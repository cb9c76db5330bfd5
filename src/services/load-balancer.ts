import { Construct } from 'constructs';
import { ExternalTrafficPolicy, ServiceType } from '../enums';
import { SelectingServiceBase, ServiceBaseProps } from './service-base';

/** Props for a Service exposed through a load balancer of the cloud provider. */
export interface LoadBalancerServiceProps extends ServiceBaseProps {
  /**
   * Client CIDRs the load balancer accepts (e.g. `203.0.113.0/24`). Without it, or with
   * `0.0.0.0/0`, the load balancer is open to the internet, which the security rules warn
   * about unless `allowPublicAccess` is set.
   * @default - every client (the provider's default)
   */
  readonly loadBalancerSourceRanges?: string[];

  /**
   * The load balancer implementation to use (a qualified name, e.g. `service.k8s.aws/nlb`).
   * @default - the cluster's default implementation
   */
  readonly loadBalancerClass?: string;

  /**
   * What to do with traffic that arrives on a node: keep it on that node's pods
   * (`LOCAL`, client IP preserved, health-checked per node) or spread it over all pods.
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  /**
   * Whether node ports are allocated for the load balancer. Set false for load balancers that
   * route to pod IPs directly.
   * @default true
   */
  readonly allocateLoadBalancerNodePorts?: boolean;

  /**
   * The node port the load balancer health-checks (only with ExternalTrafficPolicy.LOCAL, V38).
   * @default - allocated by Kubernetes when needed
   */
  readonly healthCheckNodePort?: number;

  /**
   * A requested load balancer IP (deprecated in Kubernetes; honoured by some providers only).
   * @default - chosen by the provider
   */
  readonly loadBalancerIP?: string;

  /**
   * States that this load balancer is meant to be reachable from anywhere (it changes nothing
   * in the load balancer itself): sets the annotation
   * `cdk8s-services.io/public-load-balancer: "true"`, which the open-load-balancer rule (S2)
   * reads, so this Service is not reported as open to the internet. `false` is the same as
   * leaving it out. (Before 1.0 this prop was `public`, a reserved word in Java and C#.)
   * @default false - an open load balancer is reported (S2)
   */
  readonly allowPublicAccess?: boolean;
}

/**
 * A Service of type LoadBalancer: a NodePort Service plus an external load balancer the cloud
 * provider (or cloud-provider-kind, MetalLB) creates. Provider annotations go in
 * `metadata.annotations`, or through `addAnnotation`.
 */
export class LoadBalancerService extends SelectingServiceBase {
  /** Annotation that states a LoadBalancer is meant to be public (security rule). */
  public static readonly PUBLIC_LOAD_BALANCER_ANNOTATION = 'cdk8s-services.io/public-load-balancer';

  private readonly lbProps: LoadBalancerServiceProps;

  constructor(scope: Construct, id: string, props: LoadBalancerServiceProps = {}) {
    super(scope, id, ServiceType.LOAD_BALANCER, props);
    this.lbProps = props;
    if (props.allowPublicAccess) {
      this.apiObject.metadata.addAnnotation(LoadBalancerService.PUBLIC_LOAD_BALANCER_ANNOTATION, 'true');
    }
  }

  /** @internal */
  protected _typeSpec(): Record<string, unknown> {
    const p = this.lbProps;
    return {
      loadBalancerSourceRanges: p.loadBalancerSourceRanges ? [...p.loadBalancerSourceRanges] : undefined,
      loadBalancerClass: p.loadBalancerClass,
      externalTrafficPolicy: p.externalTrafficPolicy,
      allocateLoadBalancerNodePorts: p.allocateLoadBalancerNodePorts,
      healthCheckNodePort: p.healthCheckNodePort,
      loadBalancerIP: p.loadBalancerIP,
    };
  }
}
