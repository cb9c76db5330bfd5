// The Service's ApiObject: a plain cdk8s `ApiObject` of `v1` `Service` (no cdk8s-plus class, so
// the library works beside any of cdk8s-plus-27..34, issue 12), rendering the same JSON as
// ApiObject's own toJson minus a pass that cannot change anything for it.
//
// ApiObject.toJson runs every value of the object through cdk8s' resolvers (Lazy, implicit tokens,
// number-or-string unions) before sorting keys and dropping empty values. Our spec is a Lazy whose
// value is plain data built from typed props (strings, numbers, booleans, label maps) with the
// manifest's own field names, and the metadata resolves itself in `metadata.toJson()`, so with
// cdk8s' default resolvers and no JSON patch that pass returns its input unchanged. Skipping it
// saves a third of the Service's rendering at every synth (issue 3 performance budget;
// bench/README.md). Anything else falls back to KubeService's own toJson: custom resolvers
// (`new App({ resolvers })`), JSON patches (`apiObject.addJsonPatch`, which this class overrides to
// know of them: no private field of cdk8s is read), or a spec value that is not
// plain data. Byte equality with ApiObject's rendering over generated props is property (4) of
// test/property/constructs.test.ts; the fallbacks are in test/services/service-resource.test.ts.
import { ApiObject, ApiObjectMetadata, App, ImplicitTokenResolver, IResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { setEntry } from '../model/json';
import { sharedSynthJson } from '../validation';

/** The resolvers every cdk8s App has, in this order (App constructor), and nothing else. */
function onlyDefaultResolvers(resolvers: IResolver[]): boolean {
  return resolvers.length === 3
    && resolvers[0] instanceof LazyResolver
    && resolvers[1] instanceof ImplicitTokenResolver
    && resolvers[2] instanceof NumberStringUnionResolver;
}

/** Thrown by `plain` for a value only cdk8s' resolvers can render; caught here. */
class NotPlain extends Error {}

/**
 * cdk8s' `sanitizeValue` (lib/_util.ts) for plain data: keys sorted unless CDK8S_DISABLE_SORT,
 * null and undefined dropped; any non-plain object is refused.
 */
function plain(v: any, sortKeys: boolean): any {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object') {
    if (typeof v === 'function') throw new NotPlain();
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => plain(x, sortKeys));
  // cdk8s walks into an object only when `constructor == Object` and refuses to render any other
  // (a map with its own `constructor` key included): leave all of those to cdk8s.
  if (v.constructor !== Object || Object.getPrototypeOf(v) !== Object.prototype || typeof v.resolve === 'function') throw new NotPlain();
  const out: any = {};
  const keys = sortKeys ? Object.keys(v).sort() : Object.keys(v);
  for (const k of keys) {
    const x = plain(v[k], sortKeys);
    if (x !== null && x !== undefined) setEntry(out, k, x);
  }
  return out;
}

/** The Service's group, version and kind. */
const GVK = { apiVersion: 'v1', kind: 'Service' } as const;

/** A `v1` Service ApiObject whose spec (in the manifest's field names) is produced at synth. @internal */
export class ServiceResource extends ApiObject {
  private readonly produceSpec: () => Record<string, unknown>;
  /** A JSON patch was added (through the public addJsonPatch): cdk8s must render it. */
  private patched = false;

  constructor(scope: Construct, id: string, metadata: ApiObjectMetadata | undefined, produceSpec: () => Record<string, unknown>) {
    super(scope, id, { ...GVK, metadata, spec: Lazy.any({ produce: produceSpec }) });
    this.produceSpec = produceSpec;
  }

  public toJson(): any {
    // Inside App.synth, after a passing validation run: the JSON that run rendered (src/validation/app-validation.ts).
    const shared = sharedSynthJson(this);
    if (shared !== undefined) return shared;
    if (!this.rendersDirectly()) return super.toJson();
    let props: any;
    try {
      const sortKeys = process.env.CDK8S_DISABLE_SORT ? false : true;
      props = plain({ metadata: this.metadata.toJson(), spec: this.produceSpec() }, sortKeys);
    } catch (e) {
      if (e instanceof NotPlain) return super.toJson();
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
    return { ...GVK, ...props };
  }

  /** Records the patch, then adds it as ApiObject does: the object is then rendered by cdk8s. */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /** Only cdk8s' default resolvers and no JSON patch: then resolving changes nothing. */
  private rendersDirectly(): boolean {
    if (this.patched) return false;
    try {
      return onlyDefaultResolvers(App.of(this).resolvers);
    } catch {
      return false;
    }
  }
}
