// `tenure retention`, `tenure churn` and `tenure survival` as real processes and as the analytics
// runs behind them: published results reproduced (Fader & Hardie 2007's cohorts, the telco
// churn AUC of ../shared/data/README.md, the 6-MP leukaemia data's R and Stata output), --json
// printing exactly one JSON object, and bad input exiting 65 with a message that names the line
// or column. No workspace and no database: each process gets an empty data dir it must not touch.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runChurn } from '../src/modules/analytics/analytics.churn-file.ts';
import { runRetention } from '../src/modules/analytics/analytics.retention-file.ts';
import { runSurvival } from '../src/modules/analytics/analytics.survival-file.ts';
import { gehan } from '../src/modules/analytics/models/survival-data.testing.ts';
import { missingDataMessage, sharedDataFile } from './support/shared-data.ts';
import { analystSandbox, inputErrorOf } from './support/analyst-cli.ts';

const sb = analystSandbox('churn');
const { cli, write } = sb;

describe('tenure retention', () => {
  test('reproduces Fader & Hardie (2007) for both cohorts; --json prints one JSON object and nothing else', async () => {
    // "How to project customer retention", J. Interactive Marketing 21(1), survivors out of 1,000
    // over years 0–7 (as listed in ../shared/data/README.md): regular α 0.704, β 1.182,
    // LL −1680.3; high end α 0.668, β 3.806, LL −1611.2.
    const regular = await cli(['retention', '--survivors', '1000,631,468,382,326,289,262,241', '--json']);
    expect(regular.code, regular.stderr).toBe(0);
    const r = JSON.parse(regular.stdout);
    expect([r.alpha.toFixed(3), r.beta.toFixed(3), r.logLikelihood.toFixed(1)]).toEqual(['0.704', '1.182', '-1680.3']);
    expect(r.converged).toBe(true);
    expect(r.retentionRates).toHaveLength(14);
    expect(r.retentionRates[0]).toBeCloseTo(r.beta / (r.alpha + r.beta), 12);
    expect(r.projection[0]).toEqual({ period: 0, survival: 1, expected: 1000, observed: 1000 });
    // The paper's years 8–12 (223, 207, 194, 183, 173 active) are projected within 5 customers.
    [223, 207, 194, 183, 173].forEach((actual, k) =>
      expect(Math.abs(r.projection[8 + k].expected - actual)).toBeLessThan(5),
    );
    expect(fs.existsSync(sb.dataDir), 'retention must not create a data directory').toBe(false);

    const highEnd = await runRetention({ survivors: [1000, 869, 743, 653, 593, 551, 517, 491], delimiter: ',' });
    expect([highEnd.alpha.toFixed(3), highEnd.beta.toFixed(3), highEnd.logLikelihood.toFixed(1)]).toEqual([
      '0.668',
      '3.806',
      '-1611.2',
    ]);
  });

  test('a CSV of cohorts (blank cells for periods not yet seen) is fitted pooled; DERL by renewals with a discount rate', async () => {
    const file = write(
      'cohorts.csv',
      'cohort,year 0,year 1,year 2,year 3\n2021,1000,631,468,382\n2022,1000,869,743,\n2023,500,300,,\n',
    );
    const r = await cli(['retention', file, '--periods', '6', '--discount-rate', '0.1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.cohorts).toEqual([
      { label: '2021', observed: [1000, 631, 468, 382] },
      { label: '2022', observed: [1000, 869, 743] },
      { label: '2023', observed: [500, 300] },
    ]);
    expect(out.customers).toBe(2500);
    expect(out.projection).toHaveLength(7);
    expect(out.projection[1].observed).toBeNull();
    expect(out.derl.byRenewals.map((d: { renewals: number }) => d.renewals)).toEqual([0, 1, 2, 3]);
    // A contract that has renewed more often is worth more (the churn-prone have gone).
    expect(out.derl.byRenewals[3].value).toBeGreaterThan(out.derl.byRenewals[0].value);

    const plain = await cli(['retention', '--survivors', '1000,631,468,382,326,289,262,241', '--discount-rate', '0.1']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/alpha 0\.704 \(± [\d.]+\), beta 1\.182/);
    expect(plain.stdout).toMatch(/period\s+retention\s+survival\s+expected active\s+observed/);
    expect(plain.stdout).toMatch(/renewals so far\s+DERL/);
  });

  test('bad input: usage errors exit 2, impossible counts exit 65 naming the line', async () => {
    const neither = await cli(['retention']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--survivors or a CSV file/);
    const bad = await cli(['retention', '--survivors', '1000,abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/whole numbers/);
    const growing = await cli(['retention', '--survivors', '1000,1200,800']);
    expect(growing.code).toBe(65);
    expect(growing.stderr).toMatch(/survivors cannot increase \(1000 → 1200\)/);
    expect(
      await inputErrorOf(runRetention({ file: write('gap.csv', 'cohort,0,1,2\nA,1000,,500\n'), delimiter: ',' })),
    ).toBe('line 2: period 1 of cohort "A" must be a whole number ≥ 0, got "" (only the last periods may be empty)');
    expect(
      await inputErrorOf(runRetention({ file: write('up.csv', 'cohort,0,1\nA,100,90\nB,100,120\n'), delimiter: ',' })),
    ).toMatch(/^line 3: cohort "B" grows from 100 to 120/);
    expect(
      await inputErrorOf(runRetention({ file: write('narrow.csv', 'cohort,0\nA,100\n'), delimiter: ',' })),
    ).toMatch(/at least two periods/);
  });
});

const telco = sharedDataFile('telco', 'telco-customer-churn.csv');
describe.skipIf(!telco)(
  telco ? 'tenure churn on the telco churn data' : missingDataMessage('the telco churn data (telco/)'),
  () => {
    test("5-fold stratified AUC within 0.01 of a plain logistic regression's 0.845; blanks dropped and counted; beats the tenure baseline", async () => {
      // ../shared/data/README.md: "Logistic regression on one-hot categoricals and standardised
      // numerics: ROC AUC 0.845 ± 0.014" (stratified 5-fold), 7,043 customers, Churn = Yes 1,869,
      // 11 blank TotalCharges.
      const r = await cli(['churn', telco!, '--target', 'Churn', '--id-col', 'customerID', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(Math.abs(out.auc.mean - 0.845)).toBeLessThan(0.01);
      expect(out.auc.folds).toHaveLength(5);
      expect(out.rows).toBe(7032);
      expect(out.dropped).toBe(11);
      expect(out.positives).toBe(1869);
      expect(out.baseline.column).toBe('tenure');
      expect(out.baselineAuc).toBeLessThan(out.auc.mean - 0.05);
      expect(out.brier).toBeGreaterThan(0.1);
      expect(out.brier).toBeLessThan(0.16);
      const coef = Object.fromEntries(
        out.coefficients.map((c: { feature: string; coef: number; oddsRatio: number }) => [c.feature, c]),
      );
      // The README's strongest drivers: month-to-month contracts (the reference level, so longer
      // contracts lower the odds), short tenure, fibre internet, electronic-check payment.
      expect(coef['Contract=Two year'].oddsRatio).toBeLessThan(0.5);
      expect(coef.tenure.coef).toBeLessThan(0);
      expect(coef['InternetService=Fiber optic'].oddsRatio).toBeGreaterThan(2);
      expect(coef['PaymentMethod=Electronic check'].coef).toBeGreaterThan(0);
      // SeniorCitizen (0/1) is numeric; customerID is not a feature.
      expect(coef.SeniorCitizen).toBeDefined();
      expect(out.coefficients.some((c: { feature: string }) => c.feature.startsWith('customerID'))).toBe(false);
      expect(fs.existsSync(sb.dataDir), 'churn must not create a data directory').toBe(false);
    });

    test('the same seed gives the same folds; another seed gives other folds and about the same AUC', async () => {
      const base = { target: 'Churn', idCol: 'customerID', folds: 5, l2: 1, delimiter: ',' };
      const a = await runChurn(telco!, { ...base, seed: 1 });
      const b = await runChurn(telco!, { ...base, seed: 1 });
      const c = await runChurn(telco!, { ...base, seed: 7 });
      expect(b.auc.folds).toEqual(a.auc.folds);
      expect(c.auc.folds).not.toEqual(a.auc.folds);
      expect(Math.abs(c.auc.mean - 0.845)).toBeLessThan(0.01);
    });

    test('the plain report: AUC, baseline, coefficients table, calibration table', async () => {
      const r = await cli(['churn', telco!, '--target', 'Churn', '--id-col', 'customerID', '--folds', '3']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/7,032 rows \(11 dropped for a missing value\), 1,869 churned/);
      expect(r.stdout).toMatch(/Cross-validated ROC AUC \(3 stratified folds, seed 1\): 0\.8\d\d/);
      expect(r.stdout).toMatch(/Baseline \(tenure alone\): 0\.7\d\d ± [\d.]+ — the model beats it/);
      expect(r.stdout).toMatch(/feature\s+coef\s+odds ratio\s+per SD/);
      expect(r.stdout).toMatch(/predicted\s+rows\s+mean predicted\s+observed rate/);
    });
  },
);

describe('tenure churn rejects bad input', () => {
  const good =
    'id,tenure,plan,churned\n1,3,basic,yes\n2,30,pro,no\n3,5,basic,yes\n4,40,pro,no\n5,2,basic,no\n6,20,pro,yes\n';
  const base = { target: 'churned', folds: 2, seed: 1, l2: 1, delimiter: ',' };

  test('unknown columns, a target that is not yes/no, an id left in as a feature, too few rows for the folds', async () => {
    const file = write('small.csv', good);
    const noTarget = await cli(['churn', file, '--target', 'left']);
    expect(noTarget.code).toBe(65);
    expect(noTarget.stderr).toMatch(
      /Column "left" \(--target\) is not in the header\. Columns found: id, tenure, plan, churned/,
    );
    expect(await inputErrorOf(runChurn(file, { ...base, exclude: ['nope'] }))).toMatch(/Column "nope" \(--exclude\)/);
    expect(
      await inputErrorOf(
        runChurn(write('maybe.csv', good.replace('1,3,basic,yes', '1,3,basic,maybe')), { ...base, idCol: 'id' }),
      ),
    ).toBe('line 2: target (churned) "maybe" is not yes/no, true/false or 1/0');
    const ids = `customer,tenure,churned\n${Array.from({ length: 300 }, (_, i) => `C${i},${i % 50},${i % 3 ? 'no' : 'yes'}`).join('\n')}\n`;
    expect(await inputErrorOf(runChurn(write('ids.csv', ids), base))).toMatch(
      /column "customer" has 300 distinct text values .*leave it out/,
    );
    expect(await inputErrorOf(runChurn(file, { ...base, idCol: 'id', folds: 5 }))).toMatch(
      /5 folds need at least 5 rows of each outcome/,
    );
    expect(await inputErrorOf(runChurn(path.join(sb.dir, 'absent.csv'), base))).toMatch(/No such file/);
    const usage = await cli(['churn', file, '--target', 'churned', '--folds', '1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--folds/);
  });

  test('missing cells drop the row and are counted; a one-valued column is left out and said', async () => {
    const file = write('gaps.csv', `${good}7,,basic,no\n8,9,,yes\n9,4,pro,\n10,12,basic,NA\n`);
    const r = await runChurn(file, { ...base, idCol: 'id' });
    expect(r.rows).toBe(6);
    expect(r.dropped).toBe(4);
    const constant = await runChurn(
      write(
        'const.csv',
        'id,tenure,region,churned\n1,3,north,yes\n2,30,north,no\n3,5,north,yes\n4,40,north,no\n5,2,north,no\n6,20,north,yes\n',
      ),
      { ...base, idCol: 'id' },
    );
    expect(constant.ignored).toEqual([{ column: 'region', reason: 'every row has the value "north"' }]);
  });
});

describe('tenure survival', () => {
  let file: string;
  beforeAll(() => {
    // The 6-MP leukaemia remission data (Freireich et al. 1963), one row per patient.
    const rows = gehan.time.map(
      (t, i) => `P${i + 1},${t},${gehan.event[i] ? 'yes' : 'no'},${gehan.treated[i] ? '6-MP' : 'placebo'}`,
    );
    file = write('leukaemia.csv', `patient,weeks,relapse,drug\n${rows.join('\n')}\n`);
  });

  test('reproduces R (coxph, survdiff) and Stata (sts list) on the 6-MP leukaemia data; --json is one object', async () => {
    const r = await cli([
      'survival',
      file,
      '--duration-col',
      'weeks',
      '--event-col',
      'relapse',
      '--id-col',
      'patient',
      '--group',
      'drug',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.n).toBe(42);
    expect(out.events).toBe(30);
    // The covariate defaults to every other column: drug, one-hot against its first level, "6-MP".
    // Placebo against 6-MP is the inverse of Rodríguez's "treated" coefficient (R coxph: −1.5721, SE 0.4124).
    expect(out.coefficients).toHaveLength(1);
    const [c] = out.coefficients;
    expect(c.name).toBe('drug=placebo');
    expect(c.coef.toFixed(4)).toBe('1.5721');
    expect(c.se.toFixed(4)).toBe('0.4124');
    expect(c.hazardRatio).toBeCloseTo(1 / 0.2076, 2);
    expect(c.p.toPrecision(3)).toBe('0.000138');
    expect(c.ci[0]).toBeLessThan(c.hazardRatio);
    expect(out.nullLogLikelihood).toBeLessThan(out.logLikelihood);
    expect(out.concordance).toBeGreaterThan(0.6);
    // survdiff: Chisq = 16.8 on 1 degree of freedom, p = 4.17e-05; Kleinbaum & Klein's medians 23 and 8.
    expect(out.logRank.chisq.toFixed(1)).toBe('16.8');
    expect(out.logRank.df).toBe(1);
    expect(out.kaplanMeier.map((k: { group: string; median: number }) => [k.group, k.median])).toEqual([
      ['6-MP', 23],
      ['placebo', 8],
    ]);
    // Stata's `sts list` for the placebo group at week 1: 0.9048, 95% CI 0.6700–0.9753.
    const first = out.kaplanMeier[1].points[0];
    expect([first.survival.toFixed(4), first.lower.toFixed(4), first.upper.toFixed(4)]).toEqual([
      '0.9048',
      '0.6700',
      '0.9753',
    ]);
    expect(fs.existsSync(sb.dataDir), 'survival must not create a data directory').toBe(false);
  });

  test('stratified by drug: no covariate left, the curves and log-rank by strata; Breslow ties on request', async () => {
    const strat = await runSurvival(file, {
      durationCol: 'weeks',
      eventCol: 'relapse',
      idCol: 'patient',
      strata: 'drug',
      ties: 'efron',
      delimiter: ',',
    });
    expect(strat.coefficients).toEqual([]);
    expect(strat.strata).toEqual({ column: 'drug', levels: ['6-MP', 'placebo'] });
    expect(strat.kaplanMeier.map((k) => k.group)).toEqual(['6-MP', 'placebo']);
    expect(strat.logRank!.chisq.toFixed(1)).toBe('16.8');
    // Stata's stcox (Breslow ties): hazard ratio of treated .2210887, so placebo 1/.2210887.
    const breslow = await runSurvival(file, {
      durationCol: 'weeks',
      eventCol: 'relapse',
      idCol: 'patient',
      ties: 'breslow',
      delimiter: ',',
    });
    expect(breslow.coefficients[0].hazardRatio).toBeCloseTo(1 / 0.2210887, 5);
    expect(breslow.logRank).toBeNull();
    expect(breslow.kaplanMeier).toHaveLength(1);
  });

  test('the plain report; bad durations and events exit 65 naming the line', async () => {
    const r = await cli([
      'survival',
      file,
      '--duration-col',
      'weeks',
      '--event-col',
      'relapse',
      '--covariates',
      'drug',
      '--group',
      'drug',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /42 rows \(0 dropped for a missing value\), 30 events; Cox proportional hazards, Efron ties\./,
    );
    expect(r.stdout).toMatch(/covariate\s+coef\s+SE\s+hazard ratio\s+95% CI\s+p/);
    expect(r.stdout).toMatch(/drug=placebo\s+1\.5721\s+0\.4124\s+4\.817/);
    expect(r.stdout).toMatch(/Log-rank test: χ² 16\.79 on 1 df/);
    const negative = await cli([
      'survival',
      write('neg.csv', 'weeks,relapse\n3,1\n-2,0\n'),
      '--duration-col',
      'weeks',
      '--event-col',
      'relapse',
    ]);
    expect(negative.code).toBe(65);
    expect(negative.stderr).toMatch(/line 3: duration \(weeks\) -2 is below 0/);
    const opts = { durationCol: 'weeks', eventCol: 'relapse', ties: 'efron' as const, delimiter: ',' };
    expect(await inputErrorOf(runSurvival(write('ev.csv', 'weeks,relapse,x\n3,1,1\n2,dead,0\n'), opts))).toBe(
      'line 3: event (relapse) "dead" is not yes/no, true/false or 1/0',
    );
    expect(await inputErrorOf(runSurvival(write('none.csv', 'weeks,relapse,x\n3,0,1\n2,0,0\n'), opts))).toMatch(
      /no events/,
    );
    expect(await inputErrorOf(runSurvival(file, { ...opts, covariates: ['weeks'] }))).toMatch(
      /cannot name the duration/,
    );
  });
});
