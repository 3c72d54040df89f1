// The customer's defections: whether they left (or lapsed by P(alive)), each defection with its
// reason and source, win-backs; record a defection or a win-back, and copy an exit-survey link.
import { Badge, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconDoorExit } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { CopyValueButton } from '../../components/FormParts.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';
import { labelIn, useDefectionReasons, useReasonLabel } from '../defections/reasons.ts';
import { overviewKey, type PanelProps } from './types.ts';

type Link = Schemas['ExitSurveyLink'];
const channels = ['phone', 'email', 'sms', 'whatsapp', 'web', 'store_visit', 'meeting', 'letter', 'other'] as const;
const historyKey = (id: string) => [...overviewKey(id), 'defections'];

function SurveyLink({ link }: { link: Link }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const url = `${window.location.origin}${link.pagePath}`;
  return (
    <Stack gap={4} data-testid="exit-survey-link">
      <Group gap="xs" wrap="nowrap">
        <TextInput value={url} readOnly size="xs" style={{ flex: 1 }} aria-label={t('defections.surveyLink')} />
        <CopyValueButton value={url} />
      </Group>
      <Text size="xs" c="dimmed">
        {t('defections.linkHint', { date: fmt.date(link.expiresAt) })}
      </Text>
    </Stack>
  );
}

function RecordDefection({ customerId, onDone }: { customerId: string; onDone: (link: Link) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const reasons = useDefectionReasons();
  const [form, setForm] = useState({ reasonCode: null as string | null, channel: null as string | null, freeText: '' });
  const record = useMutation({
    mutationFn: () =>
      api.POST('/customers/{id}/defections', {
        params: { path: { id: customerId } },
        body: {
          reasonCode: form.reasonCode ?? undefined,
          channel: (form.channel ?? undefined) as (typeof channels)[number] | undefined,
          freeText: form.freeText.trim() || undefined,
        },
      }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onDone(r.exitSurvey);
    },
  });
  const errors = fieldErrorsOf(record.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  const options = (reasons.data?.items ?? [])
    .filter((r) => r.active)
    .map((r) => ({ value: r.code, label: labelIn(r.labels, i18n.language) ?? '' }));
  return (
    <form onSubmit={submit} noValidate data-testid="record-defection">
      <Stack gap="sm">
        <GeneralError error={record.error} known={['reasonCode', 'channel', 'freeText']} />
        <Select
          label={t('defections.reason')}
          data={options}
          value={form.reasonCode}
          onChange={(v) => setForm((f) => ({ ...f, reasonCode: v }))}
          error={errors.reasonCode}
          clearable
        />
        <Select
          label={t('defections.channel')}
          data={channels.map((c) => ({ value: c, label: t(`defections.channels.${c}`) }))}
          value={form.channel}
          onChange={(v) => setForm((f) => ({ ...f, channel: v }))}
          error={errors.channel}
          clearable
        />
        <Textarea
          label={t('defections.freeText')}
          value={form.freeText}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, freeText: v }));
          }}
          error={errors.freeText}
          autosize
          minRows={2}
          maxLength={2000}
        />
        <Button type="submit" loading={record.isPending}>
          {t('defections.save')}
        </Button>
      </Stack>
    </form>
  );
}

export function DefectionsPanel({ me, overview }: PanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const reasonLabel = useReasonLabel();
  const id = overview.customer.id;
  const [recording, setRecording] = useState(false);
  const [link, setLink] = useState<Link | null>(null);
  const history = useQuery({
    queryKey: historyKey(id),
    queryFn: () => api.GET('/customers/{id}/defection-history', { params: { path: { id } } }),
  });
  const reactivate = useMutation({
    mutationFn: () => api.POST('/customers/{id}/reactivations', { params: { path: { id } }, body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: overviewKey(id) }),
  });
  const surveyLink = useMutation({
    mutationFn: () => api.POST('/customers/{id}/exit-survey-link', { params: { path: { id } } }),
    onSuccess: (l) => setLink(l),
  });
  const canWrite = allowed(me, 'defections:write');
  let body;
  if (history.isPending) body = <Loading />;
  else if (history.isError) body = <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  else {
    const h = history.data;
    body = (
      <Stack gap="xs">
        <Group gap="xs">
          {h.defected && (
            <Badge color="red" variant="light">
              {t('defections.defected')}
            </Badge>
          )}
          {h.lapse && (
            <Badge color="orange" variant="light">
              {t('defections.lapsed')}
            </Badge>
          )}
        </Group>
        {h.lapse && (
          <Text size="xs" c="dimmed">
            {t('defections.lapsedHint', {
              percent: fmt.percent(h.lapse.pAlive, 0),
              date: fmt.date(h.lapse.lapsedAt),
            })}
          </Text>
        )}
        {h.defections.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('defections.none')}
          </Text>
        )}
        {h.defections.map((d) => (
          <div key={d.id} data-testid="defection">
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={600} size="sm">
                {reasonLabel(d.reasonCode)}
              </Text>
              <Text size="xs" c="dimmed">
                {fmt.date(d.defectedAt)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {[
                t(`defections.source.${d.source}`),
                d.controllable === null
                  ? null
                  : d.controllable
                    ? t('defections.controllable')
                    : t('defections.uncontrollable'),
                d.channel ? t(`defections.channels.${d.channel}`) : null,
                d.surveyAnsweredAt ? t('defections.surveyAnswered', { date: fmt.date(d.surveyAnsweredAt) }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            {d.freeText && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {d.freeText}
              </Text>
            )}
          </div>
        ))}
        {h.reactivations.map((r) => (
          <Text key={r.id} size="sm" c="teal.7" data-testid="reactivation">
            {t('defections.wonBack', { date: fmt.date(r.reactivatedAt) })}
            {r.note ? ` — ${r.note}` : ''}
          </Text>
        ))}
        {link && <SurveyLink link={link} />}
        {canWrite && (
          <Group gap="xs">
            <Button size="xs" variant="light" color="red" onClick={() => setRecording(true)}>
              {t('defections.record')}
            </Button>
            {(h.defected || h.lapse) && (
              <Button
                size="xs"
                variant="light"
                color="teal"
                loading={reactivate.isPending}
                onClick={() => reactivate.mutate()}
              >
                {t('defections.reactivate')}
              </Button>
            )}
            <Button size="xs" variant="subtle" loading={surveyLink.isPending} onClick={() => surveyLink.mutate()}>
              {t('defections.surveyLink')}
            </Button>
          </Group>
        )}
        <GeneralError error={reactivate.error ?? surveyLink.error} known={[]} />
      </Stack>
    );
  }
  return (
    <Panel title={t('defections.title')} icon={<IconDoorExit size={20} />} testId="defections-panel">
      {body}
      <Modal opened={recording} onClose={() => setRecording(false)} title={t('defections.record')}>
        <RecordDefection
          customerId={id}
          onDone={(l) => {
            setLink(l);
            setRecording(false);
          }}
        />
      </Modal>
    </Panel>
  );
}
