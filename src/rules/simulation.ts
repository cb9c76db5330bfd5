// Findings only a simulated cluster can make (it knows pod readiness: replayed Pod status or
// LocalCluster's `notReady`/`terminating`). Data only; src/harness reports them.
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

/** The simulation's own findings. */
export const SIMULATION_RULES: ConstructRule[] = [NO_READY_ENDPOINTS];
