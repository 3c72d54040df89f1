// Owns giving the event loop a turn. On the embedded database every query runs on this thread
// and resolves without touching the event loop, so a long run of batches would starve requests,
// timers and signals (a shutdown) until it ends; loops of batches call this between batches.
import { setImmediate } from 'node:timers/promises';

export const yieldToEventLoop = (): Promise<void> => setImmediate().then(() => {});
