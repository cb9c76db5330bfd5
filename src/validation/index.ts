// Synth-time validation of a whole cdk8s app: the public API (`ServiceValidation`) and what the
// constructs, selectors and the simulation use. The parts: app-validation.ts (one run per app and
// synth), context.ts (options from context keys), render.ts (each object rendered once per run),
// messages.ts (render and check failures, construct findings).
import { IConstruct } from 'constructs';
import { appValidation } from './app-validation';
import { Finding, SuppressedFinding } from '../model/findings';
import { ValidationOptions } from '../rules/engine';

export { appValidation, registerConstructCheck, sharedSynthJson } from './app-validation';
export { CLUSTER_DOMAIN_CONTEXT, clusterDomainOf } from './context';
export { cachedJson, currentValidationRun, renderObjects } from './render';

/**
 * Settings of the synth-time validation of an app. The same settings can be given as cdk8s
 * context: `cdk8s-services:strict`, `cdk8s-services:nodePortRange`,
 * `cdk8s-services:serviceClusterIpRanges`, `cdk8s-services:clusterIpFamilies`,
 * `cdk8s-services:disabledRules` (a list of `{ id, reason }`),
 * `cdk8s-services:allowPublicLoadBalancers` and `cdk8s-services:kubernetesVersion` (`"1.33"`); options given to `configure` win.
 */
export class ServiceValidation {
  /**
   * Sets the validation options of the app `scope` belongs to (and turns validation on for
   * apps that contain no service construct of this library).
   */
  public static configure(scope: IConstruct, options: ValidationOptions): void {
    const state = appValidation(scope);
    state.options = { ...state.options, ...options };
  }

  /**
   * Runs every check over the app `scope` belongs to, now, and returns every finding
   * (errors, warnings and hints) without failing; findings an ignore annotation suppresses are
   * left out. Bad options are thrown as an Error.
   */
  public static findings(scope: IConstruct): Finding[] {
    const result = appValidation(scope).run(false);
    if (result.rootMessages.length > 0) throw new Error(result.rootMessages.join('\n'));
    return result.findings;
  }

  /**
   * Runs every check over the app `scope` belongs to, now, and returns the findings that
   * `cdk8s-services.io/ignore` annotations (`ServiceBase.ignoreRule`) suppress, each with its
   * reason. Bad options are thrown as an Error.
   */
  public static suppressedFindings(scope: IConstruct): SuppressedFinding[] {
    const result = appValidation(scope).run(false);
    if (result.rootMessages.length > 0) throw new Error(result.rootMessages.join('\n'));
    return result.suppressed;
  }

  private constructor() {}
}
