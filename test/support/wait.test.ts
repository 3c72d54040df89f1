// The polling helper fails loudly when time runs out, and hands back what the check found.
import { expect, test } from 'vitest';
import { waitFor } from './wait.ts';

test('returns the first truthy answer of the check', async () => {
  let calls = 0;
  const found = await waitFor(() => ++calls >= 3 && { calls }, { what: 'a third call', intervalMs: 1 });
  expect(found).toEqual({ calls: 3 });
});

test('throws, naming what it waited for and the state reached, when time runs out', async () => {
  let calls = 0;
  const started = Date.now();
  await expect(
    waitFor(() => ++calls < 0, {
      what: () => `the impossible (after ${calls} checks)`,
      timeoutMs: 100,
      intervalMs: 10,
    }),
  ).rejects.toThrow(/^gave up after 100 ms waiting for the impossible \(after \d+ checks\)$/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  expect(calls).toBeGreaterThan(1);
});

test('an error thrown by the check is not retried', async () => {
  let calls = 0;
  await expect(
    waitFor(
      () => {
        calls++;
        throw new Error('broken check');
      },
      { what: 'anything' },
    ),
  ).rejects.toThrow('broken check');
  expect(calls).toBe(1);
});
