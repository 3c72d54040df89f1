// The KPI home's summary cards: headline ratios (logo retention and churn, repeat purchases,
// defection rate) with their parts and the previous period; defections by reason; complaints per
// 1,000 active customers, SLA compliance, handling times and root causes.
import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KpiRatio, KpiSummaryDto } from '../../kpis-api.ts';
import { useReasonLabel } from '../defections/reasons.ts';
import { useKpiWords } from './words.ts';
import { labelOf } from '../../labels.ts';

type Compared = { current: KpiRatio; previous: KpiRatio };

/** A ratio now, its parts, and the previous period's value; `better` says which way is good. */
function RatioStat({
  label,
  kpi,
  better,
  testId,
  per1000,
}: {
  label: string;
  kpi: Compared;
  better: 'up' | 'down';
  testId: string;
  per1000?: boolean;
}) {
  const { t } = useTranslation();
  const w = useKpiWords();
  const show = (v: number | null) => (per1000 ? w.num(v, 1) : w.pct(v));
  const { current: c, previous: p } = kpi;
  const delta = c.value !== null && p.value !== null ? c.value - p.value : null;
  const good = delta === null || delta === 0 ? null : delta > 0 === (better === 'up');
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap="xs">
        <Text fw={600}>{show(c.value)}</Text>
        {good !== null && (
          <Badge size="xs" variant="light" color={good ? 'teal' : 'red'}>
            {delta! > 0 ? '▲' : '▼'}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t('kpis.parts', { parts: w.parts(c), previous: show(p.value) })}
      </Text>
    </Stack>
  );
}

export function HeadlineStats({ summary: s }: { summary: KpiSummaryDto }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      <RatioStat
        label={t('kpis.headline.logoRetention')}
        kpi={s.logoRetention}
        better="up"
        testId="kpi-logo-retention"
      />
      <RatioStat label={t('kpis.headline.logoChurn')} kpi={s.logoChurn} better="down" testId="kpi-logo-churn" />
      <RatioStat label={t('kpis.headline.repeat')} kpi={s.repeatPurchaseRate} better="up" testId="kpi-repeat" />
      <RatioStat
        label={t('kpis.headline.defectionRate')}
        kpi={s.defectionRate}
        better="down"
        testId="kpi-defection-rate"
      />
    </SimpleGrid>
  );
}

function CountsTable({
  rows,
  label,
  testId,
}: {
  rows: { key: string | null; current: number; previous: number }[];
  label: (key: string | null) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  const w = useKpiWords();
  if (rows.length === 0) return <Text c="dimmed">{t('kpis.none')}</Text>;
  return (
    <Table striped fz="sm" data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">{t('kpis.current')}</Table.Th>
          <Table.Th ta="right">{t('kpis.previous')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key ?? '—'}>
            <Table.Td>{label(r.key)}</Table.Td>
            <Table.Td ta="right">{w.fmt.number(r.current)}</Table.Td>
            <Table.Td ta="right">{w.fmt.number(r.previous)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function DefectionsTable({ summary: s }: { summary: KpiSummaryDto }) {
  const { t } = useTranslation();
  const reasonLabel = useReasonLabel();
  return (
    <Stack gap="sm">
      <CountsTable rows={s.defectionsByReason} label={reasonLabel} testId="kpis-defections-reasons" />
      <Text size="sm" fw={500}>
        {t('kpis.defections.byTier')}
      </Text>
      <CountsTable
        rows={s.defectionsByTier}
        label={(tier) => (tier ? t(`churn.tiers.${tier}`) : t('kpis.defections.unscored'))}
        testId="kpis-defections-tiers"
      />
    </Stack>
  );
}

export function ComplaintsCard({ summary: s }: { summary: KpiSummaryDto }) {
  const { t } = useTranslation();
  const w = useKpiWords();
  const hours = (h: number | null) => (h === null ? '—' : t('kpis.complaints.hours', { n: w.num(h, 1) }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Stack gap="md">
        <SimpleGrid cols={2}>
          <RatioStat
            label={t('kpis.complaints.per1000')}
            kpi={s.complaintsPer1000}
            better="down"
            testId="kpi-complaints-per-1000"
            per1000
          />
          <RatioStat label={t('kpis.complaints.sla')} kpi={s.slaCompliance} better="up" testId="kpi-sla" />
        </SimpleGrid>
        <Stack gap={2} data-testid="kpi-handling">
          <Text size="xs" c="dimmed">
            {t('kpis.complaints.handling')}
          </Text>
          <Text fw={600}>
            {t('kpis.complaints.meanP90', {
              mean: hours(s.handlingHours.current.mean),
              p90: hours(s.handlingHours.current.p90),
            })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('kpis.complaints.previousHandling', {
              mean: hours(s.handlingHours.previous.mean),
              p90: hours(s.handlingHours.previous.p90),
            })}
          </Text>
        </Stack>
      </Stack>
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('kpis.complaints.rootCauses')}
        </Text>
        <CountsTable
          rows={s.complaintsByRootCause}
          label={(k) => (k ? labelOf(t, 'rootCause', k) : t('kpis.none'))}
          testId="kpis-complaints-root-causes"
        />
      </Stack>
    </SimpleGrid>
  );
}

type Score = KpiSummaryDto['nps']['current'];

/** A score with its 95% band and the previous period's value, or "no answers". */
function ScoreStat({
  label,
  kpi,
  testId,
}: {
  label: string;
  kpi: { current: Score; previous: Score };
  testId: string;
}) {
  const { t } = useTranslation();
  const w = useKpiWords();
  const { current: c, previous: p } = kpi;
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{c.value === null ? t('kpis.voice.noAnswers') : w.num(c.value, 1)}</Text>
      <Text size="xs" c="dimmed">
        {c.value === null
          ? t('kpis.voice.previousOnly', { previous: w.num(p.value, 1) })
          : t('kpis.voice.band', {
              low: w.num(c.low, 1),
              high: w.num(c.high, 1),
              count: c.n,
              n: w.fmt.number(c.n),
              previous: w.num(p.value, 1),
            })}
      </Text>
    </Stack>
  );
}

export function VoiceCard({ summary: s }: { summary: KpiSummaryDto }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <ScoreStat label={t('kpis.voice.nps')} kpi={s.nps} testId="kpi-nps" />
      <ScoreStat label={t('kpis.voice.csat')} kpi={s.csat} testId="kpi-csat" />
      <RatioStat
        label={t('kpis.voice.compliments')}
        kpi={s.complimentsPer1000}
        better="up"
        testId="kpi-compliments"
        per1000
      />
    </SimpleGrid>
  );
}
