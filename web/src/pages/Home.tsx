import { Anchor, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeDto } from '../api.ts';
import { formatDate, formatMoney } from '../i18n.ts';

export function HomePage({ me }: { me: MeDto }) {
  const { t, i18n } = useTranslation();
  const ws = me.workspace;
  const rows: [string, string][] = [
    [t('home.currency'), ws.currency],
    [t('home.locale'), ws.locale],
    [t('home.timeZone'), ws.timeZone],
    [t('home.created'), formatDate(ws.createdAt, i18n.language, ws.timeZone)],
    [t('home.sampleAmount'), formatMoney(1234567, ws.currency, i18n.language)],
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
