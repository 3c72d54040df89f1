// The complaints inbox: newest first, each with its status and SLA countdown; filters (status,
// SLA state, team, assignee) and full-text search kept in the URL; register a new complaint;
// for managers, compensations awaiting their approval above the list.
import { Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconMessageExclamation, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type MeDto, type QueryOf } from '../../api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { ComplaintStatusBadge, SlaBadge } from './Badges.tsx';
import { complaintsKey, complaintStatuses, slaStates } from './model.ts';
import { NewComplaint } from './NewComplaint.tsx';
import { PendingCompensations } from './PendingCompensations.tsx';
import { useComplaintTeams } from './useComplaintSetup.ts';
import { labelOf } from '../../labels.ts';

/** `customerId` has no control: it comes from the 360's "more" link. */
const FILTERS = ['status', 'slaState', 'teamId', 'assigneeId', 'customerId', 'q'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function ComplaintsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const set = (key: keyof Filters, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: key === 'q' });
  };
  const [search, setSearch] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(search, 250);
  // Only the typed text drives the URL (after a pause); the URL never rewrites what is typed.
  useEffect(() => {
    if ((filters.q ?? '') !== debounced.trim()) set('q', debounced.trim() || null);
  }, [debounced]);
  const [creating, { open, close }] = useDisclosure(false);
  const { teams, people } = useComplaintTeams();

  const pages = useInfiniteQuery({
    queryKey: [...complaintsKey, 'list', filters],
    // Filter values come from the URL unchecked; one the API does not accept is its 422.
    queryFn: ({ pageParam, signal }) =>
      api.GET('/complaints', {
        params: { query: { ...(filters as QueryOf<'/complaints'>), limit: 50, cursor: pageParam } },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filters).length > 0;
  const canWrite = allowed(me, 'complaints:write');

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2}>{t('complaints.title')}</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={open}>
            {t('complaints.new')}
          </Button>
        )}
      </Group>
      {allowed(me, 'complaints:approve') && <PendingCompensations />}
      <Group gap="xs" wrap="wrap" align="flex-end">
        <TextInput
          data-testid="complaint-search"
          aria-label={t('complaints.search')}
          placeholder={t('complaints.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 260 }}
        />
        <Select
          label={t('complaints.filters.status')}
          clearable
          size="sm"
          w={180}
          value={filters.status ?? null}
          onChange={(v) => set('status', v)}
          data={complaintStatuses.map((s) => ({ value: s, label: t(`complaintStatus.${s}`) }))}
        />
        <Select
          label={t('complaints.filters.sla')}
          clearable
          size="sm"
          w={150}
          value={filters.slaState ?? null}
          onChange={(v) => set('slaState', v)}
          data={slaStates.map((s) => ({ value: s, label: t(`slaState.${s}`) }))}
        />
        {teams.length > 0 && (
          <Select
            label={t('complaints.filters.team')}
            clearable
            size="sm"
            w={170}
            value={filters.teamId ?? null}
            onChange={(v) => set('teamId', v)}
            data={teams.map((x) => ({ value: x.id, label: x.name }))}
          />
        )}
        {people.size > 0 && (
          <Select
            label={t('complaints.filters.assignee')}
            clearable
            searchable
            size="sm"
            w={190}
            value={filters.assigneeId ?? null}
            onChange={(v) => set('assigneeId', v)}
            data={[...people].map(([value, label]) => ({ value, label }))}
          />
        )}
        {me.user && (
          <Button
            variant={filters.assigneeId === me.user.id ? 'filled' : 'default'}
            size="sm"
            onClick={() => set('assigneeId', filters.assigneeId === me.user?.id ? null : (me.user?.id ?? null))}
          >
            {t('complaints.filters.mine')}
          </Button>
        )}
      </Group>
      {pages.isPending ? (
        <Loading />
      ) : pages.isError && !pages.data ? (
        <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <EmptyState
            title={t('complaints.empty.noMatchTitle')}
            action={
              <Button
                variant="light"
                onClick={() => {
                  setSearch('');
                  setParams(new URLSearchParams());
                }}
              >
                {t('customers.filters.clearAll')}
              </Button>
            }
          >
            {t('complaints.empty.noMatch')}
          </EmptyState>
        ) : (
          <EmptyState
            title={t('complaints.empty.noneTitle')}
            icon={<IconMessageExclamation size={26} />}
            action={canWrite ? <Button onClick={open}>{t('complaints.new')}</Button> : undefined}
          >
            {t('complaints.empty.none')}
          </EmptyState>
        )
      ) : (
        <div style={{ opacity: pages.isPlaceholderData ? 0.6 : 1 }}>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover data-testid="complaint-table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('complaints.columns.complaint')}</Table.Th>
                  <Table.Th>{t('complaints.columns.customer')}</Table.Th>
                  <Table.Th>{t('complaints.columns.status')}</Table.Th>
                  <Table.Th>{t('complaints.columns.severity')}</Table.Th>
                  <Table.Th>{t('complaints.columns.sla')}</Table.Th>
                  <Table.Th>{t('complaints.columns.assignee')}</Table.Th>
                  <Table.Th>{t('complaints.columns.registered')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td maw={360}>
                      <Anchor component={Link} to={`/complaints/${c.id}`} fw={600} size="sm">
                        {c.subject}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {c.reference} · {labelOf(t, 'complaintCategory', c.category)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">
                        {c.customerName ?? '—'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <ComplaintStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>{c.severity ? t(`severity.${c.severity}`) : '—'}</Table.Td>
                    <Table.Td>
                      <SlaBadge complaint={c} />
                    </Table.Td>
                    <Table.Td>{c.assigneeId ? (people.get(c.assigneeId) ?? '—') : t('complaints.unassigned')}</Table.Td>
                    <Table.Td>{fmt.date(c.registeredAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages.hasNextPage && (
            <Group justify="center" mt="sm">
              <Button variant="light" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                {t('complaints.more')}
              </Button>
            </Group>
          )}
        </div>
      )}
      {canWrite && <NewComplaint opened={creating} onClose={close} />}
    </Stack>
  );
}
