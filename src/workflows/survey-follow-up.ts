// A low survey score (NPS detractor 0–6, CSAT 1–2) spans domains: a follow-up task for a person
// (the customer's account manager, else the workspace's chosen follow-up person, else the owner)
// and, when the customer asked, a complaint with their words. Runs in the answer's transaction;
// a complaint that cannot be registered (e.g. the workspace removed every category) is rolled
// back alone to its savepoint and logged, and the answer and the task stand.
import type { Ctx } from '../deps.ts';
import { addDays, isoDay } from '../lib/dates.ts';
import type { Logger } from '../logger.ts';
import { getComplaintSettings, registerComplaint } from '../modules/complaints/index.ts';
import { getCustomer } from '../modules/customers/index.ts';
import type { FollowUp, FollowUpInput, OnLowScore } from '../modules/surveys/index.ts';
import { createTask } from '../modules/tasks/index.ts';
import { listWorkspaceMembers } from '../modules/users/index.ts';
import { getWorkspace } from '../modules/workspaces/index.ts';

type Lang = 'en' | 'pt-BR' | 'es';
/** The task title, in the workspace's language (staff read it). */
const titles: Record<Lang, (kind: string, score: number) => string> = {
  en: (kind, score) => `Follow up a low ${kind} answer (${score})`,
  'pt-BR': (kind, score) => `Retornar a uma resposta baixa de ${kind} (${score})`,
  es: (kind, score) => `Dar seguimiento a una respuesta baja de ${kind} (${score})`,
};

async function assignee(ctx: Ctx, workspaceId: string, accountManagerId: string | null, fallback: string | null) {
  const members = await listWorkspaceMembers(ctx, workspaceId);
  const ids = new Set(members.map((m) => m.id));
  if (accountManagerId && ids.has(accountManagerId)) return accountManagerId;
  if (fallback && ids.has(fallback)) return fallback;
  return members.find((m) => m.role === 'owner')?.id ?? null;
}

async function openComplaint(ctx: Ctx & { log?: Logger }, input: FollowUpInput, locale: Lang) {
  const { survey } = input;
  const comment = survey.comment as string;
  const categories = (await getComplaintSettings(ctx, input.workspaceId)).categories;
  const category = ['service', 'other'].find((c) => categories.includes(c)) ?? categories[0];
  try {
    const r = await registerComplaint(
      ctx,
      input.workspaceId,
      {
        customerId: survey.customerId,
        category,
        channel: 'web',
        subject: comment.split('\n')[0].slice(0, 200),
        description: comment,
        locale,
      },
      { label: 'customer', source: 'public_form' },
    );
    return { id: r.complaint.id, reference: r.complaint.reference };
  } catch (err) {
    ctx.log?.error({ err, surveyId: survey.id }, 'a complaint asked for in a survey answer could not be registered');
    return undefined;
  }
}

export const surveyFollowUp: OnLowScore = async (ctx, input): Promise<FollowUp> => {
  const { survey, workspaceId } = input;
  const [customer, ws] = await Promise.all([
    getCustomer(ctx, workspaceId, survey.customerId),
    getWorkspace(ctx, workspaceId),
  ]);
  const lang = (['en', 'pt-BR', 'es'].includes(ws.locale) ? ws.locale : 'en') as Lang;
  const to = await assignee(ctx, workspaceId, customer.accountManagerId, input.fallbackAssigneeId);
  const task = to
    ? await createTask(
        ctx,
        workspaceId,
        {
          title: titles[lang](survey.kind.toUpperCase(), survey.score as number),
          customerId: survey.customerId,
          assigneeId: to,
          dueOn: isoDay(addDays(ctx.now(), 2)),
          source: 'survey_detractor',
        },
        'survey',
      )
    : undefined;
  const complaint = input.openComplaint ? await openComplaint(ctx, input, survey.locale as Lang) : undefined;
  return {
    taskId: task?.id ?? null,
    complaintId: complaint?.id ?? null,
    complaintReference: complaint?.reference ?? null,
  };
};
