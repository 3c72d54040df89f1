// The bond index's weights and scale per workspace: stored as given, read with the defaults filled in.
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import type { BondSettingsDto } from './bonds.dto.ts';
import { type BondSettings, defaultBondSettings } from './bonds.model.ts';
import { readSettings, writeSettings } from './bonds.records.repository.ts';

export async function loadBondSettings(db: Db, workspaceId: string): Promise<BondSettings> {
  const stored = (await readSettings(db, workspaceId)) as Partial<BondSettings> | undefined;
  return {
    weights: { ...defaultBondSettings.weights, ...(stored?.weights ?? {}) },
    pointsValueScaleMinor: stored?.pointsValueScaleMinor ?? defaultBondSettings.pointsValueScaleMinor,
  };
}

/** Replaces the workspace's settings; the next scoring run uses them (a customer's bonds page at once). */
export async function saveBondSettings(ctx: Ctx, workspaceId: string, input: BondSettingsDto): Promise<BondSettings> {
  await writeSettings(ctx.db, workspaceId, input);
  return loadBondSettings(ctx.db, workspaceId);
}
