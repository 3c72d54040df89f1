// `tenure uplift` as a real process and as the analytics run behind it: a planted effect in
// simulated data is recovered within its 95 % interval (and a null arm's interval covers 0), --json
// prints exactly one JSON object of the documented shape, and bad input exits 65 naming the line.
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runUplift } from '../src/modules/analytics/analytics.uplift-file.ts';
import { normal, seededRng } from '../src/lib/random.ts';
import { analystSandbox, inputErrorOf } from './support/analyst-cli.ts';

const sb = analystSandbox('uplift');
const { cli, write } = sb;

// Planted: offer lifts repurchase from 20 % to 25 % and revenue by 6.0; reminder does nothing.
const PLANTED = { repurchase: 0.05, revenue: 6 };

function simulate(): string {
  const rng = seededRng(2026);
  const lines = ['customer_id,arm,repurchased,revenue'];
  for (let i = 0; i < 12_000; i++) {
    const u = rng();
    const arm = u < 0.4 ? 'control' : u < 0.7 ? 'offer' : 'reminder';
    const lift = arm === 'offer' ? 1 : 0;
    const repurchased = rng() < 0.2 + lift * PLANTED.repurchase ? 1 : 0;
    const revenue = Math.max(0, 40 + lift * PLANTED.revenue + 25 * normal(rng)).toFixed(2);
    lines.push(`c${i},${arm},${repurchased},${i % 997 === 0 ? '' : revenue}`);
  }
  return lines.join('\n') + '\n';
}

describe('tenure uplift', () => {
  test('recovers a planted effect within its 95 % CI; --json prints one object of the documented shape', async () => {
    const file = write('experiment.csv', simulate());
    const run = await cli([
      'uplift',
      file,
      '--arm-col',
      'arm',
      '--control',
      'control',
      '--outcome',
      'repurchased',
      '--outcome',
      'revenue',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.arms.map((a: { arm: string }) => a.arm)).toEqual(['control', 'offer', 'reminder']);
    expect(r.arms.reduce((s: number, a: { n: number }) => s + a.n, 0)).toBe(12_000);
    expect(Object.keys(r.arms[0].outcomes)).toEqual(['repurchased', 'revenue']);
    expect(r.arms[0].outcomes.repurchased.mean).toBeGreaterThan(0.18);
    const find = (arm: string, outcome: string) =>
      r.comparisons.find((c: { arm: string; outcome: string }) => c.arm === arm && c.outcome === outcome);
    const rep = find('offer', 'repurchased');
    expect(rep.kind).toBe('proportion');
    expect(rep.ci[0]).toBeLessThan(PLANTED.repurchase);
    expect(rep.ci[1]).toBeGreaterThan(PLANTED.repurchase);
    expect(rep.ci[0]).toBeGreaterThan(0);
    expect(rep.p).toBeLessThan(0.001);
    expect(rep.relativeLift).toBeCloseTo(rep.difference / r.arms[0].outcomes.repurchased.mean, 12);
    const rev = find('offer', 'revenue');
    expect(rev.kind).toBe('mean');
    expect(rev.ci[0]).toBeLessThan(PLANTED.revenue);
    expect(rev.ci[1]).toBeGreaterThan(PLANTED.revenue);
    expect(rev.ci[0]).toBeGreaterThan(0);
    // Missing revenue cells leave those rows out of revenue only.
    expect(r.arms[0].outcomes.revenue.n).toBeLessThan(r.arms[0].n);
    for (const outcome of ['repurchased', 'revenue']) {
      const none = find('reminder', outcome);
      expect(none.ci[0]).toBeLessThan(0);
      expect(none.ci[1]).toBeGreaterThan(0);
    }
    expect(fs.existsSync(sb.dataDir), 'uplift must not create a data directory').toBe(false);

    const text = await cli(['uplift', file, '--arm-col', 'arm', '--control', 'control', '--outcome', 'repurchased']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Against the control');
    expect(text.stdout).toMatch(/offer\s+repurchased/);
  });

  test('bad input exits 65 naming the line or column', async () => {
    const bad = write('bad.csv', 'arm,converted\ncontrol,1\noffer,maybe\n');
    const run = await cli(['uplift', bad, '--arm-col', 'arm', '--control', 'control', '--outcome', 'converted']);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('line 3');
    expect(run.stdout).toBe('');

    const base = { armCol: 'arm', control: 'control', outcomes: ['converted'], delimiter: ',' };
    expect(await inputErrorOf(runUplift(bad, { ...base, outcomes: ['spend'] }))).toContain(
      'Column "spend" (--outcome)',
    );
    const noArm = write('no-arm.csv', 'arm,converted\ncontrol,1\n,0\noffer,1\n');
    expect(await inputErrorOf(runUplift(noArm, base))).toContain('line 3: the arm (arm) is empty');
    const ok = write('ok.csv', 'arm,converted\ncontrol,1\noffer,0\n');
    expect(await inputErrorOf(runUplift(ok, { ...base, control: 'holdout' }))).toContain('arms found: control, offer');
    const single = write('single.csv', 'arm,converted\ncontrol,1\ncontrol,0\n');
    expect(await inputErrorOf(runUplift(single, base))).toContain('only the control arm');
    expect(await inputErrorOf(runUplift(ok, { ...base, outcomes: ['arm'] }))).toContain('cannot also be an outcome');
  });
});
