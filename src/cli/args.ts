// What every `cdk8s-services` subcommand shares: the I/O it writes to, its shape in the
// command table, exit codes, usage errors and a small option parser.
import { closeMatches } from '../model/text';

/** Where a command writes. Tests pass collectors; the bin passes stdout and stderr. */
export interface CliIo {
  /** Writes text (the caller adds newlines) to standard output. */
  out(text: string): void;
  /** Writes text (the caller adds newlines) to standard error. */
  err(text: string): void;
}

/** One subcommand of `cdk8s-services` (an entry of COMMANDS in commands.ts). */
export interface Command {
  /** The word after `cdk8s-services`, e.g. `verify`. */
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full `--help` text. */
  usage: string;
  /** Runs the command on the arguments after its name; resolves to the exit code. */
  run(args: string[], io: CliIo): number | Promise<number>;
}

/** Exit codes of every command. */
export const ExitCode = {
  /** Nothing wrong (warnings allowed unless --strict). */
  OK: 0,
  /** An error finding, or input that could not be read. */
  FAILED: 1,
  /** The command line is wrong. */
  USAGE: 2,
  /** A bug in cdk8s-services. */
  INTERNAL: 3,
} as const;

/** A mistake on the command line: printed as one line plus usage, exit code 2, no stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** How one `--option` is read. */
export interface OptionSpec {
  /** `boolean`: a flag; `string`: takes a value (`--x v` or `--x=v`). */
  type: 'boolean' | 'string';
  /** The option may repeat; its values are collected into an array. */
  multiple?: boolean;
}

/** Options by name (without `--`) plus the positional arguments. */
export interface ParsedArgs {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value`, boolean `--flag`, `-h` (as `--help`) and `--`
 * (everything after it is positional). Unknown options and missing values are UsageErrors.
 */
export function parseArgs(args: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (const [name, s] of Object.entries(spec)) if (s.multiple) options[name] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' && spec.help) {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const s = arg.startsWith('--') ? spec[name] : undefined;
    if (!s) {
      const near = closeMatches(name, Object.keys(spec));
      throw new UsageError(`unknown option ${eq >= 0 ? arg.slice(0, eq) : arg}${near.length ? ` (did you mean ${near.map((k) => `--${k}`).join(' or ')}?)` : ''}`);
    }
    if (s.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} is a flag and takes no value (got ${arg})`);
      options[name] = true;
      continue;
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = args[++i];
    }
    if (s.multiple) (options[name] as string[]).push(value);
    else options[name] = value;
  }
  return { options, positionals };
}
