// `tenure basket` as a real process and as the analytics run behind it: counts checked by hand
// on a small file, a planted bundle found in a simulated FIMI-style file, both input formats
// agreeing, --json printing exactly one JSON object, and bad input exiting 65 naming the line.
// FIMI's "retail" file (Brijs et al. 1999: 88,162 baskets over 16,470 items) is used when
// ../shared/data/retail/retail.dat is there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runBasket, type BasketFileOptions } from '../src/modules/analytics/analytics.basket-file.ts';
import { simulateBaskets } from '../src/modules/analytics/models/basket-simulate.ts';
import { missingDataMessage, sharedDataFile } from './support/shared-data.ts';
import { analystSandbox, inputErrorOf } from './support/analyst-cli.ts';

const sb = analystSandbox('basket');
const { cli, write } = sb;

const defaults: BasketFileOptions = {
  format: 'csv',
  orderCol: 'order',
  itemCol: 'sku',
  delimiter: ',',
  minSupport: 0.01,
  minConfidence: 0.3,
  maxLen: 3,
};

describe('tenure basket', () => {
  test('order lines: counts worked by hand; --json prints one JSON object; no data directory', async () => {
    // Baskets: 1 {bread, milk}, 2 {bread, milk, eggs}, 3 {bread, eggs}, 4 {milk} — order 2's lines
    // are split across the file and bread is listed twice in it (counted once).
    const file = write(
      'orders.csv',
      'order,sku,qty\n1,bread,1\n1,milk,2\n2,bread,1\n3,bread,1\n3,eggs,12\n2,milk,1\n4,milk,1\n2,eggs,6\n2,bread,1\n',
    );
    const r = await cli([
      'basket',
      file,
      '--order-col',
      'order',
      '--item-col',
      'sku',
      '--min-support',
      '0.5',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ baskets: 4, items: 3, minCount: 2, itemsets: { '1': 3, '2': 2 } });
    // bread 3, milk 3, eggs 2; {bread, milk} 2, {bread, eggs} 2, {milk, eggs} 1 (below 2).
    const rule = (a: string, c: string) =>
      out.rules.find(
        (x: { antecedent: string[]; consequent: string[] }) => x.antecedent[0] === a && x.consequent[0] === c,
      );
    expect(rule('eggs', 'bread')).toEqual({
      antecedent: ['eggs'],
      consequent: ['bread'],
      count: 2,
      support: 0.5,
      confidence: 1,
      lift: 4 / 3,
      conviction: null,
    });
    expect(rule('bread', 'milk')).toMatchObject({ count: 2, confidence: 2 / 3, lift: 2 / 3 / (3 / 4) });
    expect(out.rules).toHaveLength(4);
    expect(fs.existsSync(sb.dataDir), 'basket must not create a data directory').toBe(false);

    const plain = await cli(['basket', file, '--order-col', 'order', '--item-col', 'sku', '--min-support', '0.5']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/4 baskets over 3 items/);
    expect(plain.stdout).toMatch(/if a basket holds\s+it also holds\s+baskets\s+support\s+confidence\s+lift/);
    expect(plain.stdout).toMatch(/eggs\s+bread\s+2\s+0\.5000\s+1\.000\s+1\.33/);
  });

  test('one basket per line (FIMI): a planted bundle is found at its lift, and the CSV of the same baskets agrees', async () => {
    const sim = simulateBaskets({
      baskets: 20_000,
      items: 500,
      meanSize: 6,
      seed: 3,
      bundles: [{ pa: 0.06, pb: 0.05, lift: 5 }],
    });
    const lines: string[] = [];
    const csv: string[] = ['basket;item'];
    for (let b = 0; b + 1 < sim.offsets.length; b++) {
      const items = Array.from(sim.items.subarray(sim.offsets[b], sim.offsets[b + 1]));
      lines.push(items.join(' '));
      for (const i of items) csv.push(`B${b};${i}`);
    }
    const fimi = write('sim.dat', `${lines.join('\n')}\n`);
    const r = await cli([
      'basket',
      fimi,
      '--format',
      'lines',
      '--min-support',
      '0.005',
      '--min-confidence',
      '0.1',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.baskets).toBe(20_000);
    // P(a ∧ b) = 5 × 0.06 × 0.05 = 0.015 → ~300 baskets; ±15 % is about 2.6 standard errors.
    const planted = out.rules.find(
      (x: { antecedent: string[]; consequent: string[] }) =>
        x.antecedent.join() === '500' && x.consequent.join() === '501',
    );
    expect(planted.lift).toBeGreaterThan(5 * 0.85);
    expect(planted.lift).toBeLessThan(5 * 1.15);
    const pairs = out.rules.filter((x: { antecedent: string[] }) => x.antecedent.length === 1);
    expect(pairs[0].lift).toBe(Math.max(...out.rules.map((x: { lift: number }) => x.lift)));

    const fromCsv = await runBasket(write('sim.csv', csv.join('\n')), {
      ...defaults,
      orderCol: 'basket',
      itemCol: 'item',
      delimiter: ';',
      minSupport: 0.005,
      minConfidence: 0.1,
    });
    expect(fromCsv.itemsets).toEqual(out.itemsets);
    expect(fromCsv.rules.length).toBe(out.rules.length);
    expect(fromCsv.rules.slice(0, 20)).toEqual(out.rules.slice(0, 20));
  });

  test('bad input: usage errors exit 2, bad rows exit 65 naming the line', async () => {
    const file = write('ok.csv', 'order,sku\n1,a\n');
    const noCols = await cli(['basket', file]);
    expect(noCols.code).toBe(2);
    expect(noCols.stderr).toMatch(/--order-col and --item-col/);
    const badSupport = await cli(['basket', file, '--order-col', 'order', '--item-col', 'sku', '--min-support', '2']);
    expect(badSupport.code).toBe(2);
    expect(badSupport.stderr).toMatch(/at most 1/);
    const badFormat = await cli(['basket', file, '--format', 'xml']);
    expect(badFormat.code).toBe(2);

    const emptyItem = write('empty-item.csv', 'order,sku\n1,a\n1,b\n2, \n');
    const r = await cli(['basket', emptyItem, '--order-col', 'order', '--item-col', 'sku']);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/line 4: the item \(sku\) is empty/);
    expect(await inputErrorOf(runBasket(write('empty-order.csv', 'order,sku\n1,a\n,b\n'), defaults))).toMatch(
      /line 3: the order id \(order\) is empty/,
    );
    expect(await inputErrorOf(runBasket(write('ragged.csv', 'order,sku\n1,a\n2\n'), defaults))).toMatch(/line 3/);
    expect(await inputErrorOf(runBasket(write('cols.csv', 'id,product\n1,a\n'), defaults))).toMatch(
      /Column "order" \(--order-col\) is not in the header\. Columns found: id, product/,
    );
    expect(await inputErrorOf(runBasket(write('header.csv', 'order,sku\n'), defaults))).toMatch(/no order lines/);
    expect(await inputErrorOf(runBasket(path.join(sb.dir, 'absent.csv'), defaults))).toMatch(/No such file/);

    const lines = { ...defaults, format: 'lines' as const, orderCol: undefined, itemCol: undefined };
    const binary = write('binary.dat', '1 2 3\n4 5\n6 \u0000 7\n');
    const b = await cli(['basket', binary, '--format', 'lines']);
    expect(b.code).toBe(65);
    expect(b.stderr).toMatch(/line 3: not text/);
    expect(await inputErrorOf(runBasket(write('csvish.dat', '1 2\norder,sku\n'), lines))).toMatch(
      /line 2: .* looks like CSV/,
    );
    expect(await inputErrorOf(runBasket(write('blank.dat', '\n\n'), lines))).toMatch(/no baskets/);
  });

  const retail = sharedDataFile('retail', 'retail.dat');
  test.skipIf(!retail)(
    retail ? 'FIMI retail: the published basket and item counts' : missingDataMessage('retail/retail.dat'),
    async () => {
      // Brijs et al. (1999), as distributed by the FIMI repository: 88,162 baskets, 16,470 items.
      const r = await runBasket(retail!, {
        ...defaults,
        format: 'lines',
        orderCol: undefined,
        itemCol: undefined,
        minSupport: 0.001,
      });
      expect([r.baskets, r.items]).toEqual([88_162, 16_470]);
    },
  );
});
