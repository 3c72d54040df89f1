// The workspace's defection reasons and register settings: labels per language, controllable,
// active; add a reason; delete an unused custom one (reasons in use are deactivated instead);
// the lapse threshold and the exit-survey link lifetime. GET/POST/PATCH/DELETE /defection-reasons,
// GET/PATCH /defection-settings.
import { Badge, Button, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type MeDto } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { allowed } from '../../session.ts';
import { type ReasonDto, reasonsKey, useDefectionReasons } from '../defections/reasons.ts';

const languages = [
  ['en', 'defectionSettings.labelEn'],
  ['pt-BR', 'defectionSettings.labelPt'],
  ['es', 'defectionSettings.labelEs'],
] as const;

function ReasonRow({ reason, editable }: { reason: ReasonDto; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [labels, setLabels] = useState(reason.labels);
  const save = useMutation({
    mutationFn: (patch: { labels?: ReasonDto['labels']; controllable?: boolean; active?: boolean }) =>
      api.PATCH('/defection-reasons/{code}', { params: { path: { code: reason.code } }, body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: reasonsKey }),
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE('/defection-reasons/{code}', { params: { path: { code: reason.code } } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: reasonsKey }),
  });
  const changed = languages.some(([l]) => (labels[l] ?? '') !== (reason.labels[l] ?? ''));
  return (
    <Table.Tr data-testid="defection-reason">
      {languages.map(([l, label]) => (
        <Table.Td key={l}>
          <TextInput
            size="xs"
            aria-label={t(label)}
            value={labels[l] ?? ''}
            disabled={!editable}
            maxLength={80}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setLabels((x) => ({ ...x, [l]: v }));
            }}
          />
        </Table.Td>
      ))}
      <Table.Td>
        <Switch
          aria-label={t('defectionSettings.controllable')}
          checked={reason.controllable}
          disabled={!editable}
          onChange={(e) => save.mutate({ controllable: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={t('defectionSettings.active')}
          checked={reason.active}
          disabled={!editable}
          onChange={(e) => save.mutate({ active: e.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          {reason.used && <Badge variant="light">{t('defectionSettings.used')}</Badge>}
          {editable && changed && (
            <Button
              size="xs"
              loading={save.isPending}
              onClick={() =>
                save.mutate({
                  labels: Object.fromEntries(languages.map(([l]) => [l, labels[l]?.trim()]).filter(([, v]) => v)),
                })
              }
            >
              {t('defectionSettings.save')}
            </Button>
          )}
          {editable && !reason.builtIn && !reason.used && (
            <Button size="xs" variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('defectionSettings.delete')}
            </Button>
          )}
        </Group>
        <GeneralError error={save.error ?? remove.error} known={[]} />
      </Table.Td>
    </Table.Tr>
  );
}

function AddReason() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ code: '', en: '', controllable: true });
  const add = useMutation({
    mutationFn: () =>
      api.POST('/defection-reasons', {
        body: { code: form.code.trim(), labels: { en: form.en.trim() }, controllable: form.controllable },
      }),
    onSuccess: async () => {
      setForm({ code: '', en: '', controllable: true }); // before the refresh: what is typed meanwhile stays
      await qc.invalidateQueries({ queryKey: reasonsKey });
    },
  });
  const errors = fieldErrorsOf(add.error);
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        add.mutate();
      }}
      noValidate
    >
      <GeneralError error={add.error} known={['code', 'labels', 'controllable']} />
      <Group align="flex-end" gap="xs">
        <TextInput
          label={t('defectionSettings.code')}
          value={form.code}
          maxLength={40}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, code: v }));
          }}
          error={errors.code}
        />
        <TextInput
          label={t('defectionSettings.labelEn')}
          value={form.en}
          maxLength={80}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, en: v }));
          }}
          error={errors['labels.en'] ?? errors.labels}
        />
        <Switch
          label={t('defectionSettings.controllable')}
          checked={form.controllable}
          onChange={(e) => {
            const v = e.currentTarget.checked;
            setForm((f) => ({ ...f, controllable: v }));
          }}
        />
        <Button type="submit" loading={add.isPending}>
          {t('defectionSettings.add')}
        </Button>
      </Group>
    </form>
  );
}

function RegisterSettings({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: ['defection-settings'], queryFn: () => api.GET('/defection-settings') });
  const [draft, setDraft] = useState<{ lapseThreshold?: number; surveyTtlDays?: number }>({});
  const save = useMutation({
    mutationFn: () => api.PATCH('/defection-settings', { body: draft }),
    onSuccess: (s) => {
      qc.setQueryData(['defection-settings'], s);
      setDraft({});
    },
  });
  const errors = fieldErrorsOf(save.error);
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  const s = { ...settings.data, ...draft };
  return (
    <Group align="flex-end" gap="xs">
      <NumberInput
        label={t('defectionSettings.threshold')}
        description={t('defectionSettings.thresholdHint')}
        value={s.lapseThreshold}
        min={0.01}
        max={0.99}
        step={0.05}
        decimalScale={2}
        disabled={!editable}
        onChange={(v) => setDraft((d) => ({ ...d, lapseThreshold: Number(v) }))}
        error={errors.lapseThreshold}
        maw={360}
      />
      <NumberInput
        label={t('defectionSettings.ttl')}
        value={s.surveyTtlDays}
        min={1}
        max={365}
        allowDecimal={false}
        disabled={!editable}
        onChange={(v) => setDraft((d) => ({ ...d, surveyTtlDays: Number(v) }))}
        error={errors.surveyTtlDays}
      />
      {editable && Object.keys(draft).length > 0 && (
        <Button loading={save.isPending} onClick={() => save.mutate()}>
          {t('defectionSettings.save')}
        </Button>
      )}
    </Group>
  );
}

export function DefectionReasons({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const reasons = useDefectionReasons();
  const editable = allowed(me, 'defections:manage');
  if (reasons.isPending) return <Loading />;
  if (reasons.isError) return <ErrorState error={reasons.error} onRetry={() => reasons.refetch()} />;
  return (
    <Stack data-testid="defection-reasons">
      <Text size="sm" c="dimmed">
        {t('defectionSettings.intro')}
      </Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            {languages.map(([l, label]) => (
              <Table.Th key={l}>{t(label)}</Table.Th>
            ))}
            <Table.Th>{t('defectionSettings.controllable')}</Table.Th>
            <Table.Th>{t('defectionSettings.active')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reasons.data.items.map((r) => (
            <ReasonRow key={`${r.code}-${JSON.stringify(r.labels)}`} reason={r} editable={editable} />
          ))}
        </Table.Tbody>
      </Table>
      {editable && <AddReason />}
      <RegisterSettings editable={editable} />
    </Stack>
  );
}
