// The KPI home for managers: the period's headline ratios against the previous period, the
// revenue-retention waterfall, the cohort heatmap, defections by reason, complaints with their
// SLA, the complaints trend per 1,000 active customers and the customer's voice (NPS, CSAT,
// compliments), all for the customers the filter bar chooses (tier, segments, account manager). Every figure comes from /kpis/* with its parts; definitions are in docs/kpis.md.
import { Anchor, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  IconChartBar,
  IconDownload,
  IconGridDots,
  IconMessageExclamation,
  IconMoodSmile,
  IconTrendingUp,
  IconUserMinus,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryCard } from '../../components/QueryCard.tsx';
import {
  type CohortMetric,
  kpiQuery,
  type KpiFilters,
  lastMonths,
  useCohorts,
  useComplaintsTrend,
  useKpiSummary,
  useRevenueRetention,
} from '../../kpis-api.ts';
import { CohortHeatmap } from './cohorts.tsx';
import { ComplaintsTrend } from './complaints-trend.tsx';
import { KpiFilterBar } from './filters.tsx';
import { ComplaintsCard, DefectionsTable, HeadlineStats, VoiceCard } from './summary.tsx';
import { RevenueWaterfall } from './waterfall.tsx';

const spans = ['6', '12', '24'] as const;

function CsvLink({ href, testId }: { href: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Anchor href={href} size="sm" download data-testid={testId}>
      <Group gap={4}>
        <IconDownload size={14} />
        {t('kpis.export')}
      </Group>
    </Anchor>
  );
}

export function KpisPage() {
  const { t } = useTranslation();
  const [span, setSpan] = useState<(typeof spans)[number]>('12');
  const [metric, setMetric] = useState<CohortMetric>('customers');
  const [filters, setFilters] = useState<KpiFilters>({});
  const period = lastMonths(Number(span));
  const summary = useKpiSummary(period, filters);
  const revenue = useRevenueRetention(period, filters);
  const trend = useComplaintsTrend(period, filters);
  const cohorts = useCohorts(period, metric);
  return (
    <Stack gap="md" data-testid="kpis-page">
      <Group justify="space-between">
        <Title order={2}>{t('kpis.title')}</Title>
        <SegmentedControl
          aria-label={t('kpis.period')}
          value={span}
          onChange={(v) => setSpan(v as (typeof spans)[number])}
          data={spans.map((s) => ({ value: s, label: t('kpis.lastMonths', { count: Number(s) }) }))}
        />
      </Group>
      <KpiFilterBar value={filters} onChange={setFilters} />
      <QueryCard
        title={t('kpis.headline.title')}
        action={
          <CsvLink href={`/api/v1/kpis/summary/export.csv?${kpiQuery(period, filters)}`} testId="kpis-summary-csv" />
        }
        query={summary}
        testId="kpis-headline"
      >
        {(s) => <HeadlineStats summary={s} />}
      </QueryCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <QueryCard
          title={t('kpis.revenue.title')}
          icon={<IconChartBar size={18} />}
          query={revenue}
          testId="kpis-revenue"
          action={
            <CsvLink
              href={`/api/v1/kpis/revenue-retention/export.csv?${kpiQuery(period, filters)}`}
              testId="kpis-revenue-csv"
            />
          }
          isEmpty={(r) => r.startMrrMinor === 0 && r.breakdown.endMrrMinor === 0}
          empty={<Text c="dimmed">{t('kpis.revenue.empty')}</Text>}
        >
          {(r) => <RevenueWaterfall data={r} />}
        </QueryCard>
        <QueryCard
          title={t('kpis.defections.title')}
          icon={<IconUserMinus size={18} />}
          query={summary}
          testId="kpis-defections"
        >
          {(s) => <DefectionsTable summary={s} />}
        </QueryCard>
      </SimpleGrid>
      <QueryCard
        title={t('kpis.cohorts.title')}
        icon={<IconGridDots size={18} />}
        query={cohorts}
        testId="kpis-cohorts"
        action={
          <Group gap="sm">
            <CsvLink
              href={`/api/v1/kpis/cohorts/export.csv?${new URLSearchParams({ ...period, metric })}`}
              testId="kpis-cohorts-csv"
            />
            <SegmentedControl
              size="xs"
              aria-label={t('kpis.cohorts.metric')}
              value={metric}
              onChange={(v) => setMetric(v as CohortMetric)}
              data={[
                { value: 'customers', label: t('kpis.cohorts.customers') },
                { value: 'revenue', label: t('kpis.cohorts.revenue') },
              ]}
            />
          </Group>
        }
      >
        {(m) => <CohortHeatmap matrix={m} />}
      </QueryCard>
      <QueryCard
        title={t('kpis.complaints.title')}
        icon={<IconMessageExclamation size={18} />}
        query={summary}
        testId="kpis-complaints"
      >
        {(s) => <ComplaintsCard summary={s} />}
      </QueryCard>
      <QueryCard
        title={t('kpis.complaintsTrend.title')}
        icon={<IconTrendingUp size={18} />}
        query={trend}
        testId="kpis-complaints-trend"
        isEmpty={(d) => d.months.every((m) => m.complaints === 0)}
        empty={<Text c="dimmed">{t('kpis.complaintsTrend.empty')}</Text>}
      >
        {(d) => <ComplaintsTrend data={d} />}
      </QueryCard>
      <QueryCard title={t('kpis.voice.title')} icon={<IconMoodSmile size={18} />} query={summary} testId="kpis-voice">
        {(s) => <VoiceCard summary={s} />}
      </QueryCard>
    </Stack>
  );
}
