// Hook between `cdk8s-services verify` and the simulation (owned by the LocalCluster work).
import { ClusterModel } from '../model/cluster-model';
import { Finding } from '../model/findings';

/** What the simulation adds to a `verify` run: a routing table a person reads, and findings. */
export interface SimulationReport {
  text: string;
  findings: Finding[];
}

/** Simulates the model (endpoints, DNS, routing) and renders the per-Service table. */
export function simulationReport(_model: ClusterModel): SimulationReport {
  return { text: '', findings: [] };
}
