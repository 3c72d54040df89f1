// The rewards catalogue: what members can spend points on, with price, stock, per-customer
// limits, validity and the level it needs. Configurers add and edit rewards in a dialog.
import {
  Badge,
  Button,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto } from '../../api.ts';
import { EditableList } from '../../components/EditableList.tsx';
import { DialogActions } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { type Format, useFormat } from '../../format.ts';
import { addDays, dayStart } from '../../lib/dates.ts';
import { toMajor, toMinor } from '../../lib/money.ts';
import { allowed } from '../../session.ts';
import { type LevelDto, type RewardDto, rewardKinds } from './model.ts';
import { loyaltyKey, useLevels, useProgram, useRewards } from './queries.ts';

/** What a reward gives, in words: "10%", "$5.00", or its kind. */
export function rewardValue(
  r: Pick<RewardDto, 'kind' | 'valueMinor' | 'valuePercent'>,
  fmt: Format,
  t: (k: string) => string,
): string {
  if (r.valuePercent) return fmt.percent(Number(r.valuePercent) / 100, 2);
  if (r.valueMinor !== null) return fmt.money(r.valueMinor);
  return t(`loyalty.rewards.kinds.${r.kind}`);
}

export function RewardsTab({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rewards = useRewards();
  const levels = useLevels();
  const program = useProgram();
  const editable = allowed(me, 'loyalty:configure');
  const levelName = new Map((levels.data ?? []).map((l) => [l.id, l.name]));
  const unit = program.data?.pointsUnit ?? t('loyalty.points');
  return (
    <EditableList
      query={rewards}
      minWidth={960}
      testId="rewards-table"
      rowTestId="reward-row"
      highlightOnHover
      empty={{ title: t('loyalty.rewards.emptyTitle'), body: t('loyalty.rewards.emptyBody') }}
      add={
        editable
          ? {
              label: t('loyalty.rewards.add'),
              dialog: ({ opened, item, close }) =>
                opened && <RewardForm reward={item} levels={levels.data ?? []} onClose={close} />,
            }
          : undefined
      }
      columns={[
        {
          header: t('loyalty.rewards.name'),
          cell: (r) => (
            <>
              <Text size="sm" fw={600}>
                {r.name}
              </Text>
              {r.description && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {r.description}
                </Text>
              )}
            </>
          ),
        },
        {
          header: t('loyalty.rewards.kind'),
          cell: (r) => (
            <>
              <Text size="sm">{t(`loyalty.rewards.kinds.${r.kind}`)}</Text>
              {r.financial && (
                <Text size="xs" c="dimmed">
                  {rewardValue(r, fmt, t)}
                </Text>
              )}
            </>
          ),
        },
        {
          header: t('loyalty.rewards.price'),
          align: 'right',
          cell: (r) => (
            <>
              {fmt.number(r.pointsPrice)} {unit}
            </>
          ),
        },
        {
          header: t('loyalty.rewards.stock'),
          align: 'right',
          cell: (r) => (r.stock === null ? t('loyalty.rewards.unlimited') : fmt.number(r.stock)),
        },
        {
          header: t('loyalty.rewards.limit'),
          cell: (r) =>
            r.perCustomerLimit === null
              ? t('loyalty.rewards.noLimit')
              : t('loyalty.rewards.perCustomer', { count: r.perCustomerLimit }),
        },
        {
          header: t('loyalty.rewards.validity'),
          cell: (r) => (
            <>
              <Text size="xs">
                {r.validFrom || r.validUntil
                  ? `${r.validFrom ? fmt.date(r.validFrom) : '…'} – ${r.validUntil ? fmt.date(r.validUntil) : '…'}`
                  : t('loyalty.rewards.always')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('loyalty.rewards.voucherDays', { count: r.voucherValidDays })}
              </Text>
            </>
          ),
        },
        {
          header: t('loyalty.rewards.minLevel'),
          cell: (r) => (r.minLevelId ? (levelName.get(r.minLevelId) ?? '—') : t('loyalty.rewards.allLevels')),
        },
        {
          header: t('loyalty.rewards.status'),
          style: { whiteSpace: 'nowrap' },
          cell: (r) => (
            <Badge variant="light" color={r.active ? 'teal' : 'gray'} style={{ overflow: 'visible' }}>
              {r.active ? t('loyalty.rewards.active') : t('loyalty.rewards.inactive')}
            </Badge>
          ),
        },
        editable && {
          cell: (r, edit) => (
            <Button
              size="xs"
              variant="subtle"
              onClick={edit}
              aria-label={t('loyalty.rewards.editOne', { name: r.name })}
            >
              {t('loyalty.rewards.edit')}
            </Button>
          ),
        },
      ]}
    />
  );
}

type Form = {
  name: string;
  description: string;
  kind: RewardDto['kind'];
  pointsPrice: number | '';
  value: number | '';
  valuePercent: string;
  stock: number | '';
  perCustomerLimit: number | '';
  validFrom: string;
  validUntil: string;
  minLevelId: string | null;
  voucherValidDays: number | '';
  cost: number | '';
  active: boolean;
};

const needsPercent = (kind: string) => kind === 'percent_discount';
const needsAmount = (kind: string) => ['amount_discount', 'voucher', 'cashback'].includes(kind);

