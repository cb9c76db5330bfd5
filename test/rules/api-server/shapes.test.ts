// RULES.md §6, the per-shape summary, as data: each Service shape has a valid manifest that the
// API server accepts (zero api-server errors), and each field the shape forbids is rejected
// with the rule id and field path the table names.
import { IpFamily } from '../../../src/enums';
import { Finding, Severity } from '../../../src/model/findings';
import { ValidationOptions } from '../../../src/rules/engine';
import { check, expectRule, service } from '../../helpers';

const LB_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const sel = { app: 'web' };
// RULES.md describes 1.27; test/rules/api-server/versions.test.ts covers the later releases.
// RULES.md's reference cluster: 1.27, single-stack IPv4 (described, so A5/A7/A8 are errors).
const RULES_MD_RELEASE: ValidationOptions = { kubernetesVersion: '1.27', clusterIpFamilies: [IpFamily.IPV4] };

interface Forbidden {
  /** What the case adds to the valid spec. */
  what: string;
  spec?: any;
  metadata?: any;
  rule: string;
  field: string;
}

interface Shape {
  name: string;
  /** The valid spec; each variant in `alsoValid` is merged into it and must stay valid. */
  spec: any;
  alsoValid: Array<{ what: string; spec: any }>;
  forbidden: Forbidden[];
}

