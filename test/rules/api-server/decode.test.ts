// T1: the decode step (400 BadRequest) before defaulting and validation.
import { ClusterModel } from '../../../src/model/cluster-model';
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
