// HTTP surface of the public exit survey, under /api/v1/public: no login, opened from the link a
// customer who left was sent. Hardened like the public complaint form (complaints.public-routes.ts):
// a small body limit (413), field limits and the NUL rule (422), a honeypot, per-address rate
// limits kept in the database (429 with Retry-After), 256-bit tokens, and one 404 for every
// token that is not good (malformed, unknown, expired, used).
import type { Deps } from '../../deps.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { guardPublicPath } from '../../http/public-guards.ts';
import { createRouter, defineRoute } from '../../http/router.ts';
import { PublicSurveySchema, SurveyAnswerBody, SurveyAnsweredSchema, SurveyTokenParams } from './defections.dto.ts';
import { answerSurvey, publicSurvey } from './defections.survey.ts';

export const SURVEY_BODY_LIMIT = 16 * 1024;
const tags = ['Public exit survey'];

const routes = {
  show: defineRoute({
    method: 'get',
    path: '/public/exit-survey/{token}',
    permission: 'public',
    tags,
    summary: "The exit survey: the workspace's active reasons in the customer's language",
    request: { params: SurveyTokenParams },
    responses: { 200: jsonResponse(PublicSurveySchema, 'The survey'), ...errorResponses },
  }),
  answer: defineRoute({
    method: 'post',
    path: '/public/exit-survey/{token}',
    permission: 'public',
    tags,
    summary: 'Answer the exit survey once: a reason and, optionally, words of your own (rate-limited per address)',
    request: { params: SurveyTokenParams, body: jsonBody(SurveyAnswerBody) },
    responses: { 200: jsonResponse(SurveyAnsweredSchema, 'Answered'), ...errorResponses },
  }),
};

export function defectionsPublicRoutes(deps: Deps) {
  const router = createRouter();
  guardPublicPath(router, deps, {
    path: '/public/exit-survey/*',
    bucket: 'exit-survey',
    maxBytes: SURVEY_BODY_LIMIT,
    maxPerWindow: deps.config.publicForm.maxPerIp * 10,
  });
  router.openapi(routes.show, async (c) => c.json(await publicSurvey(deps, c.req.valid('param').token), 200));
  router.openapi(routes.answer, async (c) =>
    c.json(await answerSurvey(deps, c.req.valid('param').token, c.req.valid('json')), 200),
  );
  return router;
}
