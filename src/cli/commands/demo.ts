// `tenure demo`: a living sample business, generated from a seed, in a new or given workspace.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createWorkspaceWithOwner } from '../../workflows/create-workspace.ts';
import { loadDemo } from '../../workflows/demo/load-demo.ts';
import { printJson, withDeps } from '../run.ts';
import { parseUuid } from './options.ts';

const positiveInt = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
  return n;
};

export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('Generate a realistic demo business (customers, products, purchases, contacts, contracts)')
    .option('--workspace <id>', 'load into this workspace (default: a new "Demo" workspace)', parseUuid)
    .option('--customers <n>', 'how many customers', positiveInt(10_000_000), 5_000)
    .option('--seed <s>', 'random seed: the same seed gives the same data', positiveInt(2 ** 31), 1)
    .option('--json', 'print the result as JSON')
    .action(async (o: { workspace?: string; customers: number; seed: number; json?: boolean }) => {
      const result = await withDeps('demo', async (deps) => {
        let workspaceId = o.workspace;
        let login: { email: string; password: string } | undefined;
        if (!workspaceId) {
          const suffix = Math.random().toString(36).slice(2, 8);
          login = { email: `demo-${suffix}@tenure.local`, password: `demo-${suffix}-password` };
          const created = await createWorkspaceWithOwner(deps, {
            workspace: { name: `Demo ${suffix}` },
            owner: { ...login, name: 'Demo Owner' },
          });
          workspaceId = created.workspace.id;
        }
        const tty = process.stderr.isTTY;
        const loaded = await loadDemo(deps, {
          workspaceId,
          customers: o.customers,
          seed: o.seed,
          onProgress: (done, total) =>
            tty && process.stderr.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} customers`),
        });
        if (tty) process.stderr.write('\n');
        return { workspaceId, login, ...loaded };
      });
      if (o.json) return printJson(result);
      console.log(
        `Loaded ${result.customers} customers, ${result.transactions} transactions, ${result.interactions} interactions, ${result.contracts} contracts and ${result.complaints} complaints into ${result.workspaceId} in ${result.seconds} s.`,
      );
      if (result.loyalty)
        console.log(
          `Loyalty: ${result.loyalty.earned.toLocaleString('en')} points earned, ${result.loyalty.redemptions} rewards redeemed, ${result.loyalty.expired.toLocaleString('en')} points expired.`,
        );
      if (result.scoring)
        console.log(
          `Scored ${result.scoring.customers.toLocaleString('en')} customers: pyramid tiers, RFM and CLV (model ${result.scoring.modelConverged === null ? 'not fitted' : result.scoring.modelConverged ? 'converged' : 'did not converge'}).`,
        );
      if (result.login) console.log(`Sign in with ${result.login.email} / ${result.login.password}`);
    });
}
