// Owns the guards every public (no-login) link endpoint shares, such as the exit survey and the
// NPS/CSAT survey: a small body limit on POST (413) and one per-address budget kept in the
// database for reads and answers alike (429 with Retry-After) — scanning for tokens costs as much
// as answering.
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { clientIp } from '../modules/auth/index.ts';
import { rateLimit } from '../modules/ratelimit/index.ts';
import type { createRouter } from './router.ts';

type Router = ReturnType<typeof createRouter>;

export function guardPublicPath(
  router: Router,
  deps: Deps,
  options: { path: string; bucket: string; maxBytes: number; maxPerWindow: number },
) {
  const windowMs = deps.config.publicForm.windowMinutes * 60_000;
  router.use(options.path, async (c, next) => {
    if (c.req.method !== 'POST') return next();
    return bodyLimit({
      maxSize: options.maxBytes,
      onError: () => {
        throw new AppError('payload_too_large', `The request body is over ${options.maxBytes} bytes`);
      },
    })(c, next);
  });
  router.use(
    options.path,
    rateLimit(
      deps,
      { bucket: options.bucket, max: options.maxPerWindow, windowMs },
      (c) => `ip:${clientIp(c, deps.config.trustProxy)}`,
    ),
  );
}
