// The loyalty program the benchmarks that post points run under: one point per unit, nothing
// pending, two years to expiry; shared by bench/loyalty.ts, bench/campaigns.ts and
// bench/campaign-actions.ts so their figures are measured against the same rules.
import { saveProgram } from '../src/modules/loyalty/index.ts';

export function saveBenchProgram(deps: Parameters<typeof saveProgram>[0], workspaceId: string) {
  return saveProgram(deps, workspaceId, {
    name: 'Bench',
    pointsUnit: 'points',
    status: 'active',
    pointsPerUnit: '1',
    rounding: 'floor',
    pendingDays: 0,
    expiryMonths: 24,
    costPerPointMinor: '1',
    clawback: 'claw_back',
    levelBasis: 'points',
    qualificationMonths: 12,
    graceMonths: 0,
  });
}
