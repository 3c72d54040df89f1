// `tenure score`: a scoring run now (metrics, RFM, CLV refit, pyramid tiers), without a worker.
// Like every command it opens the database itself: on the embedded database the server must be
// stopped (or queue a run through the API instead: POST /api/v1/analytics/score-runs).
import type { Command } from 'commander';
import { scoreWorkspace } from '../../workflows/score-customers.ts';
import { printJson, withDeps } from '../run.ts';
import { parseUuid } from './options.ts';

export function registerScore(program: Command) {
  program
    .command('score')
    .description(
      "Score a workspace's customers now: metrics over the window, RFM, predicted CLV (BG/NBD + Gamma-Gamma, refitted on a full run) and pyramid tiers; tier changes become events",
    )
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .option(
      '--incremental',
      'only customers with new activity since the last run, with the last fitted model and cut-offs',
    )
    .option('--json', 'print the run as JSON')
    .action(async (o: { workspace: string; incremental?: boolean; json?: boolean }) => {
      const outcome = await withDeps('score', (deps) =>
        scoreWorkspace(deps, o.workspace, o.incremental ? 'incremental' : 'full', 'cli'),
      );
      const run = outcome.run;
      if (o.json)
        return printJson({
          id: run.id,
          mode: run.mode,
          status: run.status,
          customersScored: run.customersScored,
          tierChanges: run.tierChanges,
          converged: run.converged,
          modelVersion: run.modelVersion,
          timings: run.timings,
        });
      const ms = Object.values(run.timings ?? {}).reduce((s, v) => s + v, 0);
      console.log(
        `Scored ${outcome.customersScored.toLocaleString('en')} customers (${run.mode}) in ${(ms / 1000).toFixed(1)} s; ${outcome.tierChanges.toLocaleString('en')} tier changes.`,
      );
      if (run.mode === 'full')
        console.log(
          run.modelVersion
            ? `CLV model ${run.converged ? 'converged' : 'did NOT converge'} (${run.modelVersion}).`
            : 'No CLV model: too few customers with purchases; tiers rank by net profit.',
        );
    });
}
