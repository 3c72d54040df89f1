// Owns authorisation: which role may do what, in one table. Routes name a permission;
// one middleware enforces it. Add a row here when a domain adds an action.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './context.ts';
import type { Role } from '../modules/users/index.ts';

const everyone = [
  'owner',
  'admin',
  'manager',
  'account_manager',
  'agent',
  'analyst',
] as const satisfies readonly Role[];
const admins = ['owner', 'admin'] as const satisfies readonly Role[];

export const permissionTable = {
  /** Read or end one's own session. */
  'session:self': everyone,
  'workspace:read': everyone,
  'workspace:update': admins,
  /** Start a new workspace, becoming its owner (people signed in only). */
  'workspace:create': everyone,
  'users:read': ['owner', 'admin', 'manager'],
  'users:manage': admins,
  'tokens:manage': admins,
  'customers:read': everyone,
  'customers:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  'customers:delete': ['owner', 'admin', 'manager'],
  'customers:merge': ['owner', 'admin', 'manager'],
  'customers:export': ['owner', 'admin', 'manager', 'analyst'],
  'custom_fields:manage': admins,
  /** Data-subject requests (LGPD/GDPR), a customer's full export and the erasure of their personal data. */
  'privacy:manage': admins,
  'products:read': everyone,
  'products:write': ['owner', 'admin', 'manager'],
  'transactions:read': everyone,
  'transactions:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  'transactions:export': ['owner', 'admin', 'manager', 'analyst'],
  'interactions:read': everyone,
  'interactions:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  'contracts:read': everyone,
  'contracts:write': ['owner', 'admin', 'manager', 'account_manager'],
  'cost_rates:manage': admins,
  'imports:run': ['owner', 'admin', 'manager'],
  'events:read': ['owner', 'admin', 'manager', 'analyst'],
  'webhooks:manage': admins,
  /** The outbox: which messages went (or did not go) to customers, and why. */
  'notifications:read': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  'complaints:read': everyone,
  /** Register complaints, move them through their statuses, record compensations. */
  'complaints:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** Teams, routing, settings, reassignment. */
  'complaints:manage': ['owner', 'admin', 'manager'],
  /** Approve compensations above the workspace threshold. */
  'complaints:approve': ['owner', 'admin', 'manager'],
  'complaints:kpis': ['owner', 'admin', 'manager', 'analyst'],
  /** Retention KPIs: revenue movements, cohorts, defections, complaints, with their drill-downs. */
  'kpis:read': ['owner', 'admin', 'manager', 'analyst'],
  /** Import status and row errors (which quote the file's contents). */
  'imports:read': ['owner', 'admin', 'manager'],
  /** One's own saved views (named filter sets on list screens). */
  'saved_views:manage': everyone,
  'loyalty:read': everyone,
  /** Program rules, levels, promotions, rewards; the ledger check. */
  'loyalty:configure': ['owner', 'admin', 'manager'],
  /** Correct a balance either way. */
  'loyalty:adjust': ['owner', 'admin', 'manager'],
  /** Goodwill points (service recovery), granted by whoever handles the customer. */
  'loyalty:compensate': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  'loyalty:redeem': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** Liability, breakage and earn/burn: the program's finances. */
  'loyalty:reports': ['owner', 'admin', 'manager', 'analyst'],
  /** Transactions parked after failing to earn: their raw errors; retry or dismiss them. */
  'loyalty:earn_queue': admins,
  /** The value engine's workspace views: pyramid, RFM grid, CLV model, scoring runs, settings. */
  'analytics:read': ['owner', 'admin', 'manager', 'account_manager', 'analyst'],
  /** Queue scoring runs and change the value engine's settings (tier shares, window, discounting). */
  'analytics:write': ['owner', 'admin', 'manager'],
  /** One customer's value, scores and tier history (frontline staff serve by tier). */
  'analytics:customer': everyone,
  /** Churn diagnostics: model card, curves, drivers, the at-risk worklist. */
  'churn:read': ['owner', 'admin', 'manager', 'account_manager', 'analyst'],
  /** Queue churn-model runs. */
  'churn:write': ['owner', 'admin', 'manager'],
  'churn:export': ['owner', 'admin', 'manager', 'analyst'],
  /** One customer's churn risk and drivers (frontline staff see it on the customer 360). */
  'churn:customer': everyone,
  /** Product affinity: rules, the offers' model card. */
  'affinity:read': ['owner', 'admin', 'manager', 'account_manager', 'analyst'],
  /** Queue affinity runs (thresholds). */
  'affinity:write': ['owner', 'admin', 'manager'],
  /** One customer's next-best offers (frontline staff see them on the customer 360). */
  'affinity:customer': everyone,
  /** Record what became of an offer and offer it through a task (frontline staff, from the 360). */
  'affinity:offer': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** Tasks: everyone sees and works their own and the workspace's; creating one assigns work. */
  /** The bond index's weights (reading bonds and recording them go with customers:read and customers:write). */
  'bonds:configure': ['owner', 'admin', 'manager'],
  'tasks:read': everyone,
  'tasks:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** Campaigns and segments: see them; draft, launch and finish them; the global holdout. */
  'campaigns:read': ['owner', 'admin', 'manager', 'account_manager', 'analyst'],
  'campaigns:write': ['owner', 'admin', 'manager'],
  'campaigns:manage': ['owner', 'admin'],
  /** Check and use vouchers at a point of sale or web shop. */
  /** The defection register: reasons, defections, win-backs, lapsed customers. */
  'defections:read': everyone,
  /** Record defections and win-backs; issue exit-survey links. */
  'defections:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** The reason taxonomy and the lapse threshold. */
  'defections:manage': ['owner', 'admin', 'manager'],
  /** Survey results, answers and comments. */
  'surveys:read': everyone,
  /** Send a survey to one customer by hand. */
  'surveys:send': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** Survey settings: NPS sample, CSAT triggers, reminders, who follows up. */
  'surveys:manage': ['owner', 'admin', 'manager'],
  /** The feedback register: compliments, agent notes, focus-group and interview reports. */
  'feedback:read': everyone,
  'feedback:write': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
  /** Account books: everyone reads their own (the service refuses others' unless owner, admin, manager). */
  'books:read': everyone,
  /** Capacity, (bulk) assignment, reassignment of a leaver's book. */
  'books:manage': ['owner', 'admin', 'manager'],
  /** Goals, scoreboard, recognition: everyone their own and their team's totals (the service decides). */
  'people:read': everyone,
  /** Teams and goals. */
  'people:manage': ['owner', 'admin', 'manager'],
  /** Give kudos to a colleague. */
  'kudos:give': everyone,
  /** The audit log: who read and changed what. */
  'audit:read': admins,
  /** Check the audit hash chain; set its retention. */
  'audit:verify': ['owner'],
  'audit:manage': ['owner'],
  'vouchers:consume': ['owner', 'admin', 'manager', 'account_manager', 'agent'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;

export function can(role: Role, permission: Permission): boolean {
  return (permissionTable[permission] as readonly Role[]).includes(role);
}

const permissions = Object.keys(permissionTable) as Permission[];

/**
 * Whether role `a` may do everything role `b` may, read from the table so it never drifts. The
 * owner's own powers (granting the owner role, owner tokens) are checked by the services, not
 * listed here, so only the owner covers the owner.
 */
export const covers = (a: Role, b: Role): boolean =>
  (b !== 'owner' || a === 'owner') && permissions.every((p) => !can(b, p) || can(a, p));

/**
 * What an API token may do while its creator holds `creatorRole`: never more than the token's
 * own role, never more than the creator now has. Roles are only partly ordered (an analyst and
 * an agent each have something the other lacks), so where neither covers the other the token
 * keeps its role and `limit` makes every permission also need the creator's.
 */
export function narrowRole(tokenRole: Role, creatorRole: Role): { role: Role; limit: Role | null } {
  if (covers(creatorRole, tokenRole)) return { role: tokenRole, limit: null };
  if (covers(tokenRole, creatorRole)) return { role: creatorRole, limit: null };
  return { role: tokenRole, limit: creatorRole };
}

/** The permission check for a caller: its role, and the limit of a narrowed API token. */
export const callerCan = (auth: { role: Role; limitRole: Role | null }, permission: Permission): boolean =>
  can(auth.role, permission) && (auth.limitRole === null || can(auth.limitRole, permission));

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.get('auth');
    if (!auth)
      throw new AppError('unauthenticated', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
    if (!can(auth.role, permission)) {
      throw new AppError('forbidden', `The ${auth.role} role may not ${permission.replace(':', ' → ')}`);
    }
    if (!callerCan(auth, permission)) {
      throw new AppError(
        'forbidden',
        `This API token may do only what its creator (now ${auth.limitRole}) may: not ${permission.replace(':', ' → ')}`,
      );
    }
    await next();
  };
}
