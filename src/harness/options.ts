// The public options and output of the emitted harness (jsii structs).

/** How the real-cluster harness is emitted. */
export interface HarnessOptions {
  /**
   * The probe image: it must have `nslookup`, `nc` and `wget` (busybox applets) and run as a
   * non-root user.
   * @default 'busybox:1.36'
   */
  readonly image?: string;
  /**
   * Also write `chainsaw-test.yaml`, the same checks as a Kyverno chainsaw Test.
   * @default false
   */
  readonly chainsaw?: boolean;
  /**
   * How many nodes run the app's pods, in the simulation and in the kind cluster (a
   * control-plane plus this many workers when more than one). Node objects in the manifests
   * override it for the simulation.
   * @default 3 (as LocalCluster)
   */
  readonly nodes?: number;
  /**
   * The kind cluster name run.sh creates (`KIND_CLUSTER_NAME` overrides it at run time).
   * @default 'cdk8s-services'
   */
  readonly clusterName?: string;
  /**
   * The namespace of the probe Jobs.
   * @default 'cdk8s-services-harness'
   */
  readonly namespace?: string;
}

/** One file of the emitted harness folder. */
export interface HarnessFile {
  /** The path inside the folder, e.g. `run.sh`. */
  readonly path: string;
  /** The file's text. */
  readonly content: string;
  /** The file is a script to mark executable (mode 0755). */
  readonly executable: boolean;
}
