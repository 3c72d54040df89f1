// /analytics: the value engine for analysts and managers — the customer pyramid and RFM views
// (linking to the customers they count), the CLV model's diagnostics (parameters with standard
// errors, fit, calibration vs holdout tracking, expected purchases and P(alive) heatmaps) and
// the scoring runs. Roles that may not read analytics get a note instead.
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Badge, Box, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartLine, IconHistory } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../api.ts';
import { type ClvModelDto, type ScoreRunDto, useClvModel, useScoreRuns } from '../../analytics-api.ts';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { frequencyRecencyGrid, periodsBetween } from '../../lib/clvGrid.ts';
import { Stat } from '../../components/Stat.tsx';
import { HeatmapTable } from './charts.tsx';
import { PyramidPanel, RfmPanel } from './panels.tsx';
import { NoScores, RunScoringButton } from './scoring.tsx';

export function AnalyticsPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const readable = allowed(me, 'analytics:read');
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('analytics.title')}</Title>
        <Group gap="xs">
          <RunScoringButton me={me} />
        </Group>
      </Group>
      {readable ? (
        <>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <PyramidPanel me={me} full />
            <RfmPanel me={me} full />
          </SimpleGrid>
          <ClvModelSection me={me} />
          <ScoreRunsSection />
        </>
      ) : (
        <EmptyState title={t('analytics.notAllowedTitle')}>{t('analytics.notAllowed')}</EmptyState>
      )}
    </Stack>
  );
}

const paramNames = ['r', 'alpha', 'a', 'b'] as const;

