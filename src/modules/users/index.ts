// The users domain's public surface.
export * from './users.dto.ts';
export { decoyHash, hashPassword, verifyPassword, weakPasswordReason } from './password.ts';
export { findUserByEmail, findUserById, listMembershipsOfUser } from './users.repository.ts';
export { roles, type Role } from './users.schema.ts';
export { addMember, getMember, listWorkspaceMembers, removeMember, updateMember } from './users.service.ts';
export { usersRoutes } from './users.routes.ts';
