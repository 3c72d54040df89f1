// The customer's voice: their survey answers (NPS/CSAT score and comment) and the feedback
// register's entries — compliments (naming the employee), agents' notes with sentiment and the
// intent-to-leave signal; record a compliment or a note.
import { Badge, Button, Group, Modal, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { IconMessageHeart } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import { useCustomerFeedback, useCustomerSurveys, useRecordFeedback } from '../../surveys-api.ts';
import type { PanelProps } from './types.ts';

const sentiments = ['positive', 'neutral', 'negative'] as const;
const sentimentColor = { positive: 'teal', neutral: 'gray', negative: 'red' } as const;

function RecordFeedback({ props, onDone }: { props: PanelProps; onDone: () => void }) {
  const { t } = useTranslation();
  const customerId = props.overview.customer.id;
  const { members, enabled } = useMembers(props.me);
  const [form, setForm] = useState({
    kind: 'compliment' as 'compliment' | 'agent_note',
    employeeId: null as string | null,
    sentiment: null as (typeof sentiments)[number] | null,
    intentToLeave: false,
    body: '',
  });
  const record = useRecordFeedback(customerId);
  const errors = fieldErrorsOf(record.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const compliment = form.kind === 'compliment';
    record.mutate(
      {
        kind: form.kind,
        customerId,
        body: form.body,
        ...(compliment && form.employeeId ? { employeeId: form.employeeId } : {}),
        ...(!compliment && form.sentiment ? { sentiment: form.sentiment } : {}),
        ...(!compliment ? { intentToLeave: form.intentToLeave } : {}),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate data-testid="record-feedback">
      <Stack gap="sm">
        <GeneralError error={record.error} known={['kind', 'employeeId', 'sentiment', 'body']} />
        <Select
          label={t('feedback.kind')}
          data={(['compliment', 'agent_note'] as const).map((k) => ({ value: k, label: t(`feedback.kinds.${k}`) }))}
          value={form.kind}
          onChange={(v) => v && setForm((f) => ({ ...f, kind: v as typeof f.kind }))}
          allowDeselect={false}
        />
        {form.kind === 'compliment' && enabled && (
          <Select
            label={t('feedback.employee')}
            data={members.map((m) => ({ value: m.id, label: m.name }))}
            value={form.employeeId}
            onChange={(v) => setForm((f) => ({ ...f, employeeId: v }))}
            error={errors.employeeId}
            clearable
            searchable
          />
        )}
        {form.kind === 'agent_note' && (
          <>
            <Select
              label={t('feedback.sentiment')}
              data={sentiments.map((s) => ({ value: s, label: t(`feedback.sentiments.${s}`) }))}
              value={form.sentiment}
              onChange={(v) => setForm((f) => ({ ...f, sentiment: v as typeof f.sentiment }))}
              clearable
            />
            <Switch
              label={t('feedback.intentToLeave')}
              checked={form.intentToLeave}
              onChange={(e) => {
                const v = e.currentTarget.checked;
                setForm((f) => ({ ...f, intentToLeave: v }));
              }}
            />
          </>
        )}
        <Textarea
          label={t('feedback.body')}
          value={form.body}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, body: v }));
          }}
          error={errors.body}
          maxLength={10_000}
          autosize
          minRows={3}
          required
        />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending} disabled={!form.body.trim()}>
            {t('feedback.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function FeedbackPanel(props: PanelProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const id = props.overview.customer.id;
  const feedback = useCustomerFeedback(id);
  const surveys = useCustomerSurveys(id);
  const [open, setOpen] = useState(false);
  const canWrite = allowed(props.me, 'feedback:write');
  const answered = (surveys.data?.items ?? []).filter((s) => s.answeredAt);
  let body;
  if (feedback.isPending || surveys.isPending) body = <Loading />;
  else if (feedback.isError) body = <ErrorState error={feedback.error} onRetry={() => feedback.refetch()} />;
  else if (feedback.data.items.length === 0 && answered.length === 0)
    body = <Text c="dimmed">{t('feedback.none')}</Text>;
  else
    body = (
      <Stack gap="sm">
        {answered.map((s) => (
          <Stack key={s.id} gap={2} data-testid="feedback-survey">
            <Group gap="xs">
              <Badge variant="light">{t(`surveys.kind.${s.kind}`)}</Badge>
              <Text fw={600}>{s.score}</Text>
              <Text size="xs" c="dimmed">
                {f.date(s.answeredAt as string)}
              </Text>
            </Group>
            {s.comment && <Text size="sm">{s.comment}</Text>}
          </Stack>
        ))}
        {feedback.data.items.map((e) => (
          <Stack key={e.id} gap={2} data-testid="feedback-entry">
            <Group gap="xs">
              <Badge variant="light" color={e.kind === 'compliment' ? 'teal' : 'blue'}>
                {t(`feedback.kinds.${e.kind}`)}
              </Badge>
              {e.sentiment && e.kind !== 'compliment' && (
                <Badge variant="outline" color={sentimentColor[e.sentiment]}>
                  {t(`feedback.sentiments.${e.sentiment}`)}
                </Badge>
              )}
              {e.intentToLeave && <Badge color="red">{t('feedback.intentToLeave')}</Badge>}
              <Text size="xs" c="dimmed">
                {f.date(e.occurredAt)}
              </Text>
            </Group>
            {e.employeeName && <Text size="xs">{t('feedback.praised', { name: e.employeeName })}</Text>}
            <Text size="sm">{e.body}</Text>
          </Stack>
        ))}
      </Stack>
    );
  return (
    <Panel
      title={t('feedback.title')}
      icon={<IconMessageHeart size={20} />}
      testId="feedback-panel"
      action={
        canWrite ? (
          <Button size="xs" variant="light" onClick={() => setOpen(true)}>
            {t('feedback.add')}
          </Button>
        ) : undefined
      }
    >
      {body}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('feedback.add')}>
        <RecordFeedback props={props} onDone={() => setOpen(false)} />
      </Modal>
    </Panel>
  );
}
