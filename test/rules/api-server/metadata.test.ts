// RULES.md §4.1: V1-V7 and V41, Service metadata.
import { UNREACHABLE } from '../../../src/rules/api-server/metadata';
import { check, expectNoRule, expectRule, service } from '../../helpers';

const ports = { ports: [{ port: 80 }] };
const svc = (metadata: any) => check([service(ports, metadata)]);

describe('V1 name is required and a DNS-1035 label', () => {
  test('rejects a name starting with a digit, quoting apimachinery', () => {
    const [f] = expectRule(svc({ name: '1web' }), 'V1', 'metadata.name');
    expect(f.value).toBe('"1web"');
    expect(f.message).toContain('a DNS-1035 label must consist of lower case alphanumeric characters');
    expect(f.fix).toContain('"web"');
  });
  test('rejects upper case and dots (a valid Deployment name is not a valid Service name)', () => {
    expectRule(svc({ name: 'Web' }), 'V1', 'metadata.name');
    expectRule(svc({ name: 'web.v1' }), 'V1', 'metadata.name');
  });
  test('rejects 64 characters; 63 is the nearest valid neighbour', () => {
    expectRule(svc({ name: 'a'.repeat(64) }), 'V1', 'metadata.name');
    expectNoRule(svc({ name: 'a'.repeat(63) }), 'V1');
  });
  test('accepts web-1', () => {
    expectNoRule(svc({ name: 'web-1' }), 'V1');
  });
  test('requires a name or generateName', () => {
    const [f] = expectRule(svc({ name: undefined }), 'V1', 'metadata.name');
    expect(f.message).toBe('name or generateName is required');
    expectNoRule(svc({ name: undefined, generateName: 'web-' }), 'V1');
  });
  test('checks the name generated from generateName when generateName itself passes (mask quirk)', () => {
    // maskTrailingDash('A-') is 'a', so V2 passes, but the generated 'A-xxxxx' is not a DNS-1035 label.
    const findings = svc({ name: undefined, generateName: 'A-' });
    expectRule(findings, 'V1', 'metadata.name');
    expectNoRule(findings, 'V2');
    expectNoRule(svc({ name: undefined, generateName: 'a-' }), 'V1');
  });
  test('a generateName of 70 characters is cut to 58 before the random suffix, so the name is valid', () => {
    const findings = svc({ name: undefined, generateName: 'a'.repeat(70) });
    expectNoRule(findings, 'V1');
    expectRule(findings, 'V2', 'metadata.generateName');
  });
});

describe('V2 generateName is a DNS-1035 prefix', () => {
  test('rejects -123', () => {
    const findings = svc({ name: undefined, generateName: '-123' });
    expectRule(findings, 'V2', 'metadata.generateName');
    expectNoRule(findings, 'V1'); // the same mistake, reported once
  });
  test('accepts web- (trailing dash masked)', () => {
    expectNoRule(svc({ name: undefined, generateName: 'web-' }), 'V2');
  });
  test('rejects upper case; lower case is the neighbour', () => {
    expectRule(svc({ name: undefined, generateName: 'Web-' }), 'V2', 'metadata.generateName');
    expectNoRule(svc({ name: undefined, generateName: 'web' }), 'V2');
  });
});

describe('V3 namespace is a DNS-1123 label', () => {
  test('rejects a dotted namespace with "must not contain dots"', () => {
    const [f] = expectRule(svc({ name: 'web', namespace: 'prod.eu' }), 'V3', 'metadata.namespace');
    expect(f.message).toContain('must not contain dots');
  });
  test('rejects -123; 123 (a leading digit is fine in a DNS-1123 label) is valid', () => {
    expectRule(svc({ name: 'web', namespace: '-123' }), 'V3', 'metadata.namespace');
    expectNoRule(svc({ name: 'web', namespace: '123' }), 'V3');
  });
  test('a missing namespace is valid (filled from the request URL; §8.6)', () => {
    expectNoRule(svc({ name: 'web' }), 'V3');
    expect(UNREACHABLE.map((u) => u.id)).toContain('V3');
  });
});

describe('V4 labels are qualified names with label values', () => {
  test('rejects a bad key at metadata.labels (no key in the path)', () => {
    const [f] = expectRule(svc({ name: 'web', labels: { 'a/b/c': 'x' } }), 'V4', 'metadata.labels');
    expect(f.message).toContain('"a/b/c"');
  });
  test('rejects a value with a space and a 64-character value', () => {
    expectRule(svc({ name: 'web', labels: { app: 'my web' } }), 'V4', 'metadata.labels');
    expectRule(svc({ name: 'web', labels: { app: 'a'.repeat(64) } }), 'V4', 'metadata.labels');
  });
  test('a number the YAML parser made of 1.0 is a decode error (T1), before V4 runs', () => {
    const [f] = expectRule(svc({ name: 'web', labels: { version: 1.0 } }), 'T1', 'metadata.labels[version]');
    expect(f.fix).toContain('quote');
  });
  test('accepts prefixed keys, empty values and 63-character values', () => {
    expectNoRule(svc({ name: 'web', labels: { 'app.kubernetes.io/name': 'Web_1.0', 'empty': '', 'long': 'a'.repeat(63) } }), 'V4');
  });
});

