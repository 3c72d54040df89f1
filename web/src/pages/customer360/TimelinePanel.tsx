// Everything that happened with the customer, newest first, paged by cursor (the first page
// comes with the overview).
import { Button, Center, Group, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { renderEvent } from './timelineEvents.tsx';
import { overviewKey, type PanelProps } from './types.ts';

const PAGE = 50;
/** Events shown at first; "show older" reveals more of what is loaded, then fetches the next page. */
const FIRST = 20;

export function TimelinePanel({ overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = overview.customer.id;
  const feed = useInfiniteQuery({
    queryKey: [...overviewKey(id), 'timeline'],
    queryFn: ({ pageParam }) =>
      api.GET('/customers/{id}/timeline', { params: { path: { id }, query: { limit: PAGE, cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    initialData: { pages: [overview.timeline], pageParams: [undefined] },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 30_000,
  });
  const [visible, setVisible] = useState(FIRST);
  const loaded = feed.data.pages.flatMap((p) => p.items);
  const events = loaded.slice(0, visible);
  const more = visible < loaded.length || feed.hasNextPage;
  const showOlder = () => {
    if (visible + PAGE > loaded.length && feed.hasNextPage) void feed.fetchNextPage();
    setVisible(visible + PAGE);
  };
  return (
    <Panel title={t('timeline.title')} icon={<IconTimeline size={20} />} testId="timeline-panel">
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} data-testid="timeline">
          {events.map((e) => {
            const r = renderEvent(e, t, fmt);
            return (
              <Timeline.Item
                key={e.id}
                data-type={e.type}
                bullet={
                  <ThemeIcon size={26} radius="xl" color={r.color} variant="light">
                    {r.icon}
                  </ThemeIcon>
                }
                title={
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Text size="sm" fw={600}>
                      {r.title}
                    </Text>
                    <Text size="xs" c="dimmed" component="time" dateTime={e.occurredAt}>
                      {fmt.dateTime(e.occurredAt)}
                    </Text>
                  </Group>
                }
              >
                {r.details.map((d) => (
                  <Text key={d} size="xs" c="dimmed">
                    {d}
                  </Text>
                ))}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {feed.isError && <ErrorState error={feed.error} onRetry={() => feed.fetchNextPage()} />}
      {more && (
        <Center mt="md">
          <Button variant="light" onClick={showOlder} loading={feed.isFetchingNextPage}>
            {t('timeline.more')}
          </Button>
        </Center>
      )}
    </Panel>
  );
}
