import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeDto } from '../api.ts';
import { useFormat } from '../format.ts';

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
