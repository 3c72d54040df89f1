// The `tenure` command. Each sub-command calls services directly, never the HTTP API.
import { Command, CommanderError } from 'commander';
import { registerAdmin } from './commands/admin.ts';
import { registerClv } from './commands/clv.ts';
import { registerDemo } from './commands/demo.ts';
import { registerImportExport } from './commands/import.ts';
import { registerLoyalty } from './commands/loyalty.ts';
import { registerScore } from './commands/score.ts';
import { registerServe } from './commands/serve.ts';
import { exitCodes, reportFailure } from './run.ts';

export function buildProgram(): Command {
  const program = new Command('tenure')
    .description('Tenure — the customer retention CRM')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServe(program);
  registerAdmin(program);
  registerDemo(program);
  registerImportExport(program);
  registerClv(program);
  registerLoyalty(program);
  registerScore(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is a usage error.
      return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    return reportFailure(err);
  }
}

const code = await main(process.argv);
// Long-running commands keep the event loop alive; one-shot ones end here.
if (code !== exitCodes.ok) process.exit(code);
