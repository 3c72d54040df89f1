// The workspaces domain's public surface.
export * from './workspaces.dto.ts';
export { allWorkspaces, hasAnyWorkspace } from './workspaces.sources.ts';
export {
  createWorkspace,
  findWorkspaceForSlug,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
} from './workspaces.service.ts';
export { workspaces } from './workspaces.schema.ts';
export { workspacesRoutes, type CreateOwnedWorkspace } from './workspaces.routes.ts';
