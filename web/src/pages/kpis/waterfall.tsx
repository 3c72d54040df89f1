// The revenue-retention waterfall: MRR at the start, the period's movements (gains up, losses
// down) and MRR at the end, with GRR, NRR, logo churn and the quick ratio beside it.
import { BarChart } from '@mantine/charts';
import { Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Stat } from '../../components/Stat.tsx';
import type { RevenueRetentionDto } from '../../kpis-api.ts';
import { useKpiWords } from './words.ts';

export function RevenueWaterfall({ data: r }: { data: RevenueRetentionDto }) {
  const { t } = useTranslation();
  const w = useKpiWords();
  const bars = [
    { item: t('kpis.revenue.start'), value: r.startMrrMinor, color: 'blue.6', standalone: true },
    { item: t('kpis.revenue.new'), value: r.newMinor, color: 'teal.6' },
    { item: t('kpis.revenue.expansion'), value: r.expansionMinor, color: 'teal.4' },
    { item: t('kpis.revenue.reactivation'), value: r.reactivationMinor, color: 'cyan.5' },
    { item: t('kpis.revenue.contraction'), value: -r.contractionMinor, color: 'orange.5' },
    { item: t('kpis.revenue.churned'), value: -r.churnedMinor, color: 'red.6' },
    { item: t('kpis.revenue.end'), value: r.breakdown.endMrrMinor, color: 'blue.6', standalone: true },
  ];
  return (
    <Stack gap="sm">
      <BarChart
        h={240}
        data={bars}
        dataKey="item"
        type="waterfall"
        series={[{ name: 'value', label: t('kpis.revenue.mrr'), color: 'blue.6' }]}
        valueFormatter={(v) => w.fmt.money(v, { compact: true })}
        withLegend={false}
      />
      <Group gap="xl" data-testid="kpis-revenue-ratios">
        <Stat label={t('kpis.revenue.grr')} value={w.pct(r.grr)} />
        <Stat label={t('kpis.revenue.nrr')} value={w.pct(r.nrr)} />
        <Stat
          label={t('kpis.revenue.logoChurn')}
          value={`${w.pct(r.logoChurn)} (${w.fmt.number(r.breakdown.customersLost)} / ${w.fmt.number(r.breakdown.customersAtStart)})`}
        />
        <Stat label={t('kpis.revenue.quickRatio')} value={w.num(r.quickRatio)} />
      </Group>
    </Stack>
  );
}
