// Entry point of the cdk8s CLI validation plugin (also re-exported from the package root).
export * from './validation-plugin';
