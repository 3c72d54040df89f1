// A launched campaign's results over a chosen window: each arm against the control — the
// difference in repurchase rate and in revenue per member with its 95 % interval drawn as a bar
// across the zero line, the p-value, incremental revenue and margin, ROI net of the actions'
// costs — overall and per tier; "not enough data yet" said plainly with the reasons.
import { Alert, Badge, Group, NumberInput, Stack, Table, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CampaignResultsDto, useCampaignResults } from '../../campaigns-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';
import { useLabel } from '../../labels.ts';
import { IntervalBar, scaleOf } from './IntervalBar.tsx';

type Comparison = CampaignResultsDto['comparisons'][number];
type Arm = CampaignResultsDto['arms'][number];

export function ResultsSection({ id }: { id: string }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(90);
  const query = useCampaignResults(id, days);
  return (
    <QueryCard
      title={t('campaigns.results.title')}
      icon={<IconChartBar size={20} />}
      testId="campaign-results"
      query={query}
      action={
        <NumberInput
          aria-label={t('campaigns.results.days')}
          label={t('campaigns.results.days')}
          min={1}
          max={3650}
          value={days}
          onChange={(v) => typeof v === 'number' && v >= 1 && setDays(v)}
          w={140}
        />
      }
    >
      {(r) => <Results r={r} />}
    </QueryCard>
  );
}

/** Rates as percentage points ("+2.5 pp"), money through the workspace currency. */
export function useEffectText() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pts = (x: number) => `${x > 0 ? '+' : ''}${fmt.decimal(x * 100, 1)} ${t('campaigns.results.pp')}`;
  const money = (x: number | null) => (x === null ? '—' : fmt.money(Math.round(x)));
  const p = (x: number) => (x < 0.001 ? `< ${fmt.decimal(0.001, 3)}` : fmt.decimal(x, 3));
  return { pts, money, p, fmt };
}

function Results({ r }: { r: CampaignResultsDto }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { fmt } = useEffectText();
  const pct = (x: number | null) => (x === null ? '—' : fmt.percent(x));
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('campaigns.results.window', { from: fmt.date(r.window.from), to: fmt.date(r.window.to) })}
      </Text>
      {!r.enoughData && (
        <Alert color="yellow" title={t('campaigns.results.notEnoughTitle')} data-testid="campaign-not-enough">
          {r.notes.map((n) => t(`campaigns.results.note.${n}`)).join(' ')}
        </Alert>
      )}
      {r.sampleRatio?.mismatch && (
        <Alert color="red" title={t('campaigns.list.srmMismatch')}>
          {t('campaigns.results.srm', { p: fmt.decimal(r.sampleRatio.p, 4) })}
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('campaigns.results.arm')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.members')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.repurchase')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.revenue')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.results.cost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.arms.map((a) => (
            <Table.Tr key={a.arm}>
              <Table.Td>
                {a.name} {a.control && <Badge variant="outline">{t('campaigns.results.control')}</Badge>}
              </Table.Td>
              <Table.Td ta="right">{fmt.number(a.n)}</Table.Td>
              <Table.Td ta="right">{pct(a.repurchaseRate)}</Table.Td>
              <Table.Td ta="right">
                {a.revenuePerMemberMinor === null ? '—' : fmt.money(Math.round(a.revenuePerMemberMinor))}
              </Table.Td>
              <Table.Td ta="right">{fmt.money(a.costMinor)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {r.comparisons.map((c) => (
        <ComparisonBlock key={c.arm} c={c} arms={r.arms} />
      ))}
      {r.byTier.length > 0 && (
        <Stack gap="xs" data-testid="campaign-by-tier">
          <Text fw={600}>{t('campaigns.results.byTier')}</Text>
          <TierTable r={r} tierName={(tier) => (tier ? label('tier', tier) : t('campaigns.results.noTier'))} />
        </Stack>
      )}
    </Stack>
  );
}

