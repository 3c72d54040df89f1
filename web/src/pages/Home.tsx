// Home: retention at a glance (the dashboard cards the caller's role allows), then
// getting started and the workspace's settings.
import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Permission } from '../../../src/http/permissions.ts';
import type { MeDto } from '../api.ts';
import { useFormat } from '../format.ts';
import { allowed } from '../session.ts';
import { type CardProps, ComplaintsSlaCard, LoyaltyCard, PyramidCard, RfmCard } from './dashboard/cards.tsx';

type DashboardCard = { id: string; Component: ComponentType<CardProps>; allowedFor: Permission };

/** In display order. */
export const dashboardCards: DashboardCard[] = [
  { id: 'pyramid', Component: PyramidCard, allowedFor: 'analytics:read' },
  { id: 'sla', Component: ComplaintsSlaCard, allowedFor: 'complaints:kpis' },
  { id: 'rfm', Component: RfmCard, allowedFor: 'analytics:read' },
  { id: 'loyalty', Component: LoyaltyCard, allowedFor: 'loyalty:reports' },
];

function Dashboard({ me }: { me: MeDto }) {
  const shown = dashboardCards.filter((c) => allowed(me, c.allowedFor));
  if (shown.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} data-testid="dashboard">
      {shown.map((c) => (
        <div key={c.id} style={{ minWidth: 0 }}>
          <c.Component me={me} />
        </div>
      ))}
    </SimpleGrid>
  );
}

export function HomePage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ws = me.workspace;
  const rows: [string, string][] = [
    [t('home.currency'), ws.currency],
    [t('home.locale'), ws.locale],
    [t('home.timeZone'), ws.timeZone],
    [t('home.created'), fmt.date(ws.createdAt)],
    [t('home.sampleAmount'), fmt.money(1234567)],
  ];
  return (
    <Stack>
      <Title order={2}>{t('home.title', { workspace: ws.name })}</Title>
      <Dashboard me={me} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('home.gettingStarted')}
          </Title>
          <List spacing="xs">
            <List.Item>
              <Anchor component={Link} to="/settings/people">
                {t('home.stepPeople')}
              </Anchor>
            </List.Item>
            <List.Item>
              <Anchor component={Link} to="/settings/tokens">
                {t('home.stepTokens')}
              </Anchor>
            </List.Item>
            <List.Item>
              <Anchor href="/docs" target="_blank">
                {t('home.stepDocs')}
              </Anchor>
            </List.Item>
          </List>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('home.details')}
          </Title>
          {rows.map(([label, value]) => (
            <Text key={label} size="sm">
              <Text span c="dimmed">
                {label}:
              </Text>{' '}
              {value}
            </Text>
          ))}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
