// The fixed lists the screens offer as filter choices: pyramid tiers and RFM segments, in the
// order the analytics domain defines them (src/modules/analytics/analytics.schema.ts, which the
// web bundle cannot import: it carries the database schema).
export const tiers = ['platinum', 'gold', 'iron', 'lead'] as const;
export const rfmSegments = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
