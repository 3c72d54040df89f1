// The books domain's part of a customer merge: the assignment history stays with the merged
// customer (it records who managed that record, and when); the survivor keeps its own manager.
export const mergePinnedTables = ['book_assignments'] as const;
