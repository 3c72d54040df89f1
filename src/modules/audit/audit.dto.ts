// The audit domain's shapes at the edge: the list query and page, the verification result, settings.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import type { AuditRow } from './audit.repository.ts';

export const ListAuditQuery = z.strictObject({
  actorId: z.string().trim().min(1).max(200).optional(),
  actorType: z.enum(['user', 'token', 'system']).optional(),
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  from: Timestamp.optional().openapi({ description: 'Rows at or after this instant' }),
  to: Timestamp.optional().openapi({ description: 'Rows before this instant' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
export type ListAuditInput = z.infer<typeof ListAuditQuery>;

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    at: z.string(),
    actorType: z.enum(['user', 'token', 'system']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable().openapi({ description: "The person's name or the token's name, when known" }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    method: z.string().nullable(),
    route: z.string().nullable().openapi({ description: 'The route pattern, e.g. /customers/{id}' }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    customerId: z.string().nullable(),
    requestId: z.string().nullable(),
    status: z.number().int().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Fields before and after' }),
    redacted: z.boolean(),
  })
  .openapi('AuditEntry');
export type AuditEntryDto = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z
  .object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() })
  .openapi('AuditPage');

export const AuditVerifySchema = z
  .object({
    ok: z.boolean(),
    rows: z.number().int().openapi({ description: 'Rows checked' }),
    fromSeq: z.number().int().openapi({ description: 'Where the chain starts (after rows retention deleted)' }),
    lastSeq: z.number().int(),
    broken: z
      .object({ seq: z.number().int(), reason: z.enum(['missing', 'prev_hash', 'hash', 'detail']) })
      .nullable()
      .openapi({ description: 'The first broken row and why' }),
  })
  .openapi('AuditVerification');
export type AuditVerifyDto = z.infer<typeof AuditVerifySchema>;

export const AuditSettingsSchema = z
  .object({ retentionDays: z.number().int().min(30).max(3650) })
  .openapi('AuditSettings');
export const AuditSettingsBody = z
  .strictObject({ retentionDays: z.number().int().min(30).max(3650) })
  .openapi('AuditSettingsInput');

export const toAuditDto = (r: AuditRow, names: Map<string, string>): AuditEntryDto => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at.toISOString(),
  actorType: r.actorType as AuditEntryDto['actorType'],
  actorId: r.actorId,
  actorName: r.actorId ? (names.get(r.actorId) ?? null) : null,
  ip: r.ip,
  userAgent: r.userAgent,
  method: r.method,
  route: r.route,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  customerId: r.customerId,
  requestId: r.requestId,
  status: r.status,
  detail: r.detail ?? null,
  redacted: r.redactedAt !== null,
});
