// What the customer has bought: lifetime totals (GET /transactions/summary) and the latest orders.
import { ActionIcon, Badge, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconReceiptRefund, IconShoppingBag } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Field, Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { formatMoney } from '../../lib/money.ts';
import { allowed } from '../../session.ts';
import { overviewKey, type PanelProps } from './types.ts';

const RECENT = 5;

export function PurchasesPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = overview.customer.id;
  const summary = useQuery({
    queryKey: [...overviewKey(id), 'purchases'],
    queryFn: () => api.GET('/transactions/summary', { params: { query: { customerId: id } } }),
  });
  const recent = useQuery({
    queryKey: [...overviewKey(id), 'recent-transactions'],
    queryFn: () => api.GET('/transactions', { params: { query: { customerId: id, limit: RECENT } } }),
  });
  const money = (minor: number, currency: string) => formatMoney(minor, currency, fmt.locale);
  const qc = useQueryClient();
  // A return of everything still returnable on the order (POST /transactions/{id}/returns, no lines).
  const giveBack = useMutation({
    mutationFn: (txId: string) => api.POST('/transactions/{id}/returns', { params: { path: { id: txId } }, body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: overviewKey(id) }),
  });
  const canReturn = allowed(me, 'transactions:write');

  let body;
  if (summary.isPending) body = <Loading />;
  else if (summary.isError) body = <ErrorState error={summary.error} onRetry={() => summary.refetch()} />;
  else if (summary.data.items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {t('purchases.none')}
      </Text>
    );
  else {
    body = summary.data.items.map((s) => (
      <SimpleGrid
        key={s.currency}
        component="dl"
        cols={{ base: 2, sm: 4 }}
        spacing="sm"
        m={0}
        mb="sm"
        data-testid="purchase-summary"
      >
        <Field label={t('purchases.orders')}>{fmt.number(s.purchases)}</Field>
        <Field label={t('purchases.netRevenue')}>{money(s.netRevenueMinor, s.currency)}</Field>
        <Field label={t('purchases.margin')}>{money(s.grossMarginMinor, s.currency)}</Field>
        <Field label={t('purchases.averageOrder')}>
          {s.purchases ? money(Math.round(s.grossRevenueMinor / s.purchases), s.currency) : '—'}
        </Field>
        <Field label={t('purchases.returns')}>
          {s.returns ? `${fmt.number(s.returns)} · ${money(s.returnedMinor, s.currency)}` : '0'}
        </Field>
        <Field label={t('purchases.first')}>{s.firstPurchaseAt ? fmt.date(s.firstPurchaseAt) : '—'}</Field>
        <Field label={t('purchases.last')}>{s.lastPurchaseAt ? fmt.date(s.lastPurchaseAt) : '—'}</Field>
      </SimpleGrid>
    ));
  }

  return (
    <Panel title={t('purchases.title')} icon={<IconShoppingBag size={20} />} testId="purchases-panel">
      {body}
      {recent.data && recent.data.items.length > 0 && (
        <>
          <Text size="xs" c="dimmed" mb={4}>
            {t('purchases.latest')}
          </Text>
          <Stack gap={6} data-testid="recent-transactions">
            {recent.data.items.map((tx) => (
              <Group
                key={tx.id}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                pt={6}
              >
                <div style={{ minWidth: 0 }}>
                  <Text size="sm">
                    {fmt.date(tx.occurredAt)}{' '}
                    {tx.kind === 'return' && (
                      <Badge size="xs" color="orange" variant="light">
                        {t('purchases.return')}
                      </Badge>
                    )}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {[t('purchases.items', { count: tx.itemCount }), tx.channel, tx.location]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </div>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {money(tx.totalMinor, tx.currency)}
                  </Text>
                  {canReturn && tx.kind === 'purchase' && (
                    <Tooltip label={t('saleForm.returnAll')}>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label={t('saleForm.returnAll')}
                        loading={giveBack.isPending && giveBack.variables === tx.id}
                        onClick={() => window.confirm(t('saleForm.returnConfirm')) && giveBack.mutate(tx.id)}
                        data-testid="return-order"
                      >
                        <IconReceiptRefund size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
        </>
      )}
      {recent.isError && <ErrorState error={recent.error} onRetry={() => recent.refetch()} />}
      {giveBack.isError && <ErrorState error={giveBack.error} />}
    </Panel>
  );
}
