// Owns a running Tenure process: HTTP server and/or job worker over one runtime, and a
// graceful shutdown on SIGTERM/SIGINT (in-flight requests and jobs finish first).
import { type ServerType, serve } from '@hono/node-server';
import type { Config } from './config.ts';
import { createApp } from './http/app.ts';
import { jobDefinitions, SWEEP_IMPORTS_JOB } from './jobs/definitions.ts';
import { startJobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { openRuntime } from './runtime.ts';

export type ProcessOptions = {
  command: string;
  http: boolean;
  worker: boolean;
  port?: number;
  /**
   * Runs once the database is ready, before the server listens (first-start setup). It may
   * return background work to start once listening; shutdown aborts and awaits it.
   */
  onReady?: (deps: import('./deps.ts').Deps) => Promise<((signal: AbortSignal) => Promise<void>) | undefined>;
};

export type RunningProcess = { port: number | undefined; stop: () => Promise<void> };

function listen(
  app: ReturnType<typeof createApp>,
  port: number,
  host: string,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

export async function runProcess(config: Config, log: Logger, options: ProcessOptions): Promise<RunningProcess> {
  const runtime = await openRuntime(config, { command: options.command, log });
  const startedAt = runtime.deps.now();
  const jobs = await startJobQueue(runtime.deps, { definitions: jobDefinitions, work: options.worker });
  const deps = { ...runtime.deps, jobs };
  // Resume imports a crash interrupted. On the embedded database this process is the only
  // one, so whatever went silent before it started belonged to a dead process.
  if (options.worker)
    await jobs.send(
      SWEEP_IMPORTS_JOB,
      runtime.deps.database.driver === 'pglite' ? { silentBefore: startedAt.toISOString() } : {},
    );
  const background = await options.onReady?.(deps);

  let server: ServerType | undefined;
  let port: number | undefined;
  if (options.http) {
    ({ server, port } = await listen(createApp(deps), options.port ?? config.port, config.host));
    runtime.setPort(port);
  }

  const aborter = new AbortController();
  const backgroundDone = background
    ? background(aborter.signal).catch((err) => log.error({ err }, 'background work failed'))
    : Promise.resolve();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info('shutting down: finishing in-flight requests and jobs');
      const closed = server
        ? new Promise<void>((resolve) => {
            server?.close(() => resolve());
            // Idle keep-alive sockets would hold close() open; busy ones finish their request.
            (server as import('node:http').Server).closeIdleConnections?.();
          })
        : Promise.resolve();
      aborter.abort();
      await Promise.all([closed, jobs.stop(), backgroundDone]);
      await runtime.close();
      log.info('stopped');
    })();
    return stopping;
  };
  return { port, stop };
}

/** Stops the process cleanly on SIGTERM/SIGINT, forcing an exit if it takes too long. */
export function stopOnSignals(running: RunningProcess, config: Config, log: Logger) {
  const onSignal = (signal: string) => {
    log.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    running.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}