const SHAPES: Shape[] = [
  {
    name: 'ClusterIP',
    spec: { selector: sel, ports: [{ port: 80, targetPort: 8080 }] },
    alsoValid: [
      { what: 'externalName is ignored on other types', spec: { externalName: 'NOT VALIDATED' } },
      { what: 'loadBalancerIP is not validated', spec: { loadBalancerIP: 'not-an-ip' } },
      { what: 'publishNotReadyAddresses', spec: { publishNotReadyAddresses: true } },
      { what: 'internalTrafficPolicy Local', spec: { internalTrafficPolicy: 'Local' } },
      { what: 'sessionAffinity ClientIP', spec: { sessionAffinity: 'ClientIP' } },
    ],
    forbidden: [
      { what: 'ports[].nodePort', spec: { ports: [{ port: 80, nodePort: 30080 }] }, rule: 'V30', field: 'spec.ports[0].nodePort' },
      { what: 'externalTrafficPolicy', spec: { externalTrafficPolicy: 'Local' }, rule: 'V37', field: 'spec.externalTrafficPolicy' },
      { what: 'healthCheckNodePort', spec: { healthCheckNodePort: 30100 }, rule: 'V38', field: 'spec.healthCheckNodePort' },
      { what: 'loadBalancerSourceRanges', spec: { loadBalancerSourceRanges: ['10.0.0.0/8'] }, rule: 'V33', field: 'spec.LoadBalancerSourceRanges' },
      { what: 'the source-ranges annotation', metadata: { annotations: { [LB_ANNOTATION]: '10.0.0.0/8' } }, rule: 'V33', field: `metadata.annotations[${LB_ANNOTATION}]` },
      { what: 'allocateLoadBalancerNodePorts', spec: { allocateLoadBalancerNodePorts: true }, rule: 'V34', field: 'spec.allocateLoadBalancerNodePorts' },
      { what: 'loadBalancerClass', spec: { loadBalancerClass: 'example.com/lb' }, rule: 'V36', field: 'spec.loadBalancerClass' },
      { what: 'no ports', spec: { ports: [] }, rule: 'V8', field: 'spec.ports' },
    ],
  },
  {
    name: 'NodePort',
    spec: { type: 'NodePort', selector: sel, ports: [{ port: 80, nodePort: 30080 }] },
    alsoValid: [
      { what: 'externalTrafficPolicy Local', spec: { externalTrafficPolicy: 'Local' } },
      { what: 'no nodePort (allocated)', spec: { ports: [{ port: 80 }] } },
      { what: 'a static clusterIP', spec: { clusterIP: '10.0.0.20' } },
    ],
    forbidden: [
      { what: 'clusterIP None', spec: { clusterIP: 'None' }, rule: 'V10', field: 'spec.clusterIPs[0]' },
      { what: 'healthCheckNodePort (even with Local)', spec: { externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 }, rule: 'V38', field: 'spec.healthCheckNodePort' },
      { what: 'loadBalancerSourceRanges', spec: { loadBalancerSourceRanges: ['10.0.0.0/8'] }, rule: 'V33', field: 'spec.LoadBalancerSourceRanges' },
      { what: 'allocateLoadBalancerNodePorts', spec: { allocateLoadBalancerNodePorts: false }, rule: 'V34', field: 'spec.allocateLoadBalancerNodePorts' },
      { what: 'loadBalancerClass', spec: { loadBalancerClass: 'example.com/lb' }, rule: 'V36', field: 'spec.loadBalancerClass' },
      { what: 'externalTrafficPolicy Global', spec: { externalTrafficPolicy: 'Global' }, rule: 'V37', field: 'spec.externalTrafficPolicy' },
    ],
  },
  {
    name: 'LoadBalancer',
    spec: {
      type: 'LoadBalancer',
      selector: sel,
      ports: [{ port: 443, targetPort: 8443 }],
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 30100,
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      loadBalancerClass: 'example.com/internal-lb',
      allocateLoadBalancerNodePorts: false,
    },
    alsoValid: [
      { what: 'mixed protocols', spec: { ports: [{ name: 'dns-tcp', port: 53 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }] } },
      { what: 'externalTrafficPolicy Cluster without healthCheckNodePort', spec: { externalTrafficPolicy: 'Cluster', healthCheckNodePort: undefined } },
      { what: 'loadBalancerIP not-an-ip (warning only)', spec: { loadBalancerIP: 'not-an-ip' } },
    ],
    forbidden: [
      { what: 'clusterIP None', spec: { clusterIP: 'None' }, rule: 'V10', field: 'spec.clusterIPs[0]' },
      { what: 'port 10250', spec: { ports: [{ port: 10250 }] }, rule: 'V9', field: 'spec.ports[0]' },
      { what: 'healthCheckNodePort with externalTrafficPolicy Cluster', spec: { externalTrafficPolicy: 'Cluster' }, rule: 'V38', field: 'spec.healthCheckNodePort' },
      { what: 'a bare IP as source range', spec: { loadBalancerSourceRanges: ['203.0.113.7'] }, rule: 'V33', field: 'spec.LoadBalancerSourceRanges' },
      { what: 'an empty loadBalancerClass', spec: { loadBalancerClass: '' }, rule: 'V36', field: 'spec.loadBalancerClass' },
      { what: 'healthCheckNodePort outside the node port range (HTTP 500)', spec: { healthCheckNodePort: 10100 }, rule: 'A12', field: 'spec.healthCheckNodePort' },
    ],
  },
  {
    name: 'ExternalName',
    spec: { type: 'ExternalName', externalName: 'db.example.com.' },
    alsoValid: [
      { what: 'internalTrafficPolicy', spec: { internalTrafficPolicy: 'Local' } },
      { what: 'selector', spec: { selector: sel } },
      { what: 'ports with a nodePort (ignored)', spec: { ports: [{ port: 5432, nodePort: 80 }] } },
      { what: 'externalIPs', spec: { externalIPs: ['203.0.113.10'] } },
      { what: 'sessionAffinity ClientIP', spec: { sessionAffinity: 'ClientIP' } },
      { what: 'an IPv4 literal as externalName', spec: { externalName: '1.2.3.4' } },
      { what: 'a label longer than 63 characters', spec: { externalName: `${'a'.repeat(64)}.example.com` } },
      { what: 'clusterIP ""', spec: { clusterIP: '' } },
    ],
    forbidden: [
      { what: 'clusterIP', spec: { clusterIP: '10.0.0.5' }, rule: 'V11', field: 'spec.clusterIPs' },
      { what: 'clusterIP None', spec: { clusterIP: 'None' }, rule: 'V11', field: 'spec.clusterIPs' },
      { what: 'ipFamilies', spec: { ipFamilies: ['IPv4'] }, rule: 'V12', field: 'spec.ipFamilies' },
      { what: 'ipFamilyPolicy', spec: { ipFamilyPolicy: 'SingleStack' }, rule: 'V12', field: 'spec.ipFamilyPolicy' },
      { what: 'externalTrafficPolicy', spec: { externalTrafficPolicy: 'Cluster' }, rule: 'V37', field: 'spec.externalTrafficPolicy' },
      { what: 'healthCheckNodePort', spec: { healthCheckNodePort: 30100 }, rule: 'V38', field: 'spec.healthCheckNodePort' },
      { what: 'allocateLoadBalancerNodePorts', spec: { allocateLoadBalancerNodePorts: true }, rule: 'V34', field: 'spec.allocateLoadBalancerNodePorts' },
      { what: 'loadBalancerClass', spec: { loadBalancerClass: 'example.com/lb' }, rule: 'V36', field: 'spec.loadBalancerClass' },
      { what: 'loadBalancerSourceRanges', spec: { loadBalancerSourceRanges: ['10.0.0.0/8'] }, rule: 'V33', field: 'spec.LoadBalancerSourceRanges' },
      { what: 'an upper-case externalName', spec: { externalName: 'DB.example.com' }, rule: 'V13', field: 'spec.externalName' },
      { what: 'no externalName', spec: { externalName: undefined }, rule: 'V13', field: 'spec.externalName' },
      { what: 'a special externalIP', spec: { externalIPs: ['127.0.0.1'] }, rule: 'V28', field: 'spec.externalIPs[0]' },
    ],
  },
  {
    name: 'Headless',
    spec: { clusterIP: 'None', selector: sel, ports: [{ port: 80, targetPort: 8080 }] },
    alsoValid: [
      { what: 'no ports', spec: { ports: undefined } },
      { what: 'no selector and RequireDualStack on a single-stack cluster (A2, A6)', spec: { selector: undefined, ipFamilyPolicy: 'RequireDualStack' } },
      { what: 'targetPort by name different from port (V40)', spec: { ports: [{ port: 80, targetPort: 'http' }] } },
    ],
    forbidden: [
      { what: 'type NodePort', spec: { type: 'NodePort' }, rule: 'V10', field: 'spec.clusterIPs[0]' },
      { what: 'type LoadBalancer', spec: { type: 'LoadBalancer' }, rule: 'V10', field: 'spec.clusterIPs[0]' },
      { what: 'None with a second IP', spec: { clusterIPs: ['None', '10.0.0.5'] }, rule: 'V27', field: 'spec.clusterIPs' },
      { what: 'a selector and RequireDualStack on a single-stack cluster', spec: { ipFamilyPolicy: 'RequireDualStack' }, rule: 'A7', field: 'spec.ipFamilyPolicy' },
    ],
  },
  {
    name: 'Multi-port',
    spec: {
      selector: sel,
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'a-port-name-longer-than-fifteen-characters', port: 443 },
        { name: 'dns-tcp', port: 53 },
        { name: 'dns-udp', port: 53, protocol: 'UDP' },
      ],
    },
    alsoValid: [
      { what: 'NodePort sharing one nodePort for the same port number over TCP and UDP', spec: { type: 'NodePort', ports: [{ name: 'dns-tcp', port: 53, nodePort: 30053 }, { name: 'dns-udp', port: 53, protocol: 'UDP', nodePort: 30053 }] } },
    ],
    forbidden: [
      { what: 'an unnamed port', spec: { ports: [{ port: 80 }, { name: 'https', port: 443 }] }, rule: 'V14', field: 'spec.ports[0].name' },
      { what: 'a repeated (protocol, port)', spec: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }, rule: 'V32', field: 'spec.ports[1]' },
      { what: 'an upper-case name', spec: { ports: [{ name: 'HTTP', port: 80 }, { name: 'https', port: 443 }] }, rule: 'V15', field: 'spec.ports[0].name' },
      { what: 'the same nodePort for different port numbers', spec: { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, protocol: 'UDP', nodePort: 30080 }] }, rule: 'A11', field: 'spec.ports[1].nodePort' },
    ],
  },
];

/** Merges a variant into a spec; `undefined` removes a field. */
function merge(base: any, patch: any = {}): any {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

function apiErrors(findings: Finding[]): string[] {
  return findings.filter((f) => f.category === 'api-server' && f.severity === Severity.ERROR).map((f) => `${f.rule} ${f.field}: ${f.message}`);
}

describe.each(SHAPES)('RULES.md §6 $name shape', (shape) => {
  test('the valid manifest has zero api-server errors', () => {
    expect(apiErrors(check([service(shape.spec)], RULES_MD_RELEASE))).toEqual([]);
  });
  test.each(shape.alsoValid)('also valid: $what', ({ spec }) => {
    expect(apiErrors(check([service(merge(shape.spec, spec))], RULES_MD_RELEASE))).toEqual([]);
  });
  test.each(shape.forbidden)('rejects $what with $rule at $field', ({ spec, metadata, rule, field }) => {
    expectRule(check([service(merge(shape.spec, spec), metadata)], RULES_MD_RELEASE), rule, field);
  });
});
