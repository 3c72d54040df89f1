// The workspace's imports (GET /imports, imports:read): each file with what it held, its status and
// progress (rows read, committed, rejected), newest first. While any import is still uploading,
// queued or running the list asks again every two seconds, and stops once all have finished.
// Choosing one shows its row errors; roles with imports:run upload a new file.
import { Badge, Button, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto } from '../../api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { type Format, useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { ImportErrors } from './ImportErrors.tsx';
import { type ImportDto, importsKey, isRunning, pollWhileRunning, statusColor } from './model.ts';
import { fileProblemText, type RowError } from '../../problemText.ts';
import { UploadImport } from './UploadImport.tsx';

export function ImportsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: importsKey,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.GET('/imports', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => pollWhileRunning(query.state.data?.pages.flatMap((p) => p.items)),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const selected = items.find((i) => i.id === selectedId);

  let body;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  else if (items.length === 0) body = <EmptyState title={t('imports.none')}>{t('imports.noneHint')}</EmptyState>;
  else body = <ImportTable items={items} selectedId={selectedId} onSelect={setSelectedId} />;

  return (
    <Stack>
      <Title order={2}>{t('imports.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('imports.intro')}
      </Text>
      {allowed(me, 'imports:run') && <UploadImport onUploaded={(created) => setSelectedId(created.id)} />}
      {body}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            {t('imports.more')}
          </Button>
        </Group>
      )}
      {selected && <ImportErrors item={selected} onClose={() => setSelectedId(null)} />}
    </Stack>
  );
}

function ImportTable({
  items,
  selectedId,
  onSelect,
}: {
  items: ImportDto[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover data-testid="imports-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imports.started')}</Table.Th>
            <Table.Th>{t('imports.file')}</Table.Th>
            <Table.Th>{t('imports.status')}</Table.Th>
            <Table.Th miw={180}>{t('imports.progress')}</Table.Th>
            <Table.Th ta="right">{t('imports.committed')}</Table.Th>
            <Table.Th ta="right">{t('imports.rejected')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} bg={i.id === selectedId ? 'var(--mantine-color-teal-light)' : undefined}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(i.createdAt)}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {i.fileName ?? t('imports.noFileName')}
                </Text>
                <Text size="xs" c="dimmed">
                  {[t(`imports.entities.${i.entity}`), t(`imports.sources.${i.source}`), fileSize(fmt, i.bytes)].join(
                    ' · ',
                  )}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={statusColor[i.status]}>
                  {t(`imports.statuses.${i.status}`)}
                </Badge>
                {i.failure && <Failure problem={i.failure} />}
                {i.warnings.map((w) => (
                  <Text key={w.message} size="xs" c="dimmed">
                    {fileProblemText(t, w)}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                <ImportProgress item={i} />
              </Table.Td>
              <Table.Td ta="right">{fmt.number(i.rowsCommitted)}</Table.Td>
              <Table.Td ta="right">
                <Text size="sm" c={i.rowsRejected > 0 ? 'red.7' : undefined}>
                  {fmt.number(i.rowsRejected)}
                </Text>
              </Table.Td>
              <Table.Td>
                {i.errorCount > 0 && (
                  <Button size="xs" variant="subtle" onClick={() => onSelect(i.id)}>
                    {t('imports.showErrors', { count: i.errorCount })}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Failure({ problem }: { problem: RowError }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="red.7" style={{ overflowWrap: 'anywhere' }}>
      {fileProblemText(t, problem)}
    </Text>
  );
}

/** Rows read of the total (when known), as a bar while it runs and as words. */
function ImportProgress({ item }: { item: ImportDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const running = isRunning(item);
  return (
    <Stack gap={4}>
      {item.progress !== null && (
        <Progress
          value={item.progress * 100}
          animated={running}
          color={item.status === 'failed' ? 'red' : 'teal'}
          aria-label={t('imports.progress')}
        />
      )}
      <Text size="xs" c="dimmed">
        {item.rowsTotal === null
          ? t('imports.rowsRead', { count: item.rowsDone })
          : t('imports.rowsOf', { done: fmt.number(item.rowsDone), total: fmt.number(item.rowsTotal) })}
        {item.progress !== null && running ? ` · ${fmt.percent(item.progress, 0)}` : ''}
      </Text>
    </Stack>
  );
}

/** A file size in the locale's way: "840 kB", "1,2 MB". */
function fileSize(fmt: Format, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let n = bytes;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return new Intl.NumberFormat(fmt.locale, {
    style: 'unit',
    unit: units[u],
    unitDisplay: 'short',
    maximumFractionDigits: u === 0 ? 0 : 1,
  }).format(n);
}
