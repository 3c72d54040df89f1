// Frequent-itemset benchmark (in process): FP-growth over a retail-shaped file — FIMI's "retail"
// (../shared/data/retail/retail.dat) when it is there, else simulated baskets of its shape (88,162
// baskets over 16,470 items, 10.3 items a basket, Zipf popularity) — at 0.1 % minimum support,
// with max-len 3 and unbounded; then the association rules. The comparison, measured in the same
// run: a direct count of every 1-, 2- and 3-subset of each basket's frequent items in a hash map
// (what a short script does), which must give the same itemsets. Last, the whole `tenure basket
// --format lines --json` process on the same file.
// Options: --baskets N (88162), --items M (16470), --support S (0.001), --runs R (5), --seed S (1).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBasketFile } from '../src/modules/analytics/analytics.basket-file.ts';
import {
  associationRules,
  type Baskets,
  fpGrowth,
  itemsetSizes,
  simulateBaskets,
} from '../src/modules/analytics/models/index.ts';
import { sharedDataFile } from '../test/support/shared-data.ts';
import { arg } from './args.ts';

type Sample = { wall: number; cpu: number };

function timed<T>(fn: () => T): { value: T } & Sample {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

function repeat<T>(runs: number, fn: () => T): { value: T; median: Sample; best: Sample } {
  const samples: Sample[] = [];
  let value!: T;
  for (let k = 0; k < runs; k++) {
    const r = timed(fn);
    value = r.value;
    samples.push(r);
  }
  samples.sort((a, b) => a.wall - b.wall);
  return { value, median: samples[Math.floor(runs / 2)], best: samples[0] };
}

/** Every subset of up to three of each basket's frequent items, counted in a Map. */
function directCount(b: Baskets, minCount: number): number {
  const itemCounts = new Int32Array(b.itemCount);
  for (let i = 0; i < b.items.length; i++) itemCounts[b.items[i]]++;
  const counts = new Map<number, number>();
  const m = b.itemCount + 1;
  for (let k = 0; k + 1 < b.offsets.length; k++) {
    const basket: number[] = [];
    for (let i = b.offsets[k]; i < b.offsets[k + 1]; i++)
      if (itemCounts[b.items[i]] >= minCount) basket.push(b.items[i] + 1);
    basket.sort((x, y) => x - y);
    for (let i = 0; i < basket.length; i++) {
      for (let j = i + 1; j < basket.length; j++) {
        const pair = basket[i] * m + basket[j];
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
        for (let l = j + 1; l < basket.length; l++) {
          const triple = pair * m + basket[l];
          counts.set(triple, (counts.get(triple) ?? 0) + 1);
        }
      }
    }
  }
  let frequent = 0;
  for (let i = 0; i < b.itemCount; i++) if (itemCounts[i] >= minCount) frequent++;
  for (const n of counts.values()) if (n >= minCount) frequent++;
  return frequent;
}

const s = (x: number) => `${x.toFixed(3)} s`;

export async function main(args: string[]) {
  const runs = arg(args, 'runs', 5);
  const support = arg(args, 'support', 0.001);
  const retail = sharedDataFile('retail', 'retail.dat');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-basket-'));
  let file = retail;
  let source: string;
  if (retail) source = `FIMI retail (${retail})`;
  else {
    const sim = simulateBaskets({
      baskets: arg(args, 'baskets', 88_162),
      items: arg(args, 'items', 16_470),
      meanSize: 10.3,
      seed: arg(args, 'seed', 1),
      bundles: Array.from({ length: 20 }, (_, k) => ({ pa: 0.01 + 0.001 * k, pb: 0.005, lift: 20 })),
    });
    const lines: string[] = [];
    for (let b = 0; b + 1 < sim.offsets.length; b++)
      lines.push(Array.from(sim.items.subarray(sim.offsets[b], sim.offsets[b + 1])).join(' '));
    file = path.join(dir, 'retail-shaped.dat');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    source = 'simulated, retail-shaped (FIMI retail.dat not found)';
  }
  try {
    const read = timed(() => 0);
    const t0 = performance.now();
    const { baskets } = await readBasketFile(file!, {
      format: 'lines',
      delimiter: ',',
      minSupport: support,
      minConfidence: 0.3,
      maxLen: 3,
    });
    read.wall = (performance.now() - t0) / 1000;
    const n = baskets.offsets.length - 1;
    const minCount = Math.ceil(support * n - 1e-9);
    const fp3 = repeat(runs, () => fpGrowth(baskets, { minCount, maxLen: 3 }));
    const fpAll = repeat(runs, () => fpGrowth(baskets, { minCount }));
    const rules = repeat(runs, () => associationRules(fpAll.value, { minConfidence: 0.3 }));
    const direct = timed(() => directCount(baskets, minCount));
    const whole = timed(() =>
      spawnSync(
        process.execPath,
        [
          path.resolve(import.meta.dirname, '../bin/tenure.js'),
          'basket',
          file!,
          '--format',
          'lines',
          '--min-support',
          String(support),
          '--json',
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      ),
    );
    if (whole.value.status !== 0) throw new Error(`tenure basket failed: ${whole.value.stderr}`);
    const sizes3 = itemsetSizes(fp3.value);
    const same = direct.value === fp3.value.size;
    console.log(
      `Source: ${source}; ${n.toLocaleString('en')} baskets, ${baskets.itemCount.toLocaleString('en')} items, ${(baskets.items.length / n).toFixed(1)} a basket; min support ${support} = ${minCount} baskets; ${runs} runs each (median, best).\n`,
    );
    console.log('| What | Wall (median / best) | CPU (median run) | Result |');
    console.log('| --- | ---: | ---: | --- |');
    console.log(
      `| Read the file (one basket per line) | ${s(read.wall)} | — | ${baskets.items.length.toLocaleString('en')} basket items |`,
    );
    console.log(
      `| **FP-growth, max-len 3** | **${s(fp3.median.wall)}** / ${s(fp3.best.wall)} | ${s(fp3.median.cpu)} | ${fp3.value.size.toLocaleString('en')} itemsets ${JSON.stringify(sizes3)} |`,
    );
    console.log(
      `| FP-growth, no length limit | ${s(fpAll.median.wall)} / ${s(fpAll.best.wall)} | ${s(fpAll.median.cpu)} | ${fpAll.value.size.toLocaleString('en')} itemsets ${JSON.stringify(itemsetSizes(fpAll.value))} |`,
    );
    console.log(
      `| Association rules (confidence ≥ 0.3) from those | ${s(rules.median.wall)} / ${s(rules.best.wall)} | ${s(rules.median.cpu)} | ${rules.value.length.toLocaleString('en')} rules |`,
    );
    console.log(
      `| Comparison: direct count of every 1–3-subset in a Map | ${s(direct.wall)} | ${s(direct.cpu)} | ${direct.value.toLocaleString('en')} itemsets (${same ? 'the same count' : 'A DIFFERENT COUNT'}) |`,
    );
    console.log(`| Whole \`tenure basket --format lines --json\` process | ${s(whole.wall)} | — | max-len 3 |`);
    console.log(
      `\nPeak RSS of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB. Load: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}.`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
