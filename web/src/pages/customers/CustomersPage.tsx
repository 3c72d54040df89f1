// The customers list: search, filters, sort, saved views and cursor pagination, all kept in the
// URL; the total, and bulk actions on the rows picked. Teaches what to do when there is nothing to show.
import { Button, Code, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type ListCustomersQueryInput, type MeDto, type SavedViewDto } from '../../api.ts';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { BulkActions } from './BulkActions.tsx';
import { CustomerResults, ResultsSkeleton, type Selection } from './CustomerResults.tsx';
import { FilterBar } from './FilterBar.tsx';
import { type CustomerFilters, defaultSort, normalize, readFilters, toSearchParams, VIEW_PARAM } from './filters.ts';
import { NewCustomer } from './NewCustomer.tsx';
import { SavedViews } from './SavedViews.tsx';

const PAGE_SIZE = 50;

export function useCustomerPages(filters: CustomerFilters) {
  return useInfiniteQuery({
    queryKey: ['customers', filters],
    // Filter values come from the URL unchecked; one the API does not accept is its 422.
    queryFn: ({ pageParam, signal }) =>
      api.GET('/customers', {
        params: { query: { ...(filters as ListCustomersQueryInput), limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function CustomersPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const viewId = params.get(VIEW_PARAM);
  const [creating, { open: startCreating, close: stopCreating }] = useDisclosure(false);

  // Controls may call an older `set` (Mantine's Select keeps its first onChange while open), so
  // the update reads the current URL from a ref rather than from its closure.
  const latest = useRef(params);
  latest.current = params;
  const set = useCallback(
    (patch: CustomerFilters, options: { replace?: boolean } = {}) =>
      setParams(toSearchParams({ ...readFilters(latest.current), ...patch }, latest.current.get(VIEW_PARAM)), {
        replace: options.replace,
      }),
    [setParams],
  );
  const clear = () => setParams(toSearchParams({ q: filters.q, sort: filters.sort }));
  const applyView = (view: SavedViewDto | null) =>
    setParams(view ? toSearchParams(normalize(view.filters), view.id) : toSearchParams(filters));

  const pages = useCustomerPages(filters);
  const customers = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filters).some((k) => k !== 'sort');
  const canWrite = allowed(me, 'customers:write');
  const fmt = useFormat();
  const first = pages.data?.pages[0];
  const total = first?.total ?? null;
  const estimated = first?.estimated ?? false;
  const canBulk = canWrite || allowed(me, 'customers:export') || allowed(me, 'campaigns:write');
  const [selection, setSelection] = useState<Selection>({ ids: new Set(), all: false });
  // A new filter set is a new list: what was picked in the old one no longer applies.
  const filterKey = JSON.stringify(filters);
  useEffect(() => setSelection({ ids: new Set(), all: false }), [filterKey]);

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2}>{t('customers.title')}</Title>
        <Group gap="xs">
          <SavedViews filters={filters} activeId={viewId} onApply={applyView} />
          <Button component={Link} to="/customers/duplicates" variant="default">
            {t('duplicates.link')}
          </Button>
          {canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={startCreating}>
              {t('customers.new')}
            </Button>
          )}
        </Group>
      </Group>
      <FilterBar me={me} filters={filters} set={set} clear={clear} />
      {total !== null && total > 0 && (
        <Text size="sm" c="dimmed" data-testid="customer-total">
          {t(estimated ? 'customers.totalAbout' : 'customers.total', { count: total, n: fmt.number(total) })}
        </Text>
      )}
      {canBulk && (
        <BulkActions
          me={me}
          filters={filters}
          selection={selection}
          onSelect={setSelection}
          shown={customers.length}
          total={total}
          estimated={estimated}
        />
      )}
      <VisuallyHidden role="status">
        {pages.isSuccess && !pages.isPlaceholderData ? t('customers.shown', { count: customers.length }) : ''}
      </VisuallyHidden>
      <div
        aria-busy={pages.isFetching}
        style={{ opacity: pages.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}
      >
        {pages.isPending ? (
          <ResultsSkeleton />
        ) : pages.isError && !pages.data ? (
          <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
        ) : customers.length === 0 ? (
          filtered ? (
            <EmptyState
              title={t('customers.empty.noMatchTitle')}
              action={
                <Button variant="light" onClick={() => setParams(new URLSearchParams())}>
                  {t('customers.filters.clearAll')}
                </Button>
              }
            >
              {t('customers.empty.noMatch')}
            </EmptyState>
          ) : (
            <EmptyState
              title={t('customers.empty.noneTitle')}
              icon={<IconUsers size={26} />}
              action={canWrite ? <Button onClick={startCreating}>{t('customers.new')}</Button> : undefined}
            >
              <Trans i18nKey="customers.empty.none" components={{ code: <Code /> }} />
              <Stack gap={4} mt="sm" align="center">
                <Code>npx tenure demo --workspace {me.workspace.id} --customers 500</Code>
                <Code>npx tenure import customers customers.csv --workspace {me.workspace.id}</Code>
              </Stack>
              <Text size="xs" mt="xs">
                {t('customers.empty.embeddedNote')}
              </Text>
            </EmptyState>
          )
        ) : (
          <>
            {pages.isError && <ErrorState error={pages.error} onRetry={() => pages.refetch()} />}
            <CustomerResults
              me={me}
              customers={customers}
              hasMore={pages.hasNextPage}
              loadingMore={pages.isFetchingNextPage}
              onMore={() => void pages.fetchNextPage()}
              sort={filters.sort ?? defaultSort}
              onSort={(sort) => set({ sort })}
              selection={canBulk ? selection : undefined}
              onSelect={canBulk ? setSelection : undefined}
            />
          </>
        )}
      </div>
      {canWrite && <NewCustomer opened={creating} onClose={stopCreating} />}
    </Stack>
  );
}
