// RULES.md §4.2 and §3: V8, V9, V14-V19, V30-V32 and A11, Service ports and nodePorts.
import { UNREACHABLE } from '../../../src/rules/api-server/ports';
import { check, expectNoRule, expectRule, findingsOf, service } from '../../helpers';

const svc = (spec: any, options = {}) => check([service(spec)], options);

describe('V8 ports are required unless headless or ExternalName', () => {
  test('rejects a ClusterIP Service without ports', () => {
    expectRule(svc({ selector: { app: 'web' } }), 'V8', 'spec.ports');
    expectRule(svc({ ports: [] }), 'V8', 'spec.ports');
  });
  test('accepts one port', () => {
    expectNoRule(svc({ ports: [{ port: 80 }] }), 'V8');
  });
  test('accepts a headless Service and an ExternalName Service without ports', () => {
    expectNoRule(svc({ clusterIP: 'None', selector: { app: 'db' } }), 'V8');
    expectNoRule(svc({ type: 'ExternalName', externalName: 'db.example.com' }), 'V8');
  });
  test('clusterIPs ["None", ip] is not headless, so ports are required', () => {
    expectRule(svc({ clusterIP: 'None', clusterIPs: ['None', '10.0.0.5'] }), 'V8', 'spec.ports');
  });
});

describe('V9 LoadBalancer may not expose the kubelet port 10250', () => {
  test('rejects port 10250 on a LoadBalancer', () => {
    // 1.27-1.32 (removed in 1.33, PR 129174; versions.test.ts covers both sides).
    const [f] = expectRule(svc({ type: 'LoadBalancer', ports: [{ port: 10250 }] }, { kubernetesVersion: '1.32' }), 'V9', 'spec.ports[0]');
    expect(f.message).toBe('may not expose port 10250 externally since it is used by kubelet');
  });
  test('accepts 10251, targetPort 10250, and 10250 on a NodePort', () => {
    expectNoRule(svc({ type: 'LoadBalancer', ports: [{ port: 10251, targetPort: 10250 }] }), 'V9');
    expectNoRule(svc({ type: 'NodePort', ports: [{ port: 10250 }] }, { kubernetesVersion: '1.32' }), 'V9');
    expectNoRule(svc({ type: 'LoadBalancer', ports: [{ port: 10250 }] }, { kubernetesVersion: '1.33' }), 'V9');
  });
});

describe('V14 every port is named once there are two', () => {
  test('rejects an unnamed first port next to a named one', () => {
    const findings = svc({ ports: [{ port: 80 }, { port: 443, name: 'https' }] });
    expectRule(findings, 'V14', 'spec.ports[0].name');
    expect(findingsOf(findings, 'V14')).toHaveLength(1);
  });
  test('accepts two named ports, and one unnamed port alone', () => {
    expectNoRule(svc({ ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] }), 'V14');
    expectNoRule(svc({ ports: [{ port: 80 }] }), 'V14');
  });
});

describe('V15 port names are unique DNS-1123 labels', () => {
  test('rejects upper case and dots', () => {
    expectRule(svc({ ports: [{ port: 80, name: 'HTTP' }] }), 'V15', 'spec.ports[0].name');
    const [f] = expectRule(svc({ ports: [{ port: 80, name: 'http.v1' }] }), 'V15', 'spec.ports[0].name');
    expect(f.message).toContain('must not contain dots');
  });
  test('port names may be 63 characters (not the IANA 15) and start with a digit; 64 is too long (§8.4)', () => {
    expectNoRule(svc({ ports: [{ port: 80, name: 'a'.repeat(63) }] }), 'V15');
    expectNoRule(svc({ ports: [{ port: 80, name: '1http' }] }), 'V15');
    expectRule(svc({ ports: [{ port: 80, name: 'a'.repeat(64) }] }), 'V15', 'spec.ports[0].name');
  });
  test('rejects a repeated name on the second port', () => {
    const [f] = expectRule(svc({ ports: [{ port: 80, name: 'web' }, { port: 81, name: 'web' }] }), 'V15', 'spec.ports[1].name');
    expect(f.message).toContain('spec.ports[0]');
    expectNoRule(svc({ ports: [{ port: 80, name: 'web' }, { port: 81, name: 'web2' }] }), 'V15');
  });
});

