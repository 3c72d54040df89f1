// HTTP surface of campaigns: segments (save, version, preview), campaigns (draft, launch, finish,
// members) and the workspace's global holdout. Thin: parse, call the use case, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  CampaignResultsSchema,
  CampaignSchema,
  CampaignSettingsSchema,
  CreateCampaignBody,
  ListCampaignsQuery,
  MemberSchema,
  PageQuery,
  PlanBody,
  PlanSchema,
  PreviewBody,
  PreviewSchema,
  ResultsQuery,
  SaveSegmentBody,
  ScheduleCampaignBody,
  SegmentDefinitionSchema,
  SegmentSchema,
  UpdateCampaignSettingsBody,
  UpdateSegmentBody,
} from './campaigns.dto.ts';
import {
  createSegment,
  getSegment,
  listSegments,
  previewDefinition,
  previewSavedSegment,
  updateSegment,
} from './campaigns.segments.ts';
import { campaignResults, planCampaign } from './campaigns.results.ts';
import { registerUpliftRoutes } from './campaigns.uplift.routes.ts';
import { ConflictSchema, ExecutionSchema, RunBatchBody, SaveActionsBody } from './campaigns.actions.dto.ts';
import { listConflicts, saveActions } from './campaigns.actions.ts';
import { executionProgress, runExecutionBatch, startExecution } from './campaigns.execute.ts';
import { scheduleCampaign } from './campaigns.schedule.ts';
import {
  createCampaign,
  finishCampaign,
  getCampaign,
  getCampaignSettings,
  launchCampaign,
  listCampaigns,
  listMembers,
  updateCampaignSettings,
} from './campaigns.service.ts';

