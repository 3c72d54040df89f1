// HTTP surface of people: teams, goals, the scoreboard, one person's figures, kudos. Thin; who
// may see whose figures is decided in the service.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, IdParams, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { viewerOf } from '../books/index.ts';
import {
  CreateTeamBody,
  FiguresSchema,
  GiveKudosBody,
  GoalProgressSchema,
  GoalSchema,
  KudosQuery,
  KudosSchema,
  PeriodQuery,
  ScoreboardSchema,
  SetGoalBody,
  TeamSchema,
  UpdateTeamBody,
} from './people.dto.ts';
import {
  createTeam,
  giveKudos,
  listKudos,
  listTeams,
  peopleDirectory,
  personFigures,
  scoreboard,
  setGoal,
  updateTeam,
} from './people.service.ts';

const tags = ['People'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const UserParams = z.object({
  userId: z
    .uuid({ error: 'must be a UUID' })
    .openapi({ param: { name: 'userId', in: 'path' }, example: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' }),
});

const routes = {
  directory: defineRoute({
    method: 'get',
    path: '/people',
    permission: 'people:read',
    tags,
    summary: "The workspace's people by name (for kudos and the boards; no emails)",
    responses: {
      200: jsonResponse(z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) }), 'People'),
      ...errorResponses,
    },
  }),
  teams: defineRoute({
    method: 'get',
    path: '/teams',
    permission: 'people:read',
    tags,
    summary: 'Teams with their manager and members',
    responses: { 200: jsonResponse(z.object({ items: z.array(TeamSchema) }), 'Teams'), ...errorResponses },
  }),
  createTeam: defineRoute({
    method: 'post',
    path: '/teams',
    permission: 'people:manage',
    tags,
    summary: 'Create a team (name, manager, members)',
    request: { body: jsonBody(CreateTeamBody) },
    responses: { 201: jsonResponse(TeamSchema, 'Created'), ...errorResponses },
  }),
  updateTeam: defineRoute({
    method: 'patch',
    path: '/teams/{id}',
    permission: 'people:manage',
    tags,
    summary: 'Rename a team, change its manager or replace its members',
    request: { params: IdParams, body: jsonBody(UpdateTeamBody) },
    responses: { 200: jsonResponse(TeamSchema, 'Updated'), ...errorResponses },
  }),
  setGoal: defineRoute({
    method: 'put',
    path: '/goals',
    permission: 'people:manage',
    tags,
    summary: 'Set a goal for a person or team over a period (SLA, CSAT, book retention, positive mentions)',
    request: { body: jsonBody(SetGoalBody) },
    responses: { 200: jsonResponse(GoalSchema, 'Saved'), ...errorResponses },
  }),
  scoreboard: defineRoute({
    method: 'get',
    path: '/people/scoreboard',
    permission: 'people:read',
    tags,
    summary:
      'The period scoreboard: retention against what the models expected for each book, SLA, CSAT, mentions, goals',
    description:
      "Owners, admins and managers see every person and team; anyone else sees their own row and their teams' totals.",
    request: { query: PeriodQuery },
    responses: { 200: jsonResponse(ScoreboardSchema, 'Scoreboard'), ...errorResponses },
  }),
  person: defineRoute({
    method: 'get',
    path: '/people/{userId}/figures',
    permission: 'people:read',
    tags,
    summary: "One person's figures and goals (that person, or owners, admins, managers; 403 otherwise)",
    request: { params: UserParams, query: PeriodQuery },
    responses: {
      200: jsonResponse(
        z.object({ userId: z.uuid(), name: z.string(), figures: FiguresSchema, goals: z.array(GoalProgressSchema) }),
        'Figures',
      ),
      ...errorResponses,
    },
  }),
  kudos: defineRoute({
    method: 'get',
    path: '/kudos',
    permission: 'people:read',
    tags,
    summary: 'The recognition board: kudos, newest first',
    request: { query: KudosQuery },
    responses: { 200: jsonResponse(z.object({ items: z.array(KudosSchema) }), 'Kudos'), ...errorResponses },
  }),
  giveKudos: defineRoute({
    method: 'post',
    path: '/kudos',
    permission: 'kudos:give',
    tags,
    summary: 'Give a colleague kudos, optionally for a positive feedback item',
    request: { body: jsonBody(GiveKudosBody) },
    responses: { 201: jsonResponse(KudosSchema, 'Given'), ...errorResponses },
  }),
};

export function peopleRoutes(deps: Deps) {
  const r = createRouter();
  const ws = (c: Context<AppEnv>) => auth(c).workspaceId;
  const v = (c: Context<AppEnv>) => viewerOf(auth(c));
  r.openapi(routes.directory, async (c) => c.json({ items: await peopleDirectory(deps, ws(c)) }, 200));
  r.openapi(routes.teams, async (c) => c.json({ items: await listTeams(deps, ws(c)) }, 200));
  r.openapi(routes.createTeam, async (c) => c.json(await createTeam(deps, ws(c), v(c), c.req.valid('json')), 201));
  r.openapi(routes.updateTeam, async (c) =>
    c.json(await updateTeam(deps, ws(c), v(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(routes.setGoal, async (c) => c.json(await setGoal(deps, ws(c), v(c), c.req.valid('json')), 200));
  r.openapi(routes.scoreboard, async (c) => c.json(await scoreboard(deps, ws(c), v(c), c.req.valid('query')), 200));
  r.openapi(routes.person, async (c) =>
    c.json(await personFigures(deps, ws(c), v(c), c.req.valid('param').userId, c.req.valid('query')), 200),
  );
  r.openapi(routes.kudos, async (c) => c.json({ items: await listKudos(deps, ws(c), c.req.valid('query')) }, 200));
  r.openapi(routes.giveKudos, async (c) => c.json(await giveKudos(deps, ws(c), v(c), c.req.valid('json')), 201));
  return r;
}
