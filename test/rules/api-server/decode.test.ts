// T1: the decode step (400 BadRequest) before defaulting and validation.
import { ClusterModel } from '../../../src/model/cluster-model';
import { loadManifestText } from '../../../src/model/load';
import { check, expectNoRule, expectRule, service } from '../../helpers';

describe('T1 every field has the JSON type v1.Service declares', () => {
  test.each([
    ['a quoted port', { ports: [{ port: '80' }] }, 'spec.ports[0].port'],
    ['a fractional nodePort', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000.5 }] }, 'spec.ports[0].nodePort'],
    ['a number as a selector value', { selector: { app: 1 }, ports: [{ port: 80 }] }, 'spec.selector[app]'],
    ['a string for a boolean', { publishNotReadyAddresses: 'true', clusterIP: 'None' }, 'spec.publishNotReadyAddresses'],
    ['a map as the type', { type: { toString: 1 }, ports: [{ port: 80 }] }, 'spec.type'],
    ['a bare string for a list', { externalIPs: '198.51.100.32', ports: [{ port: 80 }] }, 'spec.externalIPs'],
    ['a float targetPort', { ports: [{ port: 80, targetPort: 8080.5 }] }, 'spec.ports[0].targetPort'],
  ])('rejects %s', (_what, spec, field) => {
    const [f] = expectRule(check([service(spec)]), 'T1', field);
    expect(f.message).toContain('400 BadRequest');
  });

  test.each([
    ['a quoted generation', { generation: '1' }, 'metadata.generation'],
    ['a finalizer that is a number', { finalizers: [1] }, 'metadata.finalizers[0]'],
    ['a bare string for finalizers', { finalizers: 'example.com/x' }, 'metadata.finalizers'],
    ['an owner reference uid that is a number', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 123 }] }, 'metadata.ownerReferences[0].uid'],
    ['an owner reference controller "true"', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u', controller: 'true' }] }, 'metadata.ownerReferences[0].controller'],
  ])('rejects %s in metadata (ObjectMeta decodes before V6 runs)', (_what, metadata, field) => {
    expectRule(check([service({ ports: [{ port: 80 }] }, metadata)]), 'T1', field);
  });

  test('the nearest valid metadata decodes: generation, finalizers and an owner reference of the right types', () => {
    const ok = service({ ports: [{ port: 80 }] }, { generation: 1, finalizers: ['example.com/x'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u', controller: true }] });
    expect(check([ok]).filter((f) => f.category === 'api-server')).toEqual([]);
  });

  test('the fix says what to write: the number unquoted, a whole number, or the value quoted', () => {
    const fixOf = (spec: any) => expectRule(check([service(spec)]), 'T1')[0];
    const quoted = fixOf({ ports: [{ port: '80' }] });
    expect(quoted.message).toContain('a whole number (int32), without quotes');
    expect(quoted.fix).toBe('write the number without quotes: port: 80');
    // A fraction has no quotes to remove: the message must not tell the author to remove them.
    const fraction = fixOf({ ports: [{ port: 80 }], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 1.5 } } });
    expect(fraction.message).not.toContain('without quotes');
    expect(fraction.fix).toBe('write a whole number, e.g. timeoutSeconds: 2');
    expect(fixOf({ selector: { app: 1 }, ports: [{ port: 80 }] }).fix).toBe('quote the value so YAML reads it as a string: app: "1"');
  });

  test('a fix never repeats the bad value or leads to the next error: ranges, allowed values, list items, shapes', () => {
    const fixOf = (spec: any) => expectRule(check([service(spec)]), 'T1')[0].fix;
    // Out of int32: the value is not repeated; a valid example of the field is given.
    expect(fixOf({ type: 'NodePort', ports: [{ port: 80, nodePort: 3000000000 }] }))
      .toBe('the number is out of range for the field (int32: -2147483648 to 2147483647); write e.g. nodePort: 30080 (within the node port range, 30000-32767 by default), or leave nodePort out');
    expect(fixOf({ ports: [{ port: '99999999999' }] })).toBe('write a whole number without quotes, e.g. port: 80 (1-65535)');
    expect(fixOf({ type: 'NodePort', ports: [{ port: 80, nodePort: true }] })).toMatch(/^write a whole number, e\.g\. nodePort: 30080/);
    // A number where a fixed set of strings belongs: the set, not the number quoted.
    expect(fixOf({ type: 5, ports: [{ port: 80 }] })).toBe('write one of ClusterIP, NodePort, LoadBalancer, ExternalName');
    expect(fixOf({ ports: [{ port: 80, protocol: 6 }] })).toBe('write one of TCP, UDP, SCTP');
    expect(fixOf({ ipFamilies: [4], ports: [{ port: 80 }] })).toBe('write one of IPv4, IPv6');
    // ...by the field's path, not its last name: a selector label named `type` is only quoted.
    expect(fixOf({ selector: { type: 5 }, ports: [{ port: 80 }] })).toBe('quote the value so YAML reads it as a string: type: "5"');
    // A list item is written as an item.
    expect(fixOf({ externalIPs: [1], ports: [{ port: 80 }] })).toBe('quote the item so YAML reads it as a string: - "1"');
    // A map key is written whole (it may hold dots), and quoted where YAML would read it as a number.
    expect(fixOf({ selector: { 'app.kubernetes.io/name': 5 }, ports: [{ port: 80 }] })).toBe('quote the value so YAML reads it as a string: app.kubernetes.io/name: "5"');
    expect(fixOf({ selector: { 8080: 5 }, ports: [{ port: 80 }] })).toBe('quote the value so YAML reads it as a string: "8080": "5"');
    // A value of the wrong shape gets an example of the right one.
    expect(fixOf({ ports: 80 })).toBe('write a list here, e.g. ports: [{ port: 80 }]');
  });

  test('a core Service in a version other than v1 is refused; a Service of another API group is not a Kubernetes Service', () => {
    const v2 = { ...service({ ports: [{ port: 80 }] }), apiVersion: 'v2' };
    const [f] = expectRule(check([v2]), 'T1', 'apiVersion');
    expect(f.message).toContain('the API server has no Service in version "v2"');
    expect(f.fix).toBe('write apiVersion: v1');
    const { apiVersion: _none, ...missing } = service({ ports: [{ port: 80 }] });
    expect(expectRule(check([missing]), 'T1', 'apiVersion')[0].message).toMatch(/^apiVersion is missing/);
    // Knative's Service has no ports and a pod template: checked as a core Service it would get V8.
    const knative = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' }, spec: { template: { spec: { containers: [{ image: 'hello' }] } } } };
    const model = ClusterModel.fromObjects([knative]);
    expect(model.services).toEqual([]);
    expect(model.objects.map((o) => o.ref)).toEqual(['Service/default/hello']);
    expect(check([knative])).toEqual([]);
  });

  test('the nearest valid neighbours decode: numbers, names, nulls', () => {
    const ok = service({ selector: { app: 'web' }, publishNotReadyAddresses: true, externalIPs: null, ports: [{ port: 80, targetPort: 'http', nodePort: null }] });
    expectNoRule(check([ok]), 'T1');
  });

  test('an undecodable Service never exists: no other rule and no simulation sees it', () => {
    const bad = service({ ports: [{ port: '80', name: 'UPPER' }] });
    const model = ClusterModel.fromObjects([bad]);
    expect(model.services).toEqual([]);
    expect(check([bad]).map((f) => f.rule)).toEqual(['T1']);
  });
});

