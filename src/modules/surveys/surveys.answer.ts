// Owns the public answer: a customer opens a link (the first one or a reminder's) and answers the
// survey once, in their language. Hardened like the public complaint form and the exit survey: a
// token of one exact shape, the same 404 for a token that is malformed, unknown or expired; 409
// once the survey has an answer (whichever of its links gave it); a filled honeypot is answered
// like a real answer but nothing is stored. A low score (NPS 0–6, CSAT 1–2) goes to the follow-up
// hook in the answer's transaction: a task for a person, and a complaint when the customer asks.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound, invalidField } from '../../errors.ts';
import { hashToken, workspaceOfToken } from '../../lib/public-token.ts';
import type { Logger } from '../../logger.ts';
import { npsCategory } from '../analytics/index.ts';
import { recordEvents } from '../events/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { AnswerSurveyInput } from './surveys.dto.ts';
import { answerRow, ensureSettings, findByLink, setSurveyFields, type SurveyRow } from './surveys.repository.ts';
import { problem } from '../../lib/problems.ts';

const noSurvey = () => notFound('Survey');
const answered = () => new AppError('conflict', 'This survey has already been answered');
export const isLowScore = (kind: SurveyRow['kind'], score: number) => (kind === 'nps' ? score <= 6 : score <= 2);

export type FollowUpInput = {
  workspaceId: string;
  survey: SurveyRow;
  /** Who follows up when the customer has no account manager (settings), else the owner. */
  fallbackAssigneeId: string | null;
  openComplaint: boolean;
};
export type FollowUp = { taskId: string | null; complaintId: string | null; complaintReference: string | null };
/** Cross-domain follow-up of a low score (src/workflows/survey-follow-up.ts), run in the answer's transaction. */
export type OnLowScore = (ctx: Ctx & { log?: Logger }, input: FollowUpInput) => Promise<FollowUp>;

async function openSurvey(ctx: Ctx, token: string): Promise<SurveyRow> {
  const workspaceId = workspaceOfToken(token);
  if (!workspaceId) throw noSurvey();
  const row = await findByLink(ctx.db, workspaceId, hashToken(token));
  if (!row) throw noSurvey();
  if (row.answeredAt) throw answered();
  if (row.expiresAt <= ctx.now()) throw noSurvey();
  return row;
}

export async function publicSurvey(ctx: Ctx, token: string) {
  const s = await openSurvey(ctx, token);
  const ws = await getWorkspace(ctx, s.workspaceId);
  return { workspace: { name: ws.name }, locale: s.locale, kind: s.kind, trigger: s.trigger };
}

function checkAnswer(s: SurveyRow, input: AnswerSurveyInput) {
  if (s.kind === 'csat' && (input.score < 1 || input.score > 5))
    throw invalidField('score', problem('between', { min: 1, max: 5 }));
  if (!input.openComplaint) return;
  if (!isLowScore(s.kind, input.score)) throw invalidField('openComplaint', problem('low_score_only'));
  if (!input.comment) throw invalidField('comment', problem('comment_for_complaint'));
}

export async function answerSurvey(
  ctx: Ctx & { log?: Logger },
  token: string,
  input: AnswerSurveyInput,
  onLowScore: OnLowScore,
): Promise<{ answered: true; complaintReference: string | null }> {
  const s = await openSurvey(ctx, token);
  checkAnswer(s, input);
  if (input.website && input.website.trim() !== '') return { answered: true, complaintReference: null };
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const comment = input.comment ? input.comment : null;
    const row = await answerRow(tx, s.workspaceId, s.id, { score: input.score, comment, at: now });
    if (!row) throw answered();
    const low = isLowScore(row.kind, input.score);
    await recordEvents(tx, ctx, s.workspaceId, [
      {
        type: 'survey.answered',
        customerId: row.customerId,
        summary: `${row.kind === 'nps' ? 'NPS' : 'CSAT'} survey answered: ${input.score}`,
        payload: {
          surveyId: row.id,
          kind: row.kind,
          trigger: row.trigger,
          score: input.score,
          category: row.kind === 'nps' ? npsCategory(input.score) : input.score >= 4 ? 'satisfied' : 'dissatisfied',
          hasComment: comment !== null,
        },
      },
    ]);
    if (!low) return { answered: true as const, complaintReference: null };
    const settings = await ensureSettings(tx, s.workspaceId);
    const f = await onLowScore(
      { db: tx, now: ctx.now, log: ctx.log },
      {
        workspaceId: s.workspaceId,
        survey: row,
        fallbackAssigneeId: settings.followUpAssigneeId,
        openComplaint: input.openComplaint === true,
      },
    );
    await setSurveyFields(tx, s.workspaceId, row.id, { followUpTaskId: f.taskId, complaintId: f.complaintId });
    return { answered: true as const, complaintReference: f.complaintReference };
  });
}
