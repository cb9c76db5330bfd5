export * from './ports';
export * from './model/findings';
export { ValidationOptions, DisabledRule } from './rules/engine';
