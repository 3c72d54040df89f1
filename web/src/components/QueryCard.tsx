// A card that shows one query's data with the app's loading, error and empty states. A 403 hides
// the card (the caller's role may not see it); "nothing yet" problems are an empty state.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { Panel } from './Panel.tsx';
import { ErrorState, Loading } from './States.tsx';

export type QueryCardProps<T> = {
  title: string;
  icon?: ReactNode;
  action?: ReactNode;
  testId?: string;
  query: UseQueryResult<T, Error>;
  /** What to show when there is nothing yet (or when the server says there is none, see isMissing). */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
};

/** The server says there is nothing yet: not found, no fitted model, no loyalty program. */
export const isMissing = (error: Error | null) =>
  error instanceof ApiError &&
  (error.problem.status === 404 || ['no_model', 'loyalty_not_configured'].includes(error.problem.code));

export function QueryCard<T>({ title, icon, action, testId, query, empty, isEmpty, children }: QueryCardProps<T>) {
  if (query.error instanceof ApiError && query.error.problem.status === 403) return null;
  let body: ReactNode;
  if (query.isPending) body = <Loading />;
  else if (query.isError)
    body = isMissing(query.error) && empty ? empty : <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  else if (empty && isEmpty?.(query.data)) body = empty;
  else body = children(query.data);
  return (
    <Panel title={title} icon={icon} action={action} testId={testId}>
      {body}
    </Panel>
  );
}
