// Satisfaction scores from answer counts, with their sampling error. NPS = %promoters − %detractors
// on the 0–10 "would you recommend" scale (promoters 9–10, passives 7–8, detractors 0–6; Reichheld
// 2003); an answer is a draw of +1, 0 or −1, so the score is a mean whose variance per answer is
// p + d − (p − d)² and whose standard error is √((p + d − (p − d)²) / n). CSAT = share of 4–5 on a
// 1–5 scale, a binomial proportion with standard error √(s(1 − s) / n). Scores are in points
// (−100…100 and 0…100); the 95 % band is ± 1.96 standard errors, clipped to the scale.
import { Z95 } from './distributions.ts';

export type NpsCounts = { promoters: number; passives: number; detractors: number };
export type NpsResult = NpsCounts & {
  n: number;
  nps: number | null;
  standardError: number | null;
  low: number | null;
  high: number | null;
};
export type CsatResult = {
  satisfied: number;
  n: number;
  csat: number | null;
  standardError: number | null;
  low: number | null;
  high: number | null;
};

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const npsCategory = (score: number): keyof NpsCounts =>
  score >= 9 ? 'promoters' : score >= 7 ? 'passives' : 'detractors';

export function npsFromCounts(c: NpsCounts): NpsResult {
  const n = c.promoters + c.passives + c.detractors;
  if (n === 0) return { ...c, n, nps: null, standardError: null, low: null, high: null };
  const p = c.promoters / n;
  const d = c.detractors / n;
  const nps = 100 * (p - d);
  const se = 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  return {
    ...c,
    n,
    nps,
    standardError: se,
    low: clip(nps - Z95 * se, -100, 100),
    high: clip(nps + Z95 * se, -100, 100),
  };
}

export function npsFromScores(scores: readonly number[]): NpsResult {
  const c: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) c[npsCategory(s)]++;
  return npsFromCounts(c);
}

export function csatFromCounts(satisfied: number, n: number): CsatResult {
  if (n === 0) return { satisfied, n, csat: null, standardError: null, low: null, high: null };
  const s = satisfied / n;
  const csat = 100 * s;
  const se = 100 * Math.sqrt((s * (1 - s)) / n);
  return {
    satisfied,
    n,
    csat,
    standardError: se,
    low: clip(csat - Z95 * se, 0, 100),
    high: clip(csat + Z95 * se, 0, 100),
  };
}
