// fieldLine (src/model/field-lines.ts): the line of a finding's field in the file the object was
// read from, so `verify` and the cdk8s plugin point at `targetPort:` and not at `apiVersion:`.
import { LocalCluster } from '../../src';
import { ClusterModel } from '../../src/model/cluster-model';
import { fieldLine } from '../../src/model/field-lines';
import { loadManifestText } from '../../src/model/load';
import { checkModel } from '../../src/rules/engine';

const SERVICE = [
  'apiVersion: v1', //                          1
  'kind: Service', //                           2
  'metadata:', //                               3
  '  name: web', //                             4
  '  labels:', //                               5
  '    app.kubernetes.io/name: web', //         6
  'spec:', //                                   7
  '  ports:', //                                8
  '    - name: http', //                        9
  '      port: 80', //                          10
  '    - name: metrics', //                     11
  '      port: 9090', //                        12
  '      targetPort: 9091', //                  13
].join('\n');

function load(text: string, file = 'svc.yaml') {
  const r = loadManifestText(text, file);
  expect(r.errors).toEqual([]);
  return r.objects.map((o) => o.object);
}

describe('fieldLine', () => {
  const [svc] = load(SERVICE);

  test('a field in a list item is found at its own key', () => {
    expect(fieldLine(svc, 'spec.ports[1].targetPort')).toBe(13);
    expect(fieldLine(svc, 'spec.ports[0].port')).toBe(10);
    expect(fieldLine(svc, 'metadata.name')).toBe(4);
  });

  test('a list item itself is found at its first line', () => {
    expect(fieldLine(svc, 'spec.ports[1]')).toBe(11);
  });

  test('a field the file leaves out points at the deepest part it has', () => {
    expect(fieldLine(svc, 'spec.selector')).toBe(7);
    expect(fieldLine(svc, 'spec.ports[0].targetPort')).toBe(9);
    expect(fieldLine(svc, 'spec.ports[5].port')).toBe(8);
    expect(fieldLine(svc, 'status.loadBalancer')).toBe(1);
  });

  test('a map key in brackets (a label or annotation name, as rules write it) is one key', () => {
    expect(fieldLine(svc, 'metadata.labels[app.kubernetes.io/name]')).toBe(6);
    expect(fieldLine(svc, 'metadata.labels[app.kubernetes.io/other]')).toBe(5);
  });

  test('a number in brackets is a map key under a map and an index under a list', () => {
    const [obj] = load(['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  labels:', '    "8080": x', 'spec:', '  ports:', '    - port: 80'].join('\n'));
    expect(fieldLine(obj, 'metadata.labels[8080]')).toBe(6);
    expect(fieldLine(obj, 'spec.ports[0].port')).toBe(9);
  });

  test('a key the rule spells in another case is found (V33 names spec.LoadBalancerSourceRanges)', () => {
    const [obj] = load(['apiVersion: v1', 'kind: Service', 'metadata: { name: web }', 'spec:', '  loadBalancerSourceRanges: [10.0.0.0/8]'].join('\n'));
    expect(fieldLine(obj, 'spec.LoadBalancerSourceRanges')).toBe(5);
  });

  test('an object repeated through a YAML alias keeps the lines of its anchor', () => {
    const list = [
      'apiVersion: v1', //                            1
      'kind: List', //                                2
      'items:', //                                    3
      '  - &s', //                                    4
      '    apiVersion: v1', //                        5
      '    kind: Service', //                         6
      '    metadata: { name: a }', //                 7
      '    spec:', //                                 8
      '      ports:', //                              9
      '        - port: 70000', //                     10
      '  - *s', //                                    11
    ].join('\n');
    const objects = load(list);
    expect(objects).toHaveLength(2);
    expect(objects.map((o) => fieldLine(o, 'spec.ports[0].port'))).toEqual([10, 10]);
  });

  test('a placeholder index ([i]) is not a place in the file: its parent is', () => {
    expect(fieldLine(svc, 'spec.ports[i].protocol')).toBe(8);
  });

  test('JSON files have lines too', () => {
    const [obj] = load(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } }, null, 2), 'svc.json');
    // 1 {, 2 "apiVersion", 3 "kind", 4 "metadata": {, 5 "name", 6 }, 7 "spec": {, 8 "ports": [, 9 {, 10 "port": 80
    expect(fieldLine(obj, 'spec.ports[0].port')).toBe(10);
    expect(fieldLine(obj, 'spec.ports[0]')).toBe(9);
  });

  test('the items of a kind: List each have their own lines', () => {
    const list = ['apiVersion: v1', 'kind: List', 'items:', ...SERVICE.split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))].join('\n');
    const [item] = load(list);
    expect(fieldLine(item, 'spec.ports[1].targetPort')).toBe(16);
  });

  test('an object that was not read from a file has no field line', () => {
    expect(fieldLine({ ...svc }, 'spec.ports[1].targetPort')).toBeUndefined();
    expect(fieldLine(undefined, 'spec')).toBeUndefined();
  });
});

describe('findings of objects read from a file carry the field line', () => {
  test('the rule engine sets fieldLine next to the object line', () => {
    const text = SERVICE.replace('port: 9090', 'port: 70000');
    const r = loadManifestText(text, 'svc.yaml');
    const [f] = checkModel(ClusterModel.fromSourced(r.objects)).filter((x) => x.rule === 'V16');
    expect(f).toMatchObject({ field: 'spec.ports[1].port', file: 'svc.yaml', line: 1, fieldLine: 12 });
  });

  test('objects built in code have neither', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 70000 }] } };
    const [f] = checkModel(ClusterModel.fromObjects([svc])).filter((x) => x.rule === 'V16');
    expect(f.field).toBe('spec.ports[0].port');
    expect(f.line).toBeUndefined();
    expect(f.fieldLine).toBeUndefined();
  });
});

describe('rules that name a map key in brackets', () => {
  test('W1 points at the annotation\'s own line', () => {
    const text = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', '    owner: a', '    service.kubernetes.io/topology-aware-hints: auto', 'spec:', '  ports: [{ port: 80 }]'].join('\n');
    const r = loadManifestText(text, 'svc.yaml');
    const [w1] = checkModel(ClusterModel.fromSourced(r.objects)).filter((x) => x.rule === 'W1');
    expect(w1).toMatchObject({ field: 'metadata.annotations[service.kubernetes.io/topology-aware-hints]', line: 1, fieldLine: 7 });
  });
});

describe('the simulation\'s findings carry the field line too', () => {
  test('E3 (no ready pod) points at the selector of the Service in the YAML', () => {
    const yaml = [
      'apiVersion: apps/v1', //              1
      'kind: Deployment', //                 2
      'metadata: { name: sleepy }', //       3
      'spec:', //                            4
      '  selector: { matchLabels: { app: sleepy } }', // 5
      '  template:', //                      6
      '    metadata: { labels: { app: sleepy } }', // 7
      '    spec: { containers: [{ name: a, image: nginx }] }', // 8
      '---', //                              9
      'apiVersion: v1', //                   10
      'kind: Service', //                    11
      'metadata: { name: sleepy }', //       12
      'spec:', //                            13
      '  ports: [{ port: 80 }]', //          14
      '  selector:', //                      15
      '    app: sleepy', //                  16
    ].join('\n');
    const [e3] = LocalCluster.fromYaml(yaml, { notReady: ['sleepy'] }).verify().findings.filter((f) => f.rule === 'E3');
    expect(e3).toMatchObject({ field: 'spec.selector', line: 10, fieldLine: 15 });
  });
});
