// The KPIs, Analytics and Churn entries of the side navigation, for roles that may read them.
import { IconChartDots3, IconGauge, IconUserMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { allowed } from '../../session.ts';

export function useAnalyticsNav(me: MeDto) {
  const { t } = useTranslation();
  return [
    ...(allowed(me, 'kpis:read') ? [{ to: '/kpis', label: t('kpis.nav'), icon: <IconGauge size={18} /> }] : []),
    ...(allowed(me, 'analytics:read')
      ? [{ to: '/analytics', label: t('analytics.nav'), icon: <IconChartDots3 size={18} /> }]
      : []),
    ...(allowed(me, 'churn:read') ? [{ to: '/churn', label: t('churn.nav'), icon: <IconUserMinus size={18} /> }] : []),
  ];
}
