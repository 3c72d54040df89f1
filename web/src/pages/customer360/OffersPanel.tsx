// The 360's next-best offers: products the customer does not hold, ranked by the chance of buying
// given what they hold × the product's margin, each with why (GET /customers/{id}/offers).
import { Table, Text } from '@mantine/core';
import { IconGift } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCustomerOffers } from '../../affinity-api.ts';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useAffinityWords } from '../affinity/words.ts';
import type { PanelProps } from './types.ts';

export function OffersPanel({ overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useAffinityWords();
  const query = useCustomerOffers(overview.customer.id);
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (query.data.items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {query.data.runId ? t('affinity.offers.none') : t('affinity.offers.noRun')}
      </Text>
    );
  else
    body = (
      <Table striped data-testid="offers-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('affinity.offers.product')}</Table.Th>
            <Table.Th ta="right">{t('affinity.offers.probability')}</Table.Th>
            <Table.Th ta="right">{t('affinity.offers.expectedMargin')}</Table.Th>
            <Table.Th>{t('affinity.offers.why')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data.items.map((o) => (
            <Table.Tr key={o.productId}>
              <Table.Td>{o.name}</Table.Td>
              <Table.Td ta="right">{w.percent(o.probability)}</Table.Td>
              <Table.Td ta="right">{fmt.money(o.expectedMarginMinor)}</Table.Td>
              <Table.Td>{w.explain(o.explanation)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  return (
    <Panel title={t('panels.offers')} icon={<IconGift size={20} />} testId="offers-panel">
      {body}
    </Panel>
  );
}
