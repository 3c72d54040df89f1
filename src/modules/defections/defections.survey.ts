// Owns the public exit survey: a customer who left opens their single-use link, sees the active
// reasons in their language (their own, else the workspace's) and answers once. A link made with
// a defection fills in that defection's reason (adding the customer's words to its free text); a
// link made without one records a new defection (source exit_survey).
// Hardened like the public complaint form: a token of one exact shape, the same 404 for a token
// that is malformed, unknown, expired or used (no enumeration); a filled honeypot is answered
// like a real answer but nothing is stored and the link stays good for the real customer.
import type { Ctx } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { hashToken, workspaceOfToken } from '../../lib/public-token.ts';
import { getCustomer } from '../customers/index.ts';
import { recordEvents } from '../events/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { SurveyAnswerInput } from './defections.dto.ts';
import {
  answerDefectionRow,
  findLiveSurveyToken,
  listReasonRows,
  type SurveyTokenRow,
  useSurveyToken,
} from './defections.repository.ts';
import { recordDefection } from './defections.service.ts';
import { checkedReason } from './defections.taxonomy.ts';

const noSurvey = () => notFound('Exit survey');

async function liveToken(ctx: Ctx, token: string): Promise<SurveyTokenRow> {
  const workspaceId = workspaceOfToken(token);
  if (!workspaceId) throw noSurvey();
  const row = await findLiveSurveyToken(ctx.db, workspaceId, hashToken(token), ctx.now());
  if (!row) throw noSurvey();
  return row;
}

export async function publicSurvey(ctx: Ctx, token: string) {
  const t = await liveToken(ctx, token);
  const [ws, customer, reasons] = await Promise.all([
    getWorkspace(ctx, t.workspaceId),
    getCustomer(ctx, t.workspaceId, t.customerId),
    listReasonRows(ctx.db, t.workspaceId),
  ]);
  const locale = (customer.locale ?? ws.locale) as 'en' | 'pt-BR' | 'es';
  return {
    workspace: { name: ws.name },
    locale,
    reasons: reasons
      .filter((r) => r.active)
      .map((r) => ({ code: r.code, label: r.labels[locale] ?? r.labels.en ?? r.code })),
  };
}

export async function answerSurvey(ctx: Ctx, token: string, input: SurveyAnswerInput): Promise<{ answered: true }> {
  const t = await liveToken(ctx, token);
  const reason = await checkedReason(ctx.db, t.workspaceId, input.reasonCode);
  if (input.website && input.website.trim() !== '') return { answered: true };
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    if (!(await useSurveyToken(tx, t.workspaceId, t.tokenHash, now))) throw noSurvey();
    const txCtx = { db: tx, now: ctx.now };
    if (!t.defectionId) {
      await recordDefection(
        txCtx,
        t.workspaceId,
        t.customerId,
        { reasonCode: reason.code, freeText: input.freeText, channel: 'web' },
        { source: 'exit_survey', recordedBy: 'customer' },
      );
      return;
    }
    const row = await answerDefectionRow(tx, t.workspaceId, t.defectionId, {
      reasonCode: reason.code,
      freeText: input.freeText ?? null,
      at: now,
    });
    if (!row) throw noSurvey();
    await recordEvents(tx, ctx, t.workspaceId, [
      {
        type: 'customer.exit_survey_answered',
        customerId: t.customerId,
        summary: `Exit survey answered: ${reason.labels.en ?? reason.code}`,
        payload: {
          defectionId: row.id,
          reasonCode: reason.code,
          reasonLabels: reason.labels,
          controllable: reason.controllable,
        },
      },
    ]);
  });
  return { answered: true };
}
