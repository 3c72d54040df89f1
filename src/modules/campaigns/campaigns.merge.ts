// The campaigns domain's part of a customer merge (src/workflows/merge-customers.ts): a campaign's
// member list (and what was done to each member) is the record of who was assigned to which arm at launch, so a merged customer's
// membership stays with it (pinned); the survivor keeps its own, and outcomes follow each record.
// A member's uplift score belongs to that membership (its features at launch) and is pinned with it.
export const mergePinnedTables = ['campaign_members', 'campaign_action_executions', 'campaign_uplift_scores'] as const;
