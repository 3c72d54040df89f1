// Owns a campaign's actions and eligibility rules (set while a draft: what each treatment arm does
// to its members, with a unit cost) and the conflicting-objective matrix: a customer in two running
// campaigns whose objectives pull against each other (selling more to someone being won back or
// recovered from a bad experience) is flagged at launch and listed.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound, invalidField } from '../../errors.ts';
import { getReward, requireProgram } from '../loyalty/index.ts';
import type { SaveActionsInput } from './campaigns.actions.dto.ts';
import { conflictingMemberships } from './campaigns.execute.repository.ts';
import { findCampaign, updateCampaignRow } from './campaigns.repository.ts';
import type { CampaignObjective } from './campaigns.schema.ts';
import type { CampaignAction } from './campaigns.types.ts';
import { problem } from '../../lib/problems.ts';

/** Pairs of objectives that should not reach one customer at once (symmetric). */
export const conflictingObjectives: Record<CampaignObjective, CampaignObjective[]> = {
  retain: ['upsell', 'cross_sell'],
  win_back: ['upsell', 'cross_sell'],
  service_recovery: ['upsell', 'cross_sell', 'loyalty_activation'],
  upsell: ['retain', 'win_back', 'service_recovery'],
  cross_sell: ['retain', 'win_back', 'service_recovery'],
  loyalty_activation: ['service_recovery'],
};

/** Replaces a draft's actions (and eligibility rules when given). */
export async function saveActions(ctx: Ctx, ws: string, id: string, input: SaveActionsInput) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'draft')
    throw new AppError(
      'conflict',
      `Actions can only change while the campaign is a draft; this one is ${campaign.status}`,
    );
  const arms = new Map(campaign.arms.map((a) => [a.key, a]));
  const keys = new Set<string>();
  input.actions.forEach((a, i) => {
    const arm = arms.get(a.arm);
    if (!arm) throw invalidField(`actions.${i}.arm`, problem('no_such_arm', { value: a.arm }));
    if (arm.control) throw invalidField(`actions.${i}.arm`, problem('control_no_actions'));
    if (keys.has(a.key)) throw invalidField(`actions.${i}.key`, problem('action_key_twice'));
    keys.add(a.key);
  });
  if (input.actions.some((a) => a.type === 'points')) {
    try {
      await requireProgram(ctx.db, ws);
    } catch (err) {
      if (err instanceof AppError) throw invalidField('actions', problem('needs_loyalty'));
      throw err;
    }
  }
  const actions = input.actions as CampaignAction[];
  for (const [i, a] of actions.entries()) {
    if (a.type !== 'voucher') continue;
    const reward = await getReward(ctx, ws, a.rewardId).catch((err) => {
      if (err instanceof AppError && err.code === 'not_found')
        throw invalidField(`actions.${i}.rewardId`, problem('no_such_reward'));
      throw err;
    });
    if (!reward.active)
      throw invalidField(`actions.${i}.rewardId`, problem('reward_not_offered', { value: reward.name }));
    // Cost recorded per voucher: the reward's own cost unless the action names one.
    if (a.costMinor === 0) a.costMinor = reward.costMinor;
  }
  const row = await updateCampaignRow(ctx.db, ws, id, 'draft', {
    actions,
    ...(input.eligibility ? { eligibility: input.eligibility } : {}),
    updatedAt: ctx.now(),
  });
  if (!row) throw new AppError('conflict', 'The campaign changed meanwhile; load it again');
  return row;
}

/** Members also in another launched campaign with a conflicting objective (at most `limit`). */
export async function listConflicts(ctx: Ctx, ws: string, id: string, limit = 500) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  const items = await conflictingMemberships(ctx.db, ws, id, conflictingObjectives[campaign.objective], limit);
  return { count: campaign.conflicts ?? 0, items };
}
