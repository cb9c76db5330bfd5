import * as v8 from 'v8';
import * as vm from 'vm';
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { workload } from './util';
import { ClusterIpService, ExternalNameService, NodePortService, Selector, ServiceValidation } from '../../src';
import { ClusterModel } from '../../src/model/cluster-model';

/** An app with four independent mistakes over two charts (V16, A11, V15, V31). */
function appWithMistakes(app: App = Testing.app()) {
  const a = new Chart(app, 'alpha');
  workload(a, 'pods', { app: 'web' });
  new NodePortService(a, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 70000, nodePort: 99999 }] });
  const b = new Chart(app, 'beta');
  workload(b, 'pods', { app: 'api' }, [{ name: 'http', containerPort: 80 }, { name: 'admin', containerPort: 81 }]);
  new ClusterIpService(b, 'api', { selector: Selector.labels({ app: 'api' }), ports: [{ name: 'Http_1', port: 80 }] });
  new NodePortService(b, 'np', {
    selector: Selector.labels({ app: 'api' }),
    ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'admin', port: 81, nodePort: 30080 }],
  });
  return { app, a, b };
}

function synthError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to fail');
}

describe('app-level validation (node.addValidation on the app root)', () => {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('every mistake of two charts in ONE throw, each with construct path, field, value and rule id', () => {
    const { app } = appWithMistakes();
    const message = synthError(() => app.synth());
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toContain('[alpha/web/Resource] spec.ports[0].port = 70000:');
    expect(message).toMatch(/\[alpha\/web\/Resource\] spec\.ports\[0\]\.port = 70000: .*\(rule V16 port-out-of-range\)/);
    expect(message).toMatch(/\[alpha\/web\/Resource\] spec\.ports\[0\]\.nodePort = 99999: .*\(rule A11 node-port-not-allocatable\)/);
    expect(message).toMatch(/\[beta\/api\/Resource\] spec\.ports\[0\]\.name = "Http_1": .*\(rule V15 invalid-port-name\)/);
    // A duplicate nodePort within one Service: the allocator's A11 when the port numbers differ, V31 otherwise.
    expect(message).toMatch(/\[beta\/np\/Resource\] spec\.ports\[1\]\.nodePort = 30080: .*\(rule (V31 duplicate-node-port|A11 node-port-not-allocatable)\)/);
    // validation.go checks the targetPort DF4 copied from the port too (V18), as the API server does.
    expect(message).toMatch(/\[alpha\/web\/Resource\] spec\.ports\[0\]\.targetPort = 70000: .*\(rule V18 invalid-target-port\)/);
    expect(message.split('\n').filter((l) => l.startsWith('  ['))).toHaveLength(5);
    // No stack trace or construct-internal noise for user mistakes: one line per finding.
    expect(message).not.toMatch(/\n\s+at /);
  });

  test('Testing.synth(chart) runs the same validation over the whole app', () => {
    const { a } = appWithMistakes();
    const message = synthError(() => Testing.synth(a));
    expect(message).toMatch(/\(rule V16 port-out-of-range\)/);
    expect(message).toMatch(/\[beta\/np\/Resource\] spec\.ports\[1\]\.nodePort = 30080: .*\(rule (V31 duplicate-node-port|A11 node-port-not-allocatable)\)/);
  });

  test('the nearest valid app (same shape, mistakes fixed) synthesizes', () => {
    const app = Testing.app();
    const a = new Chart(app, 'alpha');
    workload(a, 'pods', { app: 'web' });
    new NodePortService(a, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 80, nodePort: 32767 }] });
    const b = new Chart(app, 'beta');
    workload(b, 'pods', { app: 'api' }, [{ name: 'http', containerPort: 80 }, { name: 'admin', containerPort: 81 }]);
    new ClusterIpService(b, 'api', { selector: Selector.labels({ app: 'api' }), ports: [{ name: 'http-1', port: 80 }] });
    new NodePortService(b, 'np', {
      selector: Selector.labels({ app: 'api' }),
      ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'admin', port: 81, nodePort: 30081 }],
    });
    expect(() => app.synth()).not.toThrow();
    expect(Testing.synth(a)).toHaveLength(2);
  });

  test('ServiceValidation.findings returns every finding without throwing', () => {
    const { a } = appWithMistakes();
    const found = ServiceValidation.findings(a).map((f) => `${f.constructPath} ${f.field} ${f.rule}`);
    expect(found).toEqual(expect.arrayContaining([
      'alpha/web/Resource spec.ports[0].port V16',
      'alpha/web/Resource spec.ports[0].nodePort A11',
      'beta/api/Resource spec.ports[0].name V15',
      expect.stringMatching(/^beta\/np\/Resource spec\.ports\[1\]\.nodePort (V31|A11)$/),
    ]));
  });

  test('the model is built once per app.synth (not per construct, not per chart)', () => {
    const app = Testing.app();
    for (const name of ['one', 'two', 'three']) {
      const c = new Chart(app, name);
      workload(c, 'pods', { app: name });
      new ClusterIpService(c, 'svc', { selector: Selector.labels({ app: name }), ports: [{ name: 'http', port: 80 }] });
    }
    const spy = jest.spyOn(ClusterModel, 'fromSourced');
    app.synth();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  test('no object of another library gets a toJson override, during a synth or after it (issue 14)', () => {
    const app = Testing.app();
    const c = new Chart(app, 'c');
    const objects = [
      workload(c, 'pods', { app: 'web' }),
      new ClusterIpService(c, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 80 }] }).apiObject,
    ];
    const overridden = () => objects.filter((o) => Object.prototype.hasOwnProperty.call(o, 'toJson')).map((o) => o.node.path);
    // Runs after our validation in each of App.synth's validate passes (preorder: the root's first).
    const seen: string[][] = [];
    new Construct(c, 'late').node.addValidation({ validate: () => { seen.push(overridden()); return []; } });
    app.synth();
    Testing.synth(c);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.flat()).toEqual([]);
    expect(overridden()).toEqual([]);
  });

  test('inside App.synth our Service is rendered once, the workload once by our check and once by cdk8s', () => {
    const app = Testing.app();
    const c = new Chart(app, 'c');
    const pods = workload(c, 'pods', { app: 'web' });
    const svc = new ClusterIpService(c, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 80 }] });
    const ours = jest.spyOn(svc.apiObject as any, 'produceSpec');
    const theirs = jest.spyOn(pods, 'toJson');
    app.synth();
    expect(ours).toHaveBeenCalledTimes(1);
    expect(theirs).toHaveBeenCalledTimes(2);
    // Outside App.synth nothing is shared: chart.toJson renders afresh.
    Testing.synth(c);
    expect(ours).toHaveBeenCalledTimes(3);
  });

  test('a loop of synths keeps no app alive (the heap does not grow with each synth)', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc: () => void = vm.runInNewContext('gc');
    const heapAfterGc = () => {
      gc();
      gc();
      return v8.getHeapStatistics().used_heap_size;
    };
    // Synchronous, as a build script or a benchmark runs: no microtask runs between the synths.
    const synthOnce = () => {
      const app = Testing.app();
      const c = new Chart(app, 'c');
      for (let i = 0; i < 200; i++) {
        workload(c, `pods-${i}`, { app: `web-${i}` });
        new ClusterIpService(c, `web-${i}`, { selector: Selector.labels({ app: `web-${i}` }), ports: [{ name: 'http', port: 80 }] });
      }
      app.synth();
      Testing.synth(c);
    };
    synthOnce();
    const before = heapAfterGc();
    for (let i = 0; i < 6; i++) synthOnce();
    const grown = heapAfterGc() - before;
    // One such app takes about 1.5 MB; six kept alive would add about 9 MB.
    expect(grown).toBeLessThan(3_000_000);
  });

  test('a change after a synth is seen by the next synth (no stale JSON or findings)', () => {
    const app = Testing.app();
    const c = new Chart(app, 'c');
    workload(c, 'pods', { app: 'web' });
    const svc = new ClusterIpService(c, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 80 }] });
    expect(Testing.synth(c).find((o: any) => o.kind === 'Service').spec.ports).toHaveLength(1);
    svc.addPort({ name: 'bad', port: 70000 });
    expect(synthError(() => Testing.synth(c))).toMatch(/spec\.ports\[1\]\.port = 70000: .*\(rule V16 port-out-of-range\)/);
    svc.apiObject.metadata.addLabel('x', 'y');
    expect(svc.apiObject.toJson().metadata.labels).toEqual({ x: 'y' });
  });

  describe('warnings and strict mode', () => {
    function appWithWarning(app: App) {
      const c = new Chart(app, 'c');
      const ext = new ExternalNameService(c, 'db', { externalName: 'db.example.com' });
      ext.apiObject.addJsonPatch(JsonPatch.add('/spec/selector', { app: 'db' })); // C6: a warning
      return c;
    }

    test('a warning is printed once per synth, with its path, and does not fail the synth', () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const app = Testing.app();
      appWithWarning(app);
      new Chart(app, 'second');
      expect(() => app.synth()).not.toThrow();
      const c6 = warn.mock.calls.map((args) => String(args[0])).filter((m) => m.includes('(rule C6 external-name-selector)'));
      expect(c6).toEqual([expect.stringMatching(/^\[c\/db\/Resource\] warning: spec\.selector = /)]);
    });

    test('strict mode (context cdk8s-services:strict) turns the warning into an error', () => {
      const app = Testing.app();
      app.node.setContext('cdk8s-services:strict', true);
      appWithWarning(app);
      expect(synthError(() => app.synth())).toMatch(/\[c\/db\/Resource\] spec\.selector = .*\(rule C6 external-name-selector\)/);
    });

    test('ServiceValidation.configure({ strict: false }) wins over the context', () => {
      const app = Testing.app();
      app.node.setContext('cdk8s-services:strict', true);
      const c = appWithWarning(app);
      ServiceValidation.configure(c, { strict: false });
      expect(() => app.synth()).not.toThrow();
    });

    test('strict via configure', () => {
      const app = Testing.app();
      const c = appWithWarning(app);
      ServiceValidation.configure(c, { strict: true });
      expect(synthError(() => app.synth())).toMatch(/\(rule C6 external-name-selector\)/);
    });
  });

  describe('context keys', () => {
    function nodePortApp(app: App, nodePort: number) {
      const c = new Chart(app, 'c');
      workload(c, 'pods', { app: 'web' });
      new NodePortService(c, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80, nodePort }] });
      return c;
    }

    test('cdk8s-services:nodePortRange widens the range: 35000 passes with 30000-40000, fails by default', () => {
      const wide = Testing.app();
      wide.node.setContext('cdk8s-services:nodePortRange', '30000-40000');
      nodePortApp(wide, 35000);
      expect(() => wide.synth()).not.toThrow();

      const byDefault = Testing.app();
      nodePortApp(byDefault, 35000);
      expect(synthError(() => byDefault.synth())).toMatch(/nodePort = 35000: .*\(rule A11 node-port-not-allocatable\)/);
    });

    test('a malformed nodePortRange is one clear message, not a stack trace', () => {
      const app = Testing.app();
      app.node.setContext('cdk8s-services:nodePortRange', '40000');
      nodePortApp(app, 30080);
      expect(synthError(() => app.synth())).toMatch(/cdk8s-services: nodePortRange "40000" is not a port range/);
    });

    test('cdk8s-services:disabledRules with a reason turns a rule off (engine and construct rules)', () => {
      const build = (app: App) => {
        const c = nodePortApp(app, 35000);
        new ExternalNameService(c, 'db', { externalName: 'db.example.com' }).apiObject.addJsonPatch(JsonPatch.add('/spec/selector', { app: 'db' }));
        return c;
      };
      const ids = (c: Chart) => ServiceValidation.findings(c).map((f) => f.rule);
      const off = Testing.app();
      off.node.setContext('cdk8s-services:disabledRules', [{ id: 'A11', reason: 'the cluster uses a custom range' }, { id: 'C6', reason: 'documented selector' }]);
      const offIds = ids(build(off));
      expect(offIds).not.toContain('A11');
      expect(offIds).not.toContain('C6');
      // The neighbour without disabledRules reports both.
      const onIds = ids(build(Testing.app()));
      expect(onIds).toEqual(expect.arrayContaining(['A11', 'C6']));
    });

    test('disabledRules without a reason is refused', () => {
      const app = Testing.app();
      app.node.setContext('cdk8s-services:disabledRules', [{ id: 'A11' }]);
      nodePortApp(app, 35000);
      expect(synthError(() => app.synth())).toMatch(/rule A11 is turned off without a reason/);

      const construct = Testing.app();
      const c = nodePortApp(construct, 30080);
      ServiceValidation.configure(c, { disabledRules: [{ id: 'C1', reason: ' ' }] });
      expect(synthError(() => construct.synth())).toMatch(/rule C1 is turned off without a reason/);
    });

    test('cdk8s-services:serviceClusterIpRanges is passed to the rules (static clusterIP outside the range)', () => {
      const app = Testing.app();
      app.node.setContext('cdk8s-services:serviceClusterIpRanges', ['10.96.0.0/12']);
      const c = new Chart(app, 'c');
      workload(c, 'pods', { app: 'web' });
      new ClusterIpService(c, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 80 }], clusterIP: '192.168.0.10' });
      const ok = new ClusterIpService(c, 'ok', { selector: Selector.labels({ app: 'web' }), ports: [{ name: 'http', port: 80 }], clusterIP: '10.96.0.10' });
      const blamed = ServiceValidation.findings(c).filter((f) => f.field.startsWith('spec.clusterIP')).map((f) => f.constructPath);
      expect(blamed).toContain('c/web/Resource');
      expect(blamed).not.toContain(ok.apiObject.node.path);
    });
  });
});

describe('props plain JavaScript gets wrong are findings, never a stack trace', () => {
  test('a number where a Duration belongs: one message on the Service, and the other errors still reported', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    workload(chart, 'pods', { app: 'web' });
    new ClusterIpService(chart, 'web', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80 }], sessionAffinityTimeout: 300 as any });
    new NodePortService(chart, 'np', { selector: Selector.labels({ app: 'web' }), ports: [{ port: 80, nodePort: 99999 }] });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toMatch(/\[c\/web\/Resource\] cannot be rendered: .*toSeconds is not a function/);
    expect(message.match(/\[c\/web\/Resource\]/g)).toHaveLength(1); // the failed check adds no second message
    expect(message).toContain('[c/np/Resource]');
    expect(message).not.toMatch(/\n\s+at /);
  });
});
