// On the first start of an empty database, create a demo workspace so a new user can sign
// in at once. Later starts leave everything as it is.
import type { Deps } from '../deps.ts';
import { hasAnyWorkspace } from '../modules/workspaces/index.ts';
import { createWorkspaceWithOwner } from './create-workspace.ts';
import { loadDemo } from './demo/load-demo.ts';

export const FIRST_START_DEMO_CUSTOMERS = 5_000;

export const DEMO_LOGIN = { email: 'demo@tenure.local', password: 'tenure-demo' } as const;

/**
 * Creates the demo workspace on an empty database and returns the demo load to run once the
 * server listens (loading takes a while on the embedded database; the API is usable meanwhile).
 */
export async function ensureFirstWorkspace(
  deps: Deps,
  print: (line: string) => void,
): Promise<((signal: AbortSignal) => Promise<void>) | undefined> {
  if (await hasAnyWorkspace(deps.db)) return undefined;
  const { workspace } = await createWorkspaceWithOwner(deps, {
    workspace: { name: 'Demo Retail', slug: 'demo', currency: 'USD', locale: 'en', timeZone: 'UTC' },
    owner: { email: DEMO_LOGIN.email, name: 'Demo Owner', password: DEMO_LOGIN.password },
  });
  print(`Created the demo workspace "${workspace.name}" (${workspace.id}).`);
  print(`Sign in with ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} — change this password before real use.`);
  return async (signal) => {
    print(
      `Loading ${FIRST_START_DEMO_CUSTOMERS.toLocaleString('en')} demo customers with three years of history in the background…`,
    );
    const loaded = await loadDemo(deps, {
      workspaceId: workspace.id,
      customers: FIRST_START_DEMO_CUSTOMERS,
      seed: 1,
      signal,
    });
    if (signal.aborted)
      print(
        `Demo loading stopped at ${loaded.customers} customers; complete it with: npx tenure demo --workspace ${workspace.id} --customers ${FIRST_START_DEMO_CUSTOMERS} --seed 1`,
      );
    else
      print(
        `Loaded ${loaded.customers} customers, ${loaded.transactions} transactions, ${loaded.interactions} interactions, ${loaded.contracts} contracts, ${loaded.complaints} complaints in ${loaded.seconds} s${loaded.scoring ? `, scored into pyramid tiers, RFM segments and CLV` : ''}.`,
      );
  };
}
