// Scoring runs from the screens: the "Run scoring now" button (for roles that may queue one,
// when the server has the endpoint) and the empty state shown wherever scores are missing.
import { Button, Text } from '@mantine/core';
import { IconChartDots3, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { canRunScoring, ops, useRunScoring } from '../../analytics-api.ts';
import { useApiOperations } from '../../capabilities.ts';
import { EmptyState } from '../../components/States.tsx';

export function useCanRunScoring(me: MeDto): boolean {
  const operations = useApiOperations();
  return Boolean(operations.data?.has(ops.runScoring)) && canRunScoring(me);
}

export function RunScoringButton({ me, size = 'sm' }: { me: MeDto; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const run = useRunScoring();
  if (!useCanRunScoring(me)) return null;
  return (
    <>
      <Button size={size} leftSection={<IconPlayerPlay size={14} />} loading={run.isPending} onClick={() => run.mutate()} data-testid="run-scoring">
        {t('analytics.runs.runNow')}
      </Button>
      {run.isSuccess && (
        <Text size="xs" c="teal" role="status">
          {t('analytics.runs.queued')}
        </Text>
      )}
      {run.isError && (
        <Text size="xs" c="red" role="alert">
          {run.error.message}
        </Text>
      )}
    </>
  );
}

/** No scores yet: says what fills this place and, if the caller may, offers to do it. */
export function NoScores({ me, what }: { me: MeDto; what: string }) {
  const { t } = useTranslation();
  const canRun = useCanRunScoring(me);
  return (
    <EmptyState title={t('analytics.empty.title')} icon={<IconChartDots3 size={26} />} action={<RunScoringButton me={me} />}>
      {t('analytics.empty.body', { what })} {canRun ? t('analytics.empty.canRun') : t('analytics.empty.askSomeone')}
    </EmptyState>
  );
}
