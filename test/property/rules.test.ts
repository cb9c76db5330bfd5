// Property tests over manifests (issue 3 "Property tests"), with fast-check:
// (1) no input makes the engine throw: a bad manifest only ever gives findings;
// (2) Services built to satisfy RULES.md give no api-server error (no false positives);
// (3) K independent mistakes injected into a valid app give at least K distinct findings,
//     each on the object it was injected into, in one run;
// (4) the API server's decision on each Service (refusal.ts, allocation.ts) is the same whether
//     the engine's pass recorded it or it is computed alone.
import fc from 'fast-check';
import { ClusterModel } from '../../src/model/cluster-model';
import { Finding, RuleCategory, Severity } from '../../src/model/findings';
import { createDecision } from '../../src/rules/allocation';
import { CROSS_OBJECT_RULES } from '../../src/rules/cross-object';
import { checkModel, checkModelReport, resolveSettings } from '../../src/rules/engine';
import { validationError } from '../../src/rules/refusal';
import { SECURITY_RULES } from '../../src/rules/security';
import { check } from '../helpers';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** Parsed YAML and JSON never hold null-prototype objects. */
const ANYTHING = { withNullPrototype: false } as const;

// ---------------------------------------------------------------------------------------------
// (1) Anything in, findings out.

/** Values a YAML or JSON manifest can hold, good and bad (YAML 1.1 gives Dates too). */
const junk = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '', 'None', 'TCP', 'udp', 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Local', 'ClientIP', -1, 0, 80, 65536, 30080, '8080', 'http', '0.0.0.0/0', '1.2.3.4', '::1', true, [], {}),
  fc.integer({ min: -100000, max: 100000 }),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.double(),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)),
    { maxKeys: 3, noNullPrototype: true }),
);

const junkPort = fc.record({
  name: junk, port: junk, targetPort: junk, protocol: junk, nodePort: junk, appProtocol: junk,
}, { requiredKeys: [] });

const junkSpec = fc.oneof(
  { weight: 1, arbitrary: fc.anything(ANYTHING) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: junk,
      selector: junk,
      ports: fc.oneof(junk, fc.array(fc.oneof(junkPort, junk), { maxLength: 4 })),
      clusterIP: junk,
      clusterIPs: junk,
      externalName: junk,
      externalIPs: junk,
      loadBalancerSourceRanges: junk,
      externalTrafficPolicy: junk,
      internalTrafficPolicy: junk,
      healthCheckNodePort: junk,
      sessionAffinity: junk,
      sessionAffinityConfig: fc.oneof(junk, fc.record({ clientIP: fc.oneof(junk, fc.record({ timeoutSeconds: junk })) })),
      ipFamilies: junk,
      ipFamilyPolicy: junk,
      allocateLoadBalancerNodePorts: junk,
      loadBalancerClass: junk,
      publishNotReadyAddresses: junk,
    }, { requiredKeys: [] }),
  },
);

const junkMetadata = fc.oneof(
  junk,
  fc.record({ name: junk, namespace: junk, labels: junk, annotations: junk, generateName: junk }, { requiredKeys: [] }),
);

const junkContainerPort = fc.oneof(junk, fc.record({ name: junk, containerPort: junk, protocol: junk }));
const junkContainer = fc.record({ name: junk, ports: fc.oneof(junk, fc.array(junkContainerPort, { maxLength: 3 })) });

const junkWorkload = fc.record({
  apiVersion: fc.constant('apps/v1'),
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'CronJob', 'Job', 'ReplicaSet'),
  metadata: junkMetadata,
  spec: fc.oneof(junk, fc.record({
    serviceName: junk,
    replicas: junk,
    template: fc.oneof(junk, fc.record({
      metadata: fc.oneof(junk, fc.record({ labels: junk })),
      spec: fc.oneof(junk, fc.record({
        containers: fc.oneof(junk, fc.array(fc.oneof(junk, junkContainer), { maxLength: 2 })),
        initContainers: junk,
      }, { requiredKeys: [] })),
    }, { requiredKeys: [] })),
  }, { requiredKeys: [] })),
}, { requiredKeys: ['kind'] });

