// The customer's contracts and subscriptions: plan, status, monthly value and key dates; roles with
// contracts:write sign up new ones, change a value from a date or cancel (ContractModal).
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconFileCertificate, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ContractDto } from '../../api.ts';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { formatMoney } from '../../lib/money.ts';
import { allowed } from '../../session.ts';
import { type ContractAction, ContractModal } from './ContractModal.tsx';
import { overviewKey, type PanelProps } from './types.ts';

const statusColor: Record<ContractDto['status'], string> = {
  pending: 'yellow',
  active: 'teal',
  cancelled: 'red',
  expired: 'gray',
};

export function ContractsPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = overview.customer.id;
  const canWrite = allowed(me, 'contracts:write');
  const [action, setAction] = useState<ContractAction | null>(null);
  const contracts = useQuery({
    queryKey: [...overviewKey(id), 'contracts'],
    queryFn: () => api.GET('/contracts', { params: { query: { customerId: id, limit: 20 } } }),
  });
  let body;
  if (contracts.isPending) body = <Loading />;
  else if (contracts.isError) body = <ErrorState error={contracts.error} onRetry={() => contracts.refetch()} />;
  else if (contracts.data.items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {t('contracts.none')}
      </Text>
    );
  else
    body = (
      <Stack gap="xs">
        {contracts.data.items.map((k) => (
          <div key={k.id} data-testid="contract">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={600} size="sm" truncate>
                {k.plan}
              </Text>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">
                  {t('contracts.perMonth', { amount: formatMoney(k.monthlyValueMinor, k.currency, fmt.locale) })}
                </Text>
                <Badge size="sm" variant="light" color={statusColor[k.status]}>
                  {t(`contracts.status.${k.status}`)}
                </Badge>
              </Group>
            </Group>
            <Text size="xs" c="dimmed">
              {[
                t('contracts.started', { date: fmt.date(k.startedAt) }),
                k.renewsAt && k.status === 'active' ? t('contracts.renews', { date: fmt.date(k.renewsAt) }) : null,
                k.endsAt ? t('contracts.ends', { date: fmt.date(k.endsAt) }) : null,
                k.cancelledAt ? t('contracts.cancelled', { date: fmt.date(k.cancelledAt) }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            {canWrite && (k.status === 'active' || k.status === 'pending') && (
              <Group gap={4}>
                <Button size="compact-xs" variant="subtle" onClick={() => setAction({ kind: 'value', contract: k })}>
                  {t('contractForm.changeValue')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => setAction({ kind: 'cancel', contract: k })}
                  data-testid="contract-cancel"
                >
                  {t('contractForm.cancel')}
                </Button>
              </Group>
            )}
            {k.cancellationReason && (
              <Text size="xs" c="red.7">
                {t('contracts.reason', { reason: k.cancellationReason })}
              </Text>
            )}
          </div>
        ))}
        {contracts.data.nextCursor && (
          <Text size="xs" c="dimmed">
            {t('contracts.more')}
          </Text>
        )}
      </Stack>
    );
  return (
    <Panel title={t('contracts.title')} icon={<IconFileCertificate size={20} />} testId="contracts-panel">
      {body}
      {canWrite && (
        <Button
          mt="xs"
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => setAction({ kind: 'create' })}
          data-testid="contract-add"
        >
          {t('contractForm.add')}
        </Button>
      )}
      {action && <ContractModal customerId={id} action={action} onClose={() => setAction(null)} />}
    </Panel>
  );
}
