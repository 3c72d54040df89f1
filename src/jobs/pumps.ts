// Owns pumps: handlers a worker runs on a short interval (outboxes: webhook deliveries,
// notifications). Each worker runs its own loop; the handlers claim work with SKIP LOCKED, so
// any number of workers share it without running anything twice. A pass never overlaps the
// previous one in the same process, and one that reports more work runs again at once.
import type { Deps } from '../deps.ts';
import type { JobDefinition } from './registry.ts';

export type Pumps = { stop: () => Promise<void> };

export function startPumps(deps: Omit<Deps, 'jobs'>, definitions: JobDefinition[]): Pumps {
  let stopping = false;
  const aborted = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const loop = (d: JobDefinition & { every: NonNullable<JobDefinition['every']> }) => {
    const intervalMs = d.every(deps.config) * 1000;
    const log = deps.log.child({ job: d.name });
    const pass = async () => {
      let more = true;
      // Bounded: a flood is drained over several ticks, leaving room for the other pumps.
      for (let i = 0; more && i < 20 && !stopping; i++) {
        try {
          const r = await d.handler(d.schema.parse({}), {
            ...deps,
            log,
            jobId: `${d.name}:pump`,
            signal: aborted.signal,
          });
          more = Boolean(r && r.more);
        } catch (err) {
          log.error({ err }, 'pump pass failed');
          more = false;
        }
      }
    };
    const tick = () => {
      if (stopping) return;
      const p = pass().finally(() => {
        running.delete(p);
        if (!stopping) {
          const t = setTimeout(() => {
            timers.delete(t);
            tick();
          }, intervalMs);
          timers.add(t);
        }
      });
      running.add(p);
    };
    tick();
  };

  for (const d of definitions) if (d.every) loop(d as JobDefinition & { every: NonNullable<JobDefinition['every']> });

  return {
    stop: async () => {
      stopping = true;
      aborted.abort();
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
    },
  };
}
