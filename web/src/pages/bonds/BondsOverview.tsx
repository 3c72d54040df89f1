// The bonds overview (on the churn page): how the bond index is distributed across customers,
// the mean components, the switching costs at stake, and the validation on this workspace's own
// data — the churn hazard ratio of the weakest fifth of the index against the strongest, with its CI.
import { Group, Stack, Table, Text } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { bondComponents, type BondSummaryDto, useBondSummary } from '../../bonds-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { Stat } from '../../components/Stat.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useBondWords } from './words.ts';

export function BondsOverview() {
  const { t } = useTranslation();
  const query = useBondSummary();
  return (
    <QueryCard
      title={t('bonds.overview.title')}
      icon={<IconLink size={20} />}
      testId="bonds-overview"
      query={query}
      isEmpty={(s) => s.scored === 0}
      empty={<EmptyState title={t('bonds.overview.emptyTitle')}>{t('bonds.overview.empty')}</EmptyState>}
    >
      {(s) => <Summary s={s} />}
    </QueryCard>
  );
}

function Summary({ s }: { s: BondSummaryDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useBondWords();
  const max = Math.max(1, ...s.distribution.map((b) => b.customers));
  const v = s.validation;
  return (
    <Stack gap="sm">
      <Group gap="lg" wrap="wrap">
        <Stat label={t('bonds.overview.scored')} value={fmt.number(s.scored)} />
        <Stat label={t('bonds.overview.mean')} value={s.mean === null ? '—' : fmt.number(s.mean)} />
        <Stat label={t('bonds.overview.median')} value={s.median === null ? '—' : fmt.number(s.median)} />
        <Stat label={t('bonds.overview.switching')} value={fmt.money(s.switchingCostMinor.mean)} />
      </Group>
      <Text size="sm" fw={600} data-testid="bond-validation">
        {v.status === 'ok'
          ? t('bonds.overview.validation', {
              hr: w.ratio(v.hazardRatio ?? 0),
              lower: w.ratio(v.lower ?? 0),
              upper: w.ratio(v.upper ?? 0),
              n: fmt.number(v.n),
              events: fmt.number(v.events),
            })
          : t(`bonds.overview.insufficient.${v.reason ?? 'too_few_customers'}`, {
              n: fmt.number(v.n),
              events: fmt.number(v.events),
            })}
      </Text>
      <Table withRowBorders={false} verticalSpacing={2} aria-label={t('bonds.overview.distribution')}>
        <Table.Tbody>
          {s.distribution.map((b) => (
            <Table.Tr key={b.from}>
              <Table.Td style={{ width: 70 }}>
                <Text size="xs">
                  {b.from}–{b.to}
                </Text>
              </Table.Td>
              <Table.Td>
                <div
                  style={{
                    height: 10,
                    width: `${(100 * b.customers) / max}%`,
                    background: 'var(--mantine-color-teal-5)',
                    borderRadius: 2,
                  }}
                />
              </Table.Td>
              <Table.Td style={{ width: 70, textAlign: 'right' }}>
                <Text size="xs">{fmt.number(b.customers)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {s.components && (
        <Text size="xs" c="dimmed">
          {t('bonds.overview.components')}{' '}
          {bondComponents.map((c) => `${w.component(c)} ${s.components?.[c]}`).join(' · ')}
        </Text>
      )}
    </Stack>
  );
}
