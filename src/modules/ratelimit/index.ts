// The rate-limit domain's public surface.
export { hitRateLimit, purgeRateLimits, rateLimit, type RateLimit } from './ratelimit.service.ts';
