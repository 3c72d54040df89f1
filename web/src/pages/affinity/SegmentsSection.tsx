// /affinity's micro-segments: customers grouped by their category share of spend, each named by its
// top categories in the reader's language, with its size, value, mean churn risk and best offer.
import { Table, Text } from '@mantine/core';
import { IconChartPie } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMicroSegments } from '../../affinity-api.ts';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useAffinityWords } from './words.ts';

export function SegmentsSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useAffinityWords();
  const query = useMicroSegments();
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (query.data.items.length === 0)
    body = (
      <Text c="dimmed" size="sm">
        {query.data.runId ? t('affinity.segments.none') : t('affinity.noRun.body')}
      </Text>
    );
  else
    body = (
      <Table striped data-testid="affinity-segments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('affinity.segments.segment')}</Table.Th>
            <Table.Th ta="right">{t('affinity.segments.size')}</Table.Th>
            <Table.Th ta="right">{t('affinity.segments.value')}</Table.Th>
            <Table.Th ta="right">{t('affinity.segments.meanValue')}</Table.Th>
            <Table.Th ta="right">{t('affinity.segments.churnRisk')}</Table.Th>
            <Table.Th>{t('affinity.segments.bestOffer')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data.items.map((s) => (
            <Table.Tr key={s.segment}>
              <Table.Td>{w.segmentName(s.categories)}</Table.Td>
              <Table.Td ta="right">
                {fmt.number(s.size)} ({fmt.percent(s.share)})
              </Table.Td>
              <Table.Td ta="right">{fmt.money(s.valueMinor)}</Table.Td>
              <Table.Td ta="right">{fmt.money(s.meanValueMinor)}</Table.Td>
              <Table.Td ta="right">{s.churnRisk === null ? '—' : fmt.percent(s.churnRisk)}</Table.Td>
              <Table.Td>
                {s.bestOffer
                  ? t('affinity.segments.offer', {
                      product: s.bestOffer.name,
                      margin: fmt.money(Math.round(s.bestOffer.expectedMarginMinor)),
                    })
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  return (
    <Panel title={t('affinity.segments.title')} icon={<IconChartPie size={20} />} testId="affinity-segments-panel">
      <Text size="sm" mb="sm">
        {t('affinity.segments.hint')}
      </Text>
      {body}
    </Panel>
  );
}
