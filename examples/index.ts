// The example apps, one per seed tutorial scenario plus one that uses all six constructs.
import { App } from 'cdk8s';
import * as allSix from './all-six';
import * as externalName from './external-name';
import * as frontend from './frontend';
import * as headless from './headless';
import * as httpd from './httpd';
import * as multiPort from './multi-port';
import * as redis from './redis';

export interface Example {
  /** Folder name under dist/examples/. */
  name: string;
  /** One line: what the example shows. */
  title: string;
  build: (app?: App) => App;
}

export const EXAMPLES: Example[] = [
  { name: 'httpd', title: 'httpd Deployment (2 replicas) behind ClusterIP, NodePort and LoadBalancer', build: httpd.build },
  { name: 'frontend', title: 'frontend-svc 80 -> 5000 (ClusterIP and NodePort 32233)', build: frontend.build },
  { name: 'redis', title: 'redis through a named container port (ClusterIP, NodePort, LoadBalancer Local)', build: redis.build },
  { name: 'multi-port', title: 'multi-port NodePort 8080/8443 -> 80/443 on 31080/31443', build: multiPort.build },
  { name: 'external-name', title: 'ExternalName my.database.example.com in prod', build: externalName.build },
  { name: 'headless', title: 'headless Service for a StatefulSet', build: headless.build },
  { name: 'all-six', title: 'a shop using all six constructs', build: allSix.build },
];
