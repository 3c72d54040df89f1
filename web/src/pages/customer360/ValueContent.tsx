// The 360's "Value & scores": the customer's pyramid tier and why, RFM segment and scores, CLV
// and P(alive), and every metric with the server's plain-language explanation
// (GET /customers/{id}/value).
import { Badge, Box, Group, RingProgress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type CustomerValueDto, type MetricDto, useCustomerValue } from '../../analytics-api.ts';
import type { MeDto } from '../../api.ts';
import { Field } from '../../components/Panel.tsx';
import { isMissing } from '../../components/QueryCard.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { type Format, useFormat } from '../../format.ts';
import { formatMoney } from '../../lib/money.ts';
import { percent, TierBadge } from '../analytics/charts.tsx';
import { NoScores } from '../analytics/scoring.tsx';
import { Stat } from '../../components/Stat.tsx';

export function ValueContent({ me, customerId }: { me: MeDto; customerId: string }) {
  const { t } = useTranslation();
  const value = useCustomerValue(customerId);
  if (value.isPending) return <Loading />;
  if (value.isError)
    return isMissing(value.error) ? (
      <NoScores me={me} what={t('value.what')} />
    ) : (
      <ErrorState error={value.error} onRetry={() => value.refetch()} />
    );
  const v = value.data;
  if (v.computedAt === null && v.metrics.length === 0) return <NoScores me={me} what={t('value.what')} />;
  return <Value v={v} />;
}

function metricValue(
  m: MetricDto,
  currency: string,
  fmt: Format,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (m.value === null) return '—';
  switch (m.unit) {
    case 'money':
      return formatMoney(m.value, currency, fmt.locale);
    case 'days':
      return t('value.days', { count: Math.round(m.value), formatted: fmt.number(Math.round(m.value)) });
    case 'ratio':
    case 'probability':
      return percent(fmt.locale, m.value);
    default:
      return fmt.number(m.value);
  }
}

function Value({ v }: { v: CustomerValueDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, v.currency, fmt.locale));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Box data-testid="value-tier">
          <Text size="xs" c="dimmed">
            {t('value.tier')}
          </Text>
          {v.tier ? (
            <>
              <Group gap="xs">
                <TierBadge tier={v.tier.tier} size="lg" />
                <Text size="xs" c="dimmed">
                  {t('value.since', { date: fmt.date(v.tier.since) })}
                </Text>
              </Group>
              <Text size="sm" mt={4}>
                {v.tier.reason}
              </Text>
            </>
          ) : (
            <Text size="sm">{t('value.noTier')}</Text>
          )}
        </Box>
        <Box data-testid="value-rfm">
          <Text size="xs" c="dimmed">
            {t('value.rfm')}
          </Text>
          {v.rfm ? (
            <>
              <Badge variant="light" size="lg" tt="none">
                {t(`analytics.segments.${v.rfm.segment}`)}
              </Badge>
              <Text size="sm" mt={4}>
                {t('value.rfmScores', { recency: v.rfm.recency, frequency: v.rfm.frequency, monetary: v.rfm.monetary })}
              </Text>
            </>
          ) : (
            <Text size="sm">{t('value.noRfm')}</Text>
          )}
        </Box>
      </SimpleGrid>

      {v.clv && (
        <Group gap="lg" wrap="wrap" align="center" data-testid="value-clv">
          <RingProgress
            size={88}
            thickness={9}
            roundCaps
            sections={[{ value: v.clv.pAlive * 100, color: v.clv.pAlive >= 0.5 ? 'teal' : 'orange' }]}
            label={
              <Text ta="center" size="xs" fw={700}>
                {percent(fmt.locale, v.clv.pAlive)}
              </Text>
            }
            aria-label={t('value.pAliveAria', { value: percent(fmt.locale, v.clv.pAlive) })}
            role="img"
          />
          <Stack gap={2} style={{ flex: 1, minWidth: 200 }}>
            <Group gap="lg" wrap="wrap">
              <Stat label={t('value.clv', { weeks: v.clv.horizonWeeks })} value={money(v.clv.clvMinor)} />
              <Stat label={t('value.pAlive')} value={percent(fmt.locale, v.clv.pAlive)} />
              <Stat
                label={t('value.expectedPurchases', { weeks: v.clv.horizonWeeks })}
                value={new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 2 }).format(v.clv.expectedPurchases)}
              />
              <Stat label={t('value.expectedSpend')} value={money(v.clv.expectedSpendMinor)} />
            </Group>
            <Text size="xs" c="dimmed">
              {v.clv.explanation}
            </Text>
          </Stack>
        </Group>
      )}

      <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="sm" m={0} data-testid="value-metrics">
        {v.metrics.map((m) => (
          <Field key={m.key} label={t(`value.metrics.${m.key}`, { defaultValue: m.key })}>
            <Text span fw={600} c={m.value !== null && m.value < 0 ? 'red' : undefined} data-metric={m.key}>
              {metricValue(m, v.currency, fmt, t)}
            </Text>
            <Text size="xs" c="dimmed">
              {m.explanation}
            </Text>
          </Field>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('value.computed', { date: v.computedAt ? fmt.dateTime(v.computedAt) : '—', version: v.modelVersion ?? '—' })}
      </Text>
    </Stack>
  );
}
