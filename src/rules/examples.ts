// A failing and a passing example per rule, as plain manifests: docs/rules.md prints them
// (scripts/rules-spec.ts) and test/rules/examples.test.ts runs each through the engine (the
// failing one reports the rule, the passing one does not). The passing example is the failing
// one's nearest valid neighbour: one field changed.
//
// Kept in one file keyed by id rather than on each rule object, so the rule files stay small
// pure checks (and their owners' edits do not collide with the examples'). Written for this
// project; no public manifest is copied.
import { ValidationOptions } from './options';
import { IpFamily } from '../enums';

/** The examples of one rule. */
export interface RuleExamples {
  /** Manifests (one app) on which the rule reports a finding. */
  failing: object[];
  /** The nearest neighbour on which it does not. */
  passing: object[];
  /** Options both are checked with (a cluster setting the rule reads). */
  options?: ValidationOptions;
  /** The finding comes from the simulated cluster (LocalCluster), not the rules. */
  simulation?: boolean;
}

const WEB = { app: 'web' };
/** A cluster described as IPv4 only: A5, A7 and A8 are errors there (hints when not described). */
const IPV4_CLUSTER: ValidationOptions = { clusterIpFamilies: [IpFamily.IPV4] };

/** The examples as plain JSON (a field set to undefined above is absent). */
function plain(examples: Record<string, RuleExamples>): Record<string, RuleExamples> {
  return JSON.parse(JSON.stringify(examples));
}

function svc(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', ...metadata }, spec };
}

function deploy(labels: Record<string, string> = WEB, ports: object[] = [{ name: 'http', containerPort: 8080 }], name = 'web', image = 'example/web:1.0'): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image, ports }] } },
    },
  };
}

/** `deploy()` whose spec.selector is `selector` (the template keeps the labels `app: web`). */
function refusedDeploy(selector: Record<string, string>): object {
  const d: any = deploy();
  d.spec.selector = { matchLabels: selector };
  return d;
}

/** A selecting ClusterIP Service on port 80 to the pods' `http` port, plus `spec`. */
function web(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): object {
  return svc({ selector: WEB, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec }, metadata);
}

/** `web` with these ports. */
function withPorts(ports: object[], spec: Record<string, unknown> = {}): object {
  return svc({ selector: WEB, ports, ...spec });
}

/** A pair: the same app with a Service that breaks the rule, and one that does not. */
function pair(failing: object, passing: object, extra: object[] = [deploy()]): RuleExamples {
  return { failing: [failing, ...extra], passing: [passing, ...extra] };
}

const lb = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) =>
  web({ type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'], ...spec }, metadata);
const ext = (spec: Record<string, unknown> = {}) => svc({ type: 'ExternalName', externalName: 'db.example.com', ...spec }, { name: 'db' });

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    replicas: 3,
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'example/db:1.0', ports: [{ name: 'sql', containerPort: 5432 }] }] } },
  },
};

const notReadyPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', labels: WEB },
  spec: { containers: [{ name: 'app', image: 'example/web:1.0', ports: [{ name: 'http', containerPort: 8080 }] }] },
  status: { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'False' }] },
};

/** `deploy()` asking for `replicas` pods. */
function scaled(replicas: number): object {
  const d: any = deploy();
  return { ...d, spec: { ...d.spec, replicas } };
}

/** A bare Pod of the web app pinned to `nodeName` (the simulated nodes are node-1 to node-3). */
function pinned(nodeName: string): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-pinned', labels: WEB }, spec: { nodeName, containers: [{ name: 'app', image: 'example/web:1.0' }] } };
}

