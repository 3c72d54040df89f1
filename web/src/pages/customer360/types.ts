// What every panel of the customer 360 receives.
import type { MeDto, Schemas } from '../../api.ts';

/** GET /customers/{id}/overview. */
export type CustomerOverview = Schemas['CustomerOverview'];

export type PanelProps = { me: MeDto; overview: CustomerOverview };

export const overviewKey = (id: string) => ['customer', id] as const;

/** The member's loyalty account (and, below it, the statement) on the 360. */
export const loyaltyAccountKey = (id: string) => [...overviewKey(id), 'loyalty'] as const;
