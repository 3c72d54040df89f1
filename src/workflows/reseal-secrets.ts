// Seals every stored secret with the current key of SECRETS_KEY, in one transaction: the
// secrets kept in plain text before sealing existed, and those sealed with an older key (rotation:
// put the new key first in SECRETS_KEY, run `tenure secrets reseal`, then drop the old key).
import type { Config } from '../config.ts';
import type { Ctx } from '../deps.ts';
import { resealSecondFactors } from '../modules/auth/index.ts';
import { resealWebhookSecrets } from '../modules/webhooks/index.ts';

export async function resealSecrets(
  ctx: Ctx & { config: Pick<Config, 'secrets'> },
): Promise<{ webhookSecrets: number; authenticatorKeys: number }> {
  return ctx.db.transaction(async (tx) => ({
    webhookSecrets: await resealWebhookSecrets(tx, ctx.config.secrets),
    authenticatorKeys: await resealSecondFactors(tx, ctx.config.secrets),
  }));
}
