// "My tasks": the signed-in person's work, overdue first, then the value at stake; filters by
// status, source and overdue; complete a task with its outcome, or cancel it.
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type MyTaskDto, type MyTasksFilter, taskSources, useMyTasks, useUpdateTask } from '../../books-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';
import { errorText } from '../../problemText.ts';

const priorityColor = { high: 'red', medium: 'yellow', low: 'gray' } as const;

function CompleteTask({ task, onClose }: { task: MyTaskDto; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState('');
  const update = useUpdateTask();
  return (
    <Modal opened onClose={onClose} title={t('books.tasks.complete')}>
      <Stack>
        <Text fw={500}>{task.title}</Text>
        <Textarea
          label={t('books.tasks.outcome')}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          data-testid="task-outcome"
          autosize
          minRows={2}
        />
        {update.error && <Text c="red">{errorText(update.error, t, i18n.language)}</Text>}
        <Group justify="flex-end">
          <Button
            disabled={!outcome.trim()}
            loading={update.isPending}
            onClick={() =>
              update.mutate({ id: task.id, status: 'done', outcome: outcome.trim() }, { onSuccess: onClose })
            }
            data-testid="task-complete-save"
          >
            {t('books.tasks.markDone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function MyTasksPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filter, setFilter] = useState<MyTasksFilter>({ status: 'open' });
  const [completing, setCompleting] = useState<MyTaskDto | null>(null);
  const tasks = useMyTasks(filter);
  const update = useUpdateTask();
  return (
    <Stack gap="md" data-testid="my-tasks-page">
      <Title order={2}>{t('books.tasks.title')}</Title>
      <Group>
        <Select
          label={t('books.tasks.status')}
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: (v ?? 'open') as MyTasksFilter['status'] })}
          data={(['open', 'done', 'cancelled'] as const).map((s) => ({
            value: s,
            label: t(`books.tasks.statuses.${s}`),
          }))}
          allowDeselect={false}
        />
        <Select
          label={t('books.tasks.source')}
          value={filter.source ?? null}
          onChange={(v) => setFilter({ ...filter, source: (v ?? undefined) as MyTasksFilter['source'] })}
          data={taskSources.map((s) => ({ value: s, label: t(`books.tasks.sources.${s}`) }))}
          placeholder={t('books.tasks.any')}
          clearable
        />
        <Select
          label={t('books.tasks.overdue')}
          value={filter.overdue ?? null}
          onChange={(v) => setFilter({ ...filter, overdue: (v ?? undefined) as MyTasksFilter['overdue'] })}
          data={[
            { value: 'true', label: t('books.tasks.onlyOverdue') },
            { value: 'false', label: t('books.tasks.notOverdue') },
          ]}
          placeholder={t('books.tasks.any')}
          clearable
        />
      </Group>
      <QueryCard
        title={t('books.tasks.list')}
        query={tasks}
        testId="my-tasks"
        isEmpty={(d) => d.items.length === 0}
        empty={<Text c="dimmed">{t('books.tasks.empty')}</Text>}
      >
        {(d) => (
          <Table.ScrollContainer minWidth={700}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('books.tasks.task')}</Table.Th>
                  <Table.Th>{t('books.tasks.customer')}</Table.Th>
                  <Table.Th>{t('books.tasks.source')}</Table.Th>
                  <Table.Th>{t('books.tasks.due')}</Table.Th>
                  <Table.Th ta="right">{t('books.valueAtStake')}</Table.Th>
                  <Table.Th>{t('books.tasks.priority')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((task) => (
                  <Table.Tr key={task.id} data-testid="my-task-row">
                    <Table.Td>
                      <Text size="sm">{task.title}</Text>
                      {task.outcome && (
                        <Text size="xs" c="dimmed">
                          {task.outcome}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {task.customerId ? (
                        <Link to={`/customers/${task.customerId}`}>{task.customerName ?? '—'}</Link>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>{task.source ? t(`books.tasks.sources.${task.source}`) : '—'}</Table.Td>
                    <Table.Td>
                      {task.dueOn ? f.day(task.dueOn) : '—'}{' '}
                      {task.overdue && (
                        <Badge color="red" size="xs">
                          {t('books.tasks.isOverdue')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{f.money(task.valueAtStakeMinor)}</Table.Td>
                    <Table.Td>
                      <Badge color={priorityColor[task.priority]}>{t(`books.tasks.priorities.${task.priority}`)}</Badge>
                    </Table.Td>
                    <Table.Td>
                      {task.status === 'open' ? (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" onClick={() => setCompleting(task)}>
                            {t('books.tasks.complete')}
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="gray"
                            onClick={() => update.mutate({ id: task.id, status: 'cancelled' })}
                          >
                            {t('books.tasks.cancel')}
                          </Button>
                        </Group>
                      ) : (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => update.mutate({ id: task.id, status: 'open' })}
                        >
                          {t('books.tasks.reopen')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryCard>
      {completing && <CompleteTask task={completing} onClose={() => setCompleting(null)} />}
    </Stack>
  );
}
