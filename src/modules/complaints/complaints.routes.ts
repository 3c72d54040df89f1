// HTTP surface of complaints for signed-in people and API tokens: registration, lists and search,
// transitions, assignment, compensations, teams, routing, settings, KPIs. Thin: parse, call, answer.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  AssignBody,
  CompensationSchema,
  ComplaintPageSchema,
  ComplaintSchema,
  ComplaintSettingsSchema,
  CreateCompensationBody,
  CreateTeamBody,
  DecideCompensationBody,
  KpisSchema,
  ListComplaintsQuery,
  ListCompensationsQuery,
  ProposalSchema,
  RegisterComplaintBody,
  RegisteredComplaintSchema,
  RootCauseSeriesSchema,
  RootCausesQuery,
  RoutingSchema,
  SetRoutingBody,
  SetTeamMembersBody,
  SuggestionSchema,
  SuggestionsQuery,
  TeamSchema,
  TransitionBody,
  TransitionSchema,
  UpdateComplaintSettingsBody,
  UpdateTeamBody,
  WindowQuery,
} from './complaints.dto.ts';
import {
  decideCompensation,
  getCompensation,
  listCompensations,
  proposalFor,
  recordCompensation,
} from './complaints.compensation.ts';
import type { ComplaintHooks } from './complaints.hooks.ts';
import { complaintKpis, rootCausesOverTime } from './complaints.kpis.ts';
import { type Actor, actorLabel, statusPath, toComplaintDto } from './complaints.service.ts';
import { assignComplaint } from './complaints.assign.ts';
import { getComplaint, listComplaints, listTransitions, suggestSimilar } from './complaints.read.ts';
import { registerComplaint } from './complaints.register.ts';
import { transitionComplaint } from './complaints.transition.ts';
import { getComplaintSettings, updateComplaintSettings } from './complaints.settings.ts';
import {
  createTeam,
  getRouting,
  getTeam,
  listTeams,
  setRouting,
  setTeamMembers,
  updateTeam,
} from './complaints.teams.ts';

