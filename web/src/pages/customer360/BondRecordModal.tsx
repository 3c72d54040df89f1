// The add/edit dialog of the bonds panel's records: a relationship with staff, a preference, or a
// structural tie. Dates are workspace-local days; an early-termination fee is typed in the currency's
// major units and sent in minor units. Server field errors appear beside their fields.
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BondRecordKind,
  type PreferenceDto,
  type RelationshipDto,
  type StructuralDto,
  useSaveBondRecord,
} from '../../bonds-api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { dayStart } from '../../lib/dates.ts';
import { toMajor, toMinor } from '../../lib/money.ts';

export type Editing = {
  kind: BondRecordKind;
  relationship?: RelationshipDto;
  preference?: PreferenceDto;
  structural?: StructuralDto;
};

const sources = ['customer_stated', 'staff_observed', 'inferred', 'imported'] as const;
const kinds = ['integration', 'contract_terms', 'automatic_payment', 'shared_process'] as const;

export function BondRecordModal({
  customerId,
  editing,
  onClose,
}: {
  customerId: string;
  editing: Editing;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const save = useSaveBondRecord(customerId, editing.kind);
  const day = (iso: string | null | undefined) => (iso ? fmt.dayOf(iso) : '');
  const today = fmt.dayOf(new Date().toISOString());
  const r = editing.relationship;
  const p = editing.preference;
  const s = editing.structural;
  const [f, setF] = useState<Record<string, string | number>>({
    employeeName: r?.employeeName ?? '',
    role: r?.role ?? '',
    since: day(r?.since ?? s?.since) || today,
    endedAt: day(r?.endedAt ?? s?.endedAt),
    kind: p?.kind ?? s?.kind ?? (editing.kind === 'structural' ? 'integration' : ''),
    value: p?.value ?? '',
    source: p?.source ?? 'staff_observed',
    timesActedOn: p?.timesActedOn ?? 0,
    description: s?.description ?? '',
    fee: s?.earlyTerminationFeeMinor != null ? toMajor(s.earlyTerminationFeeMinor, fmt.currency) : '',
    termEndsAt: day(s?.termEndsAt),
  });
  const set = (k: string) => (v: string | number | null) => setF((o) => ({ ...o, [k]: v ?? '' }));
  const input = (k: string) => (e: { currentTarget: { value: string } }) => set(k)(e.currentTarget.value);
  const errors = fieldErrorsOf(save.error);
  const instant = (d: string | number) => (d ? (dayStart(String(d), fmt.timeZone) ?? null) : null);
  const editId = r?.id ?? p?.id ?? s?.id;

  const body = (): Record<string, unknown> => {
    if (editing.kind === 'relationships')
      return { employeeName: f.employeeName, role: f.role, since: instant(f.since), endedAt: instant(f.endedAt) };
    if (editing.kind === 'preferences')
      return { kind: f.kind, value: f.value, source: f.source, timesActedOn: Number(f.timesActedOn) || 0 };
    return {
      kind: f.kind,
      description: f.description,
      since: instant(f.since),
      endedAt: instant(f.endedAt),
      earlyTerminationFeeMinor: f.fee === '' ? null : toMinor(Number(f.fee), fmt.currency),
      termEndsAt: instant(f.termEndsAt),
    };
  };
  const submit = () => save.mutate({ recordId: editId, body: body() }, { onSuccess: onClose });
  const known = [
    'employeeName',
    'role',
    'since',
    'endedAt',
    'kind',
    'value',
    'source',
    'timesActedOn',
    'description',
    'earlyTerminationFeeMinor',
    'termEndsAt',
  ];
  const dates = (
    <Group grow>
      <TextInput
        type="date"
        label={t('bonds.form.since')}
        value={String(f.since)}
        onChange={input('since')}
        error={errors.since}
        required
      />
      <TextInput
        type="date"
        label={t('bonds.form.endedAt')}
        value={String(f.endedAt)}
        onChange={input('endedAt')}
        error={errors.endedAt}
      />
    </Group>
  );
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(editId ? 'bonds.form.editTitle' : 'bonds.form.addTitle', { what: t(`bonds.records.${editing.kind}`) })}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <GeneralError error={save.error} known={known} />
          {editing.kind === 'relationships' && (
            <>
              <TextInput
                label={t('bonds.form.employeeName')}
                value={String(f.employeeName)}
                onChange={input('employeeName')}
                error={errors.employeeName}
                required
              />
              <TextInput
                label={t('bonds.form.role')}
                value={String(f.role)}
                onChange={input('role')}
                error={errors.role}
                required
              />
              {dates}
            </>
          )}
          {editing.kind === 'preferences' && (
            <>
              <TextInput
                label={t('bonds.form.preferenceKind')}
                value={String(f.kind)}
                onChange={input('kind')}
                error={errors.kind}
                required
              />
              <TextInput
                label={t('bonds.form.value')}
                value={String(f.value)}
                onChange={input('value')}
                error={errors.value}
                required
              />
              <Select
                label={t('bonds.form.source')}
                data={sources.map((v) => ({ value: v, label: t(`bonds.sources.${v}`) }))}
                value={String(f.source)}
                onChange={set('source')}
                error={errors.source}
                allowDeselect={false}
              />
              <NumberInput
                label={t('bonds.form.timesActedOn')}
                min={0}
                allowDecimal={false}
                value={f.timesActedOn}
                onChange={set('timesActedOn')}
                error={errors.timesActedOn}
              />
            </>
          )}
          {editing.kind === 'structural' && (
            <>
              <Select
                label={t('bonds.form.structuralKind')}
                data={kinds.map((v) => ({ value: v, label: t(`bonds.kinds.${v}`) }))}
                value={String(f.kind)}
                onChange={set('kind')}
                error={errors.kind}
                allowDeselect={false}
              />
              <TextInput
                label={t('bonds.form.description')}
                value={String(f.description)}
                onChange={input('description')}
                error={errors.description}
                required
              />
              {dates}
              {f.kind === 'contract_terms' && (
                <Group grow>
                  <NumberInput
                    label={t('bonds.form.fee', { currency: fmt.currency })}
                    min={0}
                    value={f.fee}
                    onChange={set('fee')}
                    error={errors.earlyTerminationFeeMinor}
                  />
                  <TextInput
                    type="date"
                    label={t('bonds.form.termEndsAt')}
                    value={String(f.termEndsAt)}
                    onChange={input('termEndsAt')}
                    error={errors.termEndsAt}
                  />
                </Group>
              )}
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('bonds.form.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="bond-save">
              {t('bonds.form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
