// HTTP surface of the feedback register. Thin: parse, call the service, answer.
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  FeedbackPageSchema,
  FeedbackSchema,
  FeedbackSummaryQuery,
  FeedbackSummarySchema,
  ListFeedbackQuery,
  RecordFeedbackBody,
} from './feedback.dto.ts';
import { feedbackSummary, listFeedback, recordFeedback } from './feedback.service.ts';

const tags = ['Feedback'];
const auth = (c: Context<AppEnv>) => c.get('auth') as Auth;
const actor = (a: Auth) => (a.userId ? `user:${a.userId}` : `token:${a.tokenId}`);

const routes = {
  record: defineRoute({
    method: 'post',
    path: '/feedback',
    permission: 'feedback:write',
    tags,
    summary: 'Record a compliment, an agent note, or a focus-group or interview report',
    request: { body: jsonBody(RecordFeedbackBody) },
    responses: { 201: jsonResponse(FeedbackSchema, 'Recorded'), ...errorResponses },
  }),
  list: defineRoute({
    method: 'get',
    path: '/feedback',
    permission: 'feedback:read',
    tags,
    summary: "Feedback, newest first: a customer's, an employee's, a segment's",
    request: { query: ListFeedbackQuery },
    responses: { 200: jsonResponse(FeedbackPageSchema, 'Feedback'), ...errorResponses },
  }),
  summary: defineRoute({
    method: 'get',
    path: '/feedback/summary',
    permission: 'feedback:read',
    tags,
    summary: 'Positive feedback over a period: compliments, per 1,000 active customers, by employee; agent signals',
    request: { query: FeedbackSummaryQuery },
    responses: { 200: jsonResponse(FeedbackSummarySchema, 'Summary'), ...errorResponses },
  }),
};

export function feedbackRoutes(deps: Deps) {
  const r = createRouter();
  r.openapi(routes.record, async (c) =>
    c.json(await recordFeedback(deps, auth(c).workspaceId, c.req.valid('json'), actor(auth(c))), 201),
  );
  r.openapi(routes.summary, async (c) =>
    c.json(await feedbackSummary(deps, auth(c).workspaceId, c.req.valid('query')), 200),
  );
  r.openapi(routes.list, async (c) => c.json(await listFeedback(deps, auth(c).workspaceId, c.req.valid('query')), 200));
  return r;
}
