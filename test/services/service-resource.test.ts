// The Service's ApiObject renders its JSON directly when cdk8s' resolver pass cannot change it
// (src/services/service-resource.ts), and hands over to cdk8s' ApiObject.toJson otherwise.
// Byte equality over generated props: test/property/constructs.test.ts, property (4).
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ClusterIpService, Selector, TargetPort } from '../../src';

function service(app: App = Testing.app(), name: any = 'http') {
  const chart = new Chart(app, 'test');
  return new ClusterIpService(chart, 'web', {
    metadata: { name: 'web', labels: { tier: 'front' } },
    selector: Selector.labels({ app: 'web' }),
    ports: [{ name, port: 80, targetPort: TargetPort.number(8080) }],
  });
}

describe('ServiceResource', () => {
  afterEach(() => jest.restoreAllMocks());

  test('with cdk8s\' default resolvers and no patch it renders without ApiObject.toJson, to the same JSON', () => {
    const svc = service();
    const expected = JSON.stringify(ApiObject.prototype.toJson.call(svc.apiObject));
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    expect(JSON.stringify(svc.apiObject.toJson())).toBe(expected);
    expect(spy).not.toHaveBeenCalled();
  });

  test('an app with its own resolver renders through cdk8s, so the resolver applies', () => {
    const doublePort: IResolver = {
      resolve(ctx: ResolutionContext) {
        if (ctx.key.join('/') === 'spec/ports/0/port' && ctx.value === 80) ctx.replaceValue(8000);
      },
    };
    const svc = service(new App({ resolvers: [doublePort] }));
    const spy = jest.spyOn(ApiObject.prototype, 'toJson');
    expect(svc.apiObject.toJson().spec.ports[0].port).toBe(8000);
    expect(spy).toHaveBeenCalled();
  });

  test('a JSON patch is applied (rendered through cdk8s)', () => {
    const svc = service();
    svc.apiObject.addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', true));
    expect(svc.apiObject.toJson().spec.publishNotReadyAddresses).toBe(true);
  });

  test('a value only cdk8s can resolve (a Lazy passed from JavaScript) is resolved, not written as an object', () => {
    const svc = service(Testing.app(), Lazy.any({ produce: () => 'http' }));
    expect(svc.apiObject.toJson().spec.ports[0].name).toBe('http');
  });

  test('a map cdk8s cannot render (a label key "constructor") fails as ApiObject fails, and the synth says where and what to do', () => {
    const svc = service();
    svc.selectLabel('constructor', 'x');
    expect(() => svc.apiObject.toJson()).toThrow(/can't render non-simple object/);
    expect(() => ApiObject.prototype.toJson.call(svc.apiObject)).toThrow(/can't render non-simple object/);
    expect(() => svc.node.root.node.validate().length).not.toThrow();
    const messages = svc.apiObject.node.validate().concat((svc.node.root as App).node.validate());
    expect(messages.join('\n')).toMatch(/cannot be rendered: .*Fix: give this object plain values only/);
  });

  test('a selector label "__proto__" stays a label (cdk8s would drop it), so rule V20 reports the invalid key', () => {
    const svc = service();
    svc.selectLabel('__proto__', 'x');
    const selector = svc.apiObject.toJson().spec.selector;
    expect(Object.keys(selector)).toEqual(['__proto__', 'app']);
    expect(Object.getPrototypeOf(selector)).toBe(Object.prototype);
    expect(() => Testing.synth(svc.node.scope as Chart)).toThrow(/spec\.selector = "__proto__": selector key "__proto__" is not a valid qualified name.*\(rule V20 invalid-selector\)/);
  });

  test('the same bytes as a hand-written KubeService with the same spec', () => {
    const svc = service();
    const raw = new k8s.KubeService(new Chart(Testing.app(), 'test'), 'web', {
      metadata: { name: 'web', labels: { tier: 'front' } },
      spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromNumber(8080) }] },
    });
    expect(JSON.stringify(svc.apiObject.toJson())).toBe(JSON.stringify(raw.toJson()));
  });
});
