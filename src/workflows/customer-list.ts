// The customer list's view of other domains: each value column's source (the value engine's
// tier, predicted CLV and P(alive), churn risk, the last purchase, loyalty points) and the use
// cases its bulk actions drive (the books' assignment, a campaigns segment). Customers imports
// none of these domains (they import customers); the app hands it these.
import type { Deps } from '../deps.ts';
import type { Auth } from '../http/context.ts';
import { scoreColumn, scoreMatches } from '../modules/analytics/index.ts';
import { assignCustomers, viewerOf } from '../modules/books/index.ts';
import { createSegment } from '../modules/campaigns/index.ts';
import { churnRiskOf } from '../modules/churn/index.ts';
import { lastPurchaseOf } from '../modules/commerce/index.ts';
import type { CustomersRoutesOptions, ValueColumnSources } from '../modules/customers/index.ts';
import { pointsOf } from '../modules/loyalty/index.ts';

export const customerValueSources: ValueColumnSources = {
  tier: (ws, id) => scoreColumn(ws, id, 'tier'),
  predictedClv: (ws, id) => scoreColumn(ws, id, 'clv_minor'),
  pAlive: (ws, id) => scoreColumn(ws, id, 'p_alive'),
  churnRisk: churnRiskOf,
  lastPurchaseAt: lastPurchaseOf,
  points: pointsOf,
};

/** The list's sources and bulk actions for the customers routes; `exactTotalUpTo` for tests. */
export function customerListOptions(
  deps: Deps,
  exactTotalUpTo?: number,
): Pick<CustomersRoutesOptions, 'list' | 'bulk'> {
  return {
    list: { scoreMatches, values: customerValueSources, exactTotalUpTo },
    bulk: {
      assign: (a: Auth, customerIds, userId, reason) =>
        assignCustomers(deps, a.workspaceId, viewerOf(a), { customerIds, userId, reason }),
      saveSegment: (a: Auth, name, tag) =>
        createSegment(
          deps,
          a.workspaceId,
          { name, definition: { all: [{ field: 'tags', any: [tag] }] } },
          a.userId ? `user:${a.userId}` : `token:${a.tokenId}`,
        ),
    },
  };
}
