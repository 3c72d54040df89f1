// Churn-model benchmark (in process; the database part of a churn run belongs to the churn
// domain, later): `tenure churn` on the telco file as a whole new process, several times; a Cox
// model (Efron ties, 5 covariates, monthly tied times) on N simulated rows with concordance,
// Kaplan–Meier and the log-rank test; an L2 logistic regression on N rows × F features. Each
// with a comparison measured in the same run: the analyst entry's start-up against the full
// CLI's; Cox against a naive fit that rebuilds every risk set (on a sample it can finish); the
// logistic Newton fit against BFGS (optimise.ts) on the same objective.
// Options: --rows N (1000000), --features F (30), --seed S (1), --runs R (5, whole-process runs).
import os from 'node:os';
import { normal, seededRng } from '../src/lib/random.ts';
import { runChurn } from '../src/modules/analytics/analytics.churn-file.ts';
import {
  coxLinearPredictor,
  fitCox,
  fitLogistic,
  harrellC,
  kaplanMeier,
  logRank,
} from '../src/modules/analytics/models/index.ts';
import { minimise } from '../src/modules/analytics/models/optimise.ts';
import { simulateCox } from '../src/modules/analytics/models/survival-data.testing.ts';
import { sharedDataFile } from '../test/support/shared-data.ts';
import { arg } from './args.ts';
import { analystBundleFresh, processRuns } from './process-runs.ts';

type Row = [name: string, seconds: number, cpu: number | null, note: string];

function time<T>(rows: Row[], name: string, fn: () => T, note: (r: T) => string = () => ''): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(c0);
  rows.push([name, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6, note(r)]);
  return r;
}

/** The partial likelihood's Newton iterations with every risk set summed from scratch: O(n²) per iteration (no ties). */
function naiveCox(time: Float64Array, event: Uint8Array, X: Float64Array, p: number, iterations: number): Float64Array {
  const n = time.length;
  const beta = new Float64Array(p);
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(p);
    const I = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      if (!event[i]) continue;
      let s0 = 0;
      const s1 = new Float64Array(p);
      const s2 = new Float64Array(p * p);
      for (let j = 0; j < n; j++) {
        if (time[j] < time[i]) continue;
        let eta = 0;
        for (let a = 0; a < p; a++) eta += beta[a] * X[j * p + a];
        const r = Math.exp(eta);
        s0 += r;
        for (let a = 0; a < p; a++) {
          s1[a] += r * X[j * p + a];
          for (let b = 0; b < p; b++) s2[a * p + b] += r * X[j * p + a] * X[j * p + b];
        }
      }
      for (let a = 0; a < p; a++) {
        g[a] += X[i * p + a] - s1[a] / s0;
        for (let b = 0; b < p; b++) I[a * p + b] += s2[a * p + b] / s0 - (s1[a] * s1[b]) / (s0 * s0);
      }
    }
    // One Gauss–Jordan solve of I Δ = g.
    const A = Array.from({ length: p }, (_, a) => [...I.slice(a * p, a * p + p), g[a]]);
    for (let c = 0; c < p; c++) {
      const piv = A[c][c];
      for (let k = c; k <= p; k++) A[c][k] /= piv;
      for (let r2 = 0; r2 < p; r2++) if (r2 !== c) for (let k = p; k >= c; k--) A[r2][k] -= A[r2][c] * A[c][k];
    }
    for (let a = 0; a < p; a++) beta[a] += A[a][p];
  }
  return beta;
}

/** N rows × F features: 2/3 standard normal, 1/3 binary, a known coefficient each, 20–30 % positive. */
function simulateLogistic(n: number, f: number, seed: number) {
  const rng = seededRng(seed);
  const truth = Array.from({ length: f }, (_, j) => (j % 5 === 4 ? 0 : 0.5 * normal(rng)));
  const X = new Float64Array(n * f);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let eta = -1.2;
    for (let j = 0; j < f; j++) {
      const v = j % 3 === 2 ? (rng() < 0.3 ? 1 : 0) : normal(rng);
      X[i * f + j] = v;
      eta += truth[j] * v;
    }
    y[i] = rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { X, y, truth };
}

/** The same penalised logistic objective minimised by BFGS (optimise.ts), on standardised features. */
function bfgsLogistic(X: Float64Array, y: Uint8Array, f: number, l2: number) {
  const n = y.length;
  const mean = new Float64Array(f);
  const sd = new Float64Array(f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j] += X[i * f + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) sd[j] += (X[i * f + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]);
  const objective = (theta: Float64Array, grad: Float64Array) => {
    grad.fill(0);
    let value = 0;
    for (let i = 0; i < n; i++) {
      let eta = theta[0];
      for (let j = 0; j < f; j++) eta += theta[j + 1] * ((X[i * f + j] - mean[j]) / sd[j]);
      const l = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      value += l - y[i] * eta;
      const r = Math.exp(eta - l) - y[i];
      grad[0] += r;
      for (let j = 0; j < f; j++) grad[j + 1] += r * ((X[i * f + j] - mean[j]) / sd[j]);
    }
    for (let j = 1; j <= f; j++) {
      value += 0.5 * l2 * theta[j] ** 2;
      grad[j] += l2 * theta[j];
    }
    for (let j = 0; j <= f; j++) grad[j] /= n;
    return value / n;
  };
  const r = minimise(objective, new Float64Array(f + 1), { gradientTolerance: 1e-7, maxIterations: 1000 });
  return { ...r, coef: Array.from({ length: f }, (_, j) => r.theta[j + 1] / sd[j]) };
}