describe('T1 fix quotes the word the author wrote (issue 14 papercut)', () => {
  const fixes = (yaml: string) => {
    const { objects } = loadManifestText(yaml, 'svc.yaml');
    return Object.fromEntries(expectRule(check(objects.map((o) => o.object)), 'T1').map((f) => [f.field, f.fix]));
  };

  test('`on`, `0755` and `1_000` are quoted as written, not as YAML 1.1 read them (true, 493, 1000)', () => {
    const f = fixes('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels:\n    x: on\n    z: 0755\n  annotations:\n    a.b/c: 1_000\nspec:\n  externalIPs: [Yes]\n  ports: [{port: 80}]\n');
    expect(f['metadata.labels[x]']).toBe('quote the value so YAML reads it as a string: x: "on"');
    expect(f['metadata.labels[z]']).toBe('quote the value so YAML reads it as a string: z: "0755"');
    expect(f['metadata.annotations[a.b/c]']).toBe('quote the value so YAML reads it as a string: a.b/c: "1_000"');
    expect(f['spec.externalIPs[0]']).toBe('quote the item so YAML reads it as a string: - "Yes"');
  });

  test('a key YAML read as a boolean (`y:` is the key "true") is written back as the author wrote it', () => {
    const f = fixes('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  selector:\n    y: off\n  ports: [{port: 80}]\n');
    expect(f['spec.selector[true]']).toBe('quote the value so YAML reads it as a string: "y": "off"');
  });

  test('objects built in code (no source text) keep the value as JSON has it', () => {
    expect(expectRule(check([service({ selector: { app: true }, ports: [{ port: 80 }] })]), 'T1')[0].fix)
      .toBe('quote the value so YAML reads it as a string: app: "true"');
  });
});

describe('T1 on a placeholder a script fills in (issue 11: tutorials that sed or envsubst their files)', () => {
  test.each(['PORT', '${PORT}', '${SERVICE_PORT:-8080}', '<port>', '{{ .Values.port }}', '__PORT__'])('%s: still an error (the API server refuses the file as it is), with a fix that says to verify after the substitution', (value) => {
    const [f] = expectRule(check([service({ ports: [{ port: value }] })]), 'T1', 'spec.ports[0].port');
    expect(f.fix).toBe(`${JSON.stringify(value)} looks like a placeholder that a script or template fills in: verify the file after the substitution (e.g. envsubst < app.yaml | npx cdk8s-services verify -), or write the number, e.g. port: 80 (1-65535)`);
  });

  test.each(['http', 'eighty', 'Port'])('%s is no placeholder: the ordinary fix (nearest neighbours)', (value) => {
    const [f] = expectRule(check([service({ ports: [{ port: value }] })]), 'T1', 'spec.ports[0].port');
    expect(f.fix).toBe('write a whole number without quotes, e.g. port: 80 (1-65535)');
  });
});
