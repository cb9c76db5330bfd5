// The endpoints LocalCluster computes, in the shapes of `kubectl get -o yaml`: EndpointSlice
// (discovery.k8s.io/v1), the legacy Endpoints, and the flat ServiceEndpoint a test counts.

/** Object metadata of a computed object. */
export interface ComputedObjectMeta {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** `discovery.k8s.io/v1` EndpointConditions. */
export interface EndpointConditions {
  /** Ready to receive traffic: `publishNotReadyAddresses || (serving && !terminating)` (E3). */
  readonly ready: boolean;
  /** The pod's Ready condition is True (E3). */
  readonly serving: boolean;
  /** The pod has a deletionTimestamp (E3). */
  readonly terminating: boolean;
}

/** A reference to the pod behind an endpoint. */
export interface EndpointTargetRef {
  /** Always `Pod`. */
  readonly kind: string;
  /** Pod namespace. */
  readonly namespace: string;
  /** Pod name. */
  readonly name: string;
}

/** One endpoint of an EndpointSlice (`discovery.k8s.io/v1` Endpoint). */
export interface SliceEndpoint {
  /** The pod's addresses of the slice's family (E5). */
  readonly addresses: string[];
  /** Ready / serving / terminating (E3). */
  readonly conditions: EndpointConditions;
  /**
   * Set when the pod's hostname is set and its subdomain is the Service's name (E6, O3).
   * @default - none
   */
  readonly hostname?: string;
  /**
   * The node of the pod.
   * @default - unknown
   */
  readonly nodeName?: string;
  /**
   * The zone of that node.
   * @default - unknown
   */
  readonly zone?: string;
  /**
   * Topology hints: what the EndpointSlice controller writes for a Service's
   * `trafficDistribution` (staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go), and
   * what kube-proxy reads (pkg/proxy/topology.go).
   * @default - no hints
   */
  readonly hints?: EndpointHints;
  /** The pod. */
  readonly targetRef: EndpointTargetRef;
}

/** `discovery.k8s.io/v1` EndpointHints. */
export interface EndpointHints {
  /**
   * The zones whose clients should use this endpoint (`forZones[].name`).
   * @default - none
   */
  readonly forZones?: EndpointHintName[];
  /**
   * The nodes whose clients should use this endpoint (`forNodes[].name`, PreferSameNode).
   * @default - none
   */
  readonly forNodes?: EndpointHintName[];
}

/** A `forZones` or `forNodes` entry of an endpoint's hints. */
export interface EndpointHintName {
  /** The zone or node name. */
  readonly name: string;
}

/** A port of an EndpointSlice (`discovery.k8s.io/v1` EndpointPort). */
export interface SlicePort {
  /** The Service port's name (`''` when unnamed). */
  readonly name: string;
  /** The resolved pod port (E4). */
  readonly port: number;
  /** The protocol. */
  readonly protocol: string;
  /**
   * Copied from the Service port (O12).
   * @default - none
   */
  readonly appProtocol?: string;
}

/** An EndpointSlice as the controller writes it (E1-E7). */
export interface EndpointSlice {
  /** `discovery.k8s.io/v1`. */
  readonly apiVersion: string;
  /** `EndpointSlice`. */
  readonly kind: string;
  /** Name (`<service>-<suffix>`), namespace and labels (E7). */
  readonly metadata: ComputedObjectMeta;
  /** `IPv4` or `IPv6`. */
  readonly addressType: string;
  /** At most 100 (E7). */
  readonly endpoints: SliceEndpoint[];
  /** The resolved ports shared by every endpoint of the slice (E4). */
  readonly ports: SlicePort[];
}

/** An address of a legacy `v1` Endpoints subset. */
export interface EndpointAddress {
  /** The pod IP. */
  readonly ip: string;
  /**
   * The hostname (E6).
   * @default - none
   */
  readonly hostname?: string;
  /**
   * The pod's node.
   * @default - unknown
   */
  readonly nodeName?: string;
  /** The pod. */
  readonly targetRef: EndpointTargetRef;
}

/** A port of a legacy `v1` Endpoints subset. */
export interface EndpointPort {
  /** The Service port's name (`''` when unnamed). */
  readonly name: string;
  /** The resolved pod port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: string;
  /**
   * Copied from the Service port.
   * @default - none
   */
  readonly appProtocol?: string;
}

/** A legacy `v1` Endpoints subset: addresses sharing one port set. */
export interface EndpointSubset {
  /** Ready addresses. */
  readonly addresses: EndpointAddress[];
  /** Addresses of pods not Ready. */
  readonly notReadyAddresses: EndpointAddress[];
  /** Ports. */
  readonly ports: EndpointPort[];
}

/** The legacy `v1` Endpoints object (E2, E7, O5, O11). */
export interface LegacyEndpoints {
  /** `v1`. */
  readonly apiVersion: string;
  /** `Endpoints`. */
  readonly kind: string;
  /** Named as the Service. */
  readonly metadata: ComputedObjectMeta;
  /** Subsets. */
  readonly subsets: EndpointSubset[];
}

/** One pod port a Service port reaches: what a test counts. */
export interface ServiceEndpoint {
  /** The pod IP (the slice's first address, as kube-proxy uses: K2). */
  readonly ip: string;
  /** The pod. */
  readonly podName: string;
  /** The pod's namespace. */
  readonly namespace: string;
  /**
   * The pod's node.
   * @default - unknown
   */
  readonly nodeName?: string;
  /**
   * The resolved pod ports by Service port name (`''` for an unnamed port).
   */
  readonly ports: { [portName: string]: number };
  /** Ready (E3). */
  readonly ready: boolean;
  /** Serving (E3). */
  readonly serving: boolean;
  /** Terminating (E3). */
  readonly terminating: boolean;
  /**
   * Hostname (E6).
   * @default - none
   */
  readonly hostname?: string;
}
