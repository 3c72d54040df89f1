// Owns the value engine's per-workspace settings: stored as validated JSON, read with the
// defaults filled in, so a setting added later applies to every workspace at once.
import type { Db } from '../../db/client.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { type AnalyticsSettings, AnalyticsSettingsSchema, defaultAnalyticsSettings } from './analytics.dto.ts';
import { findSettings, saveSettings } from './analytics.runs.repository.ts';

export async function loadSettings(
  ctx: { db: Db; now: () => Date },
  workspaceId: string,
): Promise<{ settings: AnalyticsSettings; currency: string; locale: string }> {
  const workspace = await getWorkspace(ctx, workspaceId);
  const stored = await findSettings(ctx.db, workspaceId);
  const parsed = stored ? AnalyticsSettingsSchema.safeParse(stored) : null;
  return {
    settings: parsed?.success ? parsed.data : defaultAnalyticsSettings(),
    currency: workspace.currency,
    locale: workspace.locale,
  };
}

/** Replaces the settings (validated at the edge); applies from the next scoring run. */
export async function updateSettings(
  ctx: { db: Db; now: () => Date },
  workspaceId: string,
  input: AnalyticsSettings,
  updatedBy: string | null,
): Promise<AnalyticsSettings> {
  await saveSettings(ctx.db, workspaceId, input, updatedBy, ctx.now());
  return input;
}
