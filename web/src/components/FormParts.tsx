// Small pieces the settings and loyalty screens share: a query's loading / error / empty / data
// states in one place, a form's save row with its "Saved" note, a dialog's Cancel + submit, and the
// Copy button beside a secret shown once.
import { Button, CopyButton, Group, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from './States.tsx';

/** Loading, then the error (with retry), the empty state when `isEmpty`, or the data. */
export function QueryBody<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}

/** A form's submit button, and "Saved" (announced) once the last save worked. */
export function SaveRow({
  loading,
  saved,
  label,
  testId,
  disabled,
}: {
  loading: boolean;
  saved: boolean;
  label?: string;
  testId?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group>
      <Button type="submit" loading={loading} disabled={disabled} data-testid={testId}>
        {label ?? t('settings.save')}
      </Button>
      {saved && (
        <Text c="teal" role="status">
          {t('settings.saved')}
        </Text>
      )}
    </Group>
  );
}

/** Cancel and submit at the foot of a dialog's form. */
export function DialogActions({
  onCancel,
  loading,
  label,
}: {
  onCancel: () => void;
  loading: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('settings.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {label ?? t('settings.save')}
      </Button>
    </Group>
  );
}

/** Copies `value` (a token or secret shown once); says "Copied" for a moment after. */
export function CopyValueButton({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="xs" onClick={copy}>
          {copied ? t('tokens.copied') : t('tokens.copy')}
        </Button>
      )}
    </CopyButton>
  );
}
