// PostgreSQL's hash_bytes_extended in JS gives the database's own numbers: `hashtextextended` over
// texts of every length from 0 to 40 bytes (each tail length of lookup3's 12-byte blocks, ASCII
// and multi-byte UTF-8) and `uuid_hash_extended` over uuids, with and without a seed (0 means none),
// on the test database (PGlite, or PostgreSQL with TENURE_TEST_DRIVER=pg).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { queryRows } from '../db/client.ts';
import { hashBytesExtended, uuidBytes, uuidHashExtended } from './pg-hash.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
}, 60_000);
afterAll(() => tdb.drop());

const seeds: [number, number][] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [0xdeadbeef, 0x01234567],
  [0xffffffff, 0xffffffff],
];
const int8 = ([high, low]: [number, number]) => BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low)).toString();
const joined = (h: { high: number; low: number }) => ((BigInt(h.high) << 32n) | BigInt(h.low)).toString();

test('texts of every tail length: the same 64 bits as hashtextextended', async () => {
  const texts = Array.from({ length: 41 }, (_, n) => 'tenure-lookup3-'.repeat(3).slice(0, n));
  texts.push('ação', 'número 5 ü €', '🙂 customer');
  for (const seed of seeds) {
    const rows = await queryRows<{ h: string }>(
      tdb.database.db,
      sql`select (hashtextextended(t, ${int8(seed)}::int8)::numeric + case when hashtextextended(t, ${int8(seed)}::int8) < 0 then 18446744073709551616 else 0 end)::text h
          from unnest(${`{${texts.map((t) => JSON.stringify(t)).join(',')}}`}::text[]) with ordinality u(t, i) order by i`,
    );
    expect(rows.map((r) => r.h)).toEqual(texts.map((t) => joined(hashBytesExtended(Buffer.from(t), ...seed))));
  }
});

test('uuids: the same 64 bits as uuid_hash_extended; a malformed id is refused', async () => {
  const ids = Array.from({ length: 200 }, () => randomUUID());
  for (const seed of seeds) {
    const rows = await queryRows<{ h: string }>(
      tdb.database.db,
      sql`select (h::numeric + case when h < 0 then 18446744073709551616 else 0 end)::text h
          from (select uuid_hash_extended(id, ${int8(seed)}::int8) h, i
                from unnest(${`{${ids.join(',')}}`}::uuid[]) with ordinality u(id, i)) x order by i`,
    );
    expect(rows.map((r) => r.h)).toEqual(ids.map((id) => joined(uuidHashExtended(id, ...seed))));
  }
  expect(uuidBytes(ids[0].toUpperCase())).toEqual(uuidBytes(ids[0]));
  expect(() => uuidBytes('c-00000001')).toThrow(RangeError);
});