describe('V16 port is 1-65535 and required', () => {
  test.each([0, 65536, -1])('rejects port %d', (port) => {
    const [f] = expectRule(svc({ ports: [{ port }] }), 'V16', 'spec.ports[0].port');
    expect(f.message).toContain('must be between 1 and 65535, inclusive');
  });
  test.each([1, 65535])('accepts port %d', (port) => {
    expectNoRule(svc({ ports: [{ port }] }), 'V16');
  });
  test('a missing port is 0 and reported twice, as validation.go does: the port (V16) and the targetPort DF4 copied from it (V18)', () => {
    const findings = svc({ ports: [{ name: 'http', targetPort: 0 }] });
    const [f] = expectRule(findings, 'V16', 'spec.ports[0].port');
    expect(f.message).toContain('missing');
    const [t] = expectRule(findings, 'V18', 'spec.ports[0].targetPort');
    expect(t.message).toBe('targetPort is not set, so it is the port (0): must be between 1 and 65535, inclusive');
    // With a targetPort of its own, only the port is wrong.
    const own = svc({ ports: [{ name: 'http', targetPort: 8080 }] });
    expectRule(own, 'V16', 'spec.ports[0].port');
    expectNoRule(own, 'V18');
  });
  test('a null port entry is a zero ServicePort: V16 only, its protocol defaults to TCP (DF9), no V17', () => {
    const findings = svc({ ports: [null] });
    expectRule(findings, 'V16', 'spec.ports[0].port');
    expectNoRule(findings, 'V17');
  });
  test('a quoted "80" is a decode error (T1), before V16 runs', () => {
    const [f] = expectRule(svc({ ports: [{ port: '80' }] }), 'T1', 'spec.ports[0].port');
    expect(f.fix).toContain('port: 80');
  });
});

describe('V17 protocol is TCP, UDP or SCTP (case-sensitive)', () => {
  test('rejects tcp with the supported values and a case fix', () => {
    const [f] = expectRule(svc({ ports: [{ port: 80, protocol: 'tcp' }] }), 'V17', 'spec.ports[0].protocol');
    expect(f.message).toBe('Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"');
    expect(f.fix).toContain('protocol: TCP');
  });
  test('rejects HTTP (an application protocol, not a transport)', () => {
    expectRule(svc({ ports: [{ port: 80, protocol: 'HTTP' }] }), 'V17', 'spec.ports[0].protocol');
  });
  test('accepts SCTP, UDP, and a missing protocol (DF9 makes it TCP; §8.6)', () => {
    expectNoRule(svc({ ports: [{ port: 80, protocol: 'SCTP', name: 'a' }, { port: 81, protocol: 'UDP', name: 'b' }, { port: 82, name: 'c' }] }), 'V17');
    expect(UNREACHABLE.map((u) => u.id)).toContain('V17');
  });
});

