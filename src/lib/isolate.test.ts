import { expect, test } from 'vitest';
import { isolateFailures } from './isolate.ts';

test('every good item goes through and each bad one is reported once, in order, with its own error', async () => {
  const items = Array.from({ length: 37 }, (_, i) => i);
  const bad = new Set([0, 17, 18, 36]);
  const done: number[] = [];
  const failed: [number, string][] = [];
  let attempts = 0;
  await isolateFailures(
    items,
    async (piece) => {
      attempts++;
      const poison = piece.find((i) => bad.has(i));
      if (poison !== undefined) throw new Error(`item ${poison}`);
      done.push(...piece);
    },
    async (item, err) => {
      failed.push([item, (err as Error).message]);
    },
  );
  expect(done.sort((a, b) => a - b)).toEqual(items.filter((i) => !bad.has(i)));
  expect(failed).toEqual([...bad].map((i) => [i, `item ${i}`]));
  expect(attempts).toBeLessThanOrEqual(2 * bad.size * Math.ceil(Math.log2(items.length)) + 1);
});

test('a batch that succeeds is attempted once; an empty one not at all', async () => {
  let attempts = 0;
  await isolateFailures(
    [1, 2, 3],
    async () => void attempts++,
    async () => expect.unreachable(),
  );
  await isolateFailures(
    [],
    async () => void attempts++,
    async () => expect.unreachable(),
  );
  expect(attempts).toBe(1);
});
