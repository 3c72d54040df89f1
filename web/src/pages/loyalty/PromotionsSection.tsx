// Time-boxed bonus promotions: a multiplier or fixed points per purchase, optionally only for
// tagged customers. Listed newest first; configurers add one or switch one off.
import { Badge, Group, Modal, NumberInput, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto } from '../../api.ts';
import { EditableList } from '../../components/EditableList.tsx';
import { DialogActions } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { addDays, dayStart } from '../../lib/dates.ts';
import { allowed } from '../../session.ts';
import type { PromotionDto } from './model.ts';
import { loyaltyKey, usePromotions } from './queries.ts';

export function PromotionsSection({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const promotions = usePromotions();
  const editable = allowed(me, 'loyalty:configure');
  const toggle = useMutation({
    mutationFn: (p: PromotionDto) =>
      api.PATCH('/loyalty/promotions/{id}', { params: { path: { id: p.id } }, body: { active: !p.active } }),
    onSettled: () => qc.invalidateQueries({ queryKey: [...loyaltyKey, 'promotions'] }),
  });
  return (
    <EditableList
      query={promotions}
      title={t('loyalty.promotions.title')}
      minWidth={640}
      error={toggle.error}
      empty={{ text: t('loyalty.promotions.empty') }}
      add={
        editable
          ? {
              label: t('loyalty.promotions.add'),
              dialog: ({ opened, close }) => <NewPromotion opened={opened} onClose={close} />,
            }
          : undefined
      }
      columns={[
        { header: t('loyalty.promotions.name'), cell: (p) => p.name },
        {
          header: t('loyalty.promotions.period'),
          cell: (p) => (
            <>
              {fmt.date(p.startsAt)} – {fmt.date(p.endsAt)}
            </>
          ),
        },
        {
          header: t('loyalty.promotions.effect'),
          cell: (p) =>
            [
              p.multiplier ? `×${p.multiplier}` : null,
              p.bonusPoints ? t('loyalty.promotions.bonus', { count: p.bonusPoints }) : null,
            ]
              .filter(Boolean)
              .join(' + '),
        },
        {
          header: t('loyalty.promotions.targets'),
          cell: (p) =>
            p.targetTags.length + p.targetLevelIds.length + p.targetTiers.length === 0 ? (
              t('loyalty.promotions.everyone')
            ) : (
              <Group gap={4}>
                {p.targetTags.map((tag) => (
                  <Badge key={tag} size="sm" variant="light">
                    {tag}
                  </Badge>
                ))}
                {p.targetLevelIds.length + p.targetTiers.length > 0 && (
                  <Badge size="sm" variant="outline">
                    {t('loyalty.promotions.moreTargets', { count: p.targetLevelIds.length + p.targetTiers.length })}
                  </Badge>
                )}
              </Group>
            ),
        },
        {
          header: t('loyalty.promotions.active'),
          cell: (p) => (
            <Switch
              aria-label={t('loyalty.promotions.activeFor', { name: p.name })}
              checked={p.active}
              disabled={!editable || toggle.isPending}
              onChange={() => toggle.mutate(p)}
            />
          ),
        },
      ]}
    />
  );
}

function NewPromotion({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const today = fmt.dayOf(new Date().toISOString());
  const blank = {
    name: '',
    from: today,
    to: addDays(today, 7),
    multiplier: '',
    bonusPoints: '' as number | '',
    targetTags: [] as string[],
  };
  const [form, setForm] = useState(blank);
  const create = useMutation({
    mutationFn: () =>
      api.POST('/loyalty/promotions', {
        body: {
          name: form.name,
          // Whole days in the workspace's zone: the end day is included.
          startsAt: dayStart(form.from, fmt.timeZone) ?? form.from,
          endsAt: dayStart(addDays(form.to, 1), fmt.timeZone) ?? form.to,
          multiplier: form.multiplier.trim() || null,
          bonusPoints: form.bonusPoints === '' ? null : form.bonusPoints,
          targetTags: form.targetTags,
          targetLevelIds: [],
          targetTiers: [],
          active: true,
        },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [...loyaltyKey, 'promotions'] });
      setForm(blank);
      onClose();
    },
  });
  const errors = fieldErrorsOf(create.error);
  return (
    <Modal opened={opened} onClose={onClose} title={t('loyalty.promotions.add')}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <GeneralError
            error={create.error}
            known={['name', 'startsAt', 'endsAt', 'multiplier', 'bonusPoints', 'targetTags']}
          />
          <TextInput
            label={t('loyalty.promotions.name')}
            required
            value={form.name}
            error={errors.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Group grow>
            <TextInput
              type="date"
              label={t('loyalty.promotions.from')}
              required
              value={form.from}
              error={errors.startsAt}
              onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
            />
            <TextInput
              type="date"
              label={t('loyalty.promotions.to')}
              required
              value={form.to}
              error={errors.endsAt}
              onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
            />
          </Group>
          <Group grow>
            <TextInput
              label={t('loyalty.promotions.multiplier')}
              inputMode="decimal"
              leftSection="×"
              value={form.multiplier}
              error={errors.multiplier}
              onChange={(e) => setForm({ ...form, multiplier: e.currentTarget.value })}
            />
            <NumberInput
              label={t('loyalty.promotions.bonusPoints')}
              allowDecimal={false}
              allowNegative={false}
              value={form.bonusPoints}
              error={errors.bonusPoints}
              onChange={(v) => setForm({ ...form, bonusPoints: v === '' ? '' : Number(v) })}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t('loyalty.promotions.effectHint')}
          </Text>
          <TagsInput
            label={t('loyalty.promotions.targetTags')}
            description={t('loyalty.promotions.targetTagsHint')}
            value={form.targetTags}
            error={errors.targetTags}
            onChange={(v) => setForm({ ...form, targetTags: v })}
          />
          <DialogActions onCancel={onClose} loading={create.isPending} label={t('loyalty.promotions.add')} />
        </Stack>
      </form>
    </Modal>
  );
}
