// HTTP surface of surveys for staff: settings, sending one, answers (comments searchable) and
// results. Thin: parse, call the service, answer.
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv, Auth } from '../../http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import {
  ListSurveysQuery,
  ResultsQuery,
  SendSurveyBody,
  SentSurveySchema,
  SurveyPageSchema,
  SurveyResultsSchema,
  SurveySettingsSchema,
  UpdateSurveySettingsBody,
} from './surveys.dto.ts';
import { getSurveySettings, listSurveys, sendSurvey, surveyResults, updateSurveySettings } from './surveys.service.ts';

const tags = ['Surveys'];
const ws = (c: Context<AppEnv>) => (c.get('auth') as Auth).workspaceId;

const routes = {
  settings: defineRoute({
    method: 'get',
    path: '/survey-settings',
    permission: 'surveys:read',
    tags,
    summary: 'Survey settings: relationship NPS sample, CSAT triggers, links and reminders',
    responses: { 200: jsonResponse(SurveySettingsSchema, 'Settings'), ...errorResponses },
  }),
  updateSettings: defineRoute({
    method: 'patch',
    path: '/survey-settings',
    permission: 'surveys:manage',
    tags,
    summary: 'Change survey settings (turning a CSAT trigger on never surveys earlier moments)',
    request: { body: jsonBody(UpdateSurveySettingsBody) },
    responses: { 200: jsonResponse(SurveySettingsSchema, 'Settings'), ...errorResponses },
  }),
  send: defineRoute({
    method: 'post',
    path: '/surveys',
    permission: 'surveys:send',
    tags,
    summary: "Send one survey now, on a consented channel in the customer's language",
    request: { body: jsonBody(SendSurveyBody) },
    responses: { 201: jsonResponse(SentSurveySchema, 'Queued (or recorded as not sent, with why)'), ...errorResponses },
  }),
  list: defineRoute({
    method: 'get',
    path: '/surveys',
    permission: 'surveys:read',
    tags,
    summary: 'Surveys and their answers, newest first; `q` searches the comments',
    request: { query: ListSurveysQuery },
    responses: { 200: jsonResponse(SurveyPageSchema, 'Surveys'), ...errorResponses },
  }),
  results: defineRoute({
    method: 'get',
    path: '/surveys/results',
    permission: 'surveys:read',
    tags,
    summary: 'NPS and CSAT with standard error and 95 % band, overall and by month (UTC), from the raw answers',
    request: { query: ResultsQuery },
    responses: { 200: jsonResponse(SurveyResultsSchema, 'Results'), ...errorResponses },
  }),
};

export function surveysRoutes(deps: Deps) {
  const r = createRouter();
  r.openapi(routes.settings, async (c) => c.json(await getSurveySettings(deps, ws(c)), 200));
  r.openapi(routes.updateSettings, async (c) =>
    c.json(await updateSurveySettings(deps, ws(c), c.req.valid('json')), 200),
  );
  r.openapi(routes.send, async (c) => c.json(await sendSurvey(deps, ws(c), c.req.valid('json')), 201));
  r.openapi(routes.results, async (c) => c.json(await surveyResults(deps, ws(c), c.req.valid('query')), 200));
  r.openapi(routes.list, async (c) => c.json(await listSurveys(deps, ws(c), c.req.valid('query')), 200));
  return r;
}
