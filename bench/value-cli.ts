// The `value` benchmark's whole-command part: `tenure clv` timed as a user runs it (a new process:
// start-up, reading, fitting, printing, writing --out), median of several runs with CPU seconds,
// beside the same command of another checkout (--baseline DIR, e.g. the main branch) in the same
// run, whose output must be identical byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { analystBundleFresh, processRuns } from './process-runs.ts';

type Timing = ReturnType<typeof processRuns>;
const cpu = (t: Timing) => (t.cpu === null ? '' : t.cpu.toFixed(2));

export function wholeCommandRuns(
  file: string,
  dir: string,
  o: { runs: number; calibrationEnd: string; baseline?: string },
): string {
  const lines: string[] = [];
  const baselineBin = o.baseline ? path.resolve(o.baseline, 'bin/tenure.js') : undefined;
  const fresh = (root?: string) => (analystBundleFresh(root) ? 'prebuilt bundle' : 'STALE bundle: sources through tsx');
  lines.push(
    `Whole processes, median of ${o.runs} (this checkout: ${fresh()}${o.baseline ? `; baseline ${o.baseline}: ${fresh(o.baseline)}` : ''}).\n`,
  );
  lines.push(
    `| command | this checkout: median s | CPU s | best s |${baselineBin ? ' baseline: median s | CPU s | ratio (wall) | ratio (CPU) | same output |' : ''}`,
  );
  lines.push(`|---|---:|---:|---:|${baselineBin ? '---:|---:|---:|---:|---|' : ''}`);
  const row = (name: string, t: Timing, b?: Timing, same?: boolean) =>
    lines.push(
      `| ${name} | ${t.median.toFixed(2)} | ${cpu(t)} | ${t.best.toFixed(2)} |${
        b
          ? ` ${b.median.toFixed(2)} | ${cpu(b)} | ${(b.median / t.median).toFixed(2)}× | ${
              t.cpu && b.cpu ? `${(b.cpu / t.cpu).toFixed(2)}×` : ''
            } | ${same ? 'yes' : '**NO**'} |`
          : ''
      }`,
    );
  const help = ['clv', '--help'];
  row(
    'start-up alone: `tenure clv --help`',
    processRuns(help, o.runs),
    baselineBin ? processRuns(help, o.runs, baselineBin) : undefined,
    true,
  );
  for (const [model, withOut] of [
    ['bgnbd', false],
    ['pnbd', false],
    ['bgnbd', true],
  ] as const) {
    const args = (out: string) => [
      'clv',
      file,
      '--customer-col',
      'customer_id',
      '--date-col',
      'date',
      '--amount-col',
      'amount',
      '--calibration-end',
      o.calibrationEnd,
      '--model',
      model,
      '--json',
      ...(withOut ? ['--out', out] : []),
    ];
    const outs = [path.join(dir, `${model}-this.csv`), path.join(dir, `${model}-baseline.csv`)];
    // Alternating run by run, so both sides see the same load.
    const t: Timing[] = [];
    const b: Timing[] = [];
    for (let k = 0; k < o.runs; k++) {
      t.push(processRuns(args(outs[0]), 1));
      if (baselineBin) b.push(processRuns(args(outs[1]), 1, baselineBin));
    }
    const median = (samples: Timing[]) => [...samples].sort((x, y) => x.median - y.median)[samples.length >> 1];
    const mine = { ...median(t), best: Math.min(...t.map((s) => s.best)) };
    const theirs = b.length ? median(b) : undefined;
    const same =
      theirs !== undefined &&
      mine.stdout === theirs.stdout &&
      (!withOut || fs.readFileSync(outs[0]).equals(fs.readFileSync(outs[1])));
    const result = JSON.parse(mine.stdout);
    row(
      `\`tenure clv --model ${model} --amount-col amount --json${withOut ? ' --out predictions.csv' : ''}\` (${result.converged ? 'converged' : 'NOT converged'})`,
      mine,
      theirs,
      same,
    );
    for (const f of outs) fs.rmSync(f, { force: true });
  }
  return lines.join('\n');
}
