/**
 * The L4 protocol of a Service port (RULES.md V17).
 */
export enum Protocol {
  /** TCP, the default (DF9). */
  TCP = 'TCP',
  /** UDP, e.g. DNS on port 53. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/**
 * The port on the selected pods that a Service port forwards to: a number, or the name of
 * a container port (resolved per pod by the endpoint controller, SEMANTICS.md E4).
 */
export class TargetPort {
  /**
   * Forward to this port number on the pods (1-65535).
   */
  public static number(port: number): TargetPort {
    return new TargetPort(port, undefined);
  }

  /**
   * Forward to the container port with this name (an IANA service name: up to 15
   * lower-case letters, digits and dashes, at least one letter; RULES.md V18).
   */
  public static named(name: string): TargetPort {
    return new TargetPort(undefined, name);
  }

  /** The port number, when the target is numeric. */
  public readonly portNumber?: number;
  /** The container port name, when the target is named. */
  public readonly portName?: string;

  private constructor(portNumber: number | undefined, portName: string | undefined) {
    this.portNumber = portNumber;
    this.portName = portName;
  }

  /** True when the target is a container port name. */
  public get isNamed(): boolean {
    return this.portName !== undefined;
  }

  /** The value as it appears in a manifest: a number or a name. */
  public toString(): string {
    return this.portName ?? String(this.portNumber);
  }

  /** The value as the manifest's `targetPort` holds it (an IntOrString). @internal */
  public _toKube(): number | string {
    return this.portName ?? this.portNumber!;
  }
}

/**
 * One port of a Service.
 */
export interface ServicePort {
  /** The port clients connect to on the Service's IP and DNS name (1-65535). */
  readonly port: number;
  /**
   * Where traffic goes on the selected pods.
   * @default - the same number as `port` (Kubernetes' default, DF4)
   */
  readonly targetPort?: TargetPort;
  /**
   * The port's name: a lower-case DNS-1123 label. Required once a Service has two or more
   * ports (V14); also names the SRV record `_name._tcp.svc.ns.svc.cluster.local`.
   * @default - unnamed (only valid on a single-port Service)
   */
  readonly name?: string;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The port opened on every node (NodePort and LoadBalancer Services only).
   * @default - allocated by Kubernetes from the node port range
   */
  readonly nodePort?: number;
  /**
   * The application protocol, e.g. `http`, `https`, `kubernetes.io/h2c` (a qualified name, V19).
   * @default - none
   */
  readonly appProtocol?: string;
}