const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);
const tags = ['Campaigns'];
const read = 'campaigns:read' as const;
const write = 'campaigns:write' as const;
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const PreviewLimit = z.strictObject({ limit: z.coerce.number().int().min(0).max(100).default(20) });
const SegmentWithVersions = SegmentSchema.extend({
  versions: z.array(
    z.object({
      version: z.number().int(),
      definition: SegmentDefinitionSchema,
      createdBy: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});

const routes = {
  listSegments: defineRoute({
    method: 'get',
    path: '/segments',
    permission: read,
    tags,
    summary: 'Saved segments, newest first',
    request: { query: PageQuery },
    responses: { 200: jsonResponse(page(SegmentSchema), 'Segments'), ...errorResponses },
  }),
  createSegment: defineRoute({
    method: 'post',
    path: '/segments',
    permission: write,
    tags,
    summary: 'Save a segment (version 1): every condition must hold',
    request: { body: jsonBody(SaveSegmentBody) },
    responses: { 201: jsonResponse(SegmentSchema, 'Created'), ...errorResponses },
  }),
  previewDefinition: defineRoute({
    method: 'post',
    path: '/segments/preview',
    permission: read,
    tags,
    summary: 'Live count and first members of a definition, before saving it',
    request: { body: jsonBody(PreviewBody) },
    responses: { 200: jsonResponse(PreviewSchema, 'Count and sample'), ...errorResponses },
  }),
  getSegment: defineRoute({
    method: 'get',
    path: '/segments/{id}',
    permission: read,
    tags,
    summary: 'One segment with every version of its definition',
    request: { params: IdParams },
    responses: { 200: jsonResponse(SegmentWithVersions, 'The segment'), ...errorResponses },
  }),
  updateSegment: defineRoute({
    method: 'put',
    path: '/segments/{id}',
    permission: write,
    tags,
    summary: 'Save a new version of a segment (409 when it is no longer at the version given)',
    request: { params: IdParams, body: jsonBody(UpdateSegmentBody) },
    responses: { 200: jsonResponse(SegmentSchema, 'The new version'), ...errorResponses },
  }),
  previewSegment: defineRoute({
    method: 'get',
    path: '/segments/{id}/preview',
    permission: read,
    tags,
    summary: "Live count and first members of a saved segment's current version",
    request: { params: IdParams, query: PreviewLimit },
    responses: { 200: jsonResponse(PreviewSchema, 'Count and sample'), ...errorResponses },
  }),
  listCampaigns: defineRoute({
    method: 'get',
    path: '/campaigns',
    permission: read,
    tags,
    summary: 'Campaigns, newest first',
    request: { query: ListCampaignsQuery },
    responses: { 200: jsonResponse(page(CampaignSchema), 'Campaigns'), ...errorResponses },
  }),
  createCampaign: defineRoute({
    method: 'post',
    path: '/campaigns',
    permission: write,
    tags,
    summary: 'Draft a campaign: objective, segment, arms with planned shares (one control)',
    request: { body: jsonBody(CreateCampaignBody) },
    responses: { 201: jsonResponse(CampaignSchema, 'Created'), ...errorResponses },
  }),
  getCampaign: defineRoute({
    method: 'get',
    path: '/campaigns/{id}',
    permission: read,
    tags,
    summary: 'One campaign, with its sample-ratio check once launched',
    request: { params: IdParams },
    responses: { 200: jsonResponse(CampaignSchema, 'The campaign'), ...errorResponses },
  }),
  launchCampaign: defineRoute({
    method: 'post',
    path: '/campaigns/{id}/launch',
    permission: write,
    tags,
    summary: 'Launch a draft: freeze the segment, leave out the global holdout, assign arms',
    request: { params: IdParams },
    responses: { 200: jsonResponse(CampaignSchema, 'Launched'), ...errorResponses },
  }),
  scheduleCampaign: defineRoute({
    method: 'put',
    path: '/campaigns/{id}/schedule',
    permission: write,
    tags,
    summary: 'Schedule a draft to launch by itself at a time (null: launch by hand)',
    request: { params: IdParams, body: jsonBody(ScheduleCampaignBody) },
    responses: { 200: jsonResponse(CampaignSchema, 'The campaign'), ...errorResponses },
  }),
  finishCampaign: defineRoute({
    method: 'post',
    path: '/campaigns/{id}/finish',
    permission: write,
    tags,
    summary: 'Finish a launched campaign',
    request: { params: IdParams },
    responses: { 200: jsonResponse(CampaignSchema, 'Finished'), ...errorResponses },
  }),
  members: defineRoute({
    method: 'get',
    path: '/campaigns/{id}/members',
    permission: read,
    tags,
    summary: 'The member list frozen at launch, with each member’s arm; counts per arm',
    request: { params: IdParams, query: PageQuery },
    responses: {
      200: jsonResponse(page(MemberSchema).extend({ counts: z.record(z.string(), z.number().int()) }), 'Members'),
      ...errorResponses,
    },
  }),
  saveActions: defineRoute({
    method: 'put',
    path: '/campaigns/{id}/actions',
    permission: write,
    tags,
    summary:
      "Set a draft's actions per treatment arm (message, points, task; each with a unit cost) and eligibility rules",
    request: { params: IdParams, body: jsonBody(SaveActionsBody) },
    responses: { 200: jsonResponse(CampaignSchema, 'The campaign'), ...errorResponses },
  }),
  startExecution: defineRoute({
    method: 'post',
    path: '/campaigns/{id}/execute',
    permission: write,
    tags,
    summary: "Start executing a launched campaign's actions; a job works through the members in batches",
    request: { params: IdParams },
    responses: { 200: jsonResponse(ExecutionSchema, 'Progress'), ...errorResponses },
  }),
  execution: defineRoute({
    method: 'get',
    path: '/campaigns/{id}/execution',
    permission: read,
    tags,
    summary: 'Execution progress: done, skipped by reason, deferred, failed (with a few examples), costs per arm',
    request: { params: IdParams },
    responses: { 200: jsonResponse(ExecutionSchema, 'Progress'), ...errorResponses },
  }),
  runBatch: defineRoute({
    method: 'post',
    path: '/campaigns/{id}/execution/batch',
    permission: write,
    tags,
    summary: 'Run one batch of a running execution now instead of waiting for the job',
    request: { params: IdParams, body: jsonBody(RunBatchBody) },
    responses: { 200: jsonResponse(ExecutionSchema, 'Progress'), ...errorResponses },
  }),
  conflicts: defineRoute({
    method: 'get',
    path: '/campaigns/{id}/conflicts',
    permission: read,
    tags,
    summary: 'Members also in another running campaign with a conflicting objective (e.g. win back and upsell)',
    request: { params: IdParams },
    responses: {
      200: jsonResponse(z.object({ count: z.number().int(), items: z.array(ConflictSchema) }), 'Conflicts'),
      ...errorResponses,
    },
  }),
  results: defineRoute({
    method: 'get',
    path: '/campaigns/{id}/results',
    permission: read,
    tags,
    summary: 'Each arm against the control over a window from the launch: repurchase rate and revenue per member',
    request: { params: IdParams, query: ResultsQuery },
    responses: { 200: jsonResponse(CampaignResultsSchema, 'Results'), ...errorResponses },
  }),
  plan: defineRoute({
    method: 'post',
    path: '/campaigns/plan',
    permission: read,
    tags,
    summary: 'Sample size and minimum detectable effect for a rate (80 % power, α 5 %) with the planned control share',
    request: { body: jsonBody(PlanBody) },
    responses: { 200: jsonResponse(PlanSchema, 'The plan'), ...errorResponses },
  }),
  getSettings: defineRoute({
    method: 'get',
    path: '/campaign-settings',
    permission: read,
    tags,
    summary: 'The global holdout: the share of customers kept out of every campaign',
    responses: { 200: jsonResponse(CampaignSettingsSchema, 'Settings'), ...errorResponses },
  }),
  updateSettings: defineRoute({
    method: 'put',
    path: '/campaign-settings',
    permission: 'campaigns:manage',
    tags,
    summary: 'Set the global holdout share (0–0.5); redraw picks other customers',
    request: { body: jsonBody(UpdateCampaignSettingsBody) },
    responses: { 200: jsonResponse(CampaignSettingsSchema, 'Saved'), ...errorResponses },
  }),
};

export function campaignsRoutes(deps: Deps) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  r.openapi(routes.listSegments, async (c) => c.json(await listSegments(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.createSegment, async (c) =>
    c.json(await createSegment(deps, ws(c), c.req.valid('json'), actor(auth(c))), 201),
  );
  r.openapi(routes.previewDefinition, async (c) => {
    const body = c.req.valid('json');
    return c.json(await previewDefinition(deps, ws(c), body.definition, body.limit), 200);
  });
  r.openapi(routes.getSegment, async (c) => c.json(await getSegment(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.updateSegment, async (c) =>
    c.json(await updateSegment(deps, ws(c), c.req.valid('param').id, c.req.valid('json'), actor(auth(c))), 200),
  );
  r.openapi(routes.previewSegment, async (c) =>
    c.json(await previewSavedSegment(deps, ws(c), c.req.valid('param').id, c.req.valid('query').limit), 200),
  );
  r.openapi(routes.listCampaigns, async (c) => c.json(await listCampaigns(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.createCampaign, async (c) =>
    c.json(await createCampaign(deps, ws(c), c.req.valid('json'), actor(auth(c))), 201),
  );
  r.openapi(routes.plan, (c) => c.json(planCampaign(c.req.valid('json')), 200));
  r.openapi(routes.getCampaign, async (c) => c.json(await getCampaign(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.launchCampaign, async (c) =>
    c.json(await launchCampaign(deps, ws(c), c.req.valid('param').id), 200),
  );
  r.openapi(routes.scheduleCampaign, async (c) =>
    c.json(await scheduleCampaign(deps, ws(c), c.req.valid('param').id, c.req.valid('json').scheduledAt), 200),
  );
  r.openapi(routes.finishCampaign, async (c) =>
    c.json(await finishCampaign(deps, ws(c), c.req.valid('param').id), 200),
  );
  r.openapi(routes.members, async (c) =>
    c.json(await listMembers(deps, ws(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  r.openapi(routes.saveActions, async (c) => {
    const id = c.req.valid('param').id;
    await saveActions(deps, ws(c), id, c.req.valid('json'));
    return c.json(await getCampaign(deps, ws(c), id), 200);
  });
  r.openapi(routes.startExecution, async (c) =>
    c.json(await startExecution(deps, ws(c), c.req.valid('param').id), 200),
  );
  r.openapi(routes.execution, async (c) => c.json(await executionProgress(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.runBatch, async (c) => {
    const id = c.req.valid('param').id;
    await runExecutionBatch(deps, ws(c), id, { limit: c.req.valid('json').limit });
    return c.json(await executionProgress(deps, ws(c), id), 200);
  });
  r.openapi(routes.conflicts, async (c) => c.json(await listConflicts(deps, ws(c), c.req.valid('param').id), 200));
  r.openapi(routes.results, async (c) =>
    c.json(await campaignResults(deps, ws(c), c.req.valid('param').id, c.req.valid('query').days), 200),
  );
  r.openapi(routes.getSettings, async (c) => c.json(await getCampaignSettings(deps, ws(c)), 200));
  r.openapi(routes.updateSettings, async (c) =>
    c.json(await updateCampaignSettings(deps, ws(c), c.req.valid('json')), 200),
  );
  registerUpliftRoutes(r, deps);
  return r;
}
