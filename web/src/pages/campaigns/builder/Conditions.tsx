// A segment's conditions as rows: a customer fact and what it must be (one of some tiers, RFM
// segments or statuses; any of some tags; marketing consent on a channel; a range). Every
// condition must hold. Money is entered in the currency's units and sent in minor units.
import { ActionIcon, Button, Group, MultiSelect, NumberInput, Select, Stack, TagsInput, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SegmentConditionDto } from '../../../campaigns-api.ts';
import { useLabel } from '../../../labels.ts';
import { rfmSegments, tiers } from '../../../choices.ts';

type Field = SegmentConditionDto['field'];
type RangeField = Extract<SegmentConditionDto, { min?: number }>['field'];
type RangeCondition = Extract<SegmentConditionDto, { field: RangeField }>;
const fields: Field[] = [
  'tier',
  'rfmSegment',
  'status',
  'tags',
  'marketingConsent',
  'churnRisk',
  'pAlive',
  'predictedClv',
  'daysSinceLastPurchase',
  'loyaltyBalance',
  'openComplaints',
];
const statuses = ['active', 'defected'];
const channels = ['email', 'sms', 'phone', 'whatsapp', 'post'] as const;
/** Entered as percentages (0–100) for shares, currency units for money; sent as the API takes them. */
const scale: Partial<Record<RangeField, number>> = { churnRisk: 0.01, pAlive: 0.01, predictedClv: 100 };

function fresh(field: Field): SegmentConditionDto {
  if (field === 'tier' || field === 'rfmSegment' || field === 'status') return { field, in: [] };
  if (field === 'tags') return { field, any: [] };
  if (field === 'marketingConsent') return { field, channel: 'email' };
  return { field, min: undefined, max: undefined } as SegmentConditionDto;
}

/** Conditions the API would refuse (an empty list, a range with no bound) are left out of the count. */
export const usable = (c: SegmentConditionDto) =>
  'in' in c
    ? c.in.length > 0
    : 'any' in c
      ? c.any.length > 0
      : 'channel' in c || 'topPercent' in c
        ? true
        : c.min !== undefined || c.max !== undefined;

export function Conditions(props: { value: SegmentConditionDto[]; onChange: (v: SegmentConditionDto[]) => void }) {
  const { t } = useTranslation();
  const set = (i: number, c: SegmentConditionDto) => props.onChange(props.value.map((x, j) => (j === i ? c : x)));
  return (
    <Stack gap="xs" data-testid="segment-conditions">
      {props.value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('campaigns.segment.everyone')}
        </Text>
      )}
      {props.value.map((c, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <Select
            label={t('campaigns.segment.field')}
            data={(c.field === 'upliftTop' ? [...fields, c.field] : fields).map((f) => ({
              value: f,
              label: t(`campaigns.segment.fields.${f}`),
            }))}
            value={c.field}
            onChange={(f) => f && set(i, fresh(f as Field))}
            allowDeselect={false}
            w={220}
          />
          <ConditionValue condition={c} onChange={(next) => set(i, next)} />
          <ActionIcon
            variant="subtle"
            color="red"
            mb={4}
            aria-label={t('campaigns.segment.remove')}
            onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        style={{ alignSelf: 'flex-start' }}
        onClick={() => props.onChange([...props.value, fresh('tier')])}
      >
        {t('campaigns.segment.add')}
      </Button>
    </Stack>
  );
}

function ConditionValue({
  condition: c,
  onChange,
}: {
  condition: SegmentConditionDto;
  onChange: (c: SegmentConditionDto) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  if ('in' in c) {
    const options =
      c.field === 'tier'
        ? tiers.map((v) => ({ value: v, label: label('tier', v) }))
        : c.field === 'rfmSegment'
          ? rfmSegments.map((v) => ({ value: v, label: t(`analytics.segments.${v}`) }))
          : statuses.map((v) => ({ value: v, label: t(`customers.status.${v}`) }));
    return (
      <MultiSelect
        label={t('campaigns.segment.oneOf')}
        data={options}
        value={c.in}
        onChange={(v) => onChange({ ...c, in: v })}
        style={{ flex: 1 }}
      />
    );
  }
  if ('any' in c)
    return (
      <TagsInput
        label={t('campaigns.segment.anyTag')}
        value={c.any}
        onChange={(v) => onChange({ ...c, any: v })}
        style={{ flex: 1 }}
      />
    );
  if ('channel' in c)
    return (
      <Select
        label={t('campaigns.segment.channel')}
        data={channels.map((v) => ({ value: v, label: label('consentChannel', v) }))}
        value={c.channel}
        onChange={(v) => v && onChange({ ...c, channel: v as (typeof channels)[number] })}
        allowDeselect={false}
        style={{ flex: 1 }}
      />
    );
  // Made by "target the top X %" on a finished campaign's uplift (UpliftPanel): only the share changes here.
  if ('topPercent' in c)
    return (
      <NumberInput
        label={t('campaigns.segment.topPercent')}
        min={1}
        max={100}
        value={c.topPercent}
        onChange={(v) => typeof v === 'number' && onChange({ ...c, topPercent: v })}
        style={{ flex: 1 }}
      />
    );
  return <RangeValue condition={c} onChange={onChange} />;
}

function RangeValue({
  condition: c,
  onChange,
}: {
  condition: RangeCondition;
  onChange: (c: SegmentConditionDto) => void;
}) {
  const { t } = useTranslation();
  const k = scale[c.field] ?? 1;
  const shown = (x: number | undefined) => (x === undefined ? '' : Math.round((x / k) * 100) / 100);
  const read = (v: string | number) => (typeof v === 'number' ? v * k : undefined);
  const unit = t(`campaigns.segment.unit.${c.field}`);
  return (
    <Group grow style={{ flex: 1 }}>
      <NumberInput
        label={t('campaigns.segment.min', { unit })}
        value={shown(c.min)}
        onChange={(v) => onChange({ ...c, min: read(v) })}
      />
      <NumberInput
        label={t('campaigns.segment.max', { unit })}
        value={shown(c.max)}
        onChange={(v) => onChange({ ...c, max: read(v) })}
      />
    </Group>
  );
}
