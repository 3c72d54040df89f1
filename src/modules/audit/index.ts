// The audit domain's public surface.
export { auditLog, auditSettings } from './audit.schema.ts';
export { type AuditRequest, currentAuditRequest, withAuditRequest } from './audit.context.ts';
export {
  type Change,
  changedFields,
  purgeExpiredAudit,
  recordChange,
  recordRequest,
  redactCustomerInAudit,
  verifyChain,
} from './audit.service.ts';
export { auditRoutes } from './audit.routes.ts';
export { mergePinnedTables } from './audit.merge.ts';