export async function main(args: string[]) {
  const n = arg(args, 'rows', 1_000_000);
  const features = arg(args, 'features', 30);
  const seed = arg(args, 'seed', 1);
  const runs = arg(args, 'runs', 5);
  const loadAtStart = os.loadavg()[0];
  const rows: Row[] = [];

  // 1. `tenure churn` on the telco file, as a user runs it.
  const telco = sharedDataFile('telco', 'telco-customer-churn.csv');
  if (telco) {
    const fresh = analystBundleFresh();
    const whole = processRuns(['churn', telco, '--target', 'Churn', '--id-col', 'customerID', '--json'], runs);
    const auc = JSON.parse(whole.stdout).auc.mean as number;
    rows.push([
      `whole \`tenure churn telco.csv --target Churn --id-col customerID --json\` process, median of ${runs} (${fresh ? 'prebuilt analyst bundle' : 'STALE bundle: sources through tsx'})`,
      whole.median,
      whole.cpu,
      `best ${whole.best.toFixed(2)} s; AUC ${auc.toFixed(4)}`,
    ]);
    const start = processRuns(['churn', '--help'], runs);
    rows.push([
      'comparison: analyst entry start-up alone (`tenure churn --help`), median',
      start.median,
      start.cpu,
      `best ${start.best.toFixed(2)} s`,
    ]);
    const full = processRuns(['--version'], runs);
    rows.push([
      'comparison: full CLI start-up alone (`tenure --version`, every command and the database stack loaded), median',
      full.median,
      full.cpu,
      `best ${full.best.toFixed(2)} s`,
    ]);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await runChurn(telco, { target: 'Churn', idCol: 'customerID', folds: 5, seed: 1, l2: 1, delimiter: ',' });
    const c = process.cpuUsage(c0);
    rows.push([
      'in process: runChurn on the telco file (read, design, 5-fold CV and the tenure baseline, final fit), first call',
      (performance.now() - t0) / 1000,
      (c.user + c.system) / 1e6,
      '',
    ]);
  } else console.error('skipped the telco runs: ../shared/data/telco not found');

  // 2. Cox on n rows.
  const cox = simulateCox({ n, beta: [0.7, -0.4, 0.25, 0.1, 0], seed, resolution: 1 });
  const fit = time(
    rows,
    `Cox PH fit, Efron ties: ${n.toLocaleString('en')} rows × 5 covariates, monthly times (heavy ties)`,
    () => fitCox(cox),
    (f) =>
      `HR ${Array.from(f.hazardRatio, (h) => h.toFixed(3)).join(', ')} (truth ${[0.7, -0.4, 0.25, 0.1, 0].map((b) => Math.exp(b).toFixed(3)).join(', ')}); ${f.iterations} iterations, ${f.converged ? 'converged' : 'NOT converged'}; ${f.events.toLocaleString('en')} events`,
  );
  time(
    rows,
    "Harrell's concordance on the same rows (O(n log n))",
    () => harrellC(cox.time, cox.event, coxLinearPredictor(fit, cox.X)),
    (c) => `C ${c.concordance.toFixed(4)} over ${c.comparable.toExponential(2)} comparable pairs`,
  );
  const group = Int32Array.from({ length: n }, (_, i) => cox.X[i * 5]);
  time(
    rows,
    'Kaplan–Meier (2 groups) and the log-rank test on the same rows',
    () => [kaplanMeier(cox.time, cox.event), logRank(cox.time, cox.event, group)] as const,
    ([, lr]) => `χ² ${lr.chisq.toFixed(0)}`,
  );
  const small = Math.min(n, 5_000);
  const sample = simulateCox({ n: small, beta: [0.7, -0.4, 0.25, 0.1, 0], seed });
  const fast = time(
    rows,
    `comparison: Cox fit on ${small.toLocaleString('en')} rows, continuous times (this code)`,
    () => fitCox(sample),
    (f) => `${f.iterations} iterations`,
  );
  time(
    rows,
    `comparison: the same fit with every risk set summed from scratch (naive O(n²) per iteration), ${fast.iterations} iterations`,
    () => naiveCox(sample.time, sample.event, sample.X, 5, fast.iterations),
    (b) => `max |Δβ| vs this code ${Math.max(...Array.from(b, (v, j) => Math.abs(v - fast.coef[j]))).toExponential(1)}`,
  );

  // 3. Logistic regression on n × features.
  const data = simulateLogistic(n, features, seed + 1);
  const model = time(
    rows,
    `L2 logistic regression (Newton): ${n.toLocaleString('en')} rows × ${features} features`,
    () => fitLogistic({ X: data.X, p: features, y: data.y }),
    (m) =>
      `${m.iterations} Newton iterations${n > 200_000 ? ` after a start on a 1-in-${Math.floor(n / 50_000)} sample` : ''}; ${m.converged ? 'converged' : 'NOT converged'}; max |β − truth| ${Math.max(...Array.from(m.coef, (b, j) => Math.abs(b - data.truth[j]))).toFixed(3)}`,
  );
  time(
    rows,
    'comparison: the same objective by BFGS (optimise.ts, gradient only, standardised features)',
    () => bfgsLogistic(data.X, data.y, features, 1),
    (r) =>
      `${r.iterations} iterations, ${r.evaluations} passes, ${r.converged ? 'converged' : `NOT converged (${r.reason})`}; max |β − Newton's| ${Math.max(...r.coef.map((b, j) => Math.abs(b - model.coef[j]))).toExponential(1)}`,
  );

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\n### Churn models: ${n.toLocaleString('en')} rows\n`);
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${cpu}); 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; resident memory at the end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB.\n`,
  );
  console.log('| stage | seconds | CPU seconds | result |');
  console.log('|---|---:|---:|---|');
  for (const [name, s, c, note] of rows)
    console.log(`| ${name} | ${s.toFixed(2)} | ${c === null ? '' : c.toFixed(2)} | ${note} |`);
}
