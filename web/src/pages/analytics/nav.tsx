// The KPIs, Analytics, Churn, Campaigns and Affinity entries of the side navigation, for roles that may read them.
import { IconAffiliate, IconChartDots3, IconGauge, IconSpeakerphone, IconUserMinus } from '@tabler/icons-react';
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
    ...(allowed(me, 'campaigns:read')
      ? [{ to: '/campaigns', label: t('campaigns.nav'), icon: <IconSpeakerphone size={18} /> }]
      : []),
    ...(allowed(me, 'affinity:read')
      ? [{ to: '/affinity', label: t('affinity.nav'), icon: <IconAffiliate size={18} /> }]
      : []),
  ];
}
