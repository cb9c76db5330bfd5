// The cdk8s CLI validation plugin, driven as cdk8s-cli drives it: `new Class(properties)`,
// then `await validate(context)` over manifests a real cdk8s app synthesized to files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { parse as parseYaml } from 'yaml';
import { build as buildFrontend } from '../../examples/frontend';
import { CliIo } from '../../src/cli/args';
import { parseVerifyArgs, runVerify } from '../../src/cli/verify';
import { IValidationPluginContext, ServicesValidationPlugin, ValidationPluginViolation } from '../../src/plugin';

/** A context that records what the plugin reports, like cdk8s-cli's ValidationReport. */
class FakeContext implements IValidationPluginContext {
  public readonly violations: ValidationPluginViolation[] = [];
  public status?: string;
  public metadata?: { [key: string]: string };
  public readonly logs: string[] = [];
  public readonly report = {
    addViolation: (v: ValidationPluginViolation) => {
      if (this.status) throw new Error('Violations cannot be added to report after its submitted');
      this.violations.push(v);
    },
    submit: (status: string, metadata?: { [key: string]: string }) => {
      this.status = status;
      this.metadata = metadata;
    },
  };
  public readonly logger = { log: (m: string) => { this.logs.push(m); } };
  constructor(public readonly manifests: string[]) {}
  rules(): string[] {
    return this.violations.map((v) => v.ruleName.split(' ')[0]);
  }
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-services-plugin-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface AppShape {
  selector?: Record<string, string>;
  targetPort?: string | number;
  type?: string;
  extra?: (chart: Chart) => void;
  record?: boolean;
}

/** Synthesizes a raw cdk8s app (KubeDeployment + KubeService) into `tmp` and returns the files. */
function synth(shape: AppShape = {}): string[] {
  const app = new App({ outdir: tmp, recordConstructMetadata: shape.record ?? false });
  const chart = new Chart(app, 'shop');
  const labels = { app: 'web' };
  new k8s.KubeDeployment(chart, 'web', {
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  });
  const tp = shape.targetPort ?? 'http';
  new k8s.KubeService(chart, 'svc', {
    metadata: { name: 'web-svc' },
    spec: {
      type: shape.type,
      selector: shape.selector ?? labels,
      ports: [{ port: 80, targetPort: typeof tp === 'number' ? k8s.IntOrString.fromNumber(tp) : k8s.IntOrString.fromString(tp) }],
    },
  });
  shape.extra?.(chart);
  app.synth();
  return fs.readdirSync(tmp).filter((f) => f.endsWith('.yaml')).map((f) => path.join(tmp, f));
}

async function run(manifests: string[], props?: any): Promise<FakeContext> {
  const ctx = new FakeContext(manifests);
  // The CLI calls `new clazz(properties ?? {})` (cdk8s-cli src/plugins/_manager.ts).
  await new ServicesValidationPlugin(props ?? {}).validate(ctx);
  return ctx;
}

describe('ServicesValidationPlugin', () => {
  test('submits success with no violations for a clean app', async () => {
    const ctx = await run(synth());
    expect(ctx.violations).toEqual([]);
    expect(ctx.status).toBe('success');
    expect(ctx.metadata).toMatchObject({ errors: '0', warnings: '0', objects: '2' });
  });

  test('manifests that are not a list: one violation and failure, never a walk of a folder', async () => {
    const ctx = await run('/' as any);
    expect(ctx.status).toBe('failure');
    expect(ctx.violations).toHaveLength(1);
    expect(ctx.violations[0].ruleName).toBe('cdk8s-services: no manifest list');
    expect(ctx.violations[0].recommendation).toContain('gave manifests as "/"');
    // Nearest valid neighbour: the same plugin with a list of files succeeds.
    expect((await run(synth())).status).toBe('success');
  });

  test('submits failure when a selector matches nothing (X1), with file, resource and field', async () => {
    const files = synth({ selector: { app: 'wbe' } });
    const ctx = await run(files);
    expect(ctx.status).toBe('failure');
    const x1 = ctx.violations.find((v) => v.ruleName.startsWith('X1 '))!;
    expect(x1).toBeDefined();
    expect(x1.ruleName).toMatch(/^X1 selector-matches-no-pods \(error\): A Service selector matches no pod template/);
    expect(x1.recommendation).toContain(`Service/default/web-svc (${path.relative(process.cwd(), files[0]).split(path.sep).join('/')}:`);
    expect(x1.recommendation).toMatch(/:\d+\) spec\.selector = \{"app":"wbe"\}/);
    // The line is the field's own (`selector:`), not the object's first line.
    const line = Number(/:(\d+)\) spec\.selector/.exec(x1.recommendation)![1]);
    expect(fs.readFileSync(files[0], 'utf8').split('\n')[line - 1]).toMatch(/^\s+selector:/);
    expect(x1.fix).toMatch(/selector/);
    expect(x1.violatingResources).toEqual([{ resourceName: 'web-svc', locations: ['spec.selector'], manifestPath: files[0] }]);
  });

