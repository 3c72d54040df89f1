// The surveys domain's declared cross-domain sources: the satisfaction KPIs (NPS and CSAT over a
// period, with their parts) for the KPI home.
import type { Ctx } from '../../deps.ts';
import { surveyResults } from './surveys.service.ts';

/** NPS and CSAT of the answers given in the months `from`–`to` (YYYY-MM, UTC), with counts and sampling error. */
export async function satisfactionKpis(ctx: Ctx, workspaceId: string, range: { from: string; to: string }) {
  const r = await surveyResults(ctx, workspaceId, range);
  return { nps: r.nps, csat: r.csat, sent: r.sent, responseRate: r.responseRate, months: r.months };
}
