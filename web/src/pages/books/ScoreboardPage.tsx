// The team scoreboard for a period: each person's retention against what the models expected for
// their book (fair to book size and difficulty), SLA compliance, CSAT of their cases, positive
// mentions, kudos and goals. People see their own row and their teams' totals; managers see all.
import { Badge, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FiguresDto, type ScoreboardDto, useScoreboard } from '../../books-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { useFormat } from '../../format.ts';
import { RetentionVsExpected } from './parts.tsx';

const spans = ['30', '90', '365'] as const;
type Goal = ScoreboardDto['people'][number]['goals'][number];

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

function Goals({ goals }: { goals: Goal[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (goals.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Group gap={4}>
      {goals.map((g) => (
        <Badge key={g.id} color={g.met === null ? 'gray' : g.met ? 'green' : 'orange'} variant="light">
          {t(`books.goals.${g.metric}`)}: {g.actual === null ? '—' : f.number(Math.round(g.actual))} /{' '}
          {f.number(g.target)}
        </Badge>
      ))}
    </Group>
  );
}

function FigureCells({ figures }: { figures: FiguresDto }) {
  const f = useFormat();
  return (
    <>
      <Table.Td>{f.number(figures.customers)}</Table.Td>
      <Table.Td>
        <RetentionVsExpected r={figures.retention} />
      </Table.Td>
      <Table.Td>
        {figures.sla.rate === null ? '—' : f.percent(figures.sla.rate)}{' '}
        <Text span size="xs" c="dimmed">
          ({f.number(figures.sla.withinSla)}/{f.number(figures.sla.resolved)})
        </Text>
      </Table.Td>
      <Table.Td>
        {figures.csat.csat === null ? '—' : f.percent(figures.csat.csat / 100)}{' '}
        <Text span size="xs" c="dimmed">
          (n = {f.number(figures.csat.n)})
        </Text>
      </Table.Td>
      <Table.Td>{f.number(figures.positiveMentions)}</Table.Td>
      <Table.Td>{f.number(figures.kudos)}</Table.Td>
    </>
  );
}

function Head({ first }: { first: string }) {
  const { t } = useTranslation();
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{first}</Table.Th>
        <Table.Th>{t('books.scoreboard.customers')}</Table.Th>
        <Table.Th>{t('books.scoreboard.retention')}</Table.Th>
        <Table.Th>{t('books.scoreboard.sla')}</Table.Th>
        <Table.Th>{t('books.scoreboard.csat')}</Table.Th>
        <Table.Th>{t('books.scoreboard.mentions')}</Table.Th>
        <Table.Th>{t('books.scoreboard.kudos')}</Table.Th>
        <Table.Th>{t('books.scoreboard.goals')}</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}

export function ScoreboardPage() {
  const { t } = useTranslation();
  const [span, setSpan] = useState<(typeof spans)[number]>('90');
  const board = useScoreboard({ from: daysAgo(Number(span)) });
  return (
    <Stack gap="md" data-testid="scoreboard-page">
      <Group justify="space-between">
        <Title order={2}>{t('books.scoreboard.title')}</Title>
        <SegmentedControl
          aria-label={t('books.scoreboard.period')}
          value={span}
          onChange={(v) => setSpan(v as (typeof spans)[number])}
          data={spans.map((s) => ({ value: s, label: t('books.scoreboard.lastDays', { count: Number(s) }) }))}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('books.scoreboard.fairness')}
      </Text>
      <QueryCard
        title={t('books.scoreboard.teams')}
        query={board}
        testId="scoreboard-teams"
        isEmpty={(d) => d.teams.length === 0}
        empty={<Text c="dimmed">{t('books.scoreboard.noTeams')}</Text>}
      >
        {(d) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped>
              <Head first={t('books.scoreboard.team')} />
              <Table.Tbody>
                {d.teams.map((team) => (
                  <Table.Tr key={team.teamId}>
                    <Table.Td>
                      {team.name}{' '}
                      <Text span size="xs" c="dimmed">
                        ({t('books.scoreboard.members', { count: team.members })})
                      </Text>
                    </Table.Td>
                    <FigureCells figures={team.figures} />
                    <Table.Td>
                      <Goals goals={team.goals} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryCard>
      <QueryCard title={t('books.scoreboard.people')} query={board} testId="scoreboard-people">
        {(d) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped>
              <Head first={t('books.scoreboard.person')} />
              <Table.Tbody>
                {d.people.map((p) => (
                  <Table.Tr key={p.userId} data-testid="scoreboard-person">
                    <Table.Td>{p.name}</Table.Td>
                    <FigureCells figures={p.figures} />
                    <Table.Td>
                      <Goals goals={p.goals} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryCard>
    </Stack>
  );
}
