// newId draws its random bits from a pool it refills: ids stay distinct, version 7 and in
// generation order across refills, and their text is the library's.
import { UUID } from 'uuidv7';
import { expect, test } from 'vitest';
import { newId } from './ids.ts';

test('ids are distinct UUIDv7 in generation order, past several refills of the random pool', () => {
  const ids = Array.from({ length: 5000 }, newId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect([...ids].sort()).toEqual(ids);
  // Written from the bytes here, not by the library: the same text as its own.
  for (const id of ids.slice(0, 100)) expect(UUID.parse(id).toString()).toBe(id);
});
