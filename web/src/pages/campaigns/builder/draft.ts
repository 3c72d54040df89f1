// Owns the campaign builder's state: what each step edits, its defaults, what makes a step
// complete, and the request the last step sends (see useBuildCampaign).
import type {
  BuiltCampaign,
  CampaignActionDto,
  CreateCampaignInput,
  EligibilityDto,
  SegmentConditionDto,
} from '../../../campaigns-api.ts';

export type Objective = CreateCampaignInput['objective'];
export const objectives: Objective[] = [
  'retain',
  'win_back',
  'cross_sell',
  'upsell',
  'loyalty_activation',
  'service_recovery',
];

export type ArmDraft = { key: string; name: string; share: number; control: boolean };

export type Draft = {
  name: string;
  objective: Objective;
  /** Pick a saved segment, or define a new one. */
  segmentMode: 'saved' | 'new';
  segmentId: string | null;
  segmentName: string;
  conditions: SegmentConditionDto[];
  /** The control first, then the treatment arms. */
  arms: ArmDraft[];
  stratifyByTier: boolean;
  actions: CampaignActionDto[];
  eligibility: EligibilityDto;
  /** Launch at the end of the builder, at a time, or keep a draft. */
  when: 'now' | 'later' | 'draft';
  /** A `datetime-local` value, in the browser's time. */
  scheduledAt: string;
  /** The expected repurchase rate without the campaign, and the rise to detect (fractions). */
  baseline: number;
  effect: number;
};

export const emptyDraft = (): Draft => ({
  name: '',
  objective: 'retain',
  segmentMode: 'new',
  segmentId: null,
  segmentName: '',
  conditions: [],
  arms: [
    { key: 'control', name: '', share: 10, control: true },
    { key: 'treatment', name: '', share: 90, control: false },
  ],
  stratifyByTier: true,
  actions: [],
  eligibility: { frequencyCap: { max: 3, days: 7 }, quietHours: { start: 21, end: 8 }, excludeOpenComplaints: true },
  when: 'now',
  scheduledAt: '',
  baseline: 0.2,
  effect: 0.03,
});

/** A key from a name: lower-case letters, digits and dashes, unique among `taken`. */
export function keyFrom(name: string, taken: string[], fallback: string): string {
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || fallback;
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}-${i}`;
  return key;
}

export const controlShare = (d: Draft) => {
  const total = d.arms.reduce((s, a) => s + a.share, 0);
  const control = d.arms.find((a) => a.control)?.share ?? 0;
  return total > 0 ? (100 * control) / total : 0;
};

/** The problems that keep each step from being complete, as locale keys (empty: complete). */
export function stepProblems(d: Draft, step: number): string[] {
  const out: string[] = [];
  if (step === 0) {
    if (!d.name.trim()) out.push('campaigns.builder.problem.name');
    if (d.segmentMode === 'saved' && !d.segmentId) out.push('campaigns.builder.problem.segment');
    if (d.segmentMode === 'new' && !d.segmentName.trim()) out.push('campaigns.builder.problem.segmentName');
  }
  if (step === 1) {
    if (d.arms.length < 2) out.push('campaigns.builder.problem.arms');
    if (d.arms.some((a) => !(a.share > 0))) out.push('campaigns.builder.problem.share');
  }
  if (step === 4 && d.when === 'later') {
    const at = Date.parse(d.scheduledAt);
    if (Number.isNaN(at) || at <= Date.now()) out.push('campaigns.builder.problem.schedule');
  }
  return out;
}

/** The request of the last step; arm names fall back to the screen's words for them. */
export function toBuilt(d: Draft, names: { control: string; treatment: (i: number) => string }): BuiltCampaign {
  const arms = d.arms.map((a, i) => ({
    key: a.key,
    name: a.name.trim() || (a.control ? names.control : names.treatment(i)),
    share: a.share,
    control: a.control,
  }));
  return {
    segment:
      d.segmentMode === 'saved' && d.segmentId
        ? { id: d.segmentId }
        : { name: d.segmentName.trim(), definition: { all: d.conditions } },
    campaign: {
      name: d.name.trim(),
      objective: d.objective,
      arms,
      stratifyByTier: d.stratifyByTier,
      ...(d.when === 'later' ? { scheduledAt: new Date(d.scheduledAt).toISOString() } : {}),
    },
    // Actions of arms removed since are dropped.
    actions: d.actions.filter((a) => arms.some((x) => x.key === a.arm && !x.control)),
    eligibility: d.eligibility,
    launchNow: d.when === 'now',
  };
}
