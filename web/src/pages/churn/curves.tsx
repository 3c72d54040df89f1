// The Churn page's curves: sBG retention per cohort (observed beside projected survival) and
// Kaplan–Meier survival by segment with medians and the log-rank test. Both read the latest run.
import { LineChart } from '@mantine/charts';
import { Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { IconChartLine, IconTimeline } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RetentionDto, type SegmentKind, type SurvivalDto, useRetention, useSurvival } from '../../churn-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useChurnWords } from './words.ts';

const colors = ['teal.7', 'indigo.6', 'orange.6', 'grape.6', 'red.6', 'cyan.7', 'lime.7', 'gray.7'];

export function RetentionSection() {
  const { t } = useTranslation();
  const query = useRetention();
  return (
    <QueryCard
      title={t('churn.retention.title')}
      icon={<IconChartLine size={20} />}
      testId="churn-retention"
      query={query}
      empty={<EmptyState title={t('churn.noRun.title')}>{t('churn.noRun.body')}</EmptyState>}
      isEmpty={(d) => d.cohorts.length === 0}
    >
      {(d) => <RetentionChart data={d} />}
    </QueryCard>
  );
}

function RetentionChart({ data }: { data: RetentionDto }) {
  const { t } = useTranslation();
  const w = useChurnWords();
  const fitted = data.cohorts.filter((c) => c.fit);
  const options = (fitted.length ? fitted : data.cohorts).map((c, i) => ({
    value: String(i),
    label: t('churn.retention.cohortLabel', { cohort: c.cohort, plan: c.plan, count: c.contracts }),
  }));
  const [picked, setPicked] = useState<string>(options.at(-1)?.value ?? '0');
  const cohort = (fitted.length ? fitted : data.cohorts)[Number(picked)] ?? data.cohorts[0];
  const rows = useMemo(() => {
    const n = Math.max(cohort.observed.length, cohort.projected.length);
    return Array.from({ length: n }, (_, k) => ({
      period: k,
      observed: cohort.observed[k]?.survival ?? null,
      projected: cohort.projected[k]?.survival ?? null,
    }));
  }, [cohort]);
  return (
    <Stack gap="sm">
      <Select
        label={t('churn.retention.cohort')}
        data={options}
        value={picked}
        onChange={(v) => v !== null && setPicked(v)}
        allowDeselect={false}
        searchable
        maw={420}
      />
      <LineChart
        h={260}
        data={rows}
        dataKey="period"
        series={[
          { name: 'observed', label: t('churn.retention.observed'), color: 'teal.7' },
          { name: 'projected', label: t('churn.retention.projected'), color: 'indigo.5', strokeDasharray: '5 5' },
        ]}
        valueFormatter={(v) => w.percent(v)}
        yAxisProps={{ domain: [0, 1] }}
        xAxisLabel={t('churn.retention.months')}
        curveType="linear"
        withDots={false}
        withLegend
        connectNulls={false}
      />
      <Text size="sm" c="dimmed" data-testid="churn-sbg-params">
        {cohort.fit
          ? t('churn.retention.fit', {
              alpha: w.num(cohort.fit.alpha, 3),
              beta: w.num(cohort.fit.beta, 3),
              active: cohort.active,
              contracts: cohort.contracts,
            })
          : t('churn.retention.noFit')}
      </Text>
    </Stack>
  );
}

const kinds: SegmentKind[] = ['plan', 'payment_method', 'term', 'tier'];

export function SurvivalSection() {
  const { t } = useTranslation();
  const [by, setBy] = useState<SegmentKind>('plan');
  const query = useSurvival(by);
  return (
    <QueryCard
      title={t('churn.survival.title')}
      icon={<IconTimeline size={20} />}
      testId="churn-survival"
      query={query}
      empty={<EmptyState title={t('churn.noRun.title')}>{t('churn.noRun.body')}</EmptyState>}
      action={
        <SegmentedControl
          size="xs"
          value={by}
          onChange={(v) => setBy(v as SegmentKind)}
          data={kinds.map((k) => ({ value: k, label: t(`churn.survival.by.${k}`) }))}
        />
      }
    >
      {(d) => <SurvivalChart data={d} />}
    </QueryCard>
  );
}

/** Each segment's step curve read at whole months, so all segments share one x axis. */
function atMonths(data: SurvivalDto) {
  const end = Math.ceil(Math.max(1, ...data.segments.flatMap((s) => s.points.map((p) => p.time))));
  return Array.from({ length: end + 1 }, (_, m) => {
    const row: Record<string, number> = { month: m };
    data.segments.forEach((s, i) => {
      let v = 1;
      for (const p of s.points) if (p.time <= m) v = p.survival;
      row[`s${i}`] = v;
    });
    return row;
  });
}

function SurvivalChart({ data }: { data: SurvivalDto }) {
  const { t } = useTranslation();
  const w = useChurnWords();
  const rows = useMemo(() => atMonths(data), [data]);
  const months = (v: number | null) => (v === null ? t('churn.survival.notReached') : w.num(v, 1));
  return (
    <Stack gap="sm">
      <LineChart
        h={260}
        data={rows}
        dataKey="month"
        series={data.segments.map((s, i) => ({
          name: `s${i}`,
          label: w.segment(data.by, s.segment),
          color: colors[i % colors.length],
        }))}
        valueFormatter={(v) => w.percent(v)}
        yAxisProps={{ domain: [0, 1] }}
        xAxisLabel={t('churn.retention.months')}
        curveType="stepAfter"
        withDots={false}
        withLegend
      />
      <Table.ScrollContainer minWidth={420}>
        <Table striped data-testid="churn-km-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('churn.survival.segment')}</Table.Th>
              <Table.Th ta="right">{t('churn.survival.contracts')}</Table.Th>
              <Table.Th ta="right">{t('churn.survival.cancelled')}</Table.Th>
              <Table.Th ta="right">{t('churn.survival.median')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.segments.map((s) => (
              <Table.Tr key={s.segment}>
                <Table.Td>{w.segment(data.by, s.segment)}</Table.Td>
                <Table.Td ta="right">{w.num(s.n, 0)}</Table.Td>
                <Table.Td ta="right">{w.num(s.events, 0)}</Table.Td>
                <Table.Td ta="right">
                  {months(s.median)}
                  {s.median !== null && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {t('churn.survival.ci', { lower: months(s.medianLower), upper: months(s.medianUpper) })}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Text size="sm" c="dimmed" data-testid="churn-logrank">
          {data.logRank
            ? t('churn.survival.logRank', {
                chisq: w.num(data.logRank.chisq, 2),
                df: data.logRank.df,
                p: data.logRank.p < 0.001 ? '< 0.001' : w.num(data.logRank.p, 3),
              })
            : t('churn.survival.noLogRank')}
        </Text>
      </Group>
    </Stack>
  );
}
