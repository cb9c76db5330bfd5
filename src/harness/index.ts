export { Harness } from './emit';
export * from './options';