describe('V5 annotations: qualified keys (case-insensitive) and 256 KiB in total', () => {
  test('rejects a key with a space', () => {
    expectRule(svc({ name: 'web', annotations: { 'my note': 'x' } }), 'V5', 'metadata.annotations');
  });
  test('accepts an upper-case prefix (keys are lower-cased before the check)', () => {
    expectNoRule(svc({ name: 'web', annotations: { 'Example.COM/Owner': 'team' } }), 'V5');
  });
  test('rejects 262145 bytes of keys plus values; 262144 is the nearest valid neighbour', () => {
    const key = 'k';
    const [f] = expectRule(svc({ name: 'web', annotations: { [key]: 'x'.repeat(262144) } }), 'V5', 'metadata.annotations');
    expect(f.message).toContain('must have at most 262144 bytes');
    expectNoRule(svc({ name: 'web', annotations: { [key]: 'x'.repeat(262143) } }), 'V5');
  });
  test('counts UTF-8 bytes, as Go does', () => {
    expectRule(svc({ name: 'web', annotations: { k: 'é'.repeat(131072) } }), 'V5', 'metadata.annotations');
  });
});

describe('V6 generation, ownerReferences and finalizers', () => {
  test('rejects a negative generation; 0 is valid', () => {
    expectRule(svc({ name: 'web', generation: -1 }), 'V6', 'metadata.generation');
    expectNoRule(svc({ name: 'web', generation: 0 }), 'V6');
  });
  const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '6b0f6c3e-1' };
  test('rejects an owner reference without uid, at the API server\'s index-less path', () => {
    const [f] = expectRule(svc({ name: 'web', ownerReferences: [{ ...owner, uid: undefined }] }), 'V6', 'metadata.ownerReferences.uid');
    expect(f.message).toContain('uid must not be empty');
    expectNoRule(svc({ name: 'web', ownerReferences: [owner] }), 'V6');
  });
  test('rejects an apiVersion with no version (apps/)', () => {
    expectRule(svc({ name: 'web', ownerReferences: [{ ...owner, apiVersion: 'apps/' }] }), 'V6', 'metadata.ownerReferences.apiVersion');
  });
  test('rejects an Event owner and two controllers', () => {
    expectRule(svc({ name: 'web', ownerReferences: [{ ...owner, apiVersion: 'v1', kind: 'Event' }] }), 'V6', 'metadata.ownerReferences');
    const [f] = expectRule(svc({ name: 'web', ownerReferences: [{ ...owner, controller: true }, { ...owner, name: 'b', controller: true }] }), 'V6', 'metadata.ownerReferences');
    expect(f.message).toContain('Only one reference can have Controller set to true');
  });
  test('rejects an unqualified non-standard finalizer; a domain-qualified one is valid', () => {
    const [f] = expectRule(svc({ name: 'web', finalizers: ['cleanup'] }), 'V6', 'metadata.finalizers[0]');
    expect(f.message).toContain('name is neither a standard finalizer name nor is it fully qualified');
    expectNoRule(svc({ name: 'web', finalizers: ['example.com/cleanup', 'kubernetes'] }), 'V6');
  });
  test('rejects orphan together with foregroundDeletion', () => {
    expectRule(svc({ name: 'web', finalizers: ['orphan', 'foregroundDeletion'] }), 'V6', 'metadata.finalizers');
    expectNoRule(svc({ name: 'web', finalizers: ['orphan'] }), 'V6');
  });
});

describe('V7 topology-mode must match topology-aware-hints when both are set', () => {
  const hints = 'service.kubernetes.io/topology-aware-hints';
  const mode = 'service.kubernetes.io/topology-mode';
  test('rejects different values at the topology-mode annotation', () => {
    const [f] = expectRule(svc({ name: 'web', annotations: { [hints]: 'auto', [mode]: 'Auto' } }), 'V7', `metadata.annotations[${mode}]`);
    expect(f.message).toContain(`must match annotations[${hints}] when both are specified`);
  });
  test('accepts equal values, and either one alone', () => {
    expectNoRule(svc({ name: 'web', annotations: { [hints]: 'Auto', [mode]: 'Auto' } }), 'V7');
    expectNoRule(svc({ name: 'web', annotations: { [mode]: 'Auto' } }), 'V7');
    expectNoRule(svc({ name: 'web', annotations: { [hints]: 'auto' } }), 'V7');
  });
});

describe('V41 path segment names are covered by V1-V3', () => {
  test('is listed as unreachable with its reason', () => {
    expect(UNREACHABLE.find((u) => u.id === 'V41')?.reason).toMatch(/V1, V2 or V3/);
  });
  test.each(['..', 'a/b', 'web%20'])('name %j is reported by V1', (name) => {
    expectRule(svc({ name }), 'V1', 'metadata.name');
  });
  test('generateName a/- passes V2 (the mask checks "aa") but the generated name is reported by V1', () => {
    const findings = svc({ name: undefined, generateName: 'a/-' });
    expectRule(findings, 'V1', 'metadata.name');
    expectNoRule(findings, 'V2');
  });
  test('namespace a/b is reported by V3', () => {
    expectRule(svc({ name: 'web', namespace: 'a/b' }), 'V3', 'metadata.namespace');
  });
});
