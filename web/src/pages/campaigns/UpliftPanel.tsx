// A campaign's after-the-fact learning, under its results: the uplift model of a finished campaign
// (fit it; its held-out Qini curve against random targeting, the Qini coefficient and plain notes;
// "target the top X %" saves a segment for the next campaign), and results of an experiment run
// elsewhere (upload a CSV with the arm and outcome columns; each arm against the control).
import { LineChart } from '@mantine/charts';
import { Alert, Button, FileInput, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconChartLine, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CampaignUpliftDto,
  type ExternalResultDto,
  useCampaignUplift,
  useExternalResults,
  useFitUplift,
  useSaveUpliftSegment,
  useUploadExternalResults,
} from '../../campaigns-uplift-api.ts';
import { ErrorState } from '../../components/States.tsx';
import { QueryCard } from '../../components/QueryCard.tsx';
import { EmptyState } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';

export function UpliftSection({ id, name, canWrite }: { id: string; name: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const query = useCampaignUplift(id);
  const fit = useFitUplift(id);
  const [days, setDays] = useState(90);
  return (
    <QueryCard
      title={t('campaigns.uplift.title')}
      icon={<IconChartLine size={20} />}
      testId="campaign-uplift"
      query={query}
      empty={<EmptyState title={t('campaigns.uplift.noneTitle')}>{t('campaigns.uplift.none')}</EmptyState>}
      action={
        canWrite && (
          <Group gap="xs" align="end">
            <NumberInput
              label={t('campaigns.results.days')}
              min={1}
              max={3650}
              value={days}
              onChange={(v) => typeof v === 'number' && v >= 1 && setDays(v)}
              w={120}
            />
            <Button loading={fit.isPending} onClick={() => fit.mutate(days)} data-testid="campaign-uplift-fit">
              {t('campaigns.uplift.fit')}
            </Button>
          </Group>
        )
      }
    >
      {(u) => (
        <Stack gap="sm">
          {fit.error && <ErrorState error={fit.error} />}
          <UpliftModel u={u} id={id} name={name} canWrite={canWrite} />
        </Stack>
      )}
    </QueryCard>
  );
}

function UpliftModel({ u, id, name, canWrite }: { u: CampaignUpliftDto; id: string; name: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (u.status === 'queued' || u.status === 'running') return <Text>{t('campaigns.uplift.running')}</Text>;
  if (u.status === 'failed' || !u.model)
    return <Alert color="red">{t('campaigns.uplift.failed', { error: u.error ?? '' })}</Alert>;
  const m = u.model;
  const rows = m.curve.map((p) => ({
    fraction: fmt.percent(p.fraction, { digits: 0 }),
    model: p.gain * 100,
    random: p.random * 100,
  }));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('campaigns.uplift.summary', {
          members: fmt.number(m.members),
          treated: fmt.number(m.treated),
          control: fmt.number(m.control),
          folds: m.folds,
        })}
      </Text>
      <LineChart
        h={260}
        data={rows}
        dataKey="fraction"
        withDots={false}
        yAxisLabel={t('campaigns.uplift.gainAxis')}
        xAxisLabel={t('campaigns.uplift.targetedAxis')}
        valueFormatter={(v) => fmt.number(Math.round(v * 100) / 100)}
        series={[
          { name: 'model', label: t('campaigns.uplift.model'), color: 'teal.7' },
          { name: 'random', label: t('campaigns.uplift.random'), color: 'gray.6', strokeDasharray: '5 5' },
        ]}
      />
      <Text data-testid="campaign-uplift-qini">
        {t('campaigns.uplift.qini', {
          qini: fmt.number(Math.round(m.qini * 10000) / 100),
          area: fmt.number(Math.round(m.area * 10000) / 100),
          random: fmt.number(Math.round(m.randomArea * 10000) / 100),
        })}
      </Text>
      {m.notes.length > 0 && (
        <Alert color="yellow">{m.notes.map((n) => t(`campaigns.uplift.note.${n}`)).join(' ')}</Alert>
      )}
      {canWrite && !m.notes.includes('not_better_than_random') && <TargetTop id={id} name={name} />}
    </Stack>
  );
}

