#!/usr/bin/env node
// The `cdk8s-services` bin: parses the command word, dispatches through COMMANDS, and turns
// every user mistake into one readable line (a stack trace only for internal bugs, and only
// with CDK8S_SERVICES_DEBUG=1).
import * as fs from 'fs';
import * as path from 'path';
import { CliIo, ExitCode, UsageError } from './args';
import { COMMANDS } from './commands';

const BIN = 'cdk8s-services';

/** The top-level help, listing the commands of the table. */
export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run \`${BIN} <command> --help\` for a command's options. \`${BIN} --version\` prints the version.`,
    '',
  ].join('\n');
}

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the command line `argv` (without `node` and the script) and resolves to the exit
 * code: 0 ok, 1 findings or unreadable input, 2 usage error, 3 internal error. Never throws.
 */
export async function runCli(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [word, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === word);
  try {
    if (word === undefined) {
      io.err(mainUsage());
      return ExitCode.USAGE;
    }
    if (word === '--help' || word === '-h' || word === 'help') {
      const about = word === 'help' && rest[0] !== undefined ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      if (word === 'help' && rest[0] !== undefined && !about) throw new UsageError(`unknown command "${rest[0]}"`);
      io.out(about ? about.usage : mainUsage());
      return ExitCode.OK;
    }
    if (word === '--version' || word === '-v') {
      io.out(`${version()}\n`);
      return ExitCode.OK;
    }
    if (!command) {
      const known = COMMANDS.map((c) => c.name).join(', ');
      throw new UsageError(word.startsWith('-') ? `"${word}" comes before a command; write \`${BIN} <command> ${word}\` (commands: ${known})` : `unknown command "${word}" (commands: ${known})`);
    }
    return await command.run(rest, io);
  } catch (err: any) {
    if (err instanceof UsageError) {
      // The error and where help is: a usage error does not reprint the whole help (issue 14).
      const help = command ? `${BIN} ${command.name} --help` : `${BIN} --help`;
      io.err(`${BIN}${command ? ` ${command.name}` : ''}: error: ${err.message}\nRun \`${help}\` for the options.\n`);
      return ExitCode.USAGE;
    }
    if (env.CDK8S_SERVICES_DEBUG === '1') {
      io.err(`${BIN}: internal error:\n${err?.stack ?? err}\n`);
    } else {
      const message = String(err?.message ?? err).split('\n')[0];
      io.err(`${BIN}: internal error: ${message}. This is a bug in ${BIN}; rerun with CDK8S_SERVICES_DEBUG=1 for the stack trace and report it.\n`);
    }
    return ExitCode.INTERNAL;
  }
}

/** Writes to the real streams; a closed pipe (`verify dist | head`) is not an error. */
function processIo(): CliIo {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: any) => {
      if (err?.code !== 'EPIPE') throw err;
    });
  }
  return { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
