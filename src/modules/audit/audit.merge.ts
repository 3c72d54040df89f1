// The audit domain's part of a customer merge: audit rows are history and part of a hash chain,
// so they stay with the merged customer's id, as written.
export const mergePinnedTables = ['audit_log'] as const;
