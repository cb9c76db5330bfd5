// The subcommands of `cdk8s-services`. To add one (e.g. `harness`), write its Command in its
// own file and append it here; main.ts dispatches and prints help from this table.
import { Command } from './args';
import { HARNESS_COMMAND } from './harness';
import { VERIFY_COMMAND } from './verify';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: Command[] = [
  VERIFY_COMMAND,
  HARNESS_COMMAND,
];
