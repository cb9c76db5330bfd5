// Hook between `cdk8s-services verify` and the simulation (owned by the LocalCluster work).
import { LocalClusterOptions } from './cluster-types';
import { LocalCluster } from './local-cluster';
import { ClusterReport } from './verify';
import { ClusterModel } from '../model/cluster-model';
import { Finding, SuppressedFinding } from '../model/findings';

/** What the simulation adds to a `verify` run: a routing table a person reads, and findings. */
export interface SimulationReport {
  /** The routing table, rendered when first read. */
  readonly text: string;
  findings: Finding[];
  /**
   * The simulation's findings that ignore annotations suppress.
   * @default none
   */
  suppressed?: SuppressedFinding[];
}

/**
 * Simulates the model (endpoints, DNS, routing) and renders the per-Service table: what
 * `kubectl get svc,endpointslices` and `nslookup` would show on a live cluster. `ruleFindings`
 * are the findings the caller's rule run already has: the simulation does not repeat a refusal
 * the rules explain (X5, A10, A11...), and returns only what it alone knows (E3, a clusterIP
 * the cluster's own kube-dns holds). The table leaves the findings out: the caller prints them.
 */
export function simulationReport(model: ClusterModel, options: LocalClusterOptions = {}, ruleFindings: Finding[] = []): SimulationReport {
  const cluster = LocalCluster._fromModel(model, options);
  const own = cluster._findings(ruleFindings);
  let table: string | undefined;
  return {
    // Rendered when read: only the text format prints it (the per-Service reports and DNS answers
    // of 25,000 Services take 0.3 s, the table 0.1 s more).
    get text() {
      return (table ??= new ClusterReport(cluster._serviceReports(), []).toTable());
    },
    findings: own.findings,
    suppressed: own.suppressed,
  };
}