function ClvModelSection({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const query = useClvModel(true);
  return (
    <QueryCard
      title={t('analytics.clv.title')}
      icon={<IconChartLine size={20} />}
      testId="analytics-clv"
      query={query}
      empty={<NoScores me={me} what={t('analytics.clv.what')} />}
    >
      {(m) => <ClvDiagnostics model={m} />}
    </QueryCard>
  );
}

function ClvDiagnostics({ model: m }: { model: ClvModelDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const number = (v: number, digits = 4) =>
    new Intl.NumberFormat(fmt.locale, { maximumSignificantDigits: digits }).format(v);
  return (
    <Stack gap="md">
      <Group gap="lg" wrap="wrap">
        <Stat label={t('analytics.clv.model')} value={t('analytics.clv.bgnbd')} />
        <Stat label={t('analytics.clv.customers')} value={fmt.number(m.customers)} />
        <Stat label={t('analytics.clv.logLikelihood')} value={number(m.logLikelihood, 8)} testId="clv-loglik" />
        <Stat label={t('analytics.clv.fitted')} value={fmt.dateTime(m.fittedAt)} />
        <Box>
          <Text size="xs" c="dimmed">
            {t('analytics.clv.convergence')}
          </Text>
          <Badge color={m.converged ? 'teal' : 'red'} variant="light" data-testid="clv-converged">
            {m.converged ? t('analytics.clv.converged') : t('analytics.clv.notConverged')}
          </Badge>
          {!m.converged && m.reason && (
            <Text size="xs" c="red">
              {m.reason}
            </Text>
          )}
        </Box>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Table.ScrollContainer minWidth={280}>
          <Table data-testid="clv-params" striped>
            <Table.Caption>{t('analytics.clv.paramsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.clv.parameter')}</Table.Th>
                <Table.Th ta="right">{t('analytics.clv.estimate')}</Table.Th>
                <Table.Th ta="right">{t('analytics.clv.standardError')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {paramNames.map((p) => (
                <Table.Tr key={p}>
                  <Table.Td>
                    <Text span ff="monospace">
                      {p === 'alpha' ? 'α' : p}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      {t(`analytics.clv.params.${p}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{number(m.params[p])}</Table.Td>
                  <Table.Td ta="right">{m.standardErrors ? number(m.standardErrors[p], 3) : '—'}</Table.Td>
                </Table.Tr>
              ))}
              {m.spend &&
                (['p', 'q', 'gamma'] as const).map((p) => (
                  <Table.Tr key={p}>
                    <Table.Td>
                      <Text span ff="monospace">
                        {p === 'gamma' ? 'γ' : p}
                      </Text>{' '}
                      <Text span size="xs" c="dimmed">
                        {t('analytics.clv.params.spend')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{number(m.spend![p])}</Table.Td>
                    <Table.Td ta="right">—</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('analytics.clv.explain')}
          </Text>
          {m.spend && (
            <Text size="sm" c="dimmed">
              {t('analytics.clv.spendExplain', {
                customers: fmt.number(m.spend.customers),
                excluded: fmt.number(m.spend.excluded),
              })}
            </Text>
          )}
          {m.holdout && (
            <Text size="sm" data-testid="clv-holdout">
              {t('analytics.clv.holdoutError', {
                customers: fmt.number(m.holdout.customers),
                mae: number(m.holdout.model.mae, 3),
                baseline: number(m.holdout.baseline.mae, 3),
              })}
            </Text>
          )}
          {m.standardErrors === null && (
            <Text size="sm" c="red">
              {t('analytics.clv.noStandardErrors')}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
      <TrackingChart model={m} />
      <Heatmaps model={m} />
    </Stack>
  );
}

/** Calibration vs holdout: actual and predicted repeat transactions per period, the split marked. */
function TrackingChart({ model: m }: { model: ClvModelDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (m.tracking.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('analytics.clv.noTracking')}
      </Text>
    );
  const split = m.tracking.find((p) => p.holdout)?.period;
  const actual = m.tracking.reduce((s, p) => s + p.actual, 0);
  const predicted = m.tracking.reduce((s, p) => s + p.predicted, 0);
  return (
    <Stack gap={4}>
      <Title order={5}>{t('analytics.clv.trackingTitle')}</Title>
      <Text size="xs" c="dimmed">
        {t('analytics.clv.trackingExplain', {
          calibrationEnd: fmt.day(m.calibrationEnd.slice(0, 10)),
          holdoutEnd: fmt.day(m.holdoutEnd.slice(0, 10)),
        })}
      </Text>
      <Box
        role="img"
        aria-label={t('analytics.clv.trackingAria', {
          periods: m.tracking.length,
          actual: fmt.number(Math.round(actual)),
          predicted: fmt.number(Math.round(predicted)),
        })}
        data-testid="tracking-chart"
      >
        <LineChart
          h={240}
          data={m.tracking}
          dataKey="period"
          series={[
            { name: 'actual', label: t('analytics.clv.actual'), color: 'teal.7' },
            { name: 'predicted', label: t('analytics.clv.predicted'), color: 'indigo.5', strokeDasharray: '5 5' },
          ]}
          valueFormatter={(v) => new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 1 }).format(v)}
          curveType="linear"
          withDots={false}
          withLegend
          referenceLines={
            split === undefined
              ? []
              : [
                  {
                    x: split,
                    label: t('analytics.clv.holdoutStarts'),
                    labelPosition: 'insideTopRight',
                    color: 'gray.6',
                  },
                ]
          }
        />
      </Box>
    </Stack>
  );
}

/** Defaults for the heatmaps: customers observed over the calibration period, a year ahead. */
function defaultAge(m: ClvModelDto): number {
  const first = m.tracking[0]?.period;
  return first && !Number.isNaN(Date.parse(first)) ? periodsBetween(first, m.calibrationEnd) : 52;
}

function Heatmaps({ model: m }: { model: ClvModelDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [age, setAge] = useState(() => defaultAge(m));
  const [horizon, setHorizon] = useState(52);
  const [maxFrequency, setMaxFrequency] = useState(20);
  const grid = useMemo(
    () =>
      age > 0 && horizon > 0 && maxFrequency > 0
        ? frequencyRecencyGrid(m.params, { T: age, horizon, maxFrequency })
        : null,
    [m.params, age, horizon, maxFrequency],
  );
  const one = new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 1 });
  const positive = (v: string | number, set: (n: number) => void) => typeof v === 'number' && v > 0 && set(v);
  return (
    <Stack gap="sm">
      <Title order={5}>{t('analytics.clv.heatmapsTitle')}</Title>
      <Text size="xs" c="dimmed">
        {t('analytics.clv.heatmapsExplain')}
      </Text>
      <Group gap="sm" wrap="wrap">
        <NumberInput
          size="xs"
          w={170}
          label={t('analytics.clv.age')}
          value={age}
          min={1}
          max={520}
          onChange={(v) => positive(v, setAge)}
        />
        <NumberInput
          size="xs"
          w={170}
          label={t('analytics.clv.horizon')}
          value={horizon}
          min={1}
          max={520}
          onChange={(v) => positive(v, setHorizon)}
        />
        <NumberInput
          size="xs"
          w={170}
          label={t('analytics.clv.maxFrequency')}
          value={maxFrequency}
          min={1}
          max={200}
          onChange={(v) => positive(v, setMaxFrequency)}
        />
      </Group>
      {grid && (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Box>
            <Text size="sm" fw={600} mb={4}>
              {t('analytics.clv.expectedTitle', { weeks: horizon })}
            </Text>
            <HeatmapTable
              testId="heatmap-expected"
              caption={t('analytics.clv.heatmapCaption', { age })}
              rowTitle={t('analytics.clv.frequencyShort')}
              columnTitle={t('analytics.clv.recencyShort')}
              rows={grid.frequencies}
              columns={grid.recencies.map((r) => one.format(r))}
              values={grid.expected}
              format={(v) => one.format(v)}
            />
          </Box>
          <Box>
            <Text size="sm" fw={600} mb={4}>
              {t('analytics.clv.aliveTitle')}
            </Text>
            <HeatmapTable
              testId="heatmap-alive"
              color="indigo"
              caption={t('analytics.clv.heatmapCaption', { age })}
              rowTitle={t('analytics.clv.frequencyShort')}
              columnTitle={t('analytics.clv.recencyShort')}
              rows={grid.frequencies}
              columns={grid.recencies.map((r) => one.format(r))}
              values={grid.pAlive}
              format={(v) =>
                new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 0 }).format(v)
              }
            />
          </Box>
        </SimpleGrid>
      )}
    </Stack>
  );
}

const runColor: Record<ScoreRunDto['status'], string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
};

function ScoreRunsSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useScoreRuns(true);
  const when = (r: ScoreRunDto) => r.finishedAt ?? r.startedAt ?? r.queuedAt;
  return (
    <QueryCard
      title={t('analytics.runs.title')}
      icon={<IconHistory size={20} />}
      testId="analytics-runs"
      query={query}
      isEmpty={(d) => d.length === 0}
      empty={
        <Text size="sm" c="dimmed">
          {t('analytics.runs.none')}
        </Text>
      }
    >
      {(runs) => (
        <Table.ScrollContainer minWidth={480}>
          <Table data-testid="score-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.runs.when')}</Table.Th>
                <Table.Th>{t('analytics.runs.status')}</Table.Th>
                <Table.Th>{t('analytics.runs.mode')}</Table.Th>
                <Table.Th ta="right">{t('analytics.runs.customers')}</Table.Th>
                <Table.Th>{t('analytics.runs.modelVersion')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{fmt.dateTime(when(r))}</Table.Td>
                  <Table.Td>
                    <Badge color={runColor[r.status]} variant="light" title={r.error ?? undefined}>
                      {t(`analytics.runs.statuses.${r.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t(`analytics.runs.modes.${r.mode}`)}</Table.Td>
                  <Table.Td ta="right">{r.customersScored === null ? '—' : fmt.number(r.customersScored)}</Table.Td>
                  <Table.Td>{r.modelVersion ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryCard>
  );
}
