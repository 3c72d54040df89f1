// The `tenure` command. Each sub-command calls services directly, never the HTTP API.
import type { Command } from 'commander';
import { registerAdmin } from './commands/admin.ts';
import { registerAudit } from './commands/audit.ts';
import { registerAnalyst } from './commands/analyst.ts';
import { registerDemo } from './commands/demo.ts';
import { registerImportExport } from './commands/import.ts';
import { registerLoyalty } from './commands/loyalty.ts';
import { registerScore } from './commands/score.ts';
import { registerServe } from './commands/serve.ts';
import { execute, exitCodes, newProgram } from './output.ts';

export function buildProgram(): Command {
  const program = newProgram();
  registerServe(program);
  registerAdmin(program);
  registerAudit(program);
  registerDemo(program);
  registerImportExport(program);
  registerAnalyst(program);
  registerLoyalty(program);
  registerScore(program);
  return program;
}

export const main = (argv: string[]): Promise<number> => execute(buildProgram(), argv);

const code = await main(process.argv);
// Long-running commands keep the event loop alive; one-shot ones end here.
if (code !== exitCodes.ok) process.exit(code);
