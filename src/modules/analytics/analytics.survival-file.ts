// Owns the analyst's survival run on a CSV of one row per customer or contract — no workspace,
// no database (`tenure survival`): a duration and an event (churned) column; a Cox proportional
// hazards model (Efron ties) on the covariates (by default every other column; text columns
// one-hot against their first level), optionally stratified; Harrell's concordance; Kaplan–Meier
// curves with 95 % log-log bands per group (the --group column, else the strata, else one
// curve); and the log-rank test between those groups. Rows with a missing value are dropped and
// counted.
import { type CsvTable, readCsvTable, requireColumn } from '../../lib/csv-table.ts';
import { inputError } from './analytics.clv-file.ts';
import {
  buildDesign,
  coxLinearPredictor,
  fitCox,
  harrellC,
  kaplanMeier,
  logRank,
  ModelInputError,
  readBinary,
  readGroups,
  readNumbers,
} from './models/index.ts';

export type SurvivalFileOptions = {
  durationCol: string;
  eventCol: string;
  /** Default: every column but the duration, event, strata, id and excluded ones. */
  covariates?: string[];
  strata?: string;
  /** Column whose groups get their own Kaplan–Meier curve and a log-rank test; default the strata. */
  group?: string;
  idCol?: string;
  exclude?: string[];
  ties: 'efron' | 'breslow';
  delimiter: string;
};

export type SurvivalCurve = {
  group: string | null;
  n: number;
  events: number;
  median: number | null;
  medianCi: [number | null, number | null];
  points: {
    time: number;
    atRisk: number;
    events: number;
    censored: number;
    survival: number;
    lower: number;
    upper: number;
  }[];
};

export type SurvivalResult = {
  n: number;
  events: number;
  dropped: number;
  coefficients: { name: string; coef: number; se: number; hazardRatio: number; ci: [number, number]; p: number }[];
  logLikelihood: number;
  nullLogLikelihood: number;
  likelihoodRatio: { chisq: number; df: number; p: number };
  concordance: number;
  ties: 'efron' | 'breslow';
  strata: { column: string; levels: string[] } | null;
  converged: boolean;
  reason: string;
  ignored: { column: string; reason: string }[];
  kaplanMeier: SurvivalCurve[];
  logRank: {
    chisq: number;
    df: number;
    p: number;
    groups: { group: string; observed: number; expected: number }[];
  } | null;
};

