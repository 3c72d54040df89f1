// Knowledge-base suggestions: closed complaints like this one and how they were solved.
import { Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorState } from '../../components/States.tsx';
import { labelOf } from '../../labels.ts';

export function Suggestions({ text, category }: { text: string; category?: string | null }) {
  const { t } = useTranslation();
  const [q] = useDebouncedValue(text.trim().slice(0, 200), 300);
  const query = useQuery({
    queryKey: ['complaint-suggestions', q, category],
    queryFn: ({ signal }) =>
      api.GET('/complaints/suggestions', {
        params: { query: { q, category: category ?? undefined, limit: 5 } },
        signal,
      }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
  if (q.length < 2)
    return (
      <Text size="sm" c="dimmed">
        {t('suggestions.typeMore')}
      </Text>
    );
  if (query.isError) return <ErrorState error={query.error} />;
  const items = query.data?.items ?? [];
  if (query.isSuccess && items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('suggestions.none')}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="suggestions" aria-live="polite">
      {items.map((s) => (
        <Paper key={s.id} withBorder p="xs" data-testid="suggestion">
          <Text size="sm" fw={600}>
            {s.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {s.reference} · {labelOf(t, 'complaintCategory', s.category)}
            {s.rootCause ? ` · ${labelOf(t, 'rootCause', s.rootCause)}` : ''}
          </Text>
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
            {s.solution}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
