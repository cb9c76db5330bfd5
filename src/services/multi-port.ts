import { Construct } from 'constructs';
import { ExternalTrafficPolicy, ServiceType } from '../enums';
import { SelectingServiceBase, ServiceBaseProps } from './service-base';
import { ConstructViolation, MULTI_PORT_MIN_PORTS, MULTI_PORT_TYPE } from '../rules/construct';

/** Props for a Service that exposes several named ports of the same pods. */
export interface MultiPortServiceProps extends ServiceBaseProps {
  /**
   * How the Service is exposed: ClusterIP, NodePort or LoadBalancer. For a load balancer with
   * source ranges, a class, a health check port or `allowPublicAccess`, use `LoadBalancerService`, which
   * takes several named ports too.
   * @default ServiceType.CLUSTER_IP
   */
  readonly type?: ServiceType;

  /**
   * For NodePort and LoadBalancer: keep node traffic on that node's pods (`LOCAL`) or spread it.
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/**
 * A Service with two or more ports, e.g. `http` and `metrics`. Every port needs a name
 * (a DNS-1123 label, unique in the Service, V14/V15) and each port+protocol pair must be
 * unique (V32); fewer than two ports is reported at synth (rule C1).
 */
export class MultiPortService extends SelectingServiceBase {
  /** The external traffic policy, if one was given. */
  public readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  constructor(scope: Construct, id: string, props: MultiPortServiceProps = {}) {
    super(scope, id, props.type ?? ServiceType.CLUSTER_IP, props);
    this.externalTrafficPolicy = props.externalTrafficPolicy;
  }

  /** @internal */
  protected _typeSpec(): Record<string, unknown> {
    return { externalTrafficPolicy: this.externalTrafficPolicy };
  }

  /** @internal */
  protected _constructViolations(): ConstructViolation[] {
    const out = super._constructViolations();
    const n = this.ports.length;
    if (n < 2) {
      out.push({
        rule: MULTI_PORT_MIN_PORTS,
        field: 'spec.ports',
        value: n,
        message: `a MultiPortService needs at least two ports, but it has ${n}`,
        fix: 'add the other named ports (props.ports or addPort), or use ClusterIpService/NodePortService/LoadBalancerService for a single port',
      });
    }
    if (this.type === ServiceType.EXTERNAL_NAME) {
      out.push({
        rule: MULTI_PORT_TYPE,
        field: 'spec.type',
        value: this.type,
        message: 'a MultiPortService routes to pods, so it cannot be of type ExternalName',
        fix: 'use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER, or an ExternalNameService for a DNS alias',
      });
    }
    return out;
  }
}