export async function runSurvival(file: string, o: SurvivalFileOptions): Promise<SurvivalResult> {
  let covariates: string[] = [];
  const table: CsvTable = await readCsvTable(file, {
    delimiter: o.delimiter,
    keep: (header) => {
      requireColumn(header, o.durationCol, '--duration-col');
      requireColumn(header, o.eventCol, '--event-col');
      for (const [c, flag] of [
        [o.strata, '--strata'],
        [o.group, '--group'],
        [o.idCol, '--id-col'],
      ] as const)
        if (c !== undefined) requireColumn(header, c, flag);
      for (const c of o.exclude ?? []) requireColumn(header, c, '--exclude');
      for (const c of o.covariates ?? []) requireColumn(header, c, '--covariates');
      const special = new Set([o.durationCol, o.eventCol, o.strata, o.idCol]);
      if (o.covariates?.some((c) => special.has(c)))
        throw inputError('--covariates cannot name the duration, event, strata or id column');
      const left = new Set([...special, ...(o.exclude ?? [])]);
      covariates = o.covariates ?? header.filter((c) => !left.has(c));
      return [
        ...new Set([
          o.durationCol,
          o.eventCol,
          ...covariates,
          ...[o.strata, o.group].filter((c): c is string => c !== undefined),
        ]),
      ];
    },
  });
  try {
    const durationAll = readNumbers(table, o.durationCol, `duration (${o.durationCol})`, 0);
    const eventAll = readBinary(table, o.eventCol, `event (${o.eventCol})`);
    const strataAll = o.strata === undefined ? null : readGroups(table, o.strata);
    const groupColumn = o.group ?? o.strata;
    const groupsAll =
      groupColumn === undefined ? null : groupColumn === o.strata ? strataAll : readGroups(table, groupColumn);
    const known = (i: number) =>
      !Number.isNaN(durationAll[i]) &&
      !Number.isNaN(eventAll[i]) &&
      (!strataAll || strataAll.group[i] >= 0) &&
      (!groupsAll || groupsAll.group[i] >= 0);
    const design = buildDesign(table, covariates, { rowMask: Array.from({ length: table.rows }, (_, i) => known(i)) });
    const kept = design.kept;
    const time = Float64Array.from(kept, (i) => durationAll[i]);
    const event = Float64Array.from(kept, (i) => eventAll[i]);
    const strata = strataAll ? Int32Array.from(kept, (i) => strataAll.group[i]) : undefined;
    const p = design.features.length;
    const fit = fitCox({ time, event, X: design.X, p, strata }, { ties: o.ties });
    const concordance =
      p === 0 ? Number.NaN : harrellC(time, event, coxLinearPredictor(fit, design.X), strata).concordance;

    const kaplan: SurvivalCurve[] = [];
    let test: SurvivalResult['logRank'] = null;
    if (groupsAll) {
      const group = Int32Array.from(kept, (i) => groupsAll.group[i]);
      groupsAll.labels.forEach((label, g) => {
        const rows = group.reduce<number[]>((acc, v, i) => (v === g ? (acc.push(i), acc) : acc), []);
        if (rows.length) kaplan.push(curve(label, kaplanMeier(time, event, rows)));
      });
      if (kaplan.length >= 2) {
        // Log-rank between the groups present (renumbered so that absent labels leave no gap).
        const present = groupsAll.labels.map((_, g) => group.includes(g));
        const renumber = present.map((_, g) => present.slice(0, g).filter(Boolean).length);
        const lr = logRank(
          time,
          event,
          Int32Array.from(group, (g) => renumber[g]),
          groupColumn === o.strata ? undefined : strata,
        );
        const labels = groupsAll.labels.filter((_, g) => present[g]);
        test = {
          chisq: lr.chisq,
          df: lr.df,
          p: lr.p,
          groups: labels.map((l, k) => ({ group: l, observed: lr.observed[k], expected: lr.expected[k] })),
        };
      }
    } else kaplan.push(curve(null, kaplanMeier(time, event)));

    return {
      n: time.length,
      events: fit.events,
      dropped: table.rows - time.length,
      coefficients: design.features.map((f, j) => ({
        name: f.name,
        coef: fit.coef[j],
        se: fit.se[j],
        hazardRatio: fit.hazardRatio[j],
        ci: [fit.lower[j], fit.upper[j]],
        p: fit.pValue[j],
      })),
      logLikelihood: fit.logLikelihood,
      nullLogLikelihood: fit.nullLogLikelihood,
      likelihoodRatio: fit.likelihoodRatio,
      concordance,
      ties: o.ties,
      strata: o.strata === undefined ? null : { column: o.strata, levels: strataAll!.labels },
      converged: fit.converged,
      reason: fit.reason,
      ignored: design.ignored,
      kaplanMeier: kaplan,
      logRank: test,
    };
  } catch (err) {
    if (err instanceof ModelInputError) throw inputError(err.message);
    throw err;
  }
}

function curve(group: string | null, km: ReturnType<typeof kaplanMeier>): SurvivalCurve {
  return {
    group,
    n: km.n,
    events: km.events,
    median: km.median,
    medianCi: [km.medianLower, km.medianUpper],
    points: km.points.map(({ time, atRisk, events, censored, survival, lower, upper }) => ({
      time,
      atRisk,
      events,
      censored,
      survival,
      lower,
      upper,
    })),
  };
}
