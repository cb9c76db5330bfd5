import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ServiceType } from '../enums';
import { ConstructViolation, GOVERN_NOT_STATEFULSET } from '../rules/construct';
import { isPodSelectorLike, Selector, statefulSetObject } from '../selection';
import { SelectingServiceBase, ServiceBaseProps } from './service-base';

/** Props for a Service without a virtual IP, whose DNS name lists the pods themselves. */
export interface HeadlessServiceProps extends ServiceBaseProps {
  /**
   * A StatefulSet this Service governs: its `spec.serviceName` is set to this Service's name,
   * which gives each pod the DNS name `pod-0.<service>.<namespace>.svc.cluster.local`, and,
   * when no selector is given, the Service selects its pods. Either a cdk8s-plus
   * `StatefulSet` (its auto-created Service is removed) or a raw `ApiObject` of kind
   * StatefulSet (e.g. `KubeStatefulSet`). See `governStatefulSet`.
   * @default - none
   */
  readonly statefulSet?: IConstruct;
}

/**
 * A headless Service (`clusterIP: None`): no virtual IP and no proxying; DNS answers with the
 * IPs of the ready pods (or all pods with `publishNotReadyAddresses`). Ports are optional: a
 * headless Service without ports is valid and still gives DNS records. It is the governing
 * Service of a StatefulSet.
 */
export class HeadlessService extends SelectingServiceBase {
  private readonly governed: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: HeadlessServiceProps = {}) {
    super(scope, id, ServiceType.CLUSTER_IP, props);
    if (props.statefulSet) this.governStatefulSet(props.statefulSet);
  }

  /**
   * Makes this the governing Service of a StatefulSet: sets the StatefulSet's
   * `spec.serviceName` to this Service's name and, when this Service has no selector yet,
   * selects the StatefulSet's pods.
   *
   * - A raw `ApiObject` of kind StatefulSet (e.g. `KubeStatefulSet`): patched with a JSON patch.
   * - A cdk8s-plus `StatefulSet`: its `spec.serviceName` is patched the same way, and the
   *   headless Service it created for itself (when it was not given `service`) is removed from
   *   the app, so only this one is emitted.
   *
   * Anything else is reported at synth (rule C5).
   */
  public governStatefulSet(statefulSet: IConstruct): void {
    this.governed.push(statefulSet);
    const target = statefulSetObject(statefulSet);
    if (!target) return;
    // `add` replaces an existing value and creates a missing one (JSON Patch, RFC 6902).
    target.addJsonPatch(JsonPatch.add('/spec/serviceName', this.name));
    // Emit the Service before the StatefulSet, as cdk8s-plus does for its own.
    target.addDependency(this.apiObject);
    if (target !== statefulSet) {
      // A cdk8s-plus StatefulSet (any version): it made a headless Service for itself unless it
      // was given one (stateful-set.ts: `props.service ?? this._createHeadlessService()`, a child
      // named "Service"); that one goes, so only this Service is emitted.
      const own = (statefulSet as any).service;
      if (own && own.node?.scope === statefulSet) statefulSet.node.tryRemoveChild(own.node.id);
    }
    if (!this.hasSelector) this.select(target !== statefulSet && isPodSelectorLike(statefulSet) ? statefulSet : Selector.fromApiObject(target));
  }

  /** @internal */
  protected _typeSpec(): Record<string, unknown> {
    return { clusterIP: 'None' };
  }

  /** @internal */
  protected _constructViolations(): ConstructViolation[] {
    const out = super._constructViolations();
    for (const s of this.governed) {
      if (statefulSetObject(s)) continue;
      const kind = ApiObject.isApiObject(s) ? s.kind : s.constructor?.name ?? 'construct';
      out.push({
        rule: GOVERN_NOT_STATEFULSET,
        field: 'spec.serviceName',
        value: `${kind} ${s.node.path}`,
        message: `governStatefulSet was given a ${kind}, but only a StatefulSet has a governing Service`,
        fix: 'pass a cdk8s-plus StatefulSet or a KubeStatefulSet (an ApiObject of kind StatefulSet)',
      });
    }
    return out;
  }
}
