// "Log a contact" on the customer 360 (POST /interactions): a call, email, visit… with its channel,
// direction, kind, when it happened (the browser's clock and zone), how long it took and a summary.
import { Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useLabel } from '../../labels.ts';
import { overviewKey } from './types.ts';

type Body = Schemas['CreateInteraction'];
const channels: Body['channel'][] = ['phone', 'email', 'sms', 'whatsapp', 'web', 'store_visit', 'meeting', 'social'];
const types = ['support', 'sales', 'service', 'billing', 'complaint'];

/** Now as the value of a datetime-local input (the browser's local time, to the minute). */
export function localNow(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function LogContactModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const [channel, setChannel] = useState<Body['channel']>('phone');
  const [direction, setDirection] = useState<Body['direction']>('outbound');
  const [type, setType] = useState('support');
  const [occurredAt, setOccurredAt] = useState(localNow());
  const [minutes, setMinutes] = useState<string | number>('');
  const [summary, setSummary] = useState('');
  const save = useMutation({
    mutationFn: (body: Body) => api.POST('/interactions', { body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = () =>
    save.mutate({
      customerId,
      channel,
      direction,
      type,
      occurredAt: new Date(occurredAt).toISOString(),
      ...(minutes === '' ? {} : { durationSeconds: Math.round(Number(minutes) * 60) }),
      ...(summary.trim() ? { summary: summary.trim() } : {}),
    });
  return (
    <Modal opened onClose={onClose} title={t('contactForm.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <GeneralError
            error={save.error}
            known={['channel', 'direction', 'type', 'occurredAt', 'durationSeconds', 'summary']}
          />
          <Select
            label={t('contactForm.channel')}
            data={channels.map((c) => ({ value: c, label: label('interactionChannel', c) }))}
            value={channel}
            onChange={(v) => v && setChannel(v as Body['channel'])}
            error={errors.channel}
            allowDeselect={false}
            data-testid="contact-channel"
          />
          <SegmentedControl
            data={(['outbound', 'inbound'] as const).map((d) => ({ value: d, label: t(`contactForm.${d}`) }))}
            value={direction}
            onChange={(v) => setDirection(v as Body['direction'])}
          />
          <Select
            label={t('contactForm.type')}
            data={types.map((c) => ({ value: c, label: label('interactionType', c) }))}
            value={type}
            onChange={(v) => v && setType(v)}
            error={errors.type}
            allowDeselect={false}
          />
          <Group grow>
            <TextInput
              type="datetime-local"
              label={t('contactForm.when')}
              value={occurredAt}
              onChange={(e) => setOccurredAt(e.currentTarget.value)}
              error={errors.occurredAt}
              required
            />
            <NumberInput
              label={t('contactForm.minutes')}
              min={0}
              max={1440}
              value={minutes}
              onChange={setMinutes}
              error={errors.durationSeconds}
            />
          </Group>
          <Textarea
            label={t('contactForm.summary')}
            autosize
            minRows={3}
            maxLength={10_000}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            error={errors.summary}
            data-testid="contact-summary"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('contactForm.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="contact-save">
              {t('contactForm.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