const tags = ['Complaints'];
const recovery = ['Service recovery'];
const setup = ['Complaint setup'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
// A token acts as the person who made it, so "assigned to you" means the same for sessions and tokens.
const actorOf = (a: Auth): Actor => ({ userId: a.personId, tokenId: a.tokenId, role: a.role });
const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/complaints',
    permission: 'complaints:read',
    tags,
    summary: 'List and search complaints, newest first (cursor pagination)',
    request: { query: ListComplaintsQuery },
    responses: { 200: jsonResponse(ComplaintPageSchema, 'A page of complaints'), ...errorResponses },
  }),
  register: defineRoute({
    method: 'post',
    path: '/complaints',
    permission: 'complaints:write',
    tags,
    summary: 'Register a complaint for a customer (matched by email/phone or created); routes it to a team member',
    request: { body: jsonBody(RegisterComplaintBody) },
    responses: {
      201: jsonResponse(RegisteredComplaintSchema, 'Registered; the status token is shown once'),
      ...errorResponses,
    },
  }),
  suggestions: defineRoute({
    method: 'get',
    path: '/complaints/suggestions',
    permission: 'complaints:read',
    tags,
    summary:
      'Similar closed complaints and their solutions (full-text search over the knowledge base), for while typing',
    request: { query: SuggestionsQuery },
    responses: { 200: jsonResponse(items(SuggestionSchema), 'Best matches first'), ...errorResponses },
  }),
  kpis: defineRoute({
    method: 'get',
    path: '/complaints/kpis',
    permission: 'complaints:kpis',
    tags,
    summary: 'Complaint KPIs for a window, overall, per agent and per team',
    request: { query: WindowQuery },
    responses: { 200: jsonResponse(KpisSchema, 'KPIs'), ...errorResponses },
  }),
  rootCauses: defineRoute({
    method: 'get',
    path: '/complaints/root-causes',
    permission: 'complaints:kpis',
    tags,
    summary: 'Resolved complaints per root cause and period (workspace time zone)',
    request: { query: RootCausesQuery },
    responses: { 200: jsonResponse(RootCauseSeriesSchema, 'Counts'), ...errorResponses },
  }),
  get: defineRoute({
    method: 'get',
    path: '/complaints/{id}',
    permission: 'complaints:read',
    tags,
    summary: 'One complaint',
    request: { params: IdParams },
    responses: { 200: jsonResponse(ComplaintSchema, 'The complaint'), ...errorResponses },
  }),
  transitions: defineRoute({
    method: 'get',
    path: '/complaints/{id}/transitions',
    permission: 'complaints:read',
    tags,
    summary: 'Every status change: who, when, from, to, note',
    request: { params: IdParams },
    responses: { 200: jsonResponse(items(TransitionSchema), 'Oldest first'), ...errorResponses },
  }),
  transition: defineRoute({
    method: 'post',
    path: '/complaints/{id}/transitions',
    permission: 'complaints:write',
    tags,
    summary: 'Move a complaint to its next status (409 when the status machine does not allow it)',
    request: { params: IdParams, body: jsonBody(TransitionBody) },
    responses: { 200: jsonResponse(ComplaintSchema, 'Moved'), ...errorResponses },
  }),
  assign: defineRoute({
    method: 'post',
    path: '/complaints/{id}/assignment',
    permission: 'complaints:manage',
    tags,
    summary: 'Give an open complaint to another member',
    request: { params: IdParams, body: jsonBody(AssignBody) },
    responses: { 200: jsonResponse(ComplaintSchema, 'Reassigned'), ...errorResponses },
  }),
  proposal: defineRoute({
    method: 'get',
    path: '/complaints/{id}/compensation-proposal',
    permission: 'complaints:read',
    tags: recovery,
    summary: 'A compensation sized to the customer’s value and the severity (see docs/architecture.md)',
    request: { params: IdParams },
    responses: { 200: jsonResponse(ProposalSchema, 'The proposal'), ...errorResponses },
  }),
  compensate: defineRoute({
    method: 'post',
    path: '/complaints/{id}/compensations',
    permission: 'complaints:write',
    tags: recovery,
    summary: 'Record a compensation; above the threshold it waits for a manager',
    request: { params: IdParams, body: jsonBody(CreateCompensationBody) },
    responses: { 201: jsonResponse(CompensationSchema, 'Recorded'), ...errorResponses },
  }),
  compensations: defineRoute({
    method: 'get',
    path: '/compensations',
    permission: 'complaints:read',
    tags: recovery,
    summary: 'Compensations, newest first',
    request: { query: ListCompensationsQuery },
    responses: { 200: jsonResponse(items(CompensationSchema), 'Compensations'), ...errorResponses },
  }),
  compensation: defineRoute({
    method: 'get',
    path: '/compensations/{id}',
    permission: 'complaints:read',
    tags: recovery,
    summary: 'One compensation',
    request: { params: IdParams },
    responses: { 200: jsonResponse(CompensationSchema, 'The compensation'), ...errorResponses },
  }),
  approve: defineRoute({
    method: 'post',
    path: '/compensations/{id}/approve',
    permission: 'complaints:approve',
    tags: recovery,
    summary: 'Approve a compensation awaiting approval (points are posted to the loyalty ledger when wired)',
    request: { params: IdParams, body: jsonBody(DecideCompensationBody) },
    responses: { 200: jsonResponse(CompensationSchema, 'Approved'), ...errorResponses },
  }),
  reject: defineRoute({
    method: 'post',
    path: '/compensations/{id}/reject',
    permission: 'complaints:approve',
    tags: recovery,
    summary: 'Reject a compensation awaiting approval',
    request: { params: IdParams, body: jsonBody(DecideCompensationBody) },
    responses: { 200: jsonResponse(CompensationSchema, 'Rejected'), ...errorResponses },
  }),
  teams: defineRoute({
    method: 'get',
    path: '/complaint-teams',
    permission: 'complaints:read',
    tags: setup,
    summary: 'Teams that handle complaints, with members and their open load',
    responses: { 200: jsonResponse(items(TeamSchema), 'Teams'), ...errorResponses },
  }),
  createTeam: defineRoute({
    method: 'post',
    path: '/complaint-teams',
    permission: 'complaints:manage',
    tags: setup,
    summary: 'Create a team (round robin or least loaded)',
    request: { body: jsonBody(CreateTeamBody) },
    responses: { 201: jsonResponse(TeamSchema, 'Created'), ...errorResponses },
  }),
  team: defineRoute({
    method: 'get',
    path: '/complaint-teams/{id}',
    permission: 'complaints:read',
    tags: setup,
    summary: 'One team',
    request: { params: IdParams },
    responses: { 200: jsonResponse(TeamSchema, 'The team'), ...errorResponses },
  }),
  updateTeam: defineRoute({
    method: 'patch',
    path: '/complaint-teams/{id}',
    permission: 'complaints:manage',
    tags: setup,
    summary: 'Rename a team or change how it assigns',
    request: { params: IdParams, body: jsonBody(UpdateTeamBody) },
    responses: { 200: jsonResponse(TeamSchema, 'Updated'), ...errorResponses },
  }),
  members: defineRoute({
    method: 'put',
    path: '/complaint-teams/{id}/members',
    permission: 'complaints:manage',
    tags: setup,
    summary: 'Replace the members (managers are escalation targets)',
    request: { params: IdParams, body: jsonBody(SetTeamMembersBody) },
    responses: { 200: jsonResponse(TeamSchema, 'Updated'), ...errorResponses },
  }),
  routing: defineRoute({
    method: 'get',
    path: '/complaint-routing',
    permission: 'complaints:read',
    tags: setup,
    summary: 'Which team gets which category (`*`: every other)',
    responses: { 200: jsonResponse(RoutingSchema, 'Rules'), ...errorResponses },
  }),
  setRouting: defineRoute({
    method: 'put',
    path: '/complaint-routing',
    permission: 'complaints:manage',
    tags: setup,
    summary: 'Replace the routing rules',
    request: { body: jsonBody(SetRoutingBody) },
    responses: { 200: jsonResponse(RoutingSchema, 'Rules'), ...errorResponses },
  }),
  settings: defineRoute({
    method: 'get',
    path: '/complaint-settings',
    permission: 'complaints:read',
    tags: setup,
    summary: 'Categories, root causes, SLA matrix, business calendar, compensation limits',
    responses: { 200: jsonResponse(ComplaintSettingsSchema, 'Settings'), ...errorResponses },
  }),
  updateSettings: defineRoute({
    method: 'patch',
    path: '/complaint-settings',
    permission: 'complaints:manage',
    tags: setup,
    summary: 'Change settings (SLA matrix cells merge; new deadlines only)',
    request: { body: jsonBody(UpdateComplaintSettingsBody) },
    responses: { 200: jsonResponse(ComplaintSettingsSchema, 'Settings'), ...errorResponses },
  }),
};

