// The customer's complaints, newest first, with status and SLA; register a new one from here.
import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMessageExclamation, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { ComplaintStatusBadge, SlaBadge } from '../complaints/Badges.tsx';
import { complaintsKey } from '../complaints/model.ts';
import { NewComplaint } from '../complaints/NewComplaint.tsx';
import type { PanelProps } from './types.ts';
import { labelOf } from '../../labels.ts';

export function ComplaintsPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const customer = overview.customer;
  const [creating, { open, close }] = useDisclosure(false);
  const complaints = useQuery({
    queryKey: [...complaintsKey, 'customer', customer.id],
    queryFn: () => api.GET('/complaints', { params: { query: { customerId: customer.id, limit: 20 } } }),
  });
  const canWrite = allowed(me, 'complaints:write');
  let body;
  if (complaints.isPending) body = <Loading />;
  else if (complaints.isError) body = <ErrorState error={complaints.error} onRetry={() => complaints.refetch()} />;
  else if (complaints.data.items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {t('complaints.noneForCustomer')}
      </Text>
    );
  else
    body = (
      <Stack gap="xs">
        {complaints.data.items.map((c) => (
          <div key={c.id} data-testid="customer-complaint">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Anchor
                component={Link}
                to={`/complaints/${c.id}`}
                fw={600}
                size="sm"
                style={{ overflowWrap: 'anywhere' }}
              >
                {c.subject}
              </Anchor>
              <Group gap={6} wrap="nowrap">
                <ComplaintStatusBadge status={c.status} />
                <SlaBadge complaint={c} />
              </Group>
            </Group>
            <Text size="xs" c="dimmed">
              {c.reference} · {labelOf(t, 'complaintCategory', c.category)} · {fmt.date(c.registeredAt)}
            </Text>
          </div>
        ))}
        {complaints.data.nextCursor && (
          <Anchor component={Link} to={`/complaints?customerId=${customer.id}`} size="xs">
            {t('complaints.more')}
          </Anchor>
        )}
      </Stack>
    );
  return (
    <Panel
      title={t('panels.complaints')}
      icon={<IconMessageExclamation size={20} />}
      testId="complaints-panel"
      action={
        canWrite ? (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={open}>
            {t('complaints.new')}
          </Button>
        ) : undefined
      }
    >
      {body}
      {canWrite && (
        <NewComplaint opened={creating} onClose={close} customer={{ id: customer.id, name: customer.name }} />
      )}
    </Panel>
  );
}