  test('each violation says what verify --format sarif says: rule id and name, file and field line, the fix and its docs link', async () => {
    const files = synth({
      targetPort: 8008, // X4: a typo of the declared 8080
      extra: (chart) => new k8s.KubeService(chart, 'orphan', { metadata: { name: 'orphan' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } }),
    });
    const ctx = await run(files);
    const out: string[] = [];
    const io: CliIo = { out: (t) => void out.push(t), err: () => undefined };
    runVerify(parseVerifyArgs([...files, '--format', 'sarif', '--no-simulate']), io);
    const run0 = JSON.parse(out.join('')).runs[0];
    const fromSarif = run0.results.filter((x: any) => x.level !== 'note').map((x: any) => {
      const rule = run0.tool.driver.rules[x.ruleIndex];
      const p = x.locations[0].physicalLocation;
      return [`${rule.id} ${rule.name}`, `${p.artifactLocation.uri}:${p.region.startLine}`, rule.helpUri];
    });
    const fromPlugin = ctx.violations.map((v) => [
      v.ruleName.replace(/ \(.*$/, ''),
      /\(([^()]+:\d+)\) /.exec(v.recommendation)![1],
      /\((https:[^()]+)\)$/.exec(v.fix)![1],
    ]);
    expect(fromPlugin.length).toBeGreaterThanOrEqual(2);
    expect(fromPlugin).toEqual(fromSarif);
  });

  test('submits failure on a named targetPort no container declares (X3, SEMANTICS E4)', async () => {
    const ctx = await run(synth({ targetPort: 'metrics' }));
    expect(ctx.status).toBe('failure');
    expect(ctx.rules()).toContain('X3');
  });

  test('a warning is listed but the report succeeds; strict: true makes it fail', async () => {
    const files = synth({ targetPort: 8008 }); // X4: numeric targetPort, a typo of the declared 8080
    const lax = await run(files);
    expect(lax.rules()).toEqual(['X4']);
    expect(lax.violations[0].ruleName).toMatch(/^X4 numeric-target-port-undeclared \(warning\)/);
    expect(lax.status).toBe('success');
    expect(lax.metadata).toMatchObject({ errors: '0', warnings: '1' });

    const strict = await run(files, { strict: true });
    expect(strict.violations[0].ruleName).toMatch(/^X4 numeric-target-port-undeclared \(error\)/);
    expect(strict.status).toBe('failure');
  });

  test('S4 (NodePort) is a hint: counted, not a violation, and strict: true does not make it one', async () => {
    const files = synth({ type: 'NodePort' });
    for (const props of [{}, { strict: true }]) {
      const ctx = await run(files, props);
      expect(ctx.rules()).not.toContain('S4');
      expect(ctx.metadata).toMatchObject({ errors: '0', warnings: '0', hints: '1' });
      expect(ctx.status).toBe('success');
    }
    // Nearest neighbour: a ClusterIP Service has no hint.
    expect((await run(synth({}))).metadata).toMatchObject({ hints: '0' });
  });

  test('disabledRules turns a rule off by id (with its reason)', async () => {
    const files = synth({ selector: { app: 'wbe' } });
    const ctx = await run(files, { disabledRules: [{ id: 'X1', reason: 'pods come from a Helm chart' }] });
    expect(ctx.rules()).not.toContain('X1');
  });

  test('X5 across Services fires through the plugin, with a custom nodePortRange accepted', async () => {
    const files = synth({
      type: 'NodePort',
      extra: (chart) => {
        new k8s.KubeService(chart, 'a', { metadata: { name: 'a' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 81, targetPort: k8s.IntOrString.fromString('http'), nodePort: 20080 }] } });
        new k8s.KubeService(chart, 'b', { metadata: { name: 'b' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 82, targetPort: k8s.IntOrString.fromString('http'), nodePort: 20080 }] } });
      },
    });
    const ctx = await run(files, { nodePortRange: '20000-22767' });
    expect(ctx.rules().filter((r) => r === 'X5')).toHaveLength(2);
    expect(ctx.status).toBe('failure');
  });

  test('a property error is a configuration violation, not a crash', async () => {
    const files = synth();
    for (const props of [{ strict: 'yes' }, { nodePortRange: '30000' }, { disabledRules: [{ id: 'X1' }] }, { disabledRules: [{ id: 'Z9', reason: 'r' }] }, { colour: 'blue' }, { serviceClusterIpRanges: ['nope'] }, { clusterIpFamilies: ['IPv7'] }]) {
      const ctx = await run(files, props);
      expect(ctx.status).toBe('failure');
      expect(ctx.violations).toHaveLength(1);
      expect(ctx.violations[0].ruleName).toBe('cdk8s-services configuration');
      expect(ctx.violations[0].recommendation).not.toMatch(/\n\s+at /); // no stack trace
    }
    const typo = await run(files, { strcit: true });
    expect(typo.violations[0].recommendation).toBe('unknown property "strcit" (did you mean strict?); the properties are strict, nodePortRange, disabledRules, allowPublicLoadBalancers, serviceClusterIpRanges, clusterIpFamilies, kubernetesVersion, customWorkloads');
  });

  test('an unreadable manifest is a violation and fails the report; the other files are still checked', async () => {
    const files = synth({ selector: { app: 'wbe' } });
    const bad = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(bad, 'kind: [unclosed\n');
    const ctx = await run([...files, bad]);
    expect(ctx.status).toBe('failure');
    expect(ctx.violations.some((v) => v.ruleName === 'cdk8s-services: unreadable manifest' && v.violatingResources[0].manifestPath === bad)).toBe(true);
    expect(ctx.rules()).toContain('X1');
  });

  test('with recorded construct metadata, the recommendation names the construct path', async () => {
    const ctx = await run(synth({ selector: { app: 'wbe' }, record: true }));
    const x1 = ctx.violations.find((v) => v.ruleName.startsWith('X1 '))!;
    expect(x1.recommendation).toContain('(shop/svc)');
  });

  test('is loadable the way cdk8s-cli loads it: a class export named in cdk8s.yaml', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('../../src/plugin');
    expect(typeof mod.ServicesValidationPlugin).toBe('function');
    expect(typeof new mod.ServicesValidationPlugin({}).validate).toBe('function');
  });
});

describe('examples/plugin (cdk8s.yaml + the frontend app built with our constructs)', () => {
  test('the configured class and properties accept the synthesized example app', async () => {
    const config = parseYaml(fs.readFileSync(path.join(__dirname, '../../examples/plugin/cdk8s.yaml'), 'utf8'));
    const entry = config.validations[0];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const clazz = require('../../src')[entry.class];
    expect(typeof clazz).toBe('function');

    const app = new App({ outdir: tmp });
    buildFrontend(app);
    app.synth();
    const files = fs.readdirSync(tmp).filter((f) => f.endsWith('.yaml')).map((f) => path.join(tmp, f));
    const ctx = new FakeContext(files);
    await new clazz(entry.properties).validate(ctx);
    expect(ctx.violations.map((v) => v.recommendation)).toEqual([]);
    expect(ctx.status).toBe('success');

    // The same app in strict mode: its NodePort Service is a hint (S4), which strict leaves a hint.
    const strict = new FakeContext(files);
    await new clazz({ ...entry.properties, strict: true }).validate(strict);
    expect(strict.rules()).toEqual([]);
    expect(strict.metadata).toMatchObject({ hints: '1' });
    expect(strict.status).toBe('success');
  });
});
