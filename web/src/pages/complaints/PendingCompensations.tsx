// Compensations awaiting a manager's approval (recorded above the workspace's threshold), shown
// above the complaints inbox to those who may decide: what was offered, its cost, who proposed it
// and why; approve or reject with a note. Approved points are posted to the member's balance.
import { Alert, Anchor, Badge, Button, Card, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconCoins } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas } from '../../api.ts';
import { DialogActions } from '../../components/FormParts.tsx';
import { ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { complaintsKey } from './model.ts';
import { errorText } from '../../problemText.ts';

type Compensation = Schemas['Compensation'];
type Decision = { compensation: Compensation; verdict: 'approve' | 'reject' };

const pendingKey = [...complaintsKey, 'compensations', 'pending_approval'] as const;

export function PendingCompensations() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const pending = useQuery({
    queryKey: pendingKey,
    queryFn: ({ signal }) =>
      api.GET('/compensations', { params: { query: { status: 'pending_approval', limit: 50 } }, signal }),
  });
  if (pending.isPending) return null;
  if (pending.isError) return <ErrorState error={pending.error} onRetry={() => pending.refetch()} />;
  const items = pending.data.items;
  if (items.length === 0) return null;
  const amount = (c: Compensation) =>
    c.type === 'points'
      ? t('compensations.points', { count: c.amount, formatted: fmt.number(c.amount) })
      : fmt.money(c.amount);
  return (
    <Card withBorder radius="md" component="section" data-testid="pending-compensations">
      <Group gap="xs" mb="xs">
        <IconCoins size={20} />
        <Title order={4}>{t('compensations.pendingTitle', { count: items.length })}</Title>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('compensations.pendingHint')}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('compensations.offered')}</Table.Th>
              <Table.Th ta="right">{t('compensations.cost')}</Table.Th>
              <Table.Th>{t('compensations.proposed')}</Table.Th>
              <Table.Th>{t('compensations.note')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id} data-testid="pending-compensation">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="light" color="grape">
                      {t(`compensations.types.${c.type}`)}
                    </Badge>
                    <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {amount(c)}
                    </Text>
                  </Group>
                  <Anchor component={Link} to={`/complaints/${c.complaintId}`} size="xs">
                    {t('compensations.openComplaint')}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{fmt.money(c.costMinor)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.dateTime(c.proposedAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {c.note ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    <Button size="compact-sm" onClick={() => setDeciding({ compensation: c, verdict: 'approve' })}>
                      {t('compensations.approve')}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      onClick={() => setDeciding({ compensation: c, verdict: 'reject' })}
                    >
                      {t('compensations.reject')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {deciding && (
        <DecisionDialog decision={deciding} amount={amount(deciding.compensation)} onClose={() => setDeciding(null)} />
      )}
    </Card>
  );
}

function DecisionDialog({ decision, amount, onClose }: { decision: Decision; amount: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const { compensation: c, verdict } = decision;
  const decide = useMutation({
    mutationFn: () => {
      const init = { params: { path: { id: c.id } }, body: note.trim() ? { note: note.trim() } : {} };
      return verdict === 'approve'
        ? api.POST('/compensations/{id}/approve', init)
        : api.POST('/compensations/{id}/reject', init);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: complaintsKey });
      onClose();
    },
    // Someone else decided first: the list is refreshed behind the message.
    onError: () => void qc.invalidateQueries({ queryKey: pendingKey }),
  });
  return (
    <Modal opened onClose={onClose} title={t(`compensations.${verdict}Title`)}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          decide.mutate();
        }}
      >
        <Stack>
          {decide.error && (
            <Alert color="red" role="alert" title={t('app.error')}>
              {errorText(decide.error, t, i18n.language)}
            </Alert>
          )}
          <Text size="sm">{t(`compensations.${verdict}Text`, { amount })}</Text>
          <Textarea
            label={t('compensations.decisionNote')}
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <DialogActions onCancel={onClose} loading={decide.isPending} label={t(`compensations.${verdict}`)} />
        </Stack>
      </form>
    </Modal>
  );
}
