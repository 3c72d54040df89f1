// The Analytics entry of the side navigation: there once the server has any analytics endpoint
// and the caller's role may read them.
import { IconChartDots3 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ops } from '../../analytics-api.ts';
import type { MeDto } from '../../api.ts';
import { useApiOperations } from '../../capabilities.ts';
import { allowed } from '../../session.ts';

/** The operations that make the screen (and its nav entry) worth showing. */
export const analyticsOperations = [ops.pyramid, ops.rfm, ops.clvModel, ops.scoreRuns];

export function useAnalyticsNav(me: MeDto) {
  const { t } = useTranslation();
  const operations = useApiOperations();
  if (!allowed(me, 'analytics:read') || !analyticsOperations.some((op) => operations.data?.has(op))) return [];
  return [{ to: '/analytics', label: t('analytics.nav'), icon: <IconChartDots3 size={18} /> }];
}
