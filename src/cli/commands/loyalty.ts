// `tenure loyalty …`: prove the ledger, run the loyalty jobs now, queue past transactions to earn.
import { Argument, type Command } from 'commander';
import {
  checkLedger,
  findProgram,
  runExpiry,
  runRequalification,
  workspacesWithPrograms,
} from '../../modules/loyalty/index.ts';
import { backfillEarning, runLoyaltyEarning, runLoyaltyEarningEverywhere } from '../../workflows/loyalty-earning.ts';
import { CliError, exitCodes, printJson, withDeps } from '../run.ts';
import { parseUuid } from './options.ts';

export function registerLoyalty(program: Command) {
  const loyalty = program.command('loyalty').description('The loyalty program: ledger check, jobs, backfill');

  loyalty
    .command('check')
    .description(
      'Verify the ledger invariants for every member (balance = sum of entries = points left in lots − debt, lots = earned − allocated, …); exits 1 naming the members on a violation',
    )
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .option('--json', 'print the result as JSON')
    .action(async (o: { workspace: string; json?: boolean }) => {
      const result = await withDeps('loyalty check', (deps) => checkLedger(deps, o.workspace));
      if (o.json) printJson(result);
      else {
        console.log(
          `Checked ${result.members.toLocaleString('en')} members and ${result.entries.toLocaleString('en')} entries.`,
        );
        if (result.overdueLots)
          console.log(
            `note: ${result.overdueLots} lots are past their expiry and wait for the expiry job (tenure loyalty run expire).`,
          );
        for (const v of result.violations)
          console.log(`member ${v.customerId}:\n${v.problems.map((p) => `  - ${p}`).join('\n')}`);
        if (result.ok) console.log('The ledger balances.');
      }
      if (!result.ok)
        throw new CliError(`${result.violations.length} member(s) break the ledger invariants`, exitCodes.failure);
    });

  loyalty
    .command('run')
    .description('Run a loyalty job now instead of waiting for its schedule')
    .addArgument(new Argument('<job>', 'which job').choices(['earn', 'expire', 'requalify']))
    .option('--workspace <id>', 'only this workspace (default: every workspace with a program)', parseUuid)
    .option('--json', 'print the result as JSON')
    .action(async (job: 'earn' | 'expire' | 'requalify', o: { workspace?: string; json?: boolean }) => {
      const result = await withDeps(`loyalty ${job}`, async (deps) => {
        if (job === 'earn')
          return o.workspace
            ? runLoyaltyEarning(deps, { workspaceId: o.workspace, maxBatches: Number.MAX_SAFE_INTEGER })
            : runLoyaltyEarningEverywhere(deps, { maxBatches: Number.MAX_SAFE_INTEGER });
        const workspaces = o.workspace ? [o.workspace] : await workspacesWithPrograms(deps.db);
        const total: Record<string, number> = {};
        for (const ws of workspaces) {
          const r: Record<string, number> =
            job === 'expire'
              ? await runExpiry(deps, ws, { maxBatches: Number.MAX_SAFE_INTEGER })
              : await runRequalification(deps, ws);
          for (const [k, v] of Object.entries(r)) total[k] = (total[k] ?? 0) + v;
        }
        return total;
      });
      if (o.json) printJson(result);
      else
        console.log(
          Object.entries(result)
            .map(([k, v]) => `${k}: ${v.toLocaleString('en')}`)
            .join(', ') || 'nothing to do',
        );
    });

  loyalty
    .command('backfill')
    .description(
      "Queue every transaction of the workspace to earn (e.g. history recorded before the program started); those already earned, before the program's earnFrom or worth no points earn nothing. `loyalty run earn` or the scheduled job then works through them",
    )
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .action(async (o: { workspace: string }) => {
      const queued = await withDeps('loyalty backfill', async (deps) => {
        if (!(await findProgram(deps.db, o.workspace)))
          throw new CliError(
            'This workspace has no loyalty program; configure one first (PUT /api/v1/loyalty/program)',
            exitCodes.dataError,
          );
        return backfillEarning(deps.db, o.workspace);
      });
      console.log(`Queued ${queued.toLocaleString('en')} transactions to earn points.`);
    });
}
