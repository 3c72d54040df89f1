// The pyramid and RFM panels, on the home dashboard (compact, linking to /analytics) and on the
// analytics screen (`full`: with explanations, the pyramid's table and every segment).
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { IconChartPie, IconGridDots } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePyramid, useRfm } from '../../analytics-api.ts';
import type { MeDto } from '../../api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';
import { CustomerPyramid, PyramidTable, RfmGrid, SegmentList } from './charts.tsx';
import { NoScores } from './scoring.tsx';

type Props = { me: MeDto; full?: boolean };

function DetailsLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/analytics" size="sm">
      {t('dashboard.details')}
    </Anchor>
  );
}

export function PyramidPanel({ me, full = false }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = usePyramid(true);
  return (
    <QueryCard
      title={t(full ? 'analytics.pyramid.title' : 'dashboard.pyramid.title')}
      icon={<IconChartPie size={20} />}
      testId={full ? 'analytics-pyramid' : 'dashboard-pyramid'}
      action={full ? undefined : <DetailsLink />}
      query={query}
      isEmpty={(d) => d.computedAt === null || d.tiers.every((x) => x.customers === 0)}
      empty={<NoScores me={me} what={t('dashboard.pyramid.what')} />}
    >
      {(d) => (
        <Stack gap="sm">
          {full && (
            <Text size="sm" c="dimmed">
              {t('analytics.pyramid.explain')}
            </Text>
          )}
          <CustomerPyramid data={d} compact={!full} />
          {full && <PyramidTable data={d} />}
          <Text size="xs" c="dimmed">
            {t('dashboard.pyramid.footer', {
              months: d.windowMonths,
              date: d.computedAt ? fmt.dateTime(d.computedAt) : '—',
            })}
            {d.unscored > 0 && ` · ${t('dashboard.pyramid.unscored', { count: d.unscored })}`}
          </Text>
        </Stack>
      )}
    </QueryCard>
  );
}

export function RfmPanel({ me, full = false }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useRfm(true);
  return (
    <QueryCard
      title={t(full ? 'analytics.rfm.title' : 'dashboard.rfm.title')}
      icon={<IconGridDots size={20} />}
      testId={full ? 'analytics-rfm' : 'dashboard-rfm'}
      action={full ? undefined : <DetailsLink />}
      query={query}
      isEmpty={(d) => d.computedAt === null || d.cells.every((c) => c.customers === 0)}
      empty={<NoScores me={me} what={t('dashboard.rfm.what')} />}
    >
      {(d) => (
        <Stack gap="sm">
          {full && (
            <Text size="sm" c="dimmed">
              {t('analytics.rfm.explain')}
            </Text>
          )}
          <RfmGrid data={d} />
          {full && <Title order={5}>{t('analytics.rfm.segments')}</Title>}
          <SegmentList segments={d.segments} currency={fmt.currency} limit={full ? undefined : 5} />
        </Stack>
      )}
    </QueryCard>
  );
}