function RewardForm({
  reward,
  levels,
  onClose,
}: {
  reward: RewardDto | null;
  levels: LevelDto[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const cur = fmt.currency;
  const [form, setForm] = useState<Form>(() => ({
    name: reward?.name ?? '',
    description: reward?.description ?? '',
    kind: reward?.kind ?? 'gift',
    pointsPrice: reward?.pointsPrice ?? '',
    value: reward?.valueMinor == null ? '' : toMajor(reward.valueMinor, cur),
    valuePercent: reward?.valuePercent ?? '',
    stock: reward?.stock ?? '',
    perCustomerLimit: reward?.perCustomerLimit ?? '',
    validFrom: reward?.validFrom ? fmt.dayOf(reward.validFrom) : '',
    // validUntil is exclusive: show the last day it can be redeemed.
    validUntil: reward?.validUntil ? addDays(fmt.dayOf(reward.validUntil), -1) : '',
    minLevelId: reward?.minLevelId ?? null,
    voucherValidDays: reward?.voucherValidDays ?? 90,
    cost: reward ? toMajor(reward.costMinor, cur) : 0,
    active: reward?.active ?? true,
  }));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: form.name,
        description: form.description.trim() || null,
        pointsPrice: form.pointsPrice as number, // a required input: never blank when the form submits
        valueMinor: needsAmount(form.kind) && form.value !== '' ? toMinor(form.value, cur) : null,
        valuePercent: needsPercent(form.kind) && form.valuePercent.trim() ? form.valuePercent.trim() : null,
        stock: form.stock === '' ? null : form.stock,
        perCustomerLimit: form.perCustomerLimit === '' ? null : form.perCustomerLimit,
        validFrom: form.validFrom ? (dayStart(form.validFrom, fmt.timeZone) ?? form.validFrom) : null,
        validUntil: form.validUntil ? (dayStart(addDays(form.validUntil, 1), fmt.timeZone) ?? form.validUntil) : null,
        minLevelId: form.minLevelId,
        voucherValidDays: form.voucherValidDays === '' ? undefined : form.voucherValidDays,
        costMinor: form.cost === '' ? 0 : toMinor(form.cost, cur),
        active: form.active,
      };
      return reward
        ? api.PATCH('/loyalty/rewards/{id}', { params: { path: { id: reward.id } }, body })
        : api.POST('/loyalty/rewards', { body: { ...body, kind: form.kind } });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: loyaltyKey });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const num = (key: 'pointsPrice' | 'stock' | 'perCustomerLimit' | 'voucherValidDays') => ({
    value: form[key],
    error: errors[key],
    allowDecimal: false,
    allowNegative: false,
    onChange: (v: string | number) => set(key, v === '' ? '' : Number(v)),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={reward ? t('loyalty.rewards.editOne', { name: reward.name }) : t('loyalty.rewards.add')}
      size="lg"
    >
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
        data-testid="reward-form"
      >
        <Stack>
          <GeneralError
            error={save.error}
            known={[
              'name',
              'description',
              'kind',
              'pointsPrice',
              'valueMinor',
              'valuePercent',
              'stock',
              'perCustomerLimit',
              'validFrom',
              'validUntil',
              'minLevelId',
              'voucherValidDays',
              'costMinor',
              'active',
            ]}
          />
          <TextInput
            label={t('loyalty.rewards.name')}
            required
            value={form.name}
            error={errors.name}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <Textarea
            label={t('loyalty.rewards.description')}
            autosize
            minRows={2}
            value={form.description}
            error={errors.description}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('loyalty.rewards.kind')}
              data={rewardKinds.map((k) => ({ value: k, label: t(`loyalty.rewards.kinds.${k}`) }))}
              value={form.kind}
              disabled={Boolean(reward)}
              description={reward ? t('loyalty.rewards.kindFixed') : undefined}
              allowDeselect={false}
              error={errors.kind}
              onChange={(v) => v && set('kind', v as Form['kind'])}
            />
            <NumberInput label={t('loyalty.rewards.price')} required min={1} {...num('pointsPrice')} />
            {needsAmount(form.kind) && (
              <NumberInput
                label={t('loyalty.rewards.value', { currency: cur })}
                required
                decimalScale={4}
                min={0}
                value={form.value}
                error={errors.valueMinor}
                onChange={(v) => set('value', v === '' ? '' : Number(v))}
              />
            )}
            {needsPercent(form.kind) && (
              <TextInput
                label={t('loyalty.rewards.percent')}
                required
                inputMode="decimal"
                rightSection="%"
                value={form.valuePercent}
                error={errors.valuePercent}
                onChange={(e) => set('valuePercent', e.currentTarget.value)}
              />
            )}
            <NumberInput
              label={t('loyalty.rewards.cost', { currency: cur })}
              description={t('loyalty.rewards.costHint')}
              decimalScale={4}
              min={0}
              value={form.cost}
              error={errors.costMinor}
              onChange={(v) => set('cost', v === '' ? '' : Number(v))}
            />
            <NumberInput
              label={t('loyalty.rewards.stock')}
              placeholder={t('loyalty.rewards.unlimited')}
              min={0}
              {...num('stock')}
            />
            <NumberInput
              label={t('loyalty.rewards.limit')}
              placeholder={t('loyalty.rewards.noLimit')}
              min={1}
              {...num('perCustomerLimit')}
            />
            <TextInput
              type="date"
              label={t('loyalty.rewards.validFrom')}
              value={form.validFrom}
              error={errors.validFrom}
              onChange={(e) => set('validFrom', e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('loyalty.rewards.validUntil')}
              value={form.validUntil}
              error={errors.validUntil}
              onChange={(e) => set('validUntil', e.currentTarget.value)}
            />
            <Select
              label={t('loyalty.rewards.minLevel')}
              placeholder={t('loyalty.rewards.allLevels')}
              data={levels.map((l) => ({ value: l.id, label: l.name }))}
              value={form.minLevelId}
              clearable
              error={errors.minLevelId}
              onChange={(v) => set('minLevelId', v)}
            />
            <NumberInput label={t('loyalty.rewards.voucherValidDays')} min={1} {...num('voucherValidDays')} />
          </SimpleGrid>
          <Switch
            label={t('loyalty.rewards.offered')}
            checked={form.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />
          <DialogActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
