// The recognition board: kudos from one person to another, newest first, with the customer's
// compliment they are for; anyone can give kudos to a colleague.
import { Button, Card, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { useGiveKudos, useKudos, usePeople } from '../../books-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';
import { errorText } from '../../problemText.ts';

function GiveKudos({ me }: { me: MeDto }) {
  const { t, i18n } = useTranslation();
  const people = usePeople();
  const give = useGiveKudos();
  const [to, setTo] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const others = (people.data?.items ?? []).filter((p) => p.id !== me.user?.id);
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Select
          label={t('books.kudos.to')}
          data={others.map((p) => ({ value: p.id, label: p.name }))}
          value={to}
          onChange={setTo}
          searchable
          data-testid="kudos-to"
        />
        <Textarea
          label={t('books.kudos.message')}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          data-testid="kudos-message"
        />
        {give.error && <Text c="red">{errorText(give.error, t, i18n.language)}</Text>}
        <Group justify="flex-end">
          <Button
            leftSection={<IconHeartHandshake size={16} />}
            disabled={!to || !message.trim()}
            loading={give.isPending}
            onClick={() =>
              give.mutate(
                { toUserId: to as string, message: message.trim() },
                { onSuccess: () => (setMessage(''), setTo(null)) },
              )
            }
            data-testid="kudos-give"
          >
            {t('books.kudos.give')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function RecognitionPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const f = useFormat();
  const kudos = useKudos();
  return (
    <Stack gap="md" data-testid="recognition-page">
      <Title order={2}>{t('books.kudos.title')}</Title>
      <GiveKudos me={me} />
      <QueryCard
        title={t('books.kudos.board')}
        query={kudos}
        testId="recognition-board"
        isEmpty={(d) => d.items.length === 0}
        empty={<Text c="dimmed">{t('books.kudos.empty')}</Text>}
      >
        {(d) => (
          <Stack gap="sm">
            {d.items.map((k) => (
              <Card key={k.id} withBorder padding="sm" data-testid="kudos-item">
                <Text size="sm" fw={600}>
                  {t('books.kudos.fromTo', { from: k.fromName ?? '—', to: k.toName ?? '—' })}
                </Text>
                <Text size="sm">{k.message}</Text>
                {k.feedbackBody && (
                  <Text size="xs" c="dimmed" fs="italic">
                    {t('books.kudos.forFeedback', { body: k.feedbackBody })}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {f.dateTime(k.createdAt)}
                </Text>
              </Card>
            ))}
          </Stack>
        )}
      </QueryCard>
    </Stack>
  );
}