const junkObject = fc.oneof(
  { weight: 5, arbitrary: fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Service'), metadata: junkMetadata, spec: junkSpec }, { requiredKeys: ['kind'] }) },
  { weight: 3, arbitrary: junkWorkload },
  { weight: 1, arbitrary: fc.anything(ANYTHING) },
);

/** A deep copy with ordinary prototypes, as parsed YAML and JSON have (fast-check also makes null-prototype objects). */
function plain(v: unknown): any {
  if (Array.isArray(v)) return v.map(plain);
  if (v === null || typeof v !== 'object' || v instanceof Date) return v;
  const out: any = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: plain(x), enumerable: true, writable: true, configurable: true });
  return out;
}

function wellFormed(f: Finding): boolean {
  return typeof f.rule === 'string' && f.rule !== ''
    && typeof f.field === 'string'
    && typeof f.message === 'string' && f.message !== ''
    && typeof f.fix === 'string' && f.fix !== ''
    && (f.severity === Severity.ERROR || f.severity === Severity.WARNING || f.severity === Severity.INFO)
    && (f.ruleName === undefined || /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(f.ruleName))
    && (f.value === undefined || typeof f.value === 'string');
}

describe('property (1): no manifest makes the engine throw', () => {
  test('random Services and workloads give only well-formed findings, strict or not', () => {
    fc.assert(fc.property(fc.array(junkObject, { minLength: 1, maxLength: 4 }), fc.boolean(), (objects, strict) => {
      const findings = check(plain(objects), { strict });
      expect(Array.isArray(findings)).toBe(true);
      for (const f of findings) {
        if (!wellFormed(f)) throw new Error(`malformed finding: ${JSON.stringify(f)}`);
      }
    }), { numRuns: RUNS });
  });
});

describe('property (1b): string fields holding objects whose toString is not a function', () => {
  // YAML such as `namespace: {toString: 1}` makes String(v) and `${v}` throw. The API server
  // refuses such a Service at decode (T1, 400), so the model keeps it out of every other rule.
  const evil = fc.constantFrom<unknown>({ toString: 1 }, { valueOf: 1, toString: 'x' });
  const field = fc.oneof(junk, evil);
  const svc = fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Service'),
    metadata: fc.record({ name: field, namespace: field, labels: fc.dictionary(fc.constantFrom('a', 'b'), field, { maxKeys: 2 }), annotations: fc.dictionary(fc.constantFrom('cdk8s-services.io/allow-external-ips', 'x'), field, { maxKeys: 2 }) }, { requiredKeys: [] }),
    spec: fc.record({ type: field, selector: fc.dictionary(fc.constantFrom('a', 'b'), field, { maxKeys: 2 }), ports: fc.array(fc.record({ name: field, port: field, targetPort: field, protocol: field, appProtocol: field, nodePort: field }, { requiredKeys: [] }), { maxLength: 2 }), externalName: field, externalIPs: fc.array(field, { maxLength: 2 }) }, { requiredKeys: [] }),
  });
  test('cross-object and security rules do not throw on such values in spec, ports and containers', () => {
    const specOnly = fc.record({
      apiVersion: fc.constant('v1'),
      kind: fc.constant('Service'),
      metadata: fc.record({ name: fc.constantFrom('a', 'b') }),
      spec: fc.record({ type: fc.oneof(field, fc.constantFrom('NodePort', 'LoadBalancer', 'ExternalName')), selector: fc.constant({ app: 'web' }), ports: fc.array(fc.record({ name: field, port: field, targetPort: field, protocol: field, appProtocol: field, nodePort: field }, { requiredKeys: [] }), { maxLength: 2 }), externalName: field, externalIPs: fc.array(field, { maxLength: 2 }), loadBalancerSourceRanges: fc.array(field, { maxLength: 2 }), healthCheckNodePort: field, externalTrafficPolicy: field }, { requiredKeys: [] }),
    });
    const containerPort = fc.record({ name: field, containerPort: field, protocol: field }, { requiredKeys: [] });
    const workload = fc.record({ name: field, ports: fc.array(containerPort, { maxLength: 2 }) }, { requiredKeys: [] })
      .map((c) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'w' }, spec: { serviceName: 'a', template: { metadata: { labels: { app: 'web' } }, spec: { containers: [c], initContainers: [{ ...c, restartPolicy: 'Always' }] } } } }));
    fc.assert(fc.property(fc.array(fc.oneof(specOnly, workload), { minLength: 1, maxLength: 3 }), fc.boolean(), (objects, strict) => {
      const findings = checkModel(ClusterModel.fromObjects(plain(objects)), { strict }, [...CROSS_OBJECT_RULES, ...SECURITY_RULES]);
      for (const f of findings) if (!wellFormed(f)) throw new Error(`malformed finding: ${JSON.stringify(f)}`);
    }), { numRuns: RUNS });
  });

  test('no throw on objects in string fields (all rules)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(svc, junkWorkload), { minLength: 1, maxLength: 3 }), (objects) => {
      check(plain(objects), { strict: true });
    }), { numRuns: RUNS });
  });
});

