// Owns the per-request context types shared by middleware and route handlers.
import type { Logger } from '../logger.ts';
import type { Role } from '../modules/users/index.ts';

export type Auth = {
  workspaceId: string;
  role: Role;
  /** The signed-in person; null for API tokens. */
  userId: string | null;
  /**
   * The person acting: the signed-in person, or the person who created the API token (null for
   * a token made without one, e.g. by the CLI for an integration). Rules about "your own"
   * records (the assignee of a complaint) use this, so sessions and tokens pass the same check.
   */
  personId: string | null;
  /** For an API token whose creator's role no longer covers the token's: that role, which every permission must also pass. */
  limitRole: Role | null;
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
