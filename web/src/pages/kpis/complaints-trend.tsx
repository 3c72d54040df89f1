// The KPI home's complaints trend: complaints registered per month per 1,000 active customers, in
// all and by root cause (a complaint's root cause is known once it is resolved), from
// /kpis/complaints-trend.
import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ComplaintsTrendDto } from '../../kpis-api.ts';
import { useLabel } from '../../labels.ts';
import { useKpiWords } from './words.ts';

const colors = ['red.6', 'orange.6', 'grape.6', 'indigo.6', 'cyan.7', 'lime.7', 'gray.6'];
const TOP = 5;

export function ComplaintsTrend({ data }: { data: ComplaintsTrendDto }) {
  const { t } = useTranslation();
  const label = useLabel();
  const w = useKpiWords();
  // The root causes with the most complaints over the period get a line each.
  const totals = new Map<string, number>();
  for (const m of data.months)
    for (const c of m.byRootCause)
      if (c.rootCause !== null) totals.set(c.rootCause, (totals.get(c.rootCause) ?? 0) + c.count);
  const causes = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([c]) => c);
  const rows = data.months.map((m) => ({
    month: w.month(m.month),
    all: m.per1000 ?? 0,
    ...Object.fromEntries(causes.map((c) => [c, m.byRootCause.find((r) => r.rootCause === c)?.per1000 ?? 0])),
  }));
  return (
    <>
      <LineChart
        h={240}
        data={rows}
        dataKey="month"
        series={[
          { name: 'all', label: t('kpis.complaintsTrend.all'), color: 'blue.7' },
          ...causes.map((c, i) => ({ name: c, label: label('rootCause', c), color: colors[i % colors.length] })),
        ]}
        valueFormatter={(v) => w.num(v, 1)}
        curveType="linear"
        withLegend
        data-testid="kpis-complaints-trend-chart"
      />
      <Text size="xs" c="dimmed">
        {t('kpis.complaintsTrend.caption', { active: w.fmt.number(data.activeCustomers) })}
      </Text>
    </>
  );
}
