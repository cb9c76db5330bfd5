// Findings only a simulated cluster can make (it knows pod readiness: replayed Pod status or
// LocalCluster's `notReady`/`terminating`). Data only; src/simulation reports them.
import { ConstructRule } from './construct';
import { RuleCategory, Severity } from '../model/findings';

/** E3: pods are selected, but none is ready, so the Service has no ready endpoints. */
export const NO_READY_ENDPOINTS: ConstructRule = {
  id: 'E3',
  name: 'no-ready-endpoints',
  source: 'Kubernetes: pkg/controller/endpointslice marks not-ready pods ready=false; kube-proxy (pkg/proxy/topology.go CategorizeEndpoints) routes to ready endpoints, or to serving terminating ones when none is ready',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'pods are selected but none is ready or all are terminating: the Service has no ready endpoints (simulation only)',
};

/** P1: pods the simulated scheduler could not place (no such node, or no pod address left on the node). */
export const PODS_PENDING: ConstructRule = {
  id: 'P1',
  name: 'pods-pending',
  source: 'Kubernetes: the scheduler leaves a pod Pending when no node can take it (pkg/scheduler), and a pod gets no IP until its node\'s pod CIDR has one free (the node IPAM controller gives each node a block of --cluster-cidr)',
  category: RuleCategory.CROSS_OBJECT,
  severity: Severity.WARNING,
  summary: 'some of a workload\'s pods stay Pending in the simulation: their node does not exist, or its share of the pod network is full (simulation only)',
};

/** P2: a workload asks for more pods than the simulation runs for one workload. */
export const PODS_CAPPED: ConstructRule = {
  id: 'P2',
  name: 'pods-capped',
  source: 'cdk8s-services LocalCluster: at most MAX_PODS_PER_WORKLOAD pods per workload and MAX_SIMULATED_PODS in all are simulated, so memory stays bounded (docs/limits.md)',
  category: RuleCategory.BEST_PRACTICE,
  severity: Severity.INFO,
  summary: 'a workload asks for more pods than the simulation runs (5,000 per workload, 100,000 in all): endpoints, DNS and routing are computed for the pods simulated (simulation only)',
};

/** The simulation's own findings. */
export const SIMULATION_RULES: ConstructRule[] = [NO_READY_ENDPOINTS, PODS_PENDING, PODS_CAPPED];
