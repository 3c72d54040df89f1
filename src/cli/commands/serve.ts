// `tenure start`, `tenure serve` and `tenure worker`: the long-running processes.
import type { Command } from 'commander';
import { buildWebIfMissing } from '../../http/web.ts';
import { runProcess, stopOnSignals } from '../../server.ts';
import { ensureFirstWorkspace } from '../../workflows/first-start.ts';
import { cliConfig } from '../run.ts';
import { parsePort } from './options.ts';

export function registerServe(program: Command) {
  program
    .command('start')
    .description('Run the server and a worker in one process; on an empty database, create a demo workspace')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', parsePort)
    .action(async (opts: { port?: number }) => {
      const { config, log } = cliConfig({ longRunning: true });
      const running = await runProcess(config, log, {
        command: 'start',
        http: true,
        worker: true,
        port: opts.port,
        onReady: (deps) => ensureFirstWorkspace(deps, (line) => console.log(line)),
      });
      console.log(
        `Tenure is running at http://localhost:${running.port} (API reference: http://localhost:${running.port}/docs)`,
      );
      stopOnSignals(running, config, log);
      void buildWebIfMissing(log);
    });

  program
    .command('serve')
    .description('Run the HTTP API (on the embedded database it also runs the worker: only one process may open it)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', parsePort)
    .option('--worker', 'also run job workers in this process')
    .action(async (opts: { port?: number; worker?: boolean }) => {
      const { config, log } = cliConfig({ longRunning: true });
      const running = await runProcess(config, log, {
        command: 'serve',
        http: true,
        worker: Boolean(opts.worker) || !config.databaseUrl,
        port: opts.port,
      });
      console.log(`Tenure is running at http://localhost:${running.port}`);
      stopOnSignals(running, config, log);
    });

  program
    .command('worker')
    .description('Run job workers only (any number of them against PostgreSQL)')
    .action(async () => {
      const { config, log } = cliConfig({ longRunning: true });
      const running = await runProcess(config, log, { command: 'worker', http: false, worker: true });
      console.log('Tenure worker is running');
      stopOnSignals(running, config, log);
    });
}
