// `npm run bench -- <name> [options]`: runs bench/<name>.ts, which prints a markdown table.
const name = process.argv[2];
const benches: Record<string, () => Promise<{ main: (args: string[]) => Promise<void> }>> = {
  ingest: () => import('./ingest.ts'),
  'ingest-cpu': () => import('./ingest-cpu.ts'),
  value: () => import('./value.ts'),
  loyalty: () => import('./loyalty.ts'),
  score: () => import('./score.ts'),
  churn: () => import('./churn.ts'),
  'churn-db': () => import('./churn-db.ts'),
  basket: () => import('./basket.ts'),
  'affinity-db': () => import('./affinity-db.ts'),
  cohorts: () => import('./cohorts.ts'),
  search: () => import('./search.ts'),
  audit: () => import('./audit.ts'),
  'campaign-actions': () => import('./campaign-actions.ts'),
  campaigns: () => import('./campaigns.ts'),
  bonds: () => import('./bonds.ts'),
  'queue-fairness': () => import('./queue-fairness.ts'),
  'scale-out': () => import('./scale-out.ts'),
  customer360: () => import('./customer360.ts'),
};
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
  process.exit(2);
}
// No process.exit: it would cut off the table still buffered for a piped stdout.
await (await benches[name]()).main(process.argv.slice(3));
