// The Analytics entry of the side navigation, for roles that may read analytics.
import { IconChartDots3 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { allowed } from '../../session.ts';

export function useAnalyticsNav(me: MeDto) {
  const { t } = useTranslation();
  if (!allowed(me, 'analytics:read')) return [];
  return [{ to: '/analytics', label: t('analytics.nav'), icon: <IconChartDots3 size={18} /> }];
}