describe('V18 targetPort is 1-65535 or an IANA service name', () => {
  test('HTTP is one finding carrying both of the API server\'s causes', () => {
    const findings = svc({ ports: [{ port: 80, targetPort: 'HTTP' }] });
    const [f] = expectRule(findings, 'V18', 'spec.ports[0].targetPort');
    expect(findingsOf(findings, 'V18')).toHaveLength(1);
    expect(f.message).toContain('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
    expect(f.message).toContain('must contain at least one letter (a-z)');
    expect(f.message).toContain('2 causes');
    expect(f.fix).toContain('"http"');
  });
  test('accepts http', () => {
    expectNoRule(svc({ ports: [{ port: 80, targetPort: 'http' }] }), 'V18');
  });
  test('targetPort names stop at 15 characters although port names may have 63 (§8.4)', () => {
    expectRule(svc({ ports: [{ port: 80, name: 'a-very-long-name', targetPort: 'a-very-long-name' }] }), 'V18', 'spec.ports[0].targetPort');
    expectNoRule(svc({ ports: [{ port: 80, name: 'a-very-long-name', targetPort: 'a-very-long-nam' }] }), 'V18');
  });
  test('a quoted "8080" has no letter; the fix drops the quotes', () => {
    const [f] = expectRule(svc({ ports: [{ port: 80, targetPort: '8080' }] }), 'V18', 'spec.ports[0].targetPort');
    expect(f.fix).toBe('write the number without quotes: targetPort: 8080');
  });
  test('rejects 70000 and -1; 65535 is the neighbour', () => {
    expectRule(svc({ ports: [{ port: 80, targetPort: 70000 }] }), 'V18', 'spec.ports[0].targetPort');
    expectRule(svc({ ports: [{ port: 80, targetPort: -1 }] }), 'V18', 'spec.ports[0].targetPort');
    expectNoRule(svc({ ports: [{ port: 80, targetPort: 65535 }] }), 'V18');
  });
  test('targetPort 0 and "" are valid: DF4 makes them the port', () => {
    expectNoRule(svc({ ports: [{ port: 80, targetPort: 0, name: 'a' }, { port: 81, targetPort: '', name: 'b' }] }), 'V18');
  });
  test('a differing targetPort on a headless Service is tolerated (V40)', () => {
    expectNoRule(svc({ clusterIP: 'None', ports: [{ port: 80, targetPort: 8080 }] }), 'V18');
  });
});

describe('V19 appProtocol is a qualified name, even when empty', () => {
  test('rejects "" with both causes', () => {
    const [f] = expectRule(svc({ ports: [{ port: 80, appProtocol: '' }] }), 'V19', 'spec.ports[0].appProtocol');
    expect(f.message).toContain('name part must be non-empty');
    expect(f.message).toContain('name part must consist of');
  });
  test('rejects HTTP/2 (the prefix must be a DNS subdomain)', () => {
    expectRule(svc({ ports: [{ port: 80, appProtocol: 'HTTP/2' }] }), 'V19', 'spec.ports[0].appProtocol');
  });
  test('accepts http, HTTP (upper case is fine in the name part), kubernetes.io/h2c and an absent field', () => {
    for (const appProtocol of ['http', 'HTTP', 'kubernetes.io/h2c', undefined]) {
      expectNoRule(svc({ ports: [{ port: 80, appProtocol }] }), 'V19');
    }
  });
});

describe('V30 nodePort is forbidden on ClusterIP only', () => {
  test('rejects nodePort on a ClusterIP Service', () => {
    const [f] = expectRule(svc({ ports: [{ port: 80, nodePort: 30080 }] }), 'V30', 'spec.ports[0].nodePort');
    expect(f.message).toContain('may not be used when `type` is \'ClusterIP\'');
  });
  test('accepts nodePort on NodePort, and nodePort 0 on ClusterIP', () => {
    expectNoRule(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), 'V30');
    expectNoRule(svc({ ports: [{ port: 80, nodePort: 0 }] }), 'V30');
  });
  test('ExternalName accepts (and ignores) any nodePort: no V30, no A11 (§8.9)', () => {
    const findings = svc({ type: 'ExternalName', externalName: 'db.example.com', ports: [{ port: 80, nodePort: 99999 }] });
    expectNoRule(findings, 'V30');
    expectNoRule(findings, 'A11');
  });
});

describe('V31 (protocol, nodePort) is unique', () => {
  test('rejects the same nodePort and protocol twice on an ExternalName Service (no allocator runs there)', () => {
    const findings = svc({
      type: 'ExternalName',
      externalName: 'db.example.com',
      ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }],
    });
    expectRule(findings, 'V31', 'spec.ports[1].nodePort');
  });
  test('accepts the same nodePort with different protocols on ExternalName', () => {
    expectNoRule(svc({
      type: 'ExternalName',
      externalName: 'db.example.com',
      ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080, protocol: 'UDP' }],
    }), 'V31');
  });
  test('on a NodePort with different port numbers the allocator rejects it first: reported once, as A11', () => {
    const findings = svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] });
    expectRule(findings, 'A11', 'spec.ports[1].nodePort');
    expectNoRule(findings, 'V31');
  });
  test('on a NodePort with the same port and protocol, validation reports it (with V32)', () => {
    const findings = svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 80, nodePort: 30080 }] });
    expectRule(findings, 'V31', 'spec.ports[1].nodePort');
    expectRule(findings, 'V32', 'spec.ports[1]');
    expectNoRule(findings, 'A11');
  });
});

