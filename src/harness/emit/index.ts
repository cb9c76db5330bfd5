export { Harness, HarnessOptions, HarnessFile } from './emit';
