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
    };
export type SegmentDefinition = { all: SegmentCondition[] };

export type ArmDefinition = { key: string; name: string; share: number; control: boolean };
export type SampleRatio = { counts: Record<string, number>; chiSquare: number; p: number; mismatch: boolean };
