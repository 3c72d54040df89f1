// Owns telling the rest of the process that a membership changed (a role, a removal, an
// addition), once the change is committed: auth's token cache forgets what it knew at once.
type Listener = () => void;

const listeners = new Set<Listener>();

/** Calls `listener` after every committed membership change made by this process. */
export function onMembershipChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Call after the change is committed (not inside its transaction: a reader could cache the old rows again). */
export function membershipChanged(): void {
  for (const listener of listeners) listener();
}
