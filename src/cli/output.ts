// Owns what every command shares without opening anything: the documented exit codes, the
// CLI's own error type, turning any failure into a clear message and its exit code, JSON output,
// and running a commander program. Light on purpose: the analyst commands (clv, retention,
// churn, survival) start from here without loading the database stack.
import { Command, CommanderError } from 'commander';
import type { ConfigError } from '../config.ts';
import type { DataDirBusyError } from '../db/lock.ts';
import { AppError } from '../errors.ts';

// By name, not instanceof: importing config.ts and db/lock.ts would load zod and the lock library
// into every analyst command (~0.15 s of start-up).
const isError = <E extends Error>(err: unknown, name: string): err is E => err instanceof Error && err.name === name;

export const exitCodes = { ok: 0, failure: 1, usage: 2, dataError: 65, busy: 75, config: 78 } as const;

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failure,
  ) {
    super(message);
  }
}

export function reportFailure(err: unknown): number {
  if (isError<DataDirBusyError>(err, 'DataDirBusyError')) {
    process.stderr.write(`error: ${err.message}\n`);
    return exitCodes.busy;
  }
  if (isError<ConfigError>(err, 'ConfigError')) {
    process.stderr.write(`error: ${err.message}\n`);
    return exitCodes.config;
  }
  if (err instanceof AppError) {
    const fields = err.fields?.map((f) => `\n  ${f.path}: ${f.message}`).join('') ?? '';
    process.stderr.write(`error: ${err.message}${fields}\n`);
    return err.status < 500 ? exitCodes.dataError : exitCodes.failure;
  }
  if (err instanceof CliError) {
    process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err && typeof err === 'object' && 'issues' in err) {
    const issues = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    process.stderr.write(
      `error: invalid input${issues.map((i) => `\n  ${i.path.join('.') || '(value)'}: ${i.message}`).join('')}\n`,
    );
    return exitCodes.dataError;
  }
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return exitCodes.failure;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Parses argv with the program; the exit code of the outcome. */
export async function execute(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is a usage error.
      return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    return reportFailure(err);
  }
}

/** The `tenure` program with no commands yet: every entry point starts from this one. */
export function newProgram(): Command {
  return new Command('tenure')
    .description('Tenure — the customer retention CRM')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}
