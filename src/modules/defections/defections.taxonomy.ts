// Owns a workspace's reason taxonomy and register settings. The defaults are seeded once, the
// first time anything reads them (a workspace made before this domain existed gets them too);
// after that the workspace edits them: labels per language, controllable, active. A reason a
// defection uses, and a built-in one, is never deleted; it is deactivated instead.
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { defaultReasons } from './defections.defaults.ts';
import type { ReasonDto, UpdateReasonInput } from './defections.dto.ts';
import {
  deleteUnusedReason,
  findReason,
  findSettings,
  insertReasons,
  insertSettingsIfMissing,
  listReasonRows,
  maxReasonPosition,
  type ReasonRow,
  type SettingsRow,
  updateReasonRow,
  updateSettingsRow,
} from './defections.repository.ts';
import type { ReasonLabels } from './defections.schema.ts';
import { problem } from '../../lib/problems.ts';

/** Seeds the default reasons and settings the first time a workspace uses the register. */
export async function ensureTaxonomy(db: Db, workspaceId: string): Promise<SettingsRow> {
  const existing = await findSettings(db, workspaceId);
  if (existing) return existing;
  await db.transaction(async (tx) => {
    if (!(await insertSettingsIfMissing(tx, workspaceId))) return;
    await insertReasons(
      tx,
      defaultReasons.map((r, i) => ({ workspaceId, ...r, builtIn: true, active: true, position: (i + 1) * 10 })),
    );
  });
  return (await findSettings(db, workspaceId)) as SettingsRow;
}

const toReasonDto = (r: ReasonRow & { used?: boolean }): ReasonDto => ({
  code: r.code,
  labels: r.labels,
  controllable: r.controllable,
  active: r.active,
  builtIn: r.builtIn,
  position: r.position,
  used: r.used ?? false,
});

export async function listReasons(ctx: Ctx, workspaceId: string): Promise<ReasonDto[]> {
  await ensureTaxonomy(ctx.db, workspaceId);
  return (await listReasonRows(ctx.db, workspaceId)).map(toReasonDto);
}

export async function createReason(
  ctx: Ctx,
  workspaceId: string,
  input: { code: string; labels: ReasonLabels; controllable: boolean },
): Promise<ReasonDto> {
  await ensureTaxonomy(ctx.db, workspaceId);
  const position = (await maxReasonPosition(ctx.db, workspaceId)) + 10;
  const now = ctx.now();
  const inserted = await insertReasons(ctx.db, [
    { workspaceId, ...input, builtIn: false, active: true, position, createdAt: now, updatedAt: now },
  ]);
  if (!inserted) throw conflict(`A reason with the code ${input.code} exists already`);
  return toReasonDto((await findReason(ctx.db, workspaceId, input.code)) as ReasonRow);
}

export async function updateReason(
  ctx: Ctx,
  workspaceId: string,
  code: string,
  patch: UpdateReasonInput,
): Promise<ReasonDto> {
  await ensureTaxonomy(ctx.db, workspaceId);
  const current = await findReason(ctx.db, workspaceId, code);
  if (!current) throw notFound('Defection reason');
  // A label given replaces that language's; the others stay.
  const labels = patch.labels ? { ...current.labels, ...patch.labels } : undefined;
  const row = await updateReasonRow(ctx.db, workspaceId, code, {
    labels,
    controllable: patch.controllable,
    active: patch.active,
    updatedAt: ctx.now(),
  });
  if (!row) throw notFound('Defection reason');
  const used = (await listReasonRows(ctx.db, workspaceId)).find((r) => r.code === code)?.used ?? false;
  return toReasonDto({ ...row, used });
}

export async function deleteReason(ctx: Ctx, workspaceId: string, code: string): Promise<void> {
  await ensureTaxonomy(ctx.db, workspaceId);
  const current = await findReason(ctx.db, workspaceId, code);
  if (!current) throw notFound('Defection reason');
  if (current.builtIn) throw conflict('A default reason cannot be deleted; deactivate it instead');
  if (!(await deleteUnusedReason(ctx.db, workspaceId, code)))
    throw conflict('Defections use this reason, so it cannot be deleted; deactivate it instead');
}

/** The reason a new defection may be recorded with: known and active. */
export async function checkedReason(
  db: Db,
  workspaceId: string,
  code: string,
  path = 'reasonCode',
): Promise<ReasonRow> {
  await ensureTaxonomy(db, workspaceId);
  const reason = await findReason(db, workspaceId, code);
  if (!reason || !reason.active)
    throw new AppError('validation_failed', 'Unknown or inactive defection reason', {
      fields: [{ path, ...problem('not_an_active_reason') }],
    });
  return reason;
}

export const settingsDto = (s: SettingsRow) => ({ lapseThreshold: s.lapseThreshold, surveyTtlDays: s.surveyTtlDays });

export async function getSettings(ctx: Ctx, workspaceId: string) {
  return settingsDto(await ensureTaxonomy(ctx.db, workspaceId));
}

export async function updateSettings(
  ctx: Ctx,
  workspaceId: string,
  patch: { lapseThreshold?: number; surveyTtlDays?: number },
) {
  await ensureTaxonomy(ctx.db, workspaceId);
  return settingsDto(await updateSettingsRow(ctx.db, workspaceId, { ...patch, updatedAt: ctx.now() }));
}

/** The codes of the workspace's active reasons. */
export async function listReasonCodes(db: Db, workspaceId: string): Promise<Set<string>> {
  await ensureTaxonomy(db, workspaceId);
  return new Set((await listReasonRows(db, workspaceId)).filter((r) => r.active).map((r) => r.code));
}
