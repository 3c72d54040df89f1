// The home dashboard's cards: retention at a glance. Each card is listed with the operation it
// reads and the permission it needs, and shows only when both hold (see Home.tsx).
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Box, Group, Paper, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconAward, IconClockExclamation } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type MeDto } from '../../api.ts';
import type { SlaState } from '../../analytics-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { Stat } from '../../components/Stat.tsx';
import { EmptyState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { formatMoney } from '../../lib/money.ts';
import { percent } from '../analytics/charts.tsx';
import { PyramidPanel, RfmPanel } from '../analytics/panels.tsx';

export type CardProps = { me: MeDto };

export const PyramidCard = ({ me }: CardProps) => <PyramidPanel me={me} />;
export const RfmCard = ({ me }: CardProps) => <RfmPanel me={me} />;

const slaColors: Record<SlaState, string> = { on_track: 'teal', at_risk: 'yellow', breached: 'red', met: 'blue' };
const slaOrder: SlaState[] = ['on_track', 'at_risk', 'breached', 'met'];
/** The list endpoint has no totals, so states are counted up to one page and shown as "200+" beyond. */
const COUNT_CAP = 200;

/** Complaints per SLA state (open ones and those resolved in time), plus the 90-day KPIs. */
export function ComplaintsSlaCard(_props: CardProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const kpis = useQuery({
    queryKey: ['dashboard', 'complaint-kpis'],
    queryFn: ({ signal }) => api.GET('/complaints/kpis', { signal }),
  });
  const counts = useQueries({
    queries: slaOrder.map((state) => ({
      queryKey: ['dashboard', 'sla-count', state],
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const page = await api.GET('/complaints', { params: { query: { slaState: state, limit: COUNT_CAP } }, signal });
        return { count: page.items.length, more: page.nextCursor !== null };
      },
    })),
  });
  return (
    <QueryCard
      title={t('dashboard.sla.title')}
      icon={<IconClockExclamation size={20} />}
      testId="dashboard-sla"
      action={
        <Anchor component={Link} to="/complaints" size="sm">
          {t('dashboard.sla.inbox')}
        </Anchor>
      }
      query={kpis}
      isEmpty={(d) => d.overall.registered === 0 && counts.every((c) => c.data?.count === 0)}
      empty={
        <EmptyState title={t('dashboard.sla.emptyTitle')}>
          {t('dashboard.sla.emptyBody')}{' '}
          <Anchor component={Link} to="/complaints" inherit>
            {t('dashboard.sla.emptyAction')}
          </Anchor>
        </EmptyState>
      }
    >
      {(d) => {
        const values = slaOrder.map((state, i) => ({ state, ...(counts[i].data ?? { count: 0, more: false }) }));
        const total = values.reduce((s, v) => s + v.count, 0);
        const summary = values
          .map((v) => `${t(`slaState.${v.state}`)}: ${fmt.number(v.count)}${v.more ? '+' : ''}`)
          .join(', ');
        return (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs">
              {values.map((v) => (
                <Paper
                  key={v.state}
                  withBorder
                  p="xs"
                  component={Link}
                  to={`/complaints?slaState=${v.state}`}
                  aria-label={`${t(`slaState.${v.state}`)}: ${fmt.number(v.count)}${v.more ? '+' : ''}`}
                  style={{
                    borderLeft: `4px solid var(--mantine-color-${slaColors[v.state]}-6)`,
                    textDecoration: 'none',
                    color: 'inherit',
                  }}
                  data-testid={`sla-${v.state}`}
                >
                  <Text size="xs" c="dimmed">
                    {t(`slaState.${v.state}`)}
                  </Text>
                  <Text fw={700} size="xl">
                    {fmt.number(v.count)}
                    {v.more ? '+' : ''}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            {total > 0 && (
              <Progress.Root size="md" role="img" aria-label={summary}>
                {values.map((v) => (
                  <Tooltip key={v.state} label={`${t(`slaState.${v.state}`)}: ${fmt.number(v.count)}`}>
                    <Progress.Section value={(v.count / total) * 100} color={slaColors[v.state]} />
                  </Tooltip>
                ))}
              </Progress.Root>
            )}
            <Group gap="lg" wrap="wrap">
              <Stat
                label={t('dashboard.sla.withinSla')}
                value={
                  d.overall.shareResolvedWithinSla === null
                    ? '—'
                    : percent(fmt.locale, d.overall.shareResolvedWithinSla)
                }
              />
              <Stat
                label={t('dashboard.sla.meanHours')}
                value={
                  d.overall.meanHoursToResolve === null
                    ? '—'
                    : t('dashboard.sla.hours', { hours: fmt.number(d.overall.meanHoursToResolve) })
                }
              />
              <Stat label={t('dashboard.sla.registered')} value={fmt.number(d.overall.registered)} />
              <Stat
                label={t('dashboard.sla.satisfaction')}
                value={d.overall.meanSatisfaction === null ? '—' : `${fmt.number(d.overall.meanSatisfaction)} / 5`}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('dashboard.sla.window', { from: fmt.date(d.from), to: fmt.date(d.to) })}
            </Text>
          </Stack>
        );
      }}
    </QueryCard>
  );
}

/** Months shown in the earn/burn trend. */
const TREND_MONTHS = 12;

export function LoyaltyCard(_props: CardProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const overview = useQuery({
    queryKey: ['dashboard', 'loyalty-overview'],
    queryFn: ({ signal }) => api.GET('/loyalty/reports/overview', { signal }),
  });
  const monthly = useQuery({
    queryKey: ['dashboard', 'loyalty-monthly'],
    enabled: overview.isSuccess,
    queryFn: ({ signal }) => api.GET('/loyalty/reports/monthly', { signal }),
  });
  return (
    <QueryCard
      title={t('dashboard.loyalty.title')}
      icon={<IconAward size={20} />}
      testId="dashboard-loyalty"
      query={overview}
      empty={<EmptyState title={t('dashboard.loyalty.emptyTitle')}>{t('dashboard.loyalty.emptyBody')}</EmptyState>}
    >
      {(d) => {
        const months = (monthly.data?.items ?? [])
          .slice(-TREND_MONTHS)
          .map((m) => ({ month: m.month, earned: m.earned, burned: m.redeemed + m.expired }));
        const trendLabel = t('dashboard.loyalty.trendAria', {
          months: months.length,
          earned: fmt.number(months.reduce((s, m) => s + m.earned, 0)),
          burned: fmt.number(months.reduce((s, m) => s + m.burned, 0)),
        });
        return (
          <Stack gap="sm">
            <Group gap="lg" wrap="wrap">
              <Stat
                testId="loyalty-liability"
                label={t('dashboard.loyalty.liability')}
                value={formatMoney(d.liabilityMinor, d.currency, fmt.locale)}
              />
              <Stat
                label={t('dashboard.loyalty.outstanding', { unit: d.pointsUnit })}
                value={fmt.number(d.outstanding)}
              />
              <Stat label={t('dashboard.loyalty.members')} value={fmt.number(d.members)} />
              <Stat
                label={t('dashboard.loyalty.breakageAllTime')}
                value={d.breakage === null ? '—' : percent(fmt.locale, d.breakage)}
              />
            </Group>
            {monthly.isPending ? (
              <Loading />
            ) : months.length > 0 ? (
              <Box role="img" aria-label={trendLabel} data-testid="earn-burn-chart">
                <BarChart
                  h={180}
                  data={months}
                  dataKey="month"
                  series={[
                    { name: 'earned', label: t('dashboard.loyalty.earned'), color: 'teal.6' },
                    { name: 'burned', label: t('dashboard.loyalty.burned'), color: 'orange.6' },
                  ]}
                  valueFormatter={fmt.number}
                  yAxisProps={{ tickFormatter: fmt.compact }}
                  xAxisProps={{ tickFormatter: fmt.month }}
                  withLegend
                  tickLine="y"
                />
              </Box>
            ) : (
              <Text size="sm" c="dimmed">
                {t('dashboard.loyalty.noActivity')}
              </Text>
            )}
          </Stack>
        );
      }}
    </QueryCard>
  );
}
