// The analytics domain's SQL, split by subject: analytics.runs.repository.ts (settings and runs),
// analytics.inputs.repository.ts and analytics.scores.repository.ts (a scoring run's two stages),
// analytics.reads.repository.ts (stored scores); what other domains read: analytics.sources.ts.
// Scoring is set-based: a run stages its work in temporary tables (dropped at commit, so the
// caller must be inside a transaction), computes every customer's metrics and pyramid tier in a
// few INSERT … SELECT statements, and exchanges only the model's inputs and outputs (and the RFM
// scores, ranked in JavaScript) as whole columns. Every query is scoped by workspace.
// This file holds the row types they share.
import { customerScores, scoringRuns } from './analytics.schema.ts';

export type ScoringRunRow = typeof scoringRuns.$inferSelect;
export type ScoreRow = typeof customerScores.$inferSelect;
