// `tenure import` and `tenure export`: files in and out of a workspace, streamed.
import fs from 'node:fs';
import path from 'node:path';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { streamTransactionsCsv } from '../../modules/commerce/index.ts';
import { streamCustomersCsv } from '../../modules/customers/index.ts';
import { importEntities } from '../../modules/imports/index.ts';
import { customerValueSources } from '../../workflows/customer-list.ts';
import { importFile } from '../../workflows/import-file.ts';
import { CliError, exitCodes, printJson, withDeps } from '../run.ts';
import { parseUuid } from './options.ts';

const collectMap = (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1)
    throw new InvalidArgumentError('must look like source=target, e.g. --map "E-mail=email"');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

function parseDelimiter(v: string): string {
  if (v === 'tab' || v === '\\t') return '\t';
  if (v.length !== 1) throw new InvalidArgumentError('must be one character, or "tab"');
  return v;
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return n;
}

export function registerImportExport(program: Command) {
  program
    .command('import')
    .description(
      'Import a CSV or NDJSON file into a workspace (streamed; bad rows are reported by number, good rows are kept)',
    )
    .addArgument(new Argument('<entity>', 'what the file holds').choices(importEntities))
    .argument('<file>', 'path to the file')
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .option('--map <source=target>', 'rename a column (repeatable)', collectMap)
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'ndjson']))
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab', parseDelimiter)
    .option('--json', 'print the summary as JSON')
    .option(
      '--progress-interval <seconds>',
      'when stderr is not a terminal, print a progress line this often (0: after every batch)',
      parseSeconds,
      5,
    )
    .action(
      async (
        entity: (typeof importEntities)[number],
        file: string,
        o: {
          workspace: string;
          map?: Record<string, string>;
          format?: 'csv' | 'ndjson';
          delimiter?: string;
          json?: boolean;
          progressInterval: number;
        },
      ) => {
        if (!fs.existsSync(file) || !fs.statSync(file).isFile())
          throw new CliError(`No such file: ${file}`, exitCodes.dataError);
        const size = fs.statSync(file).size;
        const format = o.format ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
        const input = fs.createReadStream(file);
        const tty = process.stderr.isTTY;
        const started = performance.now();
        let lastLine = Number.NEGATIVE_INFINITY;
        const summary = await withDeps('import', (deps) =>
          importFile(deps, {
            workspaceId: o.workspace,
            entity,
            input,
            format,
            fileName: path.basename(file),
            mapping: o.map,
            delimiter: o.delimiter,
            createdBy: 'cli',
            onProgress: (p) => {
              const secs = (performance.now() - started) / 1000;
              const pct = size ? Math.min(100, Math.round((input.bytesRead / size) * 100)) : 100;
              const line = `${pct}% · ${p.rowsRead.toLocaleString('en')} rows · ${Math.round(p.rowsRead / Math.max(secs, 0.001)).toLocaleString('en')} rows/s · ${p.rowsRejected} rejected`;
              if (tty) process.stderr.write(`\r[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${line}   `);
              else if (performance.now() - lastLine >= o.progressInterval * 1000) {
                lastLine = performance.now();
                process.stderr.write(`${line}\n`);
              }
            },
          }),
        );
        if (tty) process.stderr.write('\n');
        if (o.json) printJson(summary);
        else {
          if (summary.fatal) console.log(`Import failed: ${summary.fatal.message}`);
          for (const w of summary.warnings) console.log(`warning: ${w.message}`);
          console.log(
            `${summary.rowsRead} rows read, ${summary.rowsCommitted} committed, ${summary.rowsRejected} rejected (import ${summary.importId}).`,
          );
          for (const e of summary.errors.slice(0, 100))
            console.log(`  row ${e.rowNumber}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
          if (summary.errors.length > 100 || summary.rowsRejected > summary.errors.length)
            console.log(`  … and more; see GET /api/v1/imports/${summary.importId}/errors`);
        }
        if (summary.fatal) throw new CliError('nothing was imported', exitCodes.dataError);
        if (summary.rowsRejected > 0) process.exitCode = exitCodes.dataError;
      },
    );

  program
    .command('export')
    .description('Export customers or transactions as CSV (streamed)')
    .addArgument(new Argument('<entity>', 'what to export').choices(['customers', 'transactions']))
    .requiredOption('--workspace <id>', 'workspace id', parseUuid)
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (entity: 'customers' | 'transactions', o: { workspace: string; out?: string }) => {
      const out = o.out ? fs.createWriteStream(o.out) : process.stdout;
      // A reader that stops early (`tenure export … | head`) closes the pipe: that ends the
      // export quietly, as for any Unix filter, instead of an EPIPE stack trace.
      let failed: NodeJS.ErrnoException | null = null;
      out.on('error', (err: NodeJS.ErrnoException) => {
        failed = err;
        out.emit('drain');
      });
      const write = (chunk: string) => {
        if (failed) throw failed;
        return out.write(chunk) ? undefined : new Promise<void>((r) => out.once('drain', () => r()));
      };
      let count: number;
      try {
        count = await withDeps('export', (deps) =>
          entity === 'customers'
            ? streamCustomersCsv(deps.db, o.workspace, write, { values: customerValueSources })
            : streamTransactionsCsv(deps.db, o.workspace, write),
        );
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
        throw err;
      }
      if (failed) throw new CliError(`could not write: ${(failed as Error).message}`);
      if (o.out) {
        await new Promise<void>((r) => (out as fs.WriteStream).end(() => r()));
        console.error(`Wrote ${count} ${entity} to ${o.out}.`);
      }
    });
}
