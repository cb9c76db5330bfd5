import { Construct } from 'constructs';
import { ExternalTrafficPolicy, ServiceType } from '../enums';
import { SelectingServiceBase, ServiceBaseProps } from './service-base';

/** Props for a Service that is reachable on every node's IP at a fixed port. */
export interface NodePortServiceProps extends ServiceBaseProps {
  /**
   * What to do with traffic that arrives on a node: keep it on that node's pods
   * (`LOCAL`, client IP preserved) or spread it over all pods (`CLUSTER`).
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/**
 * A Service of type NodePort: a ClusterIP Service that every node also serves on a port from
 * the node port range (30000-32767 by default). Give each port a `nodePort` to fix it, or leave
 * it out to let Kubernetes pick one; fixed node ports must be unique across the app.
 */
export class NodePortService extends SelectingServiceBase {
  /** The external traffic policy, if one was given. */
  public readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  constructor(scope: Construct, id: string, props: NodePortServiceProps = {}) {
    super(scope, id, ServiceType.NODE_PORT, props);
    this.externalTrafficPolicy = props.externalTrafficPolicy;
  }

  /** @internal */
  protected _typeSpec(): Record<string, unknown> {
    return { externalTrafficPolicy: this.externalTrafficPolicy };
  }
}
