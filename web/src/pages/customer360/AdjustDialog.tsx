// Posting points by hand on the 360: a correction (either sign) or goodwill points, by role,
// with a reason and an idempotency key.
import { Alert, Modal, NumberInput, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { DialogActions } from '../../components/FormParts.tsx';
import { allowed } from '../../session.ts';
import { loyaltyAccountKey as accountKey, overviewKey, type PanelProps } from './types.ts';
import { errorText } from '../../problemText.ts';

export function AdjustDialog({
  me,
  customerId,
  unit,
  onClose,
}: {
  me: PanelProps['me'];
  customerId: string;
  unit: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const kinds = (['adjust', 'compensation'] as const).filter((k) =>
    allowed(me, k === 'adjust' ? 'loyalty:adjust' : 'loyalty:compensate'),
  );
  const [kind, setKind] = useState<(typeof kinds)[number]>(kinds[0]);
  const [points, setPoints] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  const [key] = useState(() => `web-${crypto.randomUUID()}`);
  const post = useMutation({
    mutationFn: () => {
      const init = {
        params: { path: { id: customerId } },
        body: { points: points === '' ? 0 : points, reason, idempotencyKey: `${key}-${kind}` },
      };
      return kind === 'adjust'
        ? api.POST('/customers/{id}/loyalty/adjustments', init)
        : api.POST('/customers/{id}/loyalty/compensations', init);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: accountKey(customerId) });
      void qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(post.error);
  return (
    <Modal opened onClose={onClose} title={t('loyalty.adjust.title')}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          post.mutate();
        }}
      >
        <Stack>
          {post.error && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert" title={t('app.error')}>
              {errorText(post.error, t, i18n.language)}
            </Alert>
          )}
          {kinds.length > 1 && (
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as typeof kind)}
              data={kinds.map((k) => ({ value: k, label: t(`loyalty.adjust.kinds.${k}`) }))}
            />
          )}
          <Text size="xs" c="dimmed">
            {t(`loyalty.adjust.hints.${kind}`)}
          </Text>
          <NumberInput
            label={t('loyalty.adjust.points', { unit })}
            required
            allowDecimal={false}
            allowNegative={kind === 'adjust'}
            value={points}
            error={errors.points}
            onChange={(v) => setPoints(v === '' ? '' : Number(v))}
          />
          <Textarea
            label={t('loyalty.adjust.reason')}
            required
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <DialogActions onCancel={onClose} loading={post.isPending} label={t('loyalty.adjust.post')} />
        </Stack>
      </form>
    </Modal>
  );
}
