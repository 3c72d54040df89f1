// The builder's last step: everything chosen, and whether the segment is big enough — the members
// needed to detect the rise in repurchase hoped for, and the smallest rise the members at hand
// detect (80 % power, α 5 %, from /campaigns/plan), said plainly when the segment is too small.
// With several treatment arms the plan is for the smallest one against the control.
import { Alert, Group, List, NumberInput, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHoldout, usePlan } from '../../../campaigns-api.ts';
import { useFormat } from '../../../format.ts';
import { type Draft } from './draft.ts';

export function ReviewStep(props: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  /** The segment's live count (null while unknown). */
  count: number | null;
  segmentName: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { draft } = props;
  const holdout = useHoldout().data?.holdoutShare ?? 0;
  const members = props.count === null ? null : Math.floor(props.count * (1 - holdout));
  const control = draft.arms.find((a) => a.control)?.share ?? 0;
  const smallest = Math.min(...draft.arms.filter((a) => !a.control).map((a) => a.share));
  const pair = control + smallest;
  // The control and the smallest treatment arm: the comparison with the least data.
  const pairMembers =
    members === null ? null : Math.floor((members * pair) / draft.arms.reduce((s, a) => s + a.share, 0));
  const plan = usePlan(
    pairMembers !== null && pair > 0 && draft.baseline > 0 && draft.baseline < 1 && draft.effect > 0
      ? {
          baseline: draft.baseline,
          effect: draft.effect,
          controlShare: (100 * control) / pair,
          ...(pairMembers >= 4 ? { members: pairMembers } : {}),
        }
      : null,
  );
  const points = (x: number) => fmt.decimal(x * 100, 1);
  const p = plan.data;
  const tooSmall = pairMembers !== null && (pairMembers < 4 || (p?.needed ? p.needed.total > pairMembers : false));
  const e = draft.eligibility;
  return (
    <Stack data-testid="campaign-review">
      <List size="sm" spacing={4}>
        <List.Item>
          {t('campaigns.review.what', { name: draft.name, objective: t(`campaigns.objective.${draft.objective}`) })}
        </List.Item>
        <List.Item>
          {t('campaigns.review.segment', {
            segment: props.segmentName,
            count: props.count === null ? '…' : fmt.number(props.count),
          })}
        </List.Item>
        {holdout > 0 && members !== null && (
          <List.Item>
            {t('campaigns.review.holdout', { share: fmt.percent(holdout), members: fmt.number(members) })}
          </List.Item>
        )}
        <List.Item>
          {t('campaigns.review.arms', {
            split: draft.arms
              .map((a) => fmt.percent(a.share / draft.arms.reduce((s, x) => s + x.share, 0)))
              .join(' / '),
            count: draft.arms.length,
          })}
          {draft.stratifyByTier ? ` ${t('campaigns.review.stratified')}` : ''}
        </List.Item>
        <List.Item>{t('campaigns.review.actions', { count: draft.actions.length })}</List.Item>
        <List.Item>
          {[
            e.frequencyCap
              ? t('campaigns.review.cap', { max: e.frequencyCap.max, days: e.frequencyCap.days })
              : t('campaigns.review.noCap'),
            e.quietHours
              ? t('campaigns.review.quiet', { start: e.quietHours.start, end: e.quietHours.end })
              : t('campaigns.review.noQuiet'),
            e.excludeOpenComplaints ? t('campaigns.review.complaints') : t('campaigns.review.noComplaints'),
          ].join(' · ')}
        </List.Item>
        <List.Item>
          {draft.when === 'later' && draft.scheduledAt
            ? t('campaigns.review.at', { at: fmt.dateTime(new Date(draft.scheduledAt).toISOString()) })
            : t(`campaigns.review.when.${draft.when}`)}
        </List.Item>
      </List>
      <Text fw={600}>{t('campaigns.review.planTitle')}</Text>
      <Group>
        <NumberInput
          label={t('campaigns.review.baseline')}
          description={t('campaigns.review.baselineHint')}
          min={1}
          max={99}
          suffix=" %"
          value={Math.round(draft.baseline * 1000) / 10}
          onChange={(v) => typeof v === 'number' && props.set({ baseline: v / 100 })}
          w={260}
        />
        <NumberInput
          label={t('campaigns.review.effect')}
          description={t('campaigns.review.effectHint')}
          min={0.1}
          max={50}
          decimalScale={1}
          value={Math.round(draft.effect * 1000) / 10}
          onChange={(v) => typeof v === 'number' && props.set({ effect: v / 100 })}
          w={260}
        />
      </Group>
      {p && (
        <Stack gap={4} data-testid="campaign-plan">
          {p.needed && (
            <Text size="sm">
              {t('campaigns.review.needed', {
                effect: points(draft.effect),
                total: fmt.number(p.needed.total),
                control: fmt.number(p.needed.control),
              })}
            </Text>
          )}
          {p.mde !== null && pairMembers !== null && (
            <Text size="sm">{t('campaigns.review.mde', { members: fmt.number(pairMembers), mde: points(p.mde) })}</Text>
          )}
        </Stack>
      )}
      {tooSmall && (
        <Alert color="orange" title={t('campaigns.review.tooSmallTitle')} data-testid="campaign-too-small">
          {t('campaigns.review.tooSmall', {
            members: fmt.number(pairMembers ?? 0),
            needed: p?.needed ? fmt.number(p.needed.total) : '—',
            effect: points(draft.effect),
          })}
        </Alert>
      )}
    </Stack>
  );
}