export function complaintsRoutes(deps: Deps, hooks: ComplaintHooks) {
  const router = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;

  router.openapi(routes.list, async (c) => c.json(await listComplaints(deps, ws(c), c.req.valid('query')), 200));
  router.openapi(routes.register, async (c) => {
    const a = auth(c);
    const r = await registerComplaint(deps, a.workspaceId, c.req.valid('json'), {
      label: actorLabel(actorOf(a)),
      source: 'agent',
    });
    return c.json(
      { ...toComplaintDto(r.complaint), statusToken: r.statusToken, statusPath: statusPath(r.statusToken) },
      201,
    );
  });
  router.openapi(routes.suggestions, async (c) =>
    c.json({ items: await suggestSimilar(deps, ws(c), c.req.valid('query')) }, 200),
  );
  router.openapi(routes.kpis, async (c) => c.json(await complaintKpis(deps, ws(c), c.req.valid('query')), 200));
  router.openapi(routes.rootCauses, async (c) =>
    c.json(await rootCausesOverTime(deps, ws(c), c.req.valid('query')), 200),
  );
  router.openapi(routes.get, async (c) => c.json(await getComplaint(deps, ws(c), c.req.valid('param').id), 200));
  router.openapi(routes.transitions, async (c) =>
    c.json({ items: await listTransitions(deps, ws(c), c.req.valid('param').id) }, 200),
  );
  router.openapi(routes.transition, async (c) =>
    c.json(
      await transitionComplaint(deps, hooks, ws(c), c.req.valid('param').id, c.req.valid('json'), actorOf(auth(c))),
      200,
    ),
  );
  router.openapi(routes.assign, async (c) =>
    c.json(await assignComplaint(deps, ws(c), c.req.valid('param').id, c.req.valid('json'), actorOf(auth(c))), 200),
  );
  router.openapi(routes.proposal, async (c) =>
    c.json(await proposalFor(deps, hooks, ws(c), c.req.valid('param').id), 200),
  );
  router.openapi(routes.compensate, async (c) =>
    c.json(
      await recordCompensation(deps, hooks, ws(c), c.req.valid('param').id, c.req.valid('json'), actorOf(auth(c))),
      201,
    ),
  );
  router.openapi(routes.compensations, async (c) =>
    c.json({ items: await listCompensations(deps, ws(c), c.req.valid('query')) }, 200),
  );
  router.openapi(routes.compensation, async (c) =>
    c.json(await getCompensation(deps, ws(c), c.req.valid('param').id), 200),
  );
  router.openapi(routes.approve, async (c) =>
    c.json(
      await decideCompensation(
        deps,
        hooks,
        ws(c),
        c.req.valid('param').id,
        'approve',
        c.req.valid('json').note,
        actorOf(auth(c)),
      ),
      200,
    ),
  );
  router.openapi(routes.reject, async (c) =>
    c.json(
      await decideCompensation(
        deps,
        hooks,
        ws(c),
        c.req.valid('param').id,
        'reject',
        c.req.valid('json').note,
        actorOf(auth(c)),
      ),
      200,
    ),
  );
  router.openapi(routes.teams, async (c) => c.json({ items: await listTeams(deps, ws(c)) }, 200));
  router.openapi(routes.createTeam, async (c) => c.json(await createTeam(deps, ws(c), c.req.valid('json')), 201));
  router.openapi(routes.team, async (c) => c.json(await getTeam(deps, ws(c), c.req.valid('param').id), 200));
  router.openapi(routes.updateTeam, async (c) =>
    c.json(await updateTeam(deps, ws(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.members, async (c) =>
    c.json(await setTeamMembers(deps, ws(c), c.req.valid('param').id, c.req.valid('json').members), 200),
  );
  router.openapi(routes.routing, async (c) => c.json(await getRouting(deps, ws(c)), 200));
  router.openapi(routes.setRouting, async (c) => c.json(await setRouting(deps, ws(c), c.req.valid('json').rules), 200));
  router.openapi(routes.settings, async (c) => c.json(await getComplaintSettings(deps, ws(c)), 200));
  router.openapi(routes.updateSettings, async (c) =>
    c.json(await updateComplaintSettings(deps, ws(c), c.req.valid('json')), 200),
  );
  return router;
}
