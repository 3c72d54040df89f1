// What can be done with the customers picked in the list: tag them, give them an account
// manager, save them as a segment, export them. The selection is the rows ticked, or every
// customer the filters match ("select all matching"), which the API resolves itself.
import { Alert, Anchor, Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type BulkResultDto, type CustomerSelectionDto, type MeDto } from '../../api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import type { Selection } from './CustomerResults.tsx';
import { type CustomerFilters, selectionFilter } from './filters.ts';

type Action = 'tag' | 'assign' | 'segment';

type Props = {
  me: MeDto;
  filters: CustomerFilters;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  /** Rows loaded so far, and how many the filters match. */
  shown: number;
  total: number | null;
  estimated: boolean;
};

/** The export link: the filters, and the ids when rows were picked one by one. */
function exportHref(filters: CustomerFilters, selection: Selection): string {
  const params = new URLSearchParams(selectionFilter(filters) as Record<string, string>);
  if (!selection.all) params.set('ids', [...selection.ids].join(','));
  return `/api/v1/customers/export.csv?${params}`;
}

export function BulkActions({ me, filters, selection, onSelect, shown, total, estimated }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const { members } = useMembers(me);
  const [action, setAction] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const [done, setDone] = useState<BulkResultDto | null>(null);
  const count = selection.all ? (total ?? shown) : selection.ids.size;
  const body: CustomerSelectionDto = selection.all
    ? { filter: selectionFilter(filters) as never }
    : { ids: [...selection.ids] };
  const run = useMutation({
    mutationFn: () => {
      if (action === 'tag')
        return api.POST('/customers/bulk/tag', {
          body: {
            selection: body,
            tags: text
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          },
        });
      if (action === 'assign') return api.POST('/customers/bulk/assign', { body: { selection: body, userId } });
      return api.POST('/customers/bulk/segment', { body: { selection: body, name: text } });
    },
    onSuccess: async (result) => {
      setDone(result);
      setAction(null);
      onSelect({ ids: new Set(), all: false });
      await qc.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  const open = (a: Action) => {
    setAction(a);
    setText('');
    setUserId(null);
    run.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  const nothing = count === 0;
  const canWrite = allowed(me, 'customers:write');
  return (
    <>
      {done && (
        <Alert color="teal" withCloseButton onClose={() => setDone(null)} data-testid="bulk-done">
          {t('customers.bulk.done', { count: done.changed, n: fmt.number(done.matched) })}
        </Alert>
      )}
      {!nothing && (
        <Paper withBorder p="xs" data-testid="bulk-bar">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {selection.all
                  ? t(estimated ? 'customers.bulk.allMatchingAbout' : 'customers.bulk.allMatching', {
                      n: fmt.number(count),
                    })
                  : t('customers.bulk.selected', { count, n: fmt.number(count) })}
              </Text>
              {!selection.all && total !== null && total > selection.ids.size && selection.ids.size >= shown && (
                <Anchor component="button" size="sm" onClick={() => onSelect({ ids: new Set(), all: true })}>
                  {t(estimated ? 'customers.bulk.selectAllAbout' : 'customers.bulk.selectAll', {
                    n: fmt.number(total),
                  })}
                </Anchor>
              )}
              <Anchor component="button" size="sm" c="dimmed" onClick={() => onSelect({ ids: new Set(), all: false })}>
                {t('customers.bulk.clear')}
              </Anchor>
            </Group>
            <Group gap="xs">
              {canWrite && (
                <Button size="xs" variant="light" onClick={() => open('tag')}>
                  {t('customers.bulk.tag')}
                </Button>
              )}
              {canWrite && allowed(me, 'users:read') && (
                <Button size="xs" variant="light" onClick={() => open('assign')}>
                  {t('customers.bulk.assign')}
                </Button>
              )}
              {allowed(me, 'campaigns:write') && (
                <Button size="xs" variant="light" onClick={() => open('segment')}>
                  {t('customers.bulk.segment')}
                </Button>
              )}
              {allowed(me, 'customers:export') && (
                <Button size="xs" variant="light" component="a" href={exportHref(filters, selection)} download>
                  {t('customers.bulk.export')}
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      )}
      <Modal opened={action !== null} onClose={() => setAction(null)} title={action && t(`customers.bulk.${action}`)}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <GeneralError error={run.error} known={[]} />
            {action === 'assign' ? (
              <Select
                label={t('customers.bulk.assignTo')}
                data={[
                  { value: '', label: t('customers.bulk.nobody') },
                  ...members.map((m) => ({ value: m.id, label: m.name })),
                ]}
                value={userId ?? ''}
                onChange={(v) => setUserId(v || null)}
                searchable
                data-autofocus
              />
            ) : (
              <TextInput
                label={t(action === 'tag' ? 'customers.bulk.tagsLabel' : 'customers.bulk.segmentName')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                required
                data-autofocus
              />
            )}
            <Text size="sm" c="dimmed">
              {t('customers.bulk.appliesTo', { count, n: fmt.number(count) })}
            </Text>
            <Group justify="flex-end">
              <Button type="submit" loading={run.isPending} disabled={action !== 'assign' && !text.trim()}>
                {t('customers.bulk.apply')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
