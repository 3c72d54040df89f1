// Owns the per-request context types shared by middleware and route handlers.
import type { Logger } from '../logger.ts';
import type { Role } from '../modules/users/index.ts';

export type Auth = {
  workspaceId: string;
  role: Role;
  /** The signed-in person; null for API tokens. */
  userId: string | null;
  tokenId: string | null;
  via: 'session' | 'token';
  sessionTokenHash: string | null;
};

export type AppEnv = {
  Variables: {
    auth: Auth | undefined;
    requestId: string;
    log: Logger;
  };
};
