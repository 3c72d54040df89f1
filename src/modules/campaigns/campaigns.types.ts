// Owns the plain shapes stored in campaigns' jsonb columns, shared by schema, dto and services.

/** One condition on a customer fact; all conditions of a segment must hold. See campaigns.filters.ts. */
export type SegmentCondition =
  | { field: 'tier' | 'rfmSegment' | 'status'; in: string[] }
  | { field: 'tags'; any: string[] }
  | { field: 'marketingConsent'; channel: 'email' | 'sms' | 'phone' | 'whatsapp' | 'post' }
  | {
      field: 'predictedClv' | 'pAlive' | 'churnRisk' | 'loyaltyBalance' | 'openComplaints' | 'daysSinceLastPurchase';
      min?: number;
      max?: number;
    }
  /** Members of another campaign whose uplift score ranks in its top `topPercent` % (campaigns.uplift.ts). */
  | { field: 'upliftTop'; campaignId: string; topPercent: number };
export type SegmentDefinition = { all: SegmentCondition[] };

export type ArmDefinition = { key: string; name: string; share: number; control: boolean };
export type SampleRatio = { counts: Record<string, number>; chiSquare: number; p: number; mismatch: boolean };

export type ActionLocale = 'en' | 'pt-BR' | 'es';
/** A message's text in one language; `{{firstName}}`, `{{name}}`, `{{email}}` and custom fields are filled per customer. */
export type MessageTemplate = { subject: string; body: string; short?: string };
type ActionBase = { key: string; arm: string; name: string; costMinor: number };
/** What a treatment arm does to each of its members; several per arm. See campaigns.execute.ts. */
export type CampaignAction =
  | (ActionBase & {
      type: 'message';
      templates: Partial<Record<ActionLocale, MessageTemplate>> & { en: MessageTemplate };
    })
  | (ActionBase & { type: 'points'; points: number })
  | (ActionBase & { type: 'voucher'; rewardId: string })
  | (ActionBase & { type: 'task'; title: string; dueInDays?: number });
export type CampaignActionType = CampaignAction['type'];

/**
 * Rules checked for each member when an action runs; on unless turned off. Marketing consent on the
 * message's channel is not among them: it is always required (and the outbox checks it again).
 */
export type Eligibility = {
  /** At most `max` campaign messages per customer in `days` days (all campaigns), or none. */
  frequencyCap: { max: number; days: number } | null;
  /** Local hours [start, end) when no message goes out (wraps midnight when start > end); deferred, not dropped. */
  quietHours: { start: number; end: number } | null;
  /** No action for a customer with an open complaint. */
  excludeOpenComplaints: boolean;
};
export const defaultEligibility: Eligibility = {
  frequencyCap: { max: 3, days: 7 },
  quietHours: { start: 21, end: 8 },
  excludeOpenComplaints: true,
};
export type ExecutionStatus = 'idle' | 'running' | 'done';
