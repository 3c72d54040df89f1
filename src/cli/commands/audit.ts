// `tenure audit verify`: walk a workspace's audit hash chain; exits 1 naming the first broken row.
import type { Command } from 'commander';
import { verifyChain } from '../../modules/audit/index.ts';
import { CliError, exitCodes } from '../output.ts';
import { printJson, withDeps } from '../run.ts';
import { parseUuid } from './options.ts';

const why = {
  missing: 'the row is missing (deleted)',
  prev_hash: "its prev_hash is not the previous row's hash",
  hash: 'its fields no longer match its hash (altered)',
  detail: 'its detail no longer matches detail_hash and it is not marked redacted',
} as const;

export function registerAudit(program: Command) {
  const audit = program.command('audit').description('The audit log: who read and changed what');
  audit
    .command('verify')
    .description("Check the workspace's audit hash chain from its start (or retention's anchor); exits 1 at a break")
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .option('--json', 'print {"ok", "rows", "fromSeq", "lastSeq", "broken"}')
    .action(async (o: { workspace: string; json?: boolean }) => {
      const r = await withDeps('audit verify', (deps) => verifyChain(deps, o.workspace));
      if (o.json) printJson(r);
      else if (r.ok)
        console.log(`OK: ${r.rows.toLocaleString('en')} rows verified (seq ${r.fromSeq + 1}–${r.lastSeq}).`);
      if (r.broken)
        throw new CliError(
          `the audit chain is broken at seq ${r.broken.seq}: ${why[r.broken.reason]} (${r.rows} rows before it verified)`,
          exitCodes.failure,
        );
    });
}
