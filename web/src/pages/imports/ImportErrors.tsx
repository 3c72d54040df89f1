// The row errors of one import (GET /imports/{id}/errors): line number, column and what is wrong,
// in the reader's language, in file order, a page at a time; all of them as a CSV file too. While
// the import runs, the list grows as the worker rejects rows.
import { Anchor, Button, CloseButton, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { type ImportDto, isRunning, pollEvery } from './model.ts';
import { rowErrorText } from '../../problemText.ts';

export function ImportErrors({ item, onClose }: { item: ImportDto; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errors = useInfiniteQuery({
    queryKey: ['imports', item.id, 'errors'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.GET('/imports/{id}/errors', {
        params: { path: { id: item.id }, query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: isRunning(item) ? pollEvery : false,
  });
  const rows = errors.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (errors.isPending) body = <Loading />;
  else if (errors.isError) body = <ErrorState error={errors.error} onRetry={() => errors.refetch()} />;
  else if (rows.length === 0) body = <EmptyState title={t('imports.errors.none')} />;
  else
    body = (
      <Table.ScrollContainer minWidth={560}>
        <Table striped data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th ta="right">{t('imports.errors.row')}</Table.Th>
              <Table.Th>{t('imports.errors.column')}</Table.Th>
              <Table.Th>{t('imports.errors.problem')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e, n) => (
              <Table.Tr key={`${e.rowNumber}-${n}`}>
                <Table.Td ta="right">{fmt.number(e.rowNumber)}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {e.column ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={e.message} style={{ overflowWrap: 'anywhere' }}>
                    {rowErrorText(t, e)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Paper withBorder p="md" component="section" aria-label={t('imports.errors.title')}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Title order={4}>{t('imports.errors.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('imports.errors.summary', {
                file: item.fileName ?? t('imports.noFileName'),
                count: item.errorCount,
                rows: fmt.number(item.rowsRejected),
              })}
            </Text>
          </div>
          <Group gap="xs" wrap="nowrap">
            <Anchor href={`/api/v1/imports/${item.id}/errors?format=csv`} size="sm" download>
              {t('imports.errors.download')}
            </Anchor>
            <CloseButton aria-label={t('imports.errors.close')} onClick={onClose} />
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {t('imports.errors.hint')}
        </Text>
        {body}
        {errors.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={errors.isFetchingNextPage} onClick={() => errors.fetchNextPage()}>
              {t('imports.more')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
