// The users domain's public surface.
export * from './users.dto.ts';
export { decoyHash, hashPassword, verifyPassword, weakPasswordProblem, weakPasswordReason } from './password.ts';
export {
  findUserByEmail,
  findUserById,
  findUsersByIds,
  isMemberByEmail,
  isMemberSql,
  kpiDigestRecipients,
  mailPreferences,
  digestRoles,
  type DigestRecipient,
  listMembershipsOfUser,
  membershipRows,
  userProfileRows,
} from './users.sources.ts';
export { roles, type Role } from './users.schema.ts';
export { onMembershipChange } from './users.changes.ts';
export {
  addMember,
  addMembership,
  assertMayGrant,
  createAccount,
  getMember,
  listWorkspaceMembers,
  type OnMemberRemoved,
  removeMember,
  setOwnPreferences,
  setPasswordHash,
  updateMember,
  updateOwnName,
} from './users.service.ts';
export { usersRoutes } from './users.routes.ts';
