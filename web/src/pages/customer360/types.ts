// What every panel of the customer 360 receives.
import type { ConsentDto, CustomerDto, MeDto, Page, TimelineEvent } from '../../api.ts';

/** GET /customers/{id}/overview. */
export type CustomerOverview = {
  customer: CustomerDto;
  consents: ConsentDto[];
  accountManager: { id: string; name: string; email: string } | null;
  timeline: Page<TimelineEvent>;
};

export type PanelProps = { me: MeDto; overview: CustomerOverview };

export const overviewKey = (id: string) => ['customer', id] as const;
