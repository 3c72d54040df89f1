// What the imports screen knows about an import's state: which statuses are still moving (so the
// list polls only while one is), their colours, the entities a file can hold, and the upload's
// format from a file's name.
import type { Schemas } from '../../api.ts';

export const importsKey = ['imports'] as const;

export type ImportDto = Schemas['Import'];
export type ImportStatus = ImportDto['status'];
export type ImportEntity = ImportDto['entity'];

export const statusColor: Record<ImportStatus, string> = {
  uploading: 'gray',
  queued: 'yellow',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
};

const entitySet: Record<ImportEntity, true> = {
  customers: true,
  transactions: true,
  products: true,
  interactions: true,
  contracts: true,
};
export const entities = Object.keys(entitySet) as ImportEntity[];

export const isRunning = (i: Pick<ImportDto, 'status'>) =>
  i.status === 'uploading' || i.status === 'queued' || i.status === 'running';

/** How often the screen asks again while an import runs (ms). */
export const pollEvery = 2000;

/** TanStack Query's refetchInterval: poll while any listed import still runs, else stop. */
export const pollWhileRunning = (items: Pick<ImportDto, 'status'>[] | undefined): number | false =>
  items?.some(isRunning) ? pollEvery : false;

/** The Content-Type to send a file with: NDJSON for .ndjson / .jsonl names, CSV otherwise. */
export const uploadType = (fileName: string): 'text/csv' | 'application/x-ndjson' =>
  /\.(nd)?jsonl?$/i.test(fileName) && !/\.json$/i.test(fileName) ? 'application/x-ndjson' : 'text/csv';
