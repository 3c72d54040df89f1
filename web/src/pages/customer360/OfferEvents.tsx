// The offers made to a customer and what became of them, newest first (GET
// /customers/{id}/offer-events): product, outcome, channel (task, campaign, in person) and when.
// A product no longer among the offers (accepted, declined) is named from the catalogue.
import { Badge, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type OfferEventDto, useOfferEvents } from '../../affinity-api.ts';
import { api, type MeDto } from '../../api.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useLabel } from '../../labels.ts';
import { allowed } from '../../session.ts';

const outcomeColor = { offered: 'blue', accepted: 'teal', declined: 'red' } as const;

/** Product names for the events, from the offers shown and else the catalogue (if the role may read it). */
function useProductNames(me: MeDto, events: OfferEventDto[], known: Map<string, string>) {
  const missing = [...new Set(events.map((e) => e.productId))].filter((id) => !known.has(id));
  const enabled = allowed(me, 'products:read');
  const products = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['products', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.GET('/products/{id}', { params: { path: { id } }, signal }),
      enabled,
      staleTime: 300_000,
    })),
  });
  const names = new Map(known);
  for (const p of products) if (p.data) names.set(p.data.id, p.data.name);
  return names;
}

export function OfferEvents({ me, customerId, names }: { me: MeDto; customerId: string; names: Map<string, string> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useLabel();
  const query = useOfferEvents(customerId);
  const events = (query.data ?? []).slice(0, 10);
  const allNames = useProductNames(me, events, names);
  let body;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (events.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {t('affinity.events.none')}
      </Text>
    );
  else
    body = (
      <Table data-testid="offer-events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('affinity.offers.product')}</Table.Th>
            <Table.Th>{t('affinity.events.outcome')}</Table.Th>
            <Table.Th>{t('affinity.events.channel')}</Table.Th>
            <Table.Th>{t('affinity.events.when')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{allNames.get(e.productId) ?? t('affinity.events.unknownProduct')}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={outcomeColor[e.outcome]}>
                  {label('offerOutcome', e.outcome)}
                </Badge>
              </Table.Td>
              <Table.Td>{label('offerChannel', e.channel)}</Table.Td>
              <Table.Td>{fmt.dateTime(e.at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  return (
    <>
      <Title order={5}>{t('affinity.events.title')}</Title>
      {body}
    </>
  );
}
