// HTTP surface of the customer list's bulk actions: tag, assign an account manager, save as a
// segment. Each takes a selection (ids, or the list's filters). Thin: parse, call, answer.
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { assignCustomers, segmentFromSelection, selectedIds, tagCustomers } from './customers.bulk.ts';
import { BulkAssignBody, BulkResultSchema, BulkSegmentBody, BulkTagBody } from './customers.dto.ts';
import type { ScoreMatches } from './customers.repository.ts';

const tags = ['Customers'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;

const routes = {
  tag: defineRoute({
    method: 'post',
    path: '/customers/bulk/tag',
    permission: 'customers:write',
    tags,
    summary: 'Add tags to the selected customers (ids, or every customer the filters match)',
    request: { body: jsonBody(BulkTagBody) },
    responses: { 200: jsonResponse(BulkResultSchema, 'Tagged'), ...errorResponses },
  }),
  assign: defineRoute({
    method: 'post',
    path: '/customers/bulk/assign',
    permission: 'customers:write',
    tags,
    summary: 'Give the selected customers an account manager (recorded in the book history)',
    request: { body: jsonBody(BulkAssignBody) },
    responses: { 200: jsonResponse(BulkResultSchema, 'Assigned'), ...errorResponses },
  }),
  segment: defineRoute({
    method: 'post',
    path: '/customers/bulk/segment',
    permission: 'campaigns:write',
    tags,
    summary: 'Save the selected customers as a new segment (they get a tag the segment targets)',
    request: { body: jsonBody(BulkSegmentBody) },
    responses: { 200: jsonResponse(BulkResultSchema, 'Segment saved'), ...errorResponses },
  }),
};

/** The other domains' use cases a bulk action drives, handed in by the app. */
export type BulkSources = {
  scoreMatches: ScoreMatches;
  /** The books domain's assignment (it checks the caller may assign). */
  assign: (a: Auth, ids: string[], userId: string | null, reason?: string) => Promise<{ changed: number }>;
  /** The campaigns domain's segment of the customers holding a tag. */
  saveSegment: (a: Auth, name: string, tag: string) => Promise<{ id: string }>;
};

export function customersBulkRoutes(deps: Deps, sources: BulkSources) {
  const router = createRouter();
  const ids = (a: Auth, selection: Parameters<typeof selectedIds>[2]) =>
    selectedIds(deps, a.workspaceId, selection, sources.scoreMatches);
  router.openapi(routes.tag, async (c) => {
    const a = auth(c);
    const body = c.req.valid('json');
    return c.json(await tagCustomers(deps, a.workspaceId, await ids(a, body.selection), body.tags), 200);
  });
  router.openapi(routes.assign, async (c) => {
    const a = auth(c);
    const body = c.req.valid('json');
    const selected = await ids(a, body.selection);
    const assign = (list: string[], userId: string | null, reason?: string) => sources.assign(a, list, userId, reason);
    return c.json(await assignCustomers(selected, assign, body.userId, body.reason), 200);
  });
  router.openapi(routes.segment, async (c) => {
    const a = auth(c);
    const body = c.req.valid('json');
    const save = (name: string, tag: string) => sources.saveSegment(a, name, tag);
    return c.json(await segmentFromSelection(deps, a.workspaceId, await ids(a, body.selection), body.name, save), 200);
  });
  return router;
}