describe('V32 (protocol, port) is unique', () => {
  test('rejects port 80/TCP twice, counting a missing protocol as TCP (DF9)', () => {
    const [f] = expectRule(svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, protocol: 'TCP' }] }), 'V32', 'spec.ports[1]');
    expect(f.value).toBe('{"Protocol":"TCP","Port":80}');
  });
  test('accepts 80/TCP with 80/UDP', () => {
    expectNoRule(svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, protocol: 'UDP' }] }), 'V32');
  });
});

describe('A11 nodePort must be inside the node port range and not taken', () => {
  test.each([80, 70000, -1, 29999, 32768])('nodePort %d passes validation but fails the allocator (§8.1)', (nodePort) => {
    const findings = svc({ type: 'NodePort', ports: [{ port: 80, nodePort }] });
    const [f] = expectRule(findings, 'A11', 'spec.ports[0].nodePort');
    expect(f.message).toContain(`nodePort ${nodePort} is outside the cluster's node port range 30000-32767 (--service-node-port-range); the API server's allocator rejects it on create`);
    expect(f.fix).toBe('leave nodePort out to let Kubernetes pick one, or choose a free port in 30000-32767');
    for (const rule of ['V16', 'V30', 'V31']) expectNoRule(findings, rule);
  });
  test.each([30000, 32767, 0])('accepts nodePort %d (0 means allocate)', (nodePort) => {
    expectNoRule(svc({ type: 'NodePort', ports: [{ port: 80, nodePort }] }), 'A11');
  });
  test('uses the cluster\'s range when one is given', () => {
    expectNoRule(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 20000 }] }, { nodePortRange: '20000-22767' }), 'A11');
    const [f] = expectRule(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] }, { nodePortRange: '20000-22767' }), 'A11', 'spec.ports[0].nodePort');
    expect(f.message).toContain('20000-22767');
  });
  test('an explicit nodePort on a LoadBalancer is reserved even with allocateLoadBalancerNodePorts false', () => {
    expectRule(svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80, nodePort: 99999 }] }), 'A11', 'spec.ports[0].nodePort');
    expectNoRule(svc({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] }), 'A11');
    expectRule(svc({ type: 'LoadBalancer', ports: [{ port: 80, nodePort: 99999 }] }), 'A11', 'spec.ports[0].nodePort');
  });
  test('different port numbers may not share a nodePort even with different protocols (§8.3)', () => {
    const findings = svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, protocol: 'UDP', nodePort: 30080 }] });
    const [f] = expectRule(findings, 'A11', 'spec.ports[1].nodePort');
    expect(f.message).toContain('provided port is already allocated');
    expect(f.message).toContain('spec.ports[0]');
    expectNoRule(findings, 'V31'); // validation would pass: V31 is keyed on protocol
  });
  test('the same port number with two protocols shares one nodePort', () => {
    expectNoRule(svc({ type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 }, { name: 'dns-tcp', port: 53, nodePort: 30053 }] }), 'A11');
  });
  test('a request written on a later port of the same number is blamed on that port', () => {
    const findings = svc({ type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, nodePort: 40000 }] });
    expectRule(findings, 'A11', 'spec.ports[1].nodePort');
    expect(findingsOf(findings, 'A11')).toHaveLength(1);
  });
  test('a ClusterIP nodePort is V30\'s business, not the allocator\'s', () => {
    expectNoRule(svc({ ports: [{ port: 80, nodePort: 99999 }] }), 'A11');
  });
});