/** Examples by rule id (plain JSON: absent fields are left out). */
export const RULE_EXAMPLES: Record<string, RuleExamples> = plain({
  // API server: decoding and metadata
  T1: pair(withPorts([{ name: 'http', port: '80', targetPort: 'http' }]), web()),
  V1: pair(web({}, { name: 'Web_Front' }), web({}, { name: 'web-front' })),
  V2: pair(web({}, { name: undefined, generateName: 'Web-' }), web({}, { name: undefined, generateName: 'web-' })),
  V3: pair(web({}, { namespace: 'shop.prod' }), web({}, { namespace: 'shop-prod' }), []),
  V4: pair(web({}, { labels: { 'team name': 'shop' } }), web({}, { labels: { team: 'shop' } })),
  V5: pair(web({}, { annotations: { 'owner!': 'shop' } }), web({}, { annotations: { 'example.com/owner': 'shop' } })),
  V6: pair(web({}, { finalizers: ['clean up'] }), web({}, { finalizers: ['example.com/cleanup'] })),
  V7: pair(
    web({}, { annotations: { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Disabled' } }),
    web({}, { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } })),
  // ports
  V8: pair(web({ ports: [] }), web()),
  V14: pair(
    withPorts([{ name: 'http', port: 80, targetPort: 'http' }, { port: 9090, targetPort: 9090 }]),
    withPorts([{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }]),
    [deploy(WEB, [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }])]),
  V15: pair(withPorts([{ name: 'HTTP', port: 80, targetPort: 'http' }]), web()),
  V16: pair(withPorts([{ name: 'http', port: 70000, targetPort: 'http' }]), web()),
  V17: pair(withPorts([{ name: 'http', port: 80, targetPort: 'http', protocol: 'tcp' }]), withPorts([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }])),
  V18: pair(withPorts([{ name: 'http', port: 80, targetPort: 'http_alt' }]), web()),
  V19: pair(withPorts([{ name: 'http', port: 80, targetPort: 'http', appProtocol: 'HTTP 2' }]), withPorts([{ name: 'http', port: 80, targetPort: 'http', appProtocol: 'kubernetes.io/h2c' }])),
  V30: pair(withPorts([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }]), withPorts([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' })),
  // (A port number twice with one protocol is V32 too; two port numbers on one nodePort are A11.)
  V31: pair(
    withPorts([{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'again', port: 80, targetPort: 8080, nodePort: 30080 }], { type: 'NodePort' }),
    withPorts([{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }, { name: 'quic', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'UDP' }], { type: 'NodePort' })),
  V32: pair(
    withPorts([{ name: 'dns', port: 53, targetPort: 8053 }, { name: 'dns-again', port: 53, targetPort: 8053 }]),
    withPorts([{ name: 'dns', port: 53, targetPort: 8053 }, { name: 'dns-udp', port: 53, targetPort: 8053, protocol: 'UDP' }]),
    [deploy(WEB, [{ name: 'dns', containerPort: 8053 }, { name: 'dns-udp', containerPort: 8053, protocol: 'UDP' }])]),
  A11: pair(withPorts([{ name: 'http', port: 80, targetPort: 'http', nodePort: 8080 }], { type: 'NodePort' }), withPorts([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' })),
  // selection, affinity, type
  V20: pair(svc({ selector: { 'app name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }), web()),
  V21: pair(web({ sessionAffinity: 'clientIP' }), web({ sessionAffinity: 'ClientIP' })),
  V22: pair(
    web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 100000 } } }),
    web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 3600 } } })),
  V29: pair(web({ type: 'Nodeport' }), web({ type: 'NodePort' })),
  // cluster IPs and families
  V10: pair(web({ type: 'NodePort', clusterIP: 'None' }), web({ clusterIP: 'None' })),
  V11: pair(ext({ clusterIP: '10.96.0.20' }), ext(), []),
  V12: pair(ext({ ipFamilies: ['IPv4'] }), ext(), []),
  V24: pair(web({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.21'] }), web({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'] })),
  V25: pair(web({ ipFamilies: ['IPv5'] }), web({ ipFamilies: ['IPv4'] })),
  V26: pair(web({ ipFamilyPolicy: 'DualStack' }), web({ ipFamilyPolicy: 'PreferDualStack' })),
  A4: pair(web({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] }), web({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] })),
  A5: { ...pair(web({ clusterIP: 'fd00:10:96::20' }), web({ clusterIP: '10.96.0.20' })), options: IPV4_CLUSTER },
  A7: { ...pair(web({ ipFamilyPolicy: 'RequireDualStack' }), web({ ipFamilyPolicy: 'PreferDualStack' })), options: IPV4_CLUSTER },
  A8: { ...pair(web({ ipFamilies: ['IPv6'] }), web({ ipFamilies: ['IPv4'] })), options: IPV4_CLUSTER },
  A10: {
    failing: [web({ clusterIP: '10.96.0.20' }), web({ clusterIP: '10.96.0.20' }, { name: 'web-admin' }), deploy()],
    passing: [web({ clusterIP: '10.96.0.20' }), web({ clusterIP: '10.96.0.21' }, { name: 'web-admin' }), deploy()],
  },
  A12: pair(lb({ externalTrafficPolicy: 'Local', healthCheckNodePort: 8080 }), lb({ externalTrafficPolicy: 'Local', healthCheckNodePort: 30500 })),
  // external
  V13: pair(ext({ externalName: 'db_primary.example.com' }), ext(), []),
  V28: pair(
    web({ externalIPs: ['127.0.0.1'] }, { annotations: { 'cdk8s-services.io/allow-external-ips': 'true' } }),
    web({ externalIPs: ['192.0.2.10'] }, { annotations: { 'cdk8s-services.io/allow-external-ips': 'true' } })),
  V33: pair(web({ loadBalancerSourceRanges: ['10.0.0.0/8'] }), lb({ loadBalancerSourceRanges: ['10.0.0.0/8'] })),
  V34: pair(web({ allocateLoadBalancerNodePorts: false }), lb({ allocateLoadBalancerNodePorts: false })),
  V36: pair(lb({ loadBalancerClass: 'internal lb' }), lb({ loadBalancerClass: 'example.com/internal' })),
  // traffic policies
  V37: pair(web({ externalTrafficPolicy: 'Local' }), web({ type: 'NodePort', externalTrafficPolicy: 'Local' })),
  V38: pair(web({ type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30500 }), lb({ externalTrafficPolicy: 'Local', healthCheckNodePort: 30500 })),
  V39: pair(web({ internalTrafficPolicy: 'local' }), web({ internalTrafficPolicy: 'Local' })),
  // API-server warnings
  W1: pair(web({}, { annotations: { 'service.kubernetes.io/topology-aware-hints': 'auto' } }), web({}, { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } })),
  W2: pair(web({ clusterIP: '10.96.0.020' }), web({ clusterIP: '10.96.0.20' })),
  W3: pair(
    web({ externalIPs: ['192.0.2.010'] }, { annotations: { 'cdk8s-services.io/allow-external-ips': 'true' } }),
    web({ externalIPs: ['192.0.2.10'] }, { annotations: { 'cdk8s-services.io/allow-external-ips': 'true' } })),
  W4: pair(lb({ loadBalancerIP: '192.0.2.010' }), lb({ loadBalancerIP: '192.0.2.10' })),
  W5: pair(lb({ loadBalancerSourceRanges: ['2001:db8:0:0::/64'] }), lb()),

  // cross-object
  X1: { failing: [web(), deploy({ app: 'wbe' })], passing: [web(), deploy()] },
  X2: {
    // Two different components (their own images and roles) behind one label: not a version split.
    failing: [svc({ selector: { app: 'shop' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      deploy({ app: 'shop', component: 'storefront' }, undefined, 'storefront', 'example/storefront:3.1'),
      deploy({ app: 'shop', component: 'payments' }, undefined, 'payments', 'example/payments:0.9')],
    passing: [svc({ selector: { app: 'shop', component: 'storefront' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      deploy({ app: 'shop', component: 'storefront' }, undefined, 'storefront', 'example/storefront:3.1'),
      deploy({ app: 'shop', component: 'payments' }, undefined, 'payments', 'example/payments:0.9')],
  },
  X3: pair(withPorts([{ name: 'http', port: 80, targetPort: 'htp' }]), web()),
  // 8008 is 8080 with two digits swapped (a typo of the declared port); 8080 is declared.
  X4: pair(withPorts([{ name: 'http', port: 80, targetPort: 8008 }]), withPorts([{ name: 'http', port: 80, targetPort: 8080 }])),
  X5: {
    failing: [withPorts([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' }),
      svc({ type: 'NodePort', selector: WEB, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] }, { name: 'web-admin' }), deploy()],
    passing: [withPorts([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' }),
      svc({ type: 'NodePort', selector: WEB, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30081 }] }, { name: 'web-admin' }), deploy()],
  },
  X6: {
    failing: [web(), svc({ selector: WEB, ports: [{ name: 'admin', port: 8081, targetPort: 'http' }] }), deploy()],
    passing: [web(), svc({ selector: WEB, ports: [{ name: 'admin', port: 8081, targetPort: 'http' }] }, { name: 'web-admin' }), deploy()],
  },
  X7: {
    failing: [statefulSet, svc({ selector: { app: 'db' }, ports: [{ name: 'sql', port: 5432, targetPort: 'sql' }] }, { name: 'db' })],
    passing: [statefulSet, svc({ clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'sql', port: 5432, targetPort: 'sql' }] }, { name: 'db' })],
  },
  X8: pair(
    withPorts([{ name: 'dns', port: 53, targetPort: 8053, protocol: 'UDP' }]),
    withPorts([{ name: 'dns', port: 53, targetPort: 8053, protocol: 'TCP' }]),
    [deploy(WEB, [{ name: 'dns', containerPort: 8053, protocol: 'TCP' }])]),
  X9: {
    // The Deployment's selector names a label its template does not carry: the API server refuses it.
    failing: [web(), refusedDeploy({ app: 'web', tier: 'front' })],
    passing: [web(), refusedDeploy({ app: 'web' })],
  },

  // security
  S1: pair(web({ externalIPs: ['192.0.2.10'] }), web({ externalIPs: ['192.0.2.10'] }, { annotations: { 'cdk8s-services.io/allow-external-ips': 'true' } })),
  // Port 8080 (not 80 or 443): an open LoadBalancer on a web site's own ports is only a hint.
  S2: pair(lb({ loadBalancerSourceRanges: undefined, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] }),
    lb({ ports: [{ name: 'http', port: 8080, targetPort: 'http' }] })),
  S3: pair(ext({ externalName: '192.0.2.10' }), ext(), []),
  S4: pair(web({ type: 'NodePort' }), web()),

  // the ignore annotation: X3 fires (no container port "web"); the entry without a reason suppresses nothing
  I1: pair(
    svc({ selector: WEB, ports: [{ name: 'http', port: 80, targetPort: 'web' }] }, { annotations: { 'cdk8s-services.io/ignore': 'X3' } }),
    svc({ selector: WEB, ports: [{ name: 'http', port: 80, targetPort: 'web' }] }, { annotations: { 'cdk8s-services.io/ignore': 'X3: the mesh sidecar declares the web port at admission' } })),

  // the simulation
  // (Without a recorded status, the simulated cluster runs the pod and it is ready.)
  E3: { failing: [web(), notReadyPod], passing: [web(), { ...notReadyPod, status: undefined }], simulation: true },
  P1: { failing: [web(), pinned('node-9')], passing: [web(), pinned('node-2')], simulation: true },
  P2: { failing: [web(), scaled(5001)], passing: [web(), scaled(5000)], simulation: true },
});