// ---------------------------------------------------------------------------------------------
// (2) Valid Services (per RULES.md) give no api-server error.

const dns1035 = fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/);
const dns1123Label = fc.stringMatching(/^[a-z0-9][a-z0-9]{0,12}$/);
/** IANA_SVC_NAME (F4): <= 15, [-a-z0-9], a letter, no `--`, no leading/trailing `-`. */
const ianaName = fc.oneof(
  fc.constantFrom('http', 'https', 'grpc', 'metrics', 'dns-udp', 'web8080', 'a'),
  fc.stringMatching(/^[a-z][a-z0-9]{0,14}$/),
);
const labelValue = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,10}[a-z0-9])?$/);
const selector = fc.dictionary(fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'example.com/team'), labelValue, { minKeys: 1, maxKeys: 3 });
const externalName = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'svc.cluster.local', 'db.internal')).map(([h, d]) => `${h}.${d}`);

type Kind = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName' | 'Headless';

const validService = fc.constantFrom<Kind>('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Headless').chain((kind) => {
  const external = kind === 'NodePort' || kind === 'LoadBalancer';
  const minPorts = kind === 'ExternalName' || kind === 'Headless' ? 0 : 1;
  const portNumbers = fc.uniqueArray(fc.integer({ min: 1, max: 65535 }).filter((p) => !(kind === 'LoadBalancer' && p === 10250)), { minLength: minPorts, maxLength: 4 });
  return fc.record({
    name: dns1035,
    namespace: fc.option(fc.constantFrom('default', 'prod', 'team-a'), { nil: undefined }),
    ports: portNumbers.chain((nums) => fc.tuple(
      fc.constant(nums),
      fc.array(fc.record({
        protocol: fc.option(fc.constantFrom('TCP', 'UDP', 'SCTP'), { nil: undefined }),
        targetPort: fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }), ianaName), { nil: undefined }),
        appProtocol: fc.option(fc.constantFrom('http', 'https', 'kubernetes.io/h2c', 'grpc', 'example.com/custom'), { nil: undefined }),
        name: dns1123Label,
      }), { minLength: nums.length, maxLength: nums.length }),
      fc.uniqueArray(fc.integer({ min: 30000, max: 32767 }), { minLength: nums.length, maxLength: nums.length }),
      fc.array(fc.boolean(), { minLength: nums.length, maxLength: nums.length }),
    )),
    selector: kind === 'ExternalName' ? fc.constant(undefined) : fc.option(selector, { nil: undefined }),
    externalName,
    affinity: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
    etp: fc.option(fc.constantFrom('Cluster', 'Local'), { nil: undefined }),
    itp: fc.option(fc.constantFrom('Cluster', 'Local'), { nil: undefined }),
    families: fc.constantFrom('none', 'single', 'prefer'),
    sourceRanges: fc.option(fc.subarray(['10.0.0.0/8', '203.0.113.0/24', '192.168.1.0/24', '2001:db8::/32'], { minLength: 1 }), { nil: undefined }),
    lbClass: fc.option(fc.constantFrom('example.com/internal', 'service.k8s.aws/nlb'), { nil: undefined }),
    allocate: fc.option(fc.boolean(), { nil: undefined }),
    externalIPs: fc.option(fc.subarray(['192.0.2.10', '198.51.100.7'], { minLength: 1 }), { nil: undefined }),
  }).map((g) => {
    const [nums, extra, nodePorts, setNodePort] = g.ports;
    const spec: any = {};
    if (kind === 'Headless') spec.clusterIP = 'None';
    else spec.type = kind;
    spec.ports = nums.map((port, i) => {
      const p: any = { port };
      if (nums.length > 1 || i % 2 === 0) p.name = `${extra[i].name}-${i}`; // V14/V15: unique names
      if (extra[i].protocol) p.protocol = extra[i].protocol;
      if (extra[i].targetPort !== undefined) p.targetPort = extra[i].targetPort;
      if (extra[i].appProtocol) p.appProtocol = extra[i].appProtocol;
      if (external && setNodePort[i]) p.nodePort = nodePorts[i];
      return p;
    });
    if (spec.ports.length === 0 && g.name.length % 2 === 0) delete spec.ports;
    if (g.selector) spec.selector = g.selector;
    if (kind === 'ExternalName') {
      spec.externalName = g.externalName;
    } else {
      if (g.affinity !== undefined) spec.sessionAffinity = 'ClientIP', spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: g.affinity } };
      if (g.itp) spec.internalTrafficPolicy = g.itp;
      if (g.families === 'single') Object.assign(spec, { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] });
      if (g.families === 'prefer') spec.ipFamilyPolicy = 'PreferDualStack';
      if (g.externalIPs) spec.externalIPs = g.externalIPs;
    }
    if (external && g.etp) spec.externalTrafficPolicy = g.etp;
    if (kind === 'LoadBalancer') {
      if (g.sourceRanges) spec.loadBalancerSourceRanges = g.sourceRanges;
      if (g.lbClass) spec.loadBalancerClass = g.lbClass;
      if (g.allocate !== undefined) spec.allocateLoadBalancerNodePorts = g.allocate;
    }
    return { apiVersion: 'v1', kind: 'Service', metadata: { name: g.name, ...(g.namespace ? { namespace: g.namespace } : {}) }, spec };
  });
});

