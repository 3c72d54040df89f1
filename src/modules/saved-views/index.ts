// The saved views domain's public surface.
export * from './saved-views.dto.ts';
export { savedViewsRoutes } from './saved-views.routes.ts';
