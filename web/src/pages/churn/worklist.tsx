// The Churn page's at-risk worklist: customers by expected loss (risk × value at stake) with
// their top drivers, filtered by tier and account manager, paged by cursor, exported as CSV,
// and "assign": a task for an account manager about the customer.
import { Anchor, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconListCheck, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeDto } from '../../api.ts';
import { useAssignTask, useWorklist, type WorklistFilters, type WorklistItemDto } from '../../churn-api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import { useChurnWords } from './words.ts';

const tiers = ['platinum', 'gold', 'iron', 'lead'] as const;

export function WorklistSection({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const { members } = useMembers(me);
  const [filters, setFilters] = useState<WorklistFilters>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const query = useWorklist(filters, cursors.at(-1) ?? null);
  const [assigning, setAssigning] = useState<WorklistItemDto | null>(null);
  const setFilter = (f: WorklistFilters) => {
    setFilters(f);
    setCursors([null]);
  };
  const csv = `/api/v1/churn/worklist.csv?${new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1]))).toString()}`;
  return (
    <QueryCard
      title={t('churn.worklist.title')}
      icon={<IconListCheck size={20} />}
      testId="churn-worklist"
      query={query}
      action={
        allowed(me, 'churn:export') ? (
          <Anchor href={csv} size="sm" download>
            <Group gap={4}>
              <IconDownload size={14} />
              {t('churn.worklist.export')}
            </Group>
          </Anchor>
        ) : undefined
      }
    >
      {(page) => (
        <Stack gap="sm">
          <Group>
            <Select
              label={t('churn.worklist.tier')}
              placeholder={t('churn.worklist.any')}
              clearable
              data={tiers.map((v) => ({ value: v, label: t(`churn.tiers.${v}`) }))}
              value={filters.tier ?? null}
              onChange={(v) => setFilter({ ...filters, tier: (v ?? undefined) as WorklistFilters['tier'] })}
            />
            {members.length > 0 && (
              <Select
                label={t('churn.worklist.manager')}
                placeholder={t('churn.worklist.any')}
                clearable
                searchable
                data={members.map((m) => ({ value: m.id, label: m.name }))}
                value={filters.accountManagerId ?? null}
                onChange={(v) => setFilter({ ...filters, accountManagerId: v ?? undefined })}
              />
            )}
          </Group>
          {page.items.length === 0 ? (
            <EmptyState title={t('churn.worklist.emptyTitle')}>{t('churn.worklist.empty')}</EmptyState>
          ) : (
            <WorklistTable items={page.items} onAssign={allowed(me, 'tasks:write') ? setAssigning : undefined} />
          )}
          <Group justify="flex-end">
            <Button
              variant="default"
              size="xs"
              disabled={cursors.length < 2}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              {t('churn.worklist.previous')}
            </Button>
            <Button
              variant="default"
              size="xs"
              disabled={!page.nextCursor}
              onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}
            >
              {t('churn.worklist.next')}
            </Button>
          </Group>
          <AssignModal me={me} item={assigning} onClose={() => setAssigning(null)} />
        </Stack>
      )}
    </QueryCard>
  );
}

function WorklistTable({ items, onAssign }: { items: WorklistItemDto[]; onAssign?: (i: WorklistItemDto) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const w = useChurnWords();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped data-testid="churn-worklist-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('churn.worklist.customer')}</Table.Th>
            <Table.Th ta="right">{t('churn.worklist.risk')}</Table.Th>
            <Table.Th ta="right">{t('churn.worklist.atStake')}</Table.Th>
            <Table.Th ta="right">{t('churn.worklist.loss')}</Table.Th>
            <Table.Th ta="right">{t('churn.worklist.switchingCost')}</Table.Th>
            <Table.Th>{t('churn.worklist.drivers')}</Table.Th>
            {onAssign && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.customerId}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${i.customerId}`} size="sm">
                  {i.customerName ?? t('churn.worklist.unnamed')}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t(`churn.basis.${i.basis}`)}
                  {i.tier ? ` · ${t(`churn.tiers.${i.tier}`)}` : ''}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{w.percent(i.risk)}</Table.Td>
              <Table.Td ta="right">{fmt.money(i.valueAtStakeMinor)}</Table.Td>
              <Table.Td ta="right">{fmt.money(i.expectedLossMinor)}</Table.Td>
              <Table.Td
                ta="right"
                title={i.bondIndex === null ? undefined : t('churn.worklist.bondIndex', { n: i.bondIndex })}
              >
                {i.switchingCostMinor === null ? '—' : fmt.money(i.switchingCostMinor)}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{i.drivers.map(w.driver).join(' · ') || '—'}</Text>
              </Table.Td>
              {onAssign && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="light"
                    leftSection={<IconUserPlus size={12} />}
                    onClick={() => onAssign(i)}
                  >
                    {t('churn.worklist.assign')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AssignModal({ me, item, onClose }: { me: MeDto; item: WorklistItemDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { members } = useMembers(me);
  const assign = useAssignTask();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const done = () => {
    assign.reset();
    setAssignee(null);
    setDueOn('');
    onClose();
  };
  const people = members.length ? members : me.user ? [{ id: me.user.id, name: me.user.name }] : [];
  return (
    <Modal opened={item !== null} onClose={done} title={t('churn.assign.title', { name: item?.customerName ?? '' })}>
      <Stack>
        <Select
          label={t('churn.assign.assignee')}
          data={people.map((m) => ({ value: m.id, label: m.name }))}
          value={assignee ?? item?.accountManagerId ?? null}
          onChange={setAssignee}
          searchable
        />
        <TextInput
          type="date"
          label={t('churn.assign.due')}
          value={dueOn}
          onChange={(e) => setDueOn(e.currentTarget.value)}
        />
        <GeneralError error={assign.error} known={[]} />
        <Button
          loading={assign.isPending}
          disabled={!(assignee ?? item?.accountManagerId)}
          onClick={() =>
            item &&
            assign.mutate(
              {
                title: t('churn.assign.taskTitle', { name: item.customerName ?? '' }),
                customerId: item.customerId,
                assigneeId: (assignee ?? item.accountManagerId) as string,
                ...(dueOn ? { dueOn } : {}),
                source: 'churn_worklist',
              },
              { onSuccess: done },
            )
          }
        >
          {t('churn.assign.submit')}
        </Button>
      </Stack>
    </Modal>
  );
}
