// The analyst commands: models run on a file, with no workspace and no database. They load only
// the model library and the CSV reader, so `bin/tenure.js` starts them from their own entry
// (src/cli/analyst.ts) without the database stack; `tenure --help` lists them with the rest.
import type { Command } from 'commander';
import { registerBasket } from './basket.ts';
import { registerChurn } from './churn.ts';
import { registerClv } from './clv.ts';
import { registerMrr } from './mrr.ts';
import { registerRetention } from './retention.ts';
import { registerSurvival } from './survival.ts';
import { registerUplift } from './uplift.ts';

/** Keep in step with the list in bin/tenure.js, which picks the entry before anything loads. */
export const analystCommands = ['clv', 'retention', 'churn', 'survival', 'uplift', 'basket', 'mrr'] as const;

export function registerAnalyst(program: Command) {
  registerClv(program);
  registerRetention(program);
  registerChurn(program);
  registerSurvival(program);
  registerUplift(program);
  registerBasket(program);
  registerMrr(program);
}
