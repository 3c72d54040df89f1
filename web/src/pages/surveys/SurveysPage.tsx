// Surveys (/surveys): NPS and CSAT over the last 12 months with their 95 % band (± 1.96 standard
// errors, from the server), the month-by-month trend, the answers with their comments (search and
// NPS/CSAT groups), and the settings (relationship sample, CSAT triggers, reminders).
import { LineChart } from '@mantine/charts';
import { Anchor, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChartLine, IconMessage } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeDto } from '../../api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { Stat } from '../../components/Stat.tsx';
import { EmptyState } from '../../components/States.tsx';
import { type Format, useFormat } from '../../format.ts';
import { type SurveyCategory, type SurveyResultsDto, useSurveyAnswers, useSurveyResults } from '../../surveys-api.ts';
import { SurveySettingsCard } from './SurveySettings.tsx';

const monthKey = (d: Date) => d.toISOString().slice(0, 7);
const lastMonths = (n: number) => {
  const now = new Date();
  return {
    from: monthKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1), 1))),
    to: monthKey(now),
  };
};
const one = (f: Format, v: number | null | undefined) =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat(f.locale, { maximumFractionDigits: 1 }).format(v);

export function SurveysPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('surveys.title')}</Title>
      <ResultsCard />
      <AnswersCard />
      <SurveySettingsCard me={me} />
    </Stack>
  );
}

function ResultsCard() {
  const { t } = useTranslation();
  const { from, to } = lastMonths(12);
  const query = useSurveyResults(from, to);
  return (
    <QueryCard
      title={t('surveys.results.title')}
      icon={<IconChartLine size={20} />}
      testId="survey-results"
      query={query}
      isEmpty={(d) => d.nps.n === 0 && d.csat.n === 0}
      empty={<EmptyState title={t('surveys.results.emptyTitle')}>{t('surveys.results.emptyBody')}</EmptyState>}
    >
      {(d) => <Results data={d} />}
    </QueryCard>
  );
}

function Results({ data }: { data: SurveyResultsDto }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (v: number | null) => (v === null ? '—' : f.percent(v));
  const rows = data.months.map((m) => ({
    month: m.month,
    nps: m.nps.nps,
    npsLow: m.nps.low,
    npsHigh: m.nps.high,
    csat: m.csat.csat,
    csatLow: m.csat.low,
    csatHigh: m.csat.high,
  }));
  const band = (v: number | null, se: number | null, n: number) =>
    v === null ? '—' : t('surveys.results.value', { value: one(f, v), se: one(f, se), n: f.number(n) });
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat
          label={t('surveys.results.nps')}
          value={band(data.nps.nps, data.nps.standardError, data.nps.n)}
          testId="survey-nps"
        />
        <Stat
          label={t('surveys.results.csat')}
          value={band(data.csat.csat, data.csat.standardError, data.csat.n)}
          testId="survey-csat"
        />
        <Stat label={t('surveys.results.npsRate')} value={pct(data.responseRate.nps)} />
        <Stat label={t('surveys.results.csatRate')} value={pct(data.responseRate.csat)} />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {t('surveys.results.groups', {
          promoters: f.number(data.nps.promoters),
          passives: f.number(data.nps.passives),
          detractors: f.number(data.nps.detractors),
        })}
      </Text>
      <Trend rows={rows} which="nps" color="teal.7" domain={[-100, 100]} h={240} />
      <Trend rows={rows} which="csat" color="indigo.6" domain={[0, 100]} h={200} />
      <Text size="xs" c="dimmed">
        {t('surveys.results.bandNote')}
      </Text>
    </Stack>
  );
}

type TrendRow = Record<string, string | number | null>;

/** One score by month with its 95 % band as dashed lines (`<which>`, `<which>Low`, `<which>High`). */
function Trend(props: { rows: TrendRow[]; which: 'nps' | 'csat'; color: string; domain: [number, number]; h: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { which } = props;
  const band = { color: 'gray.5', strokeDasharray: '4 4' };
  return (
    <div role="img" aria-label={t(`surveys.results.${which}Chart`)}>
      <LineChart
        h={props.h}
        data={props.rows}
        dataKey="month"
        series={[
          { name: which, label: t(`surveys.results.${which}`), color: props.color },
          { name: `${which}Low`, label: t('surveys.results.low'), ...band },
          { name: `${which}High`, label: t('surveys.results.high'), ...band },
        ]}
        yAxisProps={{ domain: props.domain }}
        valueFormatter={(v) => one(f, v)}
        connectNulls={false}
        withLegend
      />
    </div>
  );
}

const categories: SurveyCategory[] = ['detractor', 'passive', 'promoter', 'dissatisfied', 'satisfied'];

function AnswersCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<SurveyCategory | 'all'>('all');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const query = useSurveyAnswers(debounced, category === 'all' ? null : category);
  return (
    <QueryCard
      title={t('surveys.answers.title')}
      icon={<IconMessage size={20} />}
      testId="survey-answers"
      query={query}
    >
      {(d) => (
        <Stack>
          <Group align="end">
            <TextInput
              label={t('surveys.answers.search')}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              maxLength={200}
              w={260}
            />
            <SegmentedControl
              value={category}
              onChange={(v) => setCategory(v as SurveyCategory | 'all')}
              data={[
                { value: 'all', label: t('surveys.answers.all') },
                ...categories.map((c) => ({ value: c, label: t(`surveys.category.${c}`) })),
              ]}
            />
          </Group>
          {d.items.length === 0 ? (
            <Text c="dimmed">{t('surveys.answers.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('surveys.answers.when')}</Table.Th>
                    <Table.Th>{t('surveys.answers.customer')}</Table.Th>
                    <Table.Th>{t('surveys.answers.kind')}</Table.Th>
                    <Table.Th>{t('surveys.answers.score')}</Table.Th>
                    <Table.Th>{t('surveys.answers.comment')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{s.answeredAt ? f.date(s.answeredAt) : '—'}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${s.customerId}`}>
                          {s.customerName ?? t('surveys.answers.unknown')}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{t(`surveys.kind.${s.kind}`)}</Table.Td>
                      <Table.Td>{s.score}</Table.Td>
                      <Table.Td>{s.comment ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </QueryCard>
  );
}
