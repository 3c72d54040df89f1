// Scoring runs from the screens: the "Run scoring now" button (for roles that may queue one) and
// the empty state shown wherever scores are missing.
import { Button, Text } from '@mantine/core';
import { IconChartDots3, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { canRunScoring, useRunScoring } from '../../analytics-api.ts';
import { EmptyState } from '../../components/States.tsx';
import { errorText } from '../../problemText.ts';

export function RunScoringButton({ me, size = 'sm' }: { me: MeDto; size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation();
  const { run, current } = useRunScoring();
  if (!canRunScoring(me)) return null;
  const busy = run.isPending || current?.status === 'queued' || current?.status === 'running';
  return (
    <>
      <Button
        size={size}
        leftSection={<IconPlayerPlay size={14} />}
        loading={busy}
        onClick={() => run.mutate()}
        data-testid="run-scoring"
      >
        {t('analytics.runs.runNow')}
      </Button>
      {current && (
        <Text size="xs" c={current.status === 'failed' ? 'red' : 'teal'} role="status" data-testid="run-status">
          {t(`analytics.runs.progress.${current.status}`)}
          {current.status === 'failed' && current.error ? ` ${current.error}` : ''}
        </Text>
      )}
      {run.isError && (
        <Text size="xs" c="red" role="alert">
          {errorText(run.error, t, i18n.language)}
        </Text>
      )}
    </>
  );
}

/** No scores yet: says what fills this place and, if the caller may, offers to do it. */
export function NoScores({ me, what }: { me: MeDto; what: string }) {
  const { t } = useTranslation();
  const canRun = canRunScoring(me);
  return (
    <EmptyState
      title={t('analytics.empty.title')}
      icon={<IconChartDots3 size={26} />}
      action={<RunScoringButton me={me} />}
    >
      {t('analytics.empty.body', { what })} {canRun ? t('analytics.empty.canRun') : t('analytics.empty.askSomeone')}
    </EmptyState>
  );
}
