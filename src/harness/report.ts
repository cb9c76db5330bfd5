// Hook between `cdk8s-services verify` and the simulation (owned by the LocalCluster work).
import { ClusterModel } from '../model/cluster-model';
import { Finding } from '../model/findings';
import { LocalCluster } from './local-cluster';
import { LocalClusterOptions } from './types';

/** What the simulation adds to a `verify` run: a routing table a person reads, and findings. */
export interface SimulationReport {
  text: string;
  findings: Finding[];
}

/**
 * Simulates the model (endpoints, DNS, routing) and renders the per-Service table: what
 * `kubectl get svc,endpointslices` and `nslookup` would show on a live cluster. The findings
 * are only what the simulation alone knows (E3); the caller has run the rules.
 */
export function simulationReport(model: ClusterModel, options: LocalClusterOptions = {}): SimulationReport {
  const report = LocalCluster._fromModel(model, options)._report([]);
  return { text: report.toTable(), findings: [...report.findings] };
}
