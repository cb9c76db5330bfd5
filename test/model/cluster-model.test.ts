import { ClusterModel } from '../../src/model/cluster-model';
import { defaultServiceSpec, isHeadless, isHeadlessService } from '../../src/model/defaults';
import { loadManifestText } from '../../src/model/load';
import { deployment, service } from '../helpers';

describe('ClusterModel', () => {
  test('indexes pod templates by label within a namespace', () => {
    const model = ClusterModel.fromObjects([
      deployment('web', { app: 'web', tier: 'fe' }),
      deployment('api', { app: 'api' }),
      { ...deployment('other-ns', { app: 'web', tier: 'fe' }), metadata: { name: 'other-ns', namespace: 'prod' } },
      service({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
    ]);
    expect(model.selectPodTemplates('default', { app: 'web' }).map((t) => t.owner.name)).toEqual(['web']);
    expect(model.selectPodTemplates('default', { app: 'web', tier: 'be' })).toEqual([]);
    expect(model.selectPodTemplates('prod', { app: 'web' }).map((t) => t.owner.ref)).toEqual(['Deployment/prod/other-ns']);
    expect(model.services[0].ref).toBe('Service/default/web');
  });

  test('a Service\'s ports are indexed once, with their defaulted values', () => {
    const model = ClusterModel.fromObjects([service({ ports: [{ port: 80 }, null, { port: 53, protocol: 'UDP' }] })]);
    expect(model.services[0].ports).toEqual([
      { index: 0, p: { port: 80, targetPort: 80, protocol: 'TCP' }, raw: { port: 80 } },
      { index: 1, p: { protocol: 'TCP' }, raw: {} },
      { index: 2, p: { port: 53, targetPort: 53, protocol: 'UDP' }, raw: { port: 53, protocol: 'UDP' } },
    ]);
  });

  test('templatesOf: what a Service selects, the same list each time it is asked', () => {
    const model = ClusterModel.fromObjects([
      deployment('web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
      service({ selector: { app: 'web' }, ports: [{ port: 80 }] }),
      service({ ports: [{ port: 80 }] }, { name: 'no-selector' }),
    ]);
    const [web, none] = model.services;
    expect(model.templatesOf(web).map((t) => t.owner.name)).toEqual(['web']);
    expect(model.templatesOf(web)).toBe(model.templatesOf(web));
    expect(model.templatesOf(none)).toEqual([]);
    expect(model.podTemplates[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP', protocolWritten: false, container: 'app' }]);
  });

  test('an empty selector is no selector (SEMANTICS O7)', () => {
    const model = ClusterModel.fromObjects([service({ selector: {}, ports: [{ port: 80 }] })]);
    expect(model.services[0].selector).toBeUndefined();
  });
});

describe('defaulting (RULES.md §2)', () => {
  test('DF1, DF4, DF6, DF8, DF9 fill a minimal ClusterIP Service', () => {
    const spec = defaultServiceSpec({ ports: [{ port: 80 }] });
    expect(spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
    });
  });
  test('defaulting works on a deep copy: the manifest is never changed, odd keys stay data', () => {
    const raw = JSON.parse('{"ports":[{"port":80}],"selector":{"app":"web","__proto__":{"x":"1"}},"externalIPs":["1.2.3.4"]}');
    const before = JSON.stringify(raw);
    const spec = defaultServiceSpec(raw);
    expect(JSON.stringify(raw)).toBe(before);
    expect(spec.ports![0]).not.toBe(raw.ports[0]);
    expect(spec.externalIPs).not.toBe(raw.externalIPs);
    expect(spec.externalIPs).toEqual(['1.2.3.4']);
    expect(Object.keys(spec.selector!)).toEqual(['app', '__proto__']);
    expect(Object.getPrototypeOf(spec.selector)).toBe(Object.prototype);
    // YAML 1.1 gives timestamps as Dates: they are replaced, never written to.
    const when = new Date(0);
    expect(defaultServiceSpec({ ports: [when] }).ports).toEqual([{ protocol: 'TCP' }]);
    expect(defaultServiceSpec(when)).toEqual({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' });
    expect(Object.keys(when)).toEqual([]);
  });
  test('DF2 replaces a partial ClientIP config, keeps an explicit 0', () => {
    expect(defaultServiceSpec({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: {} } }).sessionAffinityConfig)
      .toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(defaultServiceSpec({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }).sessionAffinityConfig)
      .toEqual({ clientIP: { timeoutSeconds: 0 } });
  });
  test('DF3 clears the config when affinity is None', () => {
    expect(defaultServiceSpec({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }).sessionAffinityConfig).toBeUndefined();
  });
  test('DF5 and DF7 for LoadBalancer; DF6 skips ExternalName', () => {
    const lb = defaultServiceSpec({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: null });
    expect(lb.externalTrafficPolicy).toBe('Cluster');
    expect(lb.allocateLoadBalancerNodePorts).toBe(true);
    const en = defaultServiceSpec({ type: 'ExternalName', externalName: 'x.example.com' });
    expect(en.internalTrafficPolicy).toBeUndefined();
    expect(en.externalTrafficPolicy).toBeUndefined();
  });
  test('DF5 for a ClusterIP Service with externalIPs (v1 defaults.go SetDefaults_Service, ExternallyAccessible, 1.29+); not without them, nor on ExternalName', () => {
    expect(defaultServiceSpec({ externalIPs: ['203.0.113.10'] }).externalTrafficPolicy).toBe('Cluster');
    expect(defaultServiceSpec({ externalIPs: ['203.0.113.10'], externalTrafficPolicy: 'Local' }).externalTrafficPolicy).toBe('Local');
    expect(defaultServiceSpec({ externalIPs: [] }).externalTrafficPolicy).toBeUndefined();
    expect(defaultServiceSpec({}).externalTrafficPolicy).toBeUndefined();
    expect(defaultServiceSpec({ type: 'ExternalName', externalName: 'x.example.com', externalIPs: ['203.0.113.10'] }).externalTrafficPolicy).toBeUndefined();
  });
  test('DF6 defaults internalTrafficPolicy only for ClusterIP, NodePort and LoadBalancer, not an unsupported type', () => {
    expect(defaultServiceSpec({ type: 'NodePort' }).internalTrafficPolicy).toBe('Cluster');
    expect(defaultServiceSpec({ type: 'Bogus' }).internalTrafficPolicy).toBeUndefined();
  });
  test('DF4, DF9 default a null port entry like a zero ServicePort (Go decodes null as the zero value)', () => {
    expect(defaultServiceSpec({ ports: [null] }).ports).toEqual([{ protocol: 'TCP', targetPort: undefined }]);
  });
  test('isHeadless (the model\'s, clusterIPs[0]) vs isHeadlessService (validation.go\'s, exactly ["None"])', () => {
    expect(isHeadlessService(defaultServiceSpec({ clusterIP: 'None' }))).toBe(true);
    expect(isHeadlessService({ clusterIP: 'None', clusterIPs: ['None', '10.0.0.5'] })).toBe(false);
    expect(isHeadless({ clusterIP: 'None', clusterIPs: ['None', '10.0.0.5'] })).toBe(true);
    expect(isHeadlessService(defaultServiceSpec({ clusterIP: '10.0.0.5' }))).toBe(false);
  });
  test('A1 copies clusterIP into clusterIPs, never the reverse', () => {
    expect(defaultServiceSpec({ clusterIP: 'None' }).clusterIPs).toEqual(['None']);
    expect(defaultServiceSpec({ clusterIPs: ['10.0.0.5'] }).clusterIP).toBeUndefined();
  });
});

describe('kinds that are names of Object.prototype members (issue 17)', () => {
  test.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])('kind %s is a plain object, not a workload, and does not crash the model', (kind) => {
    const model = ClusterModel.fromObjects([{ apiVersion: 'v1', kind, metadata: { name: 'a' }, spec: { template: { metadata: { labels: { app: 'a' } } } } }]);
    expect(model.objects).toHaveLength(1);
    expect(model.podTemplates).toEqual([]);
  });

  test('the nearest neighbour, kind Pod, is a workload', () => {
    const model = ClusterModel.fromObjects([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', labels: { app: 'a' } }, spec: { containers: [] } }]);
    expect(model.podTemplates).toHaveLength(1);
  });
});

describe('input limits: checked once', () => {
  /** A Deployment whose pod template holds `levels` nested maps. */
  const deep = (levels: number): any => {
    let v: any = { x: 1 };
    for (let i = 0; i < levels; i++) v = { n: v };
    return { ...deployment('deep', { app: 'deep' }), extra: v };
  };

  test('the model refuses an object past the nesting limit that no reader checked', () => {
    const model = ClusterModel.fromSourced([{ object: deep(300) }]);
    expect(model.inputErrors).toEqual([expect.stringContaining('nests more than 256 levels')]);
    expect(model.objects).toEqual([]);
  });

  test('what the readers give is marked bounded: they refused what is past the limits, the model does not walk it again', () => {
    const ok = loadManifestText(JSON.stringify(deep(10)), 'ok.json');
    expect(ok.objects.map((o) => o.bounded)).toEqual([true]);
    expect(ClusterModel.fromSourced(ok.objects).objects.map((o) => o.name)).toEqual(['deep']);
    const tooDeep = loadManifestText(JSON.stringify(deep(300)), 'deep.json');
    expect(tooDeep.objects).toEqual([]);
    expect(tooDeep.errors.map((e) => e.message)).toEqual([expect.stringContaining('nests more than 256 levels')]);
  });
});
