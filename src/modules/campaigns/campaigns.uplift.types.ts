// Owns the plain shapes stored in the jsonb columns of campaigns' uplift tables.
import type { UpliftResult } from '../analytics/files.ts';

/** An uploaded experiment's analysis: the `tenure uplift --json` object. */
export type ExternalAnalysis = UpliftResult;

export type UpliftNote =
  /** Members without a running contract at launch: their contract features read as "none". */
  | 'members_without_contract'
  /** Fewer than MIN_ARM_MEMBERS treated or control members: the curve is too noisy to act on. */
  | 'few_members'
  /** The held-out Qini is not above random targeting: do not target by these scores. */
  | 'not_better_than_random'
  /** The outcome window is still open: the outcome is counted up to now. */
  | 'window_open';

export type UpliftModelSummary = {
  outcome: 'repurchase';
  members: number;
  treated: number;
  control: number;
  /** Members with the outcome, per group. */
  treatedPositives: number;
  controlPositives: number;
  /** The arms counted as treated (every arm but the control). */
  treatedArms: string[];
  folds: number;
  seed: number;
  l2: number;
  /** The design's columns (churn's features, categorical levels as code=level). */
  features: string[];
  curve: { fraction: number; gain: number; random: number }[];
  area: number;
  randomArea: number;
  qini: number;
  notes: UpliftNote[];
  window: { from: string; to: string; days: number };
};