function ComparisonBlock({ c, arms }: { c: Comparison; arms: Arm[] }) {
  const { t } = useTranslation();
  const { pts, money, p, fmt } = useEffectText();
  const name = arms.find((a) => a.arm === c.arm)?.name ?? c.arm;
  return (
    <Stack gap={4} data-testid={`campaign-comparison-${c.arm}`}>
      <Text fw={600}>{t('campaigns.results.versus', { arm: name })}</Text>
      {c.repurchase ? (
        <EffectRow
          label={t('campaigns.results.repurchaseDiff')}
          estimate={c.repurchase.difference}
          ci={c.repurchase.ci}
          text={t('campaigns.results.effect', {
            diff: pts(c.repurchase.difference),
            lo: pts(c.repurchase.ci[0]),
            hi: pts(c.repurchase.ci[1]),
            p: p(c.repurchase.p),
          })}
        />
      ) : (
        <Text size="sm" c="dimmed">
          {t('campaigns.results.noComparison')}
        </Text>
      )}
      {c.revenue && (
        <EffectRow
          label={t('campaigns.results.revenueDiff')}
          estimate={c.revenue.difference}
          ci={c.revenue.ci}
          text={t('campaigns.results.effect', {
            diff: money(c.revenue.difference),
            lo: money(c.revenue.ci[0]),
            hi: money(c.revenue.ci[1]),
            p: p(c.revenue.p),
          })}
        />
      )}
      <Text size="sm" data-testid={`campaign-roi-${c.arm}`}>
        {t('campaigns.results.incremental', {
          revenue: money(c.incrementalRevenueMinor),
          margin: money(c.incrementalMarginMinor),
        })}{' '}
        {t('campaigns.results.roi', {
          cost: fmt.money(c.costMinor),
          roi: c.roi === null ? t('campaigns.results.noRoi') : fmt.percent(c.roi, { signed: true }),
        })}
      </Text>
      {c.repurchaseMde !== null && (
        <Text size="xs" c="dimmed">
          {t('campaigns.results.mde', { points: fmt.decimal(c.repurchaseMde * 100, 1) })}
        </Text>
      )}
    </Stack>
  );
}

function EffectRow(props: { label: string; estimate: number; ci: [number, number]; text: string }) {
  return (
    <Group gap="sm" wrap="wrap">
      <Text size="sm" w={180}>
        {props.label}
      </Text>
      <IntervalBar estimate={props.estimate} ci={props.ci} scale={scaleOf([props.ci])} text={props.text} />
      <Text size="sm">{props.text}</Text>
    </Group>
  );
}

/** Per tier and treatment arm: members, the repurchase difference with its interval (one scale for all), ROI. */
function TierTable({ r, tierName }: { r: CampaignResultsDto; tierName: (tier: string | null) => string }) {
  const { t } = useTranslation();
  const { pts, p, fmt } = useEffectText();
  const rows = r.byTier.flatMap((tier) =>
    tier.comparisons.map((c) => ({
      tier,
      c,
      arm: tier.arms.find((a) => a.arm === c.arm),
      control: tier.arms.find((a) => a.control),
    })),
  );
  const scale = scaleOf(rows.flatMap((x) => (x.c.repurchase ? [x.c.repurchase.ci] : [])));
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('campaigns.results.tier')}</Table.Th>
          <Table.Th>{t('campaigns.results.arm')}</Table.Th>
          <Table.Th ta="right">{t('campaigns.results.members')}</Table.Th>
          <Table.Th>{t('campaigns.results.repurchaseDiff')}</Table.Th>
          <Table.Th ta="right">{t('campaigns.results.roiShort')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ tier, c, arm, control }) => (
          <Table.Tr key={`${tier.tier}:${c.arm}`}>
            <Table.Td>{tierName(tier.tier)}</Table.Td>
            <Table.Td>{arm?.name ?? c.arm}</Table.Td>
            <Table.Td ta="right">
              {fmt.number(arm?.n ?? 0)} / {fmt.number(control?.n ?? 0)}
            </Table.Td>
            <Table.Td>
              {c.repurchase ? (
                <Group gap="xs" wrap="nowrap">
                  <IntervalBar
                    estimate={c.repurchase.difference}
                    ci={c.repurchase.ci}
                    scale={scale}
                    text={`${pts(c.repurchase.difference)}, p ${p(c.repurchase.p)}`}
                  />
                  <Text size="xs">
                    {pts(c.repurchase.difference)} · p {p(c.repurchase.p)}
                  </Text>
                </Group>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('campaigns.results.tooFew')}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{c.roi === null ? '—' : fmt.percent(c.roi, { signed: true })}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
