// The cohort heatmap: one row per acquisition month, one column per month since; each cell's
// shade is its share of month 0 (customers still purchasing, or revenue against the first month).
import { Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CohortMatrixDto } from '../../kpis-api.ts';
import { useKpiWords } from './words.ts';

const shade = (share: number | null) =>
  share === null ? undefined : `rgba(18, 184, 134, ${Math.min(1, Math.max(0.05, share)).toFixed(2)})`;

export function CohortHeatmap({ matrix }: { matrix: CohortMatrixDto }) {
  const { t } = useTranslation();
  const w = useKpiWords();
  const width = matrix.cohorts.reduce((n, c) => Math.max(n, c.values.length), 0);
  const value = (v: number) => (matrix.metric === 'revenue' ? w.fmt.money(v, { compact: true }) : w.fmt.number(v));
  if (matrix.cohorts.every((c) => c.size === 0)) return <Text c="dimmed">{t('kpis.cohorts.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={Math.max(480, 80 + width * 56)}>
      <Table withColumnBorders fz="xs" data-testid="kpis-cohort-table">
        <Table.Caption>{t(`kpis.cohorts.caption.${matrix.metric}`)}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('kpis.cohorts.cohort')}</Table.Th>
            <Table.Th ta="right">{t('kpis.cohorts.size')}</Table.Th>
            {Array.from({ length: width }, (_, k) => (
              <Table.Th key={k} ta="right">
                {t('kpis.cohorts.month', { k })}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.cohorts.map((c) => (
            <Table.Tr key={c.cohort}>
              <Table.Td>{w.month(c.cohort)}</Table.Td>
              <Table.Td ta="right">{w.fmt.number(c.size)}</Table.Td>
              {c.values.map((v, k) => (
                <Tooltip key={k} label={`${value(v)} · ${w.pct(c.shares[k])}`} withinPortal>
                  <Table.Td ta="right" style={{ background: shade(c.shares[k]) }}>
                    {w.pct(c.shares[k])}
                  </Table.Td>
                </Tooltip>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
