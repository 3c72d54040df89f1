// For admins: purchases that failed to earn points several times and were set aside so every
// other purchase keeps earning. Shown above the loyalty tabs only while there are some; each
// can be retried (after fixing what failed it) or dismissed (it never earns). The error is the
// server's own text, shown as technical detail: it is not translated.
import { Alert, Anchor, Button, Code, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { DataTable } from '../../components/EditableList.tsx';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import type { ParkedEarningDto } from './model.ts';
import { loyaltyKey } from './queries.ts';

const parkedKey = [...loyaltyKey, 'parked'] as const;

export function ParkedEarnings() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const parked = useQuery({
    queryKey: parkedKey,
    queryFn: ({ signal }) => api.GET('/loyalty/earn-queue/parked', { signal }),
  });
  // Every loyalty screen may show what a retried purchase earns.
  const refresh = () => qc.invalidateQueries({ queryKey: loyaltyKey });
  const retry = useMutation({
    mutationFn: (id: string) => api.POST('/loyalty/earn-queue/parked/{id}/retry', { params: { path: { id } } }),
    onSettled: refresh,
  });
  const retryAll = useMutation({ mutationFn: () => api.POST('/loyalty/earn-queue/parked/retry'), onSettled: refresh });
  const dismiss = useMutation({
    mutationFn: (id: string) => api.DELETE('/loyalty/earn-queue/parked/{id}', { params: { path: { id } } }),
    onSettled: refresh,
  });
  if (parked.isPending) return null;
  if (parked.isError) return <ErrorState error={parked.error} onRetry={() => parked.refetch()} />;
  const { items, total } = parked.data;
  if (total === 0) return null;
  return (
    <Alert color="orange" title={t('loyalty.parked.title', { count: total })} data-testid="parked-earnings">
      <Stack gap="sm">
        <Text size="sm">{t('loyalty.parked.body')}</Text>
        <GeneralError error={retry.error ?? retryAll.error ?? dismiss.error} known={[]} />
        <DataTable<ParkedEarningDto>
          rows={items}
          minWidth={820}
          rowTestId="parked-earning"
          columns={[
            {
              header: t('loyalty.parked.purchase'),
              cell: (p) => (
                <Stack gap={2}>
                  <Code>{p.transactionId}</Code>
                  {p.customerId && (
                    <Anchor component={Link} to={`/customers/${p.customerId}`} size="sm">
                      {t('loyalty.parked.openCustomer')}
                    </Anchor>
                  )}
                </Stack>
              ),
            },
            { header: t('loyalty.parked.failedAt'), cell: (p) => fmt.dateTime(p.failedAt) },
            { header: t('loyalty.parked.attempts'), align: 'right', cell: (p) => fmt.number(p.attempts) },
            {
              header: t('loyalty.parked.error'),
              style: { overflowWrap: 'anywhere', maxWidth: 360 },
              cell: (p) => (
                <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {p.error}
                </Code>
              ),
            },
            {
              cell: (p) => (
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="xs"
                    variant="subtle"
                    loading={retry.isPending && retry.variables === p.id}
                    onClick={() => retry.mutate(p.id)}
                  >
                    {t('loyalty.parked.retry')}
                  </Button>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => window.confirm(t('loyalty.parked.dismissConfirm')) && dismiss.mutate(p.id)}
                  >
                    {t('loyalty.parked.dismiss')}
                  </Button>
                </Group>
              ),
            },
          ]}
        />
        {total > 1 && (
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {total > items.length &&
                t('loyalty.parked.showing', { shown: fmt.number(items.length), total: fmt.number(total) })}
            </Text>
            <Button size="xs" variant="light" loading={retryAll.isPending} onClick={() => retryAll.mutate()}>
              {t('loyalty.parked.retryAll', { count: total })}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
