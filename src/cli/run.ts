// Owns how a CLI command runs: configuration, the runtime (lock, database, migrations), and
// turning failures into a clear message and a documented exit code.
import { ConfigError, type Config, loadConfig } from '../config.ts';
import { DataDirBusyError } from '../db/lock.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { createLogger, type Logger } from '../logger.ts';
import { openRuntime } from '../runtime.ts';

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

/** One-shot commands print their own results, so their logs stay quiet unless LOG_LEVEL asks. */
export function cliConfig(options: { longRunning?: boolean } = {}): { config: Config; log: Logger } {
  const config = loadConfig();
  if (options.longRunning) return { config, log: createLogger(config) };
  const log = createLogger({ logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn', logPretty: false });
  return { config, log };
}

/** Opens the database for a one-shot command and always closes it (releasing the lock). */
export async function withDeps<T>(command: string, fn: (deps: Deps) => Promise<T>): Promise<T> {
  const { config, log } = cliConfig();
  const runtime = await openRuntime(config, { command, log });
  try {
    return await fn(runtime.deps);
  } finally {
    await runtime.close();
  }
}

export function reportFailure(err: unknown): number {
  if (err instanceof DataDirBusyError) {
    process.stderr.write(`error: ${err.message}\n`);
    return exitCodes.busy;
  }
  if (err instanceof ConfigError) {
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
    process.stderr.write(`error: invalid input${issues.map((i) => `\n  ${i.path.join('.') || '(value)'}: ${i.message}`).join('')}\n`);
    return exitCodes.dataError;
  }
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return exitCodes.failure;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
