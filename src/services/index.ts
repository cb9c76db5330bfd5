export * from './service-base';
export * from './cluster-ip';
export * from './node-port';
export * from './load-balancer';
export * from './external-name';
export * from './headless';
export * from './multi-port';
