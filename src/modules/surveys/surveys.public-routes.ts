// HTTP surface of the public survey page, under /api/v1/public: no login, opened from the link in
// the survey message. Hardened like the public complaint form and the exit survey: a small body
// limit (413), field limits and the NUL rule (422), a honeypot, per-address rate limits kept in
// the database (429 with Retry-After), 256-bit tokens, one 404 for every token that is not good
// and 409 for a survey already answered.
import type { Deps } from '../../deps.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { guardPublicPath } from '../../http/public-guards.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { type OnLowScore, answerSurvey, publicSurvey } from './surveys.answer.ts';
import { AnswerSurveyBody, PublicSurveySchema, SurveyAnsweredSchema, SurveyTokenParams } from './surveys.dto.ts';

export const SURVEY_BODY_LIMIT = 16 * 1024;
const tags = ['Public surveys'];

const routes = {
  show: defineRoute({
    method: 'get',
    path: '/public/surveys/{token}',
    permission: 'public',
    tags,
    summary: "The survey behind a link: its kind and the customer's language (409 once answered)",
    request: { params: SurveyTokenParams },
    responses: { 200: jsonResponse(PublicSurveySchema, 'The survey'), ...errorResponses },
  }),
  answer: defineRoute({
    method: 'post',
    path: '/public/surveys/{token}',
    permission: 'public',
    tags,
    summary: 'Answer once: a score (NPS 0–10, CSAT 1–5) and a comment; a low score may open a complaint',
    request: { params: SurveyTokenParams, body: jsonBody(AnswerSurveyBody) },
    responses: { 200: jsonResponse(SurveyAnsweredSchema, 'Answered'), ...errorResponses },
  }),
};

export function surveysPublicRoutes(deps: Deps, onLowScore: OnLowScore) {
  const router = createRouter();
  guardPublicPath(router, deps, {
    path: '/public/surveys/*',
    bucket: 'survey',
    maxBytes: SURVEY_BODY_LIMIT,
    maxPerWindow: deps.config.publicForm.maxPerIp * 10,
  });
  router.openapi(routes.show, async (c) => c.json(await publicSurvey(deps, c.req.valid('param').token), 200));
  router.openapi(routes.answer, async (c) =>
    c.json(await answerSurvey(deps, c.req.valid('param').token, c.req.valid('json'), onLowScore), 200),
  );
  return router;
}
