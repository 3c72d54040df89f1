// Owns how a CLI command that needs the database runs: configuration and the runtime (lock,
// database, migrations). Exit codes, failures and JSON output are in ./output.ts (re-exported
// here), which the analyst commands use without loading any of this.
import { type Config, loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { createLogger, type Logger } from '../logger.ts';
import { openRuntime } from '../runtime.ts';

export { CliError, exitCodes, printJson, reportFailure } from './output.ts';

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
