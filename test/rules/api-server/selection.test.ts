// RULES.md §4.2: V20-V23 and V29, selector, session affinity and type.
import { defaultServiceSpec } from '../../../src/model/defaults';
import { UNREACHABLE, UNREACHABLE_RULES } from '../../../src/rules/api-server/selection';
import { ALL_RULES } from '../../../src/rules/engine';
import { check, expectNoRule, expectRule, service } from '../../helpers';

const ports = [{ port: 80 }];
const svc = (spec: any) => check([service({ ports, ...spec })]);

describe('V20 selector keys are qualified names and values label values', () => {
  test('rejects a bad key at spec.selector (no key in the path)', () => {
    const [f] = expectRule(svc({ selector: { 'app name': 'web' } }), 'V20', 'spec.selector');
    expect(f.message).toContain('selector key "app name"');
  });
  test('rejects a bad value', () => {
    expectRule(svc({ selector: { app: 'web/frontend' } }), 'V20', 'spec.selector');
  });
  test('accepts prefixed keys, an empty value, {} and no selector', () => {
    expectNoRule(svc({ selector: { 'app.kubernetes.io/name': 'web', 'tier': '' } }), 'V20');
    expectNoRule(svc({ selector: {} }), 'V20');
    expectNoRule(svc({}), 'V20');
  });
});

describe('V21 sessionAffinity is ClientIP or None (case-sensitive)', () => {
  test('rejects clientIP with a case fix', () => {
    const [f] = expectRule(svc({ sessionAffinity: 'clientIP' }), 'V21', 'spec.sessionAffinity');
    expect(f.message).toBe('Unsupported value: "clientIP": supported values: "ClientIP", "None"');
    expect(f.fix).toContain('sessionAffinity: ClientIP');
  });
  test('rejects Cookie', () => {
    expectRule(svc({ sessionAffinity: 'Cookie' }), 'V21', 'spec.sessionAffinity');
  });
  test('accepts ClientIP, None and a missing value (DF1; §8.6)', () => {
    for (const sessionAffinity of ['ClientIP', 'None', undefined, '']) expectNoRule(svc({ sessionAffinity }), 'V21');
  });
});

describe('V22 ClientIP timeoutSeconds is 1-86400 inclusive', () => {
  const withTimeout = (timeoutSeconds: any, type?: string) =>
    svc({ type, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds } } });
  const field = 'spec.sessionAffinityConfig.clientIP.timeoutSeconds';
  test('rejects 86401', () => {
    const [f] = expectRule(withTimeout(86401), 'V22', field);
    expect(f.message).toContain('must be greater than 0 and less than 86400');
  });
  test('accepts 86400 although the message says "less than" (§8.10)', () => {
    expectNoRule(withTimeout(86400), 'V22');
  });
  test('rejects an explicit 0 (DF2 does not default it); 1 is valid', () => {
    expectRule(withTimeout(0), 'V22', field);
    expectNoRule(withTimeout(1), 'V22');
  });
  test('applies to ExternalName too', () => {
    expectRule(svc({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: -5 } } }), 'V22', field);
  });
  test('a missing config with ClientIP is defaulted to 10800 (DF2), so the Required branches never fire', () => {
    expectNoRule(svc({ sessionAffinity: 'ClientIP' }), 'V22');
    expectNoRule(svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: {} } }), 'V22');
    expect(UNREACHABLE.map((u) => u.id)).toContain('V22');
  });
  test('a quoted "60" is a decode error (T1), before V22 runs', () => {
    expectRule(withTimeout('60'), 'T1', field);
  });
});

describe('V23 sessionAffinityConfig with None is unreachable', () => {
  test('is listed with its reason and has no rule', () => {
    expect(UNREACHABLE_RULES.find((u) => u.id === 'V23')?.reason).toContain('DF3');
    expect(ALL_RULES.some((r) => r.id === 'V23')).toBe(false);
  });
  test('DF3 clears the config for None (and for an omitted sessionAffinity), so the Forbidden error cannot happen', () => {
    const config = { clientIP: { timeoutSeconds: 60 } };
    expect(defaultServiceSpec({ sessionAffinity: 'None', sessionAffinityConfig: config }).sessionAffinityConfig).toBeUndefined();
    expect(defaultServiceSpec({ sessionAffinityConfig: config }).sessionAffinityConfig).toBeUndefined();
    expect(defaultServiceSpec({ sessionAffinity: 'ClientIP', sessionAffinityConfig: config }).sessionAffinityConfig).toEqual(config);
  });
});

describe('V29 type is one of the four, case-sensitive', () => {
  test('rejects nodePort with a case fix', () => {
    const [f] = expectRule(svc({ type: 'nodePort' }), 'V29', 'spec.type');
    expect(f.message).toBe('Unsupported value: "nodePort": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
    expect(f.fix).toContain('type: NodePort');
  });
  test('rejects Headless (headless is clusterIP: None)', () => {
    expectRule(svc({ type: 'Headless' }), 'V29', 'spec.type');
  });
  test('accepts the four types and a missing type (DF8; §8.6)', () => {
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer', undefined]) expectNoRule(svc({ type }), 'V29');
    expectNoRule(svc({ type: 'ExternalName', externalName: 'db.example.com' }), 'V29');
    expect(UNREACHABLE.map((u) => u.id)).toContain('V29');
  });
});
