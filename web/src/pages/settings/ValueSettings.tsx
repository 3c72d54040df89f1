// The value engine's settings: the metrics window, the pyramid's tier shares and ranking, and
// how CLV is discounted and checked. GET/PUT /analytics/settings (the whole set; applies from the
// next scoring run). Shares are edited as percentages and sent as fractions.
import { NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { QueryBody, SaveRow } from '../../components/FormParts.tsx';
import { allowed } from '../../session.ts';

const key = ['analytics-settings'];
type AnalyticsSettings = Schemas['AnalyticsSettings'];
type Form = Record<
  | 'windowMonths'
  | 'platinumPercent'
  | 'goldPercent'
  | 'discountPercent'
  | 'horizonWeeks'
  | 'holdoutWeeks'
  | 'marginPercent',
  number | ''
> & { rankBy: AnalyticsSettings['rankBy'] };

const percent = (x: number) => Math.round(x * 10_000) / 100;
const fraction = (x: number | '') => (x === '' ? 0 : Math.round(Number(x) * 100) / 10_000);

const toForm = (s: AnalyticsSettings): Form => ({
  windowMonths: s.windowMonths,
  platinumPercent: percent(s.platinumShare),
  goldPercent: percent(s.goldShare),
  rankBy: s.rankBy,
  discountPercent: percent(s.annualDiscountRate),
  horizonWeeks: s.horizonWeeks,
  holdoutWeeks: s.holdoutWeeks,
  marginPercent: s.clvMargin === null ? '' : percent(s.clvMargin),
});

const toSettings = (f: Form): AnalyticsSettings => ({
  windowMonths: Number(f.windowMonths),
  platinumShare: fraction(f.platinumPercent),
  goldShare: fraction(f.goldPercent),
  rankBy: f.rankBy,
  annualDiscountRate: fraction(f.discountPercent),
  horizonWeeks: Number(f.horizonWeeks),
  holdoutWeeks: Number(f.holdoutWeeks),
  clvMargin: f.marginPercent === '' ? null : fraction(f.marginPercent),
});

export function ValueSettings({ me }: { me: MeDto }) {
  const settings = useQuery({ queryKey: key, queryFn: () => api.GET('/analytics/settings') });
  return (
    <QueryBody query={settings}>
      {(data) => <SettingsForm settings={data} editable={allowed(me, 'analytics:write')} />}
    </QueryBody>
  );
}

function SettingsForm({ settings, editable }: { settings: AnalyticsSettings; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState(() => toForm(settings));
  const [dirty, setDirty] = useState(false);
  const save = useMutation({
    mutationFn: () => api.PUT('/analytics/settings', { body: toSettings(form) }),
    onSuccess: (saved) => {
      qc.setQueryData(key, saved);
      setForm(toForm(saved));
      setDirty(false);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };
  const number = (
    field: Exclude<keyof Form, 'rankBy'>,
    apiField: keyof AnalyticsSettings,
    props: { min: number; max: number; suffix?: string; decimals?: number },
  ) => (
    <NumberInput
      label={t(`settings.value.${field}`)}
      description={t(`settings.value.${field}Hint`)}
      min={props.min}
      max={props.max}
      suffix={props.suffix}
      decimalScale={props.decimals ?? 0}
      allowNegative={false}
      disabled={!editable}
      value={form[field]}
      error={errors[apiField]}
      onChange={(v) => set({ [field]: v === '' ? '' : Number(v) })}
      data-testid={`value-${field}`}
    />
  );
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (dirty) save.mutate();
      }}
      data-testid="value-settings-form"
    >
      <Stack maw={720}>
        <Text size="sm" c="dimmed">
          {t('settings.value.hint')}
        </Text>
        {!editable && <Text c="dimmed">{t('settings.noPermission')}</Text>}
        <GeneralError error={save.error} known={Object.keys(settings)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {number('platinumPercent', 'platinumShare', { min: 0, max: 50, suffix: ' %', decimals: 2 })}
          {number('goldPercent', 'goldShare', { min: 0, max: 90, suffix: ' %', decimals: 2 })}
          <Select
            label={t('settings.value.rankBy')}
            description={t('settings.value.rankByHint')}
            data={(['clv', 'net_profit'] as const).map((v) => ({
              value: v,
              label: t(`settings.value.rankByOptions.${v}`),
            }))}
            value={form.rankBy}
            onChange={(v) => v && set({ rankBy: v as Form['rankBy'] })}
            allowDeselect={false}
            disabled={!editable}
            error={errors.rankBy}
          />
          {number('windowMonths', 'windowMonths', { min: 1, max: 120 })}
          {number('horizonWeeks', 'horizonWeeks', { min: 1, max: 520 })}
          {number('discountPercent', 'annualDiscountRate', { min: 0, max: 100, suffix: ' %', decimals: 2 })}
          {number('marginPercent', 'clvMargin', { min: 0, max: 100, suffix: ' %', decimals: 2 })}
          {number('holdoutWeeks', 'holdoutWeeks', { min: 4, max: 104 })}
        </SimpleGrid>
        {editable && (
          <SaveRow
            loading={save.isPending}
            saved={save.isSuccess && !dirty}
            disabled={!dirty}
            testId="save-value-settings"
          />
        )}
      </Stack>
    </form>
  );
}
