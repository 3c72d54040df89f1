// The surveys domain's public surface: staff and public routes, the automatic sends the jobs run,
// and the satisfaction KPIs other domains read.
export * from './surveys.dto.ts';
export { type FollowUp, type FollowUpInput, isLowScore, type OnLowScore } from './surveys.answer.ts';
export { surveysPublicRoutes } from './surveys.public-routes.ts';
export { surveysRoutes } from './surveys.routes.ts';
export { issueSurvey, type MomentSources, runSurveyWork, surveyPagePath } from './surveys.send.ts';
export { type AnsweredSurvey, insertAnsweredSurveys, satisfactionKpis, surveyAnswerFacts } from './surveys.sources.ts';
export { csatTriggers, type CsatTrigger, surveyKinds, type SurveyKind, type SurveyTrigger } from './surveys.schema.ts';
export { reassignCustomer } from './surveys.merge.ts';
export { surveyDataSections, surveyEraser } from './surveys.privacy.ts';
