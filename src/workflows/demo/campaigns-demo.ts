// Demo campaigns: a win-back campaign on the gold and iron tiers, launched 120 days before the
// demo's end with a 20 % control group (stratified by tier), so the Campaigns page has a split
// check and 90 days of results to show. The demo's purchases were generated without any campaign,
// so the honest result is no effect: intervals that cover zero. Runs once per workspace.
import type { Db } from '../../db/client.ts';
import { createCampaign, createSegment, launchCampaign, listCampaigns } from '../../modules/campaigns/index.ts';

const DAY = 86_400_000;

/** The campaign's words in the workspace's language, like the demo's loyalty levels (one language on screen). */
const words: Record<string, { segment: string; campaign: string; control: string; voucher: string }> = {
  en: { segment: 'Gold and iron', campaign: 'Win back: gold and iron', control: 'Control', voucher: '15 % voucher' },
  pt: {
    segment: 'Ouro e ferro',
    campaign: 'Reconquista: ouro e ferro',
    control: 'Controle',
    voucher: 'Cupom de 15 %',
  },
  es: {
    segment: 'Oro y hierro',
    campaign: 'Recuperación: oro y hierro',
    control: 'Control',
    voucher: 'Cupón del 15 %',
  },
};

export async function loadDemoCampaigns(
  ctx: { db: Db; now: () => Date },
  workspaceId: string,
  end: Date,
  locale = 'en',
): Promise<{ campaigns: number; members: number } | null> {
  if ((await listCampaigns(ctx, workspaceId, { limit: 1 })).items.length > 0) return null;
  const w = words[locale.slice(0, 2)] ?? words.en;
  const segment = await createSegment(
    ctx,
    workspaceId,
    { name: w.segment, definition: { all: [{ field: 'tier', in: ['gold', 'iron'] }] } },
    'demo',
  );
  const launchedAt = new Date(end.getTime() - 120 * DAY);
  const at = { db: ctx.db, now: () => launchedAt };
  const draft = await createCampaign(
    at,
    workspaceId,
    {
      name: w.campaign,
      objective: 'win_back',
      segmentId: segment.id,
      arms: [
        { key: 'control', name: w.control, share: 20, control: true },
        { key: 'voucher', name: w.voucher, share: 80, control: false },
      ],
      stratifyByTier: true,
      seed: 'demo',
    },
    'demo',
  );
  const launched = await launchCampaign(at, workspaceId, draft.id).catch(() => null); // an empty segment leaves a draft
  const members = launched?.sampleRatio ? Object.values(launched.sampleRatio.counts).reduce((s, n) => s + n, 0) : 0;
  return { campaigns: 1, members };
}
