// The program's finances: liability (outstanding points × cost per point), breakage (expired /
// earned), earn and burn per month, and members per level — over a chosen period.
import '@mantine/charts/styles.css';
import { BarChart, DonutChart } from '@mantine/charts';
import { Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { currencyDigits } from '../../lib/money.ts';
import { loyaltyKey } from './queries.ts';

const periods = ['12', '24', 'all'] as const;
const palette = ['teal.6', 'blue.6', 'grape.6', 'orange.6', 'yellow.6', 'cyan.6', 'pink.6', 'gray.5'];

/** The first instant of the month `months - 1` months before this one (UTC; the server groups by the workspace's zone). */
function periodStart(months: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString();
}

export function ReportsTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [period, setPeriod] = useState<(typeof periods)[number]>('12');
  const from = period === 'all' ? undefined : periodStart(Number(period));
  const overview = useQuery({
    queryKey: [...loyaltyKey, 'overview', from],
    queryFn: () => api.GET('/loyalty/reports/overview', { params: { query: { from } } }),
  });
  const monthly = useQuery({
    queryKey: [...loyaltyKey, 'monthly', from],
    queryFn: () => api.GET('/loyalty/reports/monthly', { params: { query: { from } } }),
  });
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => overview.refetch()} />;
  const o = overview.data;
  const unit = o.pointsUnit;
  // A point usually costs a fraction of a cent: keep its digits.
  const costPerPoint = new Intl.NumberFormat(fmt.locale, {
    style: 'currency',
    currency: o.currency,
    maximumFractionDigits: 6,
  }).format(Number(o.costPerPointMinor) / 10 ** currencyDigits(o.currency));
  const monthLabel = new Intl.DateTimeFormat(fmt.locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const chart = (monthly.data?.items ?? []).map((m) => ({
    month: monthLabel.format(new Date(`${m.month.slice(0, 7)}-01T00:00:00Z`)),
    [t('loyalty.reports.earned')]: m.earned + m.compensated,
    [t('loyalty.reports.redeemed')]: Math.abs(m.redeemed),
    [t('loyalty.reports.expired')]: Math.abs(m.expired),
  }));
  const levels = o.membersPerLevel.map((l, i) => ({
    name: l.name ?? t('loyalty.reports.noLevel'),
    value: l.members,
    color: palette[i % palette.length],
  }));
  const stat = (label: string, value: string, hint?: string, testId?: string) => (
    <Card withBorder radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <SegmentedControl
          aria-label={t('loyalty.reports.period')}
          value={period}
          onChange={(v) => setPeriod(v as typeof period)}
          data={periods.map((p) => ({ value: p, label: t(`loyalty.reports.periods.${p}`) }))}
        />
        {o.queued > 0 && (
          <Text size="sm" c="dimmed">
            {t('loyalty.program.queued', { count: o.queued })}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        {stat(
          t('loyalty.reports.liability'),
          fmt.money(o.liabilityMinor),
          t('loyalty.reports.liabilityHint', { points: fmt.number(o.outstanding), unit, cost: costPerPoint }),
          'liability',
        )}
        {stat(
          t(`loyalty.reports.breakageWindow.${period}`),
          o.breakage === null ? '—' : fmt.percent(o.breakage),
          t('loyalty.reports.breakageHint', { expired: fmt.number(o.expired), earned: fmt.number(o.earned) }),
          'breakage',
        )}
        {stat(
          t('loyalty.reports.outstanding'),
          `${fmt.number(o.outstanding)} ${unit}`,
          t('loyalty.reports.outstandingHint', { spendable: fmt.number(o.spendable), pending: fmt.number(o.pending) }),
        )}
        {stat(
          t('loyalty.reports.members'),
          fmt.number(o.members),
          t('loyalty.reports.redeemedHint', { redeemed: fmt.number(Math.abs(o.redeemed)), unit }),
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card
          withBorder
          radius="md"
          style={{ gridColumn: 'span 2' }}
          component="section"
          aria-label={t('loyalty.reports.earnBurn')}
        >
          <Title order={4} mb="sm">
            {t('loyalty.reports.earnBurn')}
          </Title>
          {monthly.isPending ? (
            <Loading />
          ) : monthly.isError ? (
            <ErrorState error={monthly.error} onRetry={() => monthly.refetch()} />
          ) : chart.length === 0 ? (
            <EmptyState title={t('loyalty.reports.noActivity')}>{t('loyalty.reports.noActivityHint')}</EmptyState>
          ) : (
            <BarChart
              h={280}
              data={chart}
              dataKey="month"
              withLegend
              valueFormatter={(v) => fmt.number(v)}
              yAxisProps={{ tickFormatter: fmt.compact }}
              series={[
                { name: t('loyalty.reports.earned'), color: 'teal.6' },
                { name: t('loyalty.reports.redeemed'), color: 'blue.6' },
                { name: t('loyalty.reports.expired'), color: 'orange.5' },
              ]}
              data-testid="earn-burn-chart"
            />
          )}
        </Card>
        <Card withBorder radius="md" component="section" aria-label={t('loyalty.reports.perLevel')}>
          <Title order={4} mb="sm">
            {t('loyalty.reports.perLevel')}
          </Title>
          {levels.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('loyalty.reports.noMembers')}
            </Text>
          ) : (
            <Stack align="center" gap="xs">
              <DonutChart
                data={levels}
                withTooltip
                withLabelsLine={false}
                size={160}
                thickness={26}
                valueFormatter={(v) => fmt.number(v)}
              />
              <Stack gap={2} w="100%" data-testid="members-per-level">
                {levels.map((l) => (
                  <Group key={l.name} justify="space-between" wrap="nowrap">
                    <Group gap={6} wrap="nowrap">
                      <span
                        aria-hidden
                        style={{
                          width: 10,
                          height: 10,
                          borderRadius: 5,
                          background: `var(--mantine-color-${l.color.replace('.', '-')})`,
                        }}
                      />
                      <Text size="sm">{l.name}</Text>
                    </Group>
                    <Text size="sm" fw={600}>
                      {fmt.number(l.value)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