function TargetTop({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const [top, setTop] = useState(20);
  const save = useSaveUpliftSegment(id);
  return (
    <Stack gap="xs">
      <Group align="end">
        <NumberInput
          label={t('campaigns.uplift.topPercent')}
          min={1}
          max={100}
          value={top}
          onChange={(v) => typeof v === 'number' && v > 0 && v <= 100 && setTop(v)}
          w={160}
          suffix=" %"
        />
        <Button
          variant="light"
          loading={save.isPending}
          data-testid="campaign-uplift-target"
          onClick={() => save.mutate({ name: t('campaigns.uplift.segmentName', { top, name }), topPercent: top })}
        >
          {t('campaigns.uplift.target')}
        </Button>
      </Group>
      {save.data && <Alert color="teal">{t('campaigns.uplift.segmentSaved', { segment: save.data.name })}</Alert>}
      {save.error && <ErrorState error={save.error} />}
    </Stack>
  );
}

export function ExternalResultsSection({ id, canWrite }: { id: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const query = useExternalResults(id);
  return (
    <QueryCard
      title={t('campaigns.external.title')}
      icon={<IconUpload size={20} />}
      testId="campaign-external"
      query={query}
    >
      {(d) => (
        <Stack gap="md">
          {canWrite && <UploadForm id={id} />}
          {d.items.length === 0 ? (
            <Text c="dimmed">{t('campaigns.external.none')}</Text>
          ) : (
            d.items.map((r) => <ExternalAnalysis key={r.id} r={r} />)
          )}
        </Stack>
      )}
    </QueryCard>
  );
}

function UploadForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const upload = useUploadExternalResults(id);
  const [file, setFile] = useState<File | null>(null);
  const [armCol, setArmCol] = useState('arm');
  const [control, setControl] = useState('control');
  const [outcomes, setOutcomes] = useState('');
  const ready = file && armCol.trim() && control.trim() && outcomes.trim();
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('campaigns.external.help')}
      </Text>
      <Group align="end" wrap="wrap">
        <FileInput
          label={t('campaigns.external.file')}
          accept=".csv,text/csv"
          value={file}
          onChange={setFile}
          w={220}
          data-testid="campaign-external-file"
        />
        <TextInput
          label={t('campaigns.external.armCol')}
          value={armCol}
          onChange={(e) => setArmCol(e.currentTarget.value)}
          w={140}
        />
        <TextInput
          label={t('campaigns.external.control')}
          value={control}
          onChange={(e) => setControl(e.currentTarget.value)}
          w={140}
        />
        <TextInput
          label={t('campaigns.external.outcomes')}
          placeholder={t('campaigns.external.outcomesHint')}
          value={outcomes}
          onChange={(e) => setOutcomes(e.currentTarget.value)}
          w={220}
        />
        <Button
          disabled={!ready}
          loading={upload.isPending}
          onClick={async () => file && upload.mutate({ csv: await file.text(), armCol, control, outcomes })}
        >
          {t('campaigns.external.upload')}
        </Button>
      </Group>
      {upload.error && <ErrorState error={upload.error} />}
    </Stack>
  );
}

function ExternalAnalysis({ r }: { r: ExternalResultDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const num = (x: number) => fmt.number(Math.round(x * 10000) / 10000);
  return (
    <Stack gap={4}>
      <Text fw={600}>
        {t('campaigns.external.uploaded', {
          date: fmt.date(r.createdAt),
          rows: fmt.number(r.rows),
          control: r.control,
        })}
      </Text>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('campaigns.results.arm')}</Table.Th>
            <Table.Th>{t('campaigns.external.outcome')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.external.difference')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.external.lift')}</Table.Th>
            <Table.Th ta="right">{t('campaigns.external.ci')}</Table.Th>
            <Table.Th ta="right">p</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.analysis.comparisons.map((c) => (
            <Table.Tr key={`${c.arm}:${c.outcome}`}>
              <Table.Td>{c.arm}</Table.Td>
              <Table.Td>
                {c.outcome} ({t(`campaigns.external.kind.${c.kind}`)})
              </Table.Td>
              <Table.Td ta="right">{num(c.difference)}</Table.Td>
              <Table.Td ta="right">
                {c.relativeLift === null ? '—' : fmt.percent(c.relativeLift, { digits: 1, signed: true })}
              </Table.Td>
              <Table.Td ta="right">
                {num(c.ci[0])} … {num(c.ci[1])}
              </Table.Td>
              <Table.Td ta="right">{num(c.p)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