describe('property (2): valid Services give no api-server error', () => {
  test('a generator of Services that follow RULES.md yields zero api-server errors', () => {
    fc.assert(fc.property(validService, (svc) => {
      const errors = check([svc]).filter((f) => f.category === RuleCategory.API_SERVER && f.severity === Severity.ERROR);
      if (errors.length > 0) {
        throw new Error(`api-server errors on a valid Service:\n${errors.map((f) => `  ${f.rule} ${f.field} ${f.value ?? ''}: ${f.message}`).join('\n')}`);
      }
    }), { numRuns: RUNS });
  });
});

// ---------------------------------------------------------------------------------------------
// (3) K independent mistakes, K findings.

/** A valid Service + Deployment pair, `i`-th of the app; no finding of any rule. */
function pair(i: number): { svc: any; dep: any } {
  const labels = { app: `a${i}` };
  return {
    svc: { apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` }, spec: { selector: labels, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } },
    dep: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `d${i}` },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
    },
  };
}

/** One mistake a user makes, and the rule that must report it (on the Service it was made in). */
interface Mistake { rule: string; apply: (svc: any) => void }
const MISTAKES: Mistake[] = [
  { rule: 'V16', apply: (s) => { s.spec.ports[0].port = 70000; } },
  { rule: 'V17', apply: (s) => { s.spec.ports[0].protocol = 'tcp'; } },
  { rule: 'V18', apply: (s) => { s.spec.ports[0].targetPort = 'Http_Port'; } },
  { rule: 'V30', apply: (s) => { s.spec.ports[0].nodePort = 30080; } },
  { rule: 'V14', apply: (s) => { s.spec.ports = [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 'http' }]; } },
  { rule: 'V22', apply: (s) => { s.spec.sessionAffinity = 'ClientIP'; s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } }; } },
  { rule: 'V1', apply: (s) => { s.metadata.name = `Web${s.metadata.name}`; } },
  { rule: 'V29', apply: (s) => { s.spec.type = 'Nodeport'; } },
  { rule: 'X1', apply: (s) => { s.spec.selector = { app: 'nobody' }; } },
  { rule: 'X3', apply: (s) => { s.spec.ports[0].targetPort = 'metrics'; } },
  { rule: 'S1', apply: (s) => { s.spec.externalIPs = ['192.0.2.10']; } },
  { rule: 'S3', apply: (s) => { s.spec = { type: 'ExternalName', externalName: '192.0.2.10' }; } },
];

describe('property (3): K independent mistakes give at least K findings', () => {
  test('every injected mistake is reported on its own Service, all in one run', () => {
    const app = fc.integer({ min: 1, max: 8 }).chain((k) => fc.record({
      mistakes: fc.array(fc.constantFrom(...MISTAKES), { minLength: k, maxLength: k }),
      clean: fc.integer({ min: 0, max: 4 }),
      order: fc.boolean(),
    }));
    fc.assert(fc.property(app, ({ mistakes, clean, order }) => {
      const pairs = Array.from({ length: mistakes.length + clean }, (_, i) => pair(i));
      mistakes.forEach((m, i) => m.apply(pairs[i].svc));
      const objects = pairs.flatMap((p) => (order ? [p.svc, p.dep] : [p.dep, p.svc]));
      // Errors and warnings (S1 is a warning under docs/severity.md); hints do not count.
      const findings = check(objects).filter((f) => f.severity !== Severity.INFO);

      const distinct = new Set(findings.map((f) => `${f.objectRef} ${f.rule} ${f.field}`));
      expect(distinct.size).toBeGreaterThanOrEqual(mistakes.length);
      mistakes.forEach((m, i) => {
        const svc = pairs[i].svc;
        const ref = `Service/default/${svc.metadata.name}`;
        if (!findings.some((f) => f.objectRef === ref && f.rule === m.rule)) {
          throw new Error(`mistake ${m.rule} on ${ref} was not reported; findings:\n${findings.map((f) => `  ${f.objectRef} ${f.rule} ${f.field}`).join('\n')}`);
        }
      });
      // The clean pairs stay clean: a mistake does not leak into its neighbours.
      for (let i = mistakes.length; i < pairs.length; i++) {
        expect(findings.filter((f) => f.objectRef === `Service/default/s${i}` || f.objectRef === `Deployment/default/d${i}`)).toEqual([]);
      }
    }), { numRuns: RUNS });
  });
});

describe('property (4): one decision per Service, recorded or computed alone', () => {
  /** What the decision says, comparable across two models of the same manifests. */
  const decided = (model: ClusterModel, release: string) => {
    const ctx = { model, settings: resolveSettings({ kubernetesVersion: release }) };
    return model.services.map((svc) => {
      const refused = validationError(svc, ctx);
      const d = createDecision(svc, ctx);
      return {
        refused: refused && { rule: refused.rule.id, field: refused.violation.field, message: refused.violation.message },
        create: { rule: d.refusal?.rule.id, field: d.refusal?.violation.field, families: d.families },
      };
    });
  };

  test('the engine\'s pass records each Service\'s first validation error as validationError computes it', () => {
    fc.assert(fc.property(fc.array(junkObject, { minLength: 1, maxLength: 4 }), fc.constantFrom('1.27', '1.31', '1.35'), (objects, release) => {
      const recorded = ClusterModel.fromObjects(plain(objects));
      checkModelReport(recorded, { kubernetesVersion: release }); // records the first errors
      const alone = ClusterModel.fromObjects(plain(objects));
      expect(decided(recorded, release)).toEqual(decided(alone, release));
    }), { numRuns: RUNS });
  });
});
