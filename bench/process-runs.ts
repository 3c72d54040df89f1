// Times whole `tenure` processes for the benchmarks, as a user runs them: median and best wall
// time of several runs, and the CPU seconds (user + system, from GNU time when the machine has
// it) of the median run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleIsCurrent } from '../bin/bundle.js';

export const tenureBin = path.resolve(import.meta.dirname, '../bin/tenure.js');

/** Median and best of `runs` runs of `node bin args` (bin: this checkout's tenure by default), and the last run's output. */
export function processRuns(
  args: string[],
  runs: number,
  bin = tenureBin,
): { median: number; best: number; cpu: number | null; stdout: string } {
  const gnuTime = fs.existsSync('/usr/bin/time');
  const samples: { wall: number; cpu: number | null }[] = [];
  let stdout = '';
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const r = gnuTime
      ? spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, bin, ...args], {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        })
      : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr}`);
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    samples.push({ wall, cpu: m ? Number(m[1]) + Number(m[2]) : null });
    stdout = r.stdout;
  }
  samples.sort((a, b) => a.wall - b.wall);
  const mid = samples[Math.floor(samples.length / 2)];
  return { median: mid.wall, best: samples[0].wall, cpu: mid.cpu, stdout };
}

/** Whether the checkout at root has an analyst bundle newer than every source file (else bin/tenure.js runs tsx). */
export function analystBundleFresh(root = path.resolve(import.meta.dirname, '..')): boolean {
  return bundleIsCurrent(root, 'tenure-analyst');
}
