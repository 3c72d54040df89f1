// The notification log (GET /notifications, notifications:read): every message the workspace sent or
// meant to send — what, to whom, on which channel, and whether it went out or why not — newest
// first, filtered by status, with older pages on demand.
import { Anchor, Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas } from '../../api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useLabel } from '../../labels.ts';

type Status = Schemas['Notification']['status'];
const statusColor: Record<Status, string> = {
  pending: 'yellow',
  sending: 'blue',
  sent: 'teal',
  failed: 'red',
  skipped: 'gray',
  skipped_no_consent: 'gray',
};
const statuses = Object.keys(statusColor) as Status[];

export function NotificationLog() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useLabel();
  const [status, setStatus] = useState<Status | null>(null);
  const log = useInfiniteQuery({
    queryKey: ['notifications', status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.GET('/notifications', {
        params: { query: { limit: 50, ...(status ? { status } : {}), ...(pageParam ? { before: pageParam } : {}) } },
      }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (log.isPending) body = <Loading />;
  else if (log.isError) body = <ErrorState error={log.error} onRetry={() => log.refetch()} />;
  else if (items.length === 0)
    body = <EmptyState title={t('notificationLog.none')}>{t('notificationLog.noneHint')}</EmptyState>;
  else
    body = (
      <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid="notification-log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('notificationLog.when')}</Table.Th>
              <Table.Th>{t('notificationLog.message')}</Table.Th>
              <Table.Th>{t('notificationLog.to')}</Table.Th>
              <Table.Th>{t('notificationLog.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(n.sentAt ?? n.createdAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{label('notificationTemplate', n.templateKey)}</Text>
                  <Text size="xs" c="dimmed">
                    {[n.channel ? label('interactionChannel', n.channel) : null, t(`purposes.${n.purpose}`)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {n.customerId ? (
                    <Anchor component={Link} to={`/customers/${n.customerId}`} size="sm">
                      {n.recipient ?? t('notificationLog.customer')}
                    </Anchor>
                  ) : (
                    <Text size="sm">{n.recipient ?? t('notificationLog.staff')}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={statusColor[n.status]}>
                    {label('notificationStatus', n.status)}
                  </Badge>
                  {n.attempts > 1 && (
                    <Text size="xs" c="dimmed">
                      {t('notificationLog.attempts', { count: n.attempts })}
                    </Text>
                  )}
                  {n.error && (
                    <Text size="xs" c={n.status === 'failed' ? 'red.7' : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
                      {n.error}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('notificationLog.intro')}
      </Text>
      <Select
        w={260}
        label={t('notificationLog.status')}
        placeholder={t('notificationLog.anyStatus')}
        data={statuses.map((s) => ({ value: s, label: label('notificationStatus', s) }))}
        value={status}
        onChange={(v) => setStatus(v as Status | null)}
        clearable
      />
      {body}
      {log.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
            {t('notificationLog.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
