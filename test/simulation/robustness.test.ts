// LocalCluster never throws on malformed manifests: the API server's rules report those; the
// simulation must still explain the rest.
import * as fc from 'fast-check';
import { deploy, svc } from './manifests';
import { LocalCluster } from '../../src';
import { parseNodePortRange } from '../../src/rules/engine';

const junk = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.string(), fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]), fc.constant([{}]),
);

describe('robustness', () => {
  test('malformed Service specs and pod templates never crash verify, resolve or connect', () => {
    fc.assert(fc.property(
      fc.record({
        type: junk,
        ports: fc.oneof(junk, fc.array(fc.record({ port: junk, targetPort: junk, protocol: junk, name: junk, nodePort: junk }))),
        selector: junk,
        clusterIP: junk,
        externalName: junk,
        ipFamilies: junk,
      }),
      fc.record({ containers: junk, initContainers: junk, hostname: junk, subdomain: junk }),
      (spec, podSpec) => {
        const d = deploy('web', { app: 'web' }, 2);
        d.spec.template.spec = podSpec;
        const cluster = LocalCluster.fromManifests([svc('web', spec), svc('ok', { selector: { app: 'web' }, ports: [{ port: 80 }] }), d]);
        cluster.verify().toString();
        cluster.resolve('web');
        cluster.connect({ service: 'ok', port: 80 });
        expect(cluster.endpoints('ok')).toHaveLength(2);
      }), { numRuns: 300 });
  });

  test('malformed recorded Pods and Nodes never crash the replay', () => {
    fc.assert(fc.property(
      fc.record({
        phase: junk,
        podIP: junk,
        podIPs: fc.oneof(junk, fc.array(fc.record({ ip: junk }))),
        conditions: fc.oneof(junk, fc.array(fc.record({ type: junk, status: junk }))),
      }),
      fc.record({ nodeName: junk, hostNetwork: junk, containers: junk }),
      fc.record({ addresses: junk }),
      (status, spec, nodeStatus) => {
        const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' }, ownerReferences: status.phase }, spec, status };
        const n = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: nodeStatus.addresses }, status: nodeStatus };
        const cluster = LocalCluster.fromManifests([svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }), pod, n]);
        cluster.verify().toString();
        cluster.connect({ service: 'web', port: 80 });
        cluster.resolve('web');
        expect(cluster.pods().map((x) => x.name)).toEqual(['p']);
      }), { numRuns: 300 });
  });

  test('a malformed nodePortRange option is refused with the same message the rules give (one parser)', () => {
    for (const bad of ['5-1', '30000', '0-100', '1-70000']) {
      let expected = '';
      try { parseNodePortRange(bad); } catch (e: any) { expected = e.message; }
      expect(expected).toContain(`"${bad}" is not a port range`);
      expect(() => LocalCluster.fromManifests([], { nodePortRange: bad })).toThrow(expected);
    }
    // Nearest valid neighbour: a well-formed range is accepted and used by the allocator.
    const c = LocalCluster.fromManifests([svc('np', { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] })], { nodePortRange: '31000-31000' });
    expect(c.service('np')?.ports[0].nodePort).toBe(31000);
  });

  test('non-object manifests and Lists are tolerated', () => {
    const cluster = LocalCluster.fromManifests([null, 'x', 3, { kind: 'List', items: [svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }), deploy('web', { app: 'web' }, 1)] }]);
    expect(cluster.endpoints('web')).toHaveLength(1);
  });
});
