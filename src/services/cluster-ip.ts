import { Construct } from 'constructs';
import { ServiceType } from '../enums';
import { SelectingServiceBase, ServiceBaseProps } from './service-base';

/** Props for a Service reachable only inside the cluster, on a virtual IP. */
export interface ClusterIpServiceProps extends ServiceBaseProps {
  /**
   * A static virtual IP. It must be inside the cluster's service CIDR and free (rules A10, W2).
   * For a headless Service use `HeadlessService`.
   * @default - allocated by Kubernetes
   */
  readonly clusterIP?: string;
}

/**
 * A Service of type ClusterIP: one virtual IP and DNS name inside the cluster that spreads
 * connections over the selected pods.
 */
export class ClusterIpService extends SelectingServiceBase {
  /** The static virtual IP, if one was given. */
  public readonly clusterIP?: string;

  constructor(scope: Construct, id: string, props: ClusterIpServiceProps = {}) {
    super(scope, id, ServiceType.CLUSTER_IP, props);
    this.clusterIP = props.clusterIP;
  }

  /** @internal */
  protected _typeSpec(): Record<string, unknown> {
    return { clusterIP: this.clusterIP };
  }
}
