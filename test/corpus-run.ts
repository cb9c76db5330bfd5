// Runs `verify` on corpus folders the way the CLI does (same argument parser, loader, engine
// and simulation: runVerify), and reads back its JSON report. Shared by test/corpus.test.ts
// and scripts/findings-by-rule.ts so neither re-implements the CLI.
import { parseVerifyArgs, runVerify } from '../src/cli/verify';

/** One finding of a `verify --format json` report (the fields the corpus reads). */
export interface JsonFinding {
  rule: string;
  severity: string;
  object: string;
  field: string;
  file: string | null;
  message: string;
  /** Set when a suppression (annotation or construct method) silenced the finding, if the report says so. */
  suppressed?: boolean;
}

/** What `verify --format json` printed, plus its exit code. */
export interface VerifyRun {
  exitCode: number;
  findings: JsonFinding[];
  loadErrors: Array<{ file: string; line: number | null; message: string }>;
}

/** Runs `cdk8s-services verify <paths...> --format json [extra...]` in-process. */
export function verifyJson(paths: string[], extra: string[] = []): VerifyRun {
  let out = '';
  const io = { out: (t: string) => { out += t; }, err: () => undefined };
  const exitCode = runVerify(parseVerifyArgs([...paths, '--format', 'json', ...extra]), io);
  const report = JSON.parse(out);
  return { exitCode, findings: report.findings, loadErrors: report.errors };
}
