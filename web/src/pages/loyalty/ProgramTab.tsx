// The program's rules: what a point is called, how many a purchase earns and with which
// multipliers, rounding, the return window, expiry, claw-back and level qualification. One form
// (PUT replaces the rule set); roles that may not configure see it read-only.
import {
  ActionIcon,
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type MeDto } from '../../api.ts';
import { GeneralError } from '../../components/FieldErrors.tsx';
import { SaveRow } from '../../components/FormParts.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { rowErrorText } from '../../problemText.ts';
import { allowed } from '../../session.ts';
import {
  checkProgram,
  emptyProgram,
  fieldOf,
  fromProgram,
  type MultiplierGroup,
  multiplierGroups,
  type ProgramDto,
  type ProgramForm,
  pyramidTiers,
  toProgramBody,
} from './model.ts';
import { PromotionsSection } from './PromotionsSection.tsx';
import { loyaltyKey, useProgram } from './queries.ts';

const knownFields = [
  'name',
  'pointsUnit',
  'status',
  'pointsPerUnit',
  'rounding',
  'pendingDays',
  'expiryMonths',
  'costPerPointMinor',
  'clawback',
  'levelBasis',
  'qualificationMonths',
  'graceMonths',
  'multipliers',
  'earnFrom',
];

export function ProgramTab({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const program = useProgram();
  const [creating, setCreating] = useState(false);
  const editable = allowed(me, 'loyalty:configure');
  if (program.isPending) return <Loading />;
  if (program.isError) return <ErrorState error={program.error} onRetry={() => program.refetch()} />;
  if (!program.data && !creating) {
    return (
      <EmptyState
        title={t('loyalty.program.emptyTitle')}
        action={
          editable && (
            <Button onClick={() => setCreating(true)} data-testid="create-program">
              {t('loyalty.program.setUp')}
            </Button>
          )
        }
      >
        {editable ? t('loyalty.program.emptyBody') : t('loyalty.program.emptyAskAdmin')}
      </EmptyState>
    );
  }
  return (
    <Stack>
      <ProgramEditor key={program.data?.updatedAt ?? 'new'} program={program.data} editable={editable} />
      {program.data && <PromotionsSection me={me} />}
    </Stack>
  );
}

function ProgramEditor({ program, editable }: { program: ProgramDto | null; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [form, setForm] = useState<ProgramForm>(() => (program ? fromProgram(program) : emptyProgram()));
  const [checked, setChecked] = useState(false);
  const save = useMutation({
    mutationFn: () => api.PUT('/loyalty/program', { body: toProgramBody(form, program?.earnFrom) }),
    onSuccess: (saved) => {
      qc.setQueryData([...loyaltyKey, 'program'], saved);
      void qc.invalidateQueries({ queryKey: loyaltyKey });
    },
  });
  const problems = checked ? checkProgram(form) : {};
  const server: Record<string, string> = {};
  if (save.error instanceof ApiError)
    for (const e of save.error.problem.errors ?? []) server[fieldOf(e.path)] ??= rowErrorText(t, e);
  const error = (path: string) => (problems[path] ? t(problems[path].key, problems[path].values) : server[path]);
  const set = <K extends keyof ProgramForm>(key: K, value: ProgramForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const text = (key: 'name' | 'pointsUnit' | 'pointsPerUnit' | 'costPerPointMinor') => ({
    value: form[key],
    error: error(key),
    disabled: !editable,
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  });
  const whole = (key: 'pendingDays' | 'expiryMonths' | 'qualificationMonths' | 'graceMonths') => ({
    value: form[key],
    error: error(key),
    disabled: !editable,
    allowDecimal: false,
    allowNegative: false,
    onChange: (v: string | number) => set(key, v === '' ? '' : Number(v)),
  });
  const choice = <K extends 'status' | 'rounding' | 'clawback' | 'levelBasis'>(key: K, values: ProgramForm[K][]) => ({
    data: values.map((v) => ({ value: v, label: t(`loyalty.program.${key}Options.${v}`) })),
    value: form[key],
    disabled: !editable,
    allowDeselect: false,
    error: error(key),
    onChange: (v: string | null) => v && set(key, v as ProgramForm[K]),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(checkProgram(form)).length > 0) return;
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="program-form">
      <Stack>
        {!editable && <Text c="dimmed">{t('loyalty.program.readOnly')}</Text>}
        {checked && Object.keys(problems).length > 0 && (
          <Alert color="red" role="alert" title={t('errors.checkFields')}>
            {t('errors.seeBelow')}
          </Alert>
        )}
        <GeneralError error={save.error} known={knownFields} />
        {program && program.queued > 0 && (
          <Text size="sm" c="dimmed">
            {t('loyalty.program.queued', { count: program.queued })}
          </Text>
        )}
        <Fieldset legend={t('loyalty.program.basics')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput label={t('loyalty.program.name')} required {...text('name')} />
            <TextInput
              label={t('loyalty.program.pointsUnit')}
              description={t('loyalty.program.pointsUnitHint')}
              required
              {...text('pointsUnit')}
            />
            <Select label={t('loyalty.program.status')} {...choice('status', ['active', 'paused'])} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('loyalty.program.earning')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t('loyalty.program.pointsPerUnit', { currency: fmt.currency })}
              description={t('loyalty.program.pointsPerUnitHint')}
              inputMode="decimal"
              required
              {...text('pointsPerUnit')}
            />
            <Select label={t('loyalty.program.rounding')} {...choice('rounding', ['floor', 'nearest', 'ceil'])} />
            <TextInput
              label={t('loyalty.program.costPerPoint')}
              description={t('loyalty.program.costPerPointHint', { example: fmt.money(1) })}
              inputMode="decimal"
              {...text('costPerPointMinor')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('loyalty.program.multipliers')}>
          <Text size="sm" c="dimmed" mb="xs">
            {t('loyalty.program.multipliersHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {multiplierGroups.map((g) => (
              <MultiplierRows
                key={g}
                group={g}
                form={form}
                setForm={setForm}
                editable={editable}
                error={error(`multipliers.${g}`)}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('loyalty.program.timing')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <NumberInput
              label={t('loyalty.program.pendingDays')}
              description={t('loyalty.program.pendingDaysHint')}
              min={0}
              max={365}
              {...whole('pendingDays')}
            />
            <NumberInput
              label={t('loyalty.program.expiryMonths')}
              description={t('loyalty.program.expiryMonthsHint')}
              placeholder={t('loyalty.program.never')}
              min={1}
              max={240}
              {...whole('expiryMonths')}
            />
            <Select
              label={t('loyalty.program.clawback')}
              description={t('loyalty.program.clawbackHint')}
              {...choice('clawback', ['claw_back', 'forgive'])}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('loyalty.program.qualification')}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <Select label={t('loyalty.program.levelBasis')} {...choice('levelBasis', ['points', 'spend'])} />
            <NumberInput
              label={t('loyalty.program.qualificationMonths')}
              min={1}
              max={60}
              {...whole('qualificationMonths')}
            />
            <NumberInput
              label={t('loyalty.program.graceMonths')}
              description={t('loyalty.program.graceMonthsHint')}
              min={0}
              max={24}
              {...whole('graceMonths')}
            />
          </SimpleGrid>
        </Fieldset>
        {editable && (
          <SaveRow
            loading={save.isPending}
            saved={save.isSuccess}
            label={program ? t('loyalty.program.save') : t('loyalty.program.create')}
            testId="save-program"
          />
        )}
      </Stack>
    </form>
  );
}

function MultiplierRows({
  group,
  form,
  setForm,
  editable,
  error,
}: {
  group: MultiplierGroup;
  form: ProgramForm;
  setForm: (f: (prev: ProgramForm) => ProgramForm) => void;
  editable: boolean;
  error?: string;
}) {
  const { t } = useTranslation();
  const list = form.multipliers[group];
  const update = (next: typeof list) => setForm((f) => ({ ...f, multipliers: { ...f.multipliers, [group]: next } }));
  const label = t(`loyalty.program.multiplierGroups.${group}`);
  return (
    <Stack gap={6} role="group" aria-label={label}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {list.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('loyalty.program.noMultipliers')}
        </Text>
      )}
      {list.map((row, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          {group === 'tiers' ? (
            <Select
              aria-label={t('loyalty.program.multiplierKey', { group: label })}
              data={pyramidTiers.map((tier) => ({ value: tier, label: t(`loyalty.tiers.${tier}`) }))}
              value={row.key || null}
              disabled={!editable}
              onChange={(v) => update(list.map((r, j) => (j === i ? { ...r, key: v ?? '' } : r)))}
              style={{ flex: 1 }}
            />
          ) : (
            <TextInput
              aria-label={t('loyalty.program.multiplierKey', { group: label })}
              value={row.key}
              disabled={!editable}
              onChange={(e) => {
                const key = e.currentTarget.value;
                update(list.map((r, j) => (j === i ? { ...r, key } : r)));
              }}
              style={{ flex: 1 }}
            />
          )}
          <TextInput
            aria-label={t('loyalty.program.multiplierFactor', { key: row.key || label })}
            value={row.factor}
            inputMode="decimal"
            w={90}
            leftSection="×"
            disabled={!editable}
            onChange={(e) => {
              const factor = e.currentTarget.value;
              update(list.map((r, j) => (j === i ? { ...r, factor } : r)));
            }}
          />
          {editable && (
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label={t('loyalty.program.removeMultiplier', { key: row.key || label })}
              onClick={() => update(list.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      {editable && (
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => update([...list, { key: '', factor: '1' }])}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('loyalty.program.addMultiplier')}
        </Button>
      )}
    </Stack>
  );
}
