// The auth domain's public surface.
export * from './auth.dto.ts';
export { authenticate } from './auth.middleware.ts';
export { purgeExpired, resealSecondFactors } from './auth.sources.ts';
export { accountRoutes } from './auth.account.routes.ts';
export { secondFactorRoutes } from './auth.second-factor.routes.ts';
export { sendDuePasswordResets } from './auth.reset.ts';
export { authRoutes, clientIp } from './auth.routes.ts';
export { INVITATION_TTL_DAYS, inviteMember, onMemberRemoved } from './auth.invitations.ts';
export { invitationsRoutes } from './auth.invitations.routes.ts';
export {
  API_TOKEN_PREFIX,
  authenticateApiToken,
  createApiToken,
  login,
  revokeApiToken,
  SESSION_COOKIE,
} from './auth.service.ts';
