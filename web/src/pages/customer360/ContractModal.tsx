// The contracts panel's forms: sign up a new contract (POST /contracts), change its monthly value
// from a date (POST /contracts/{id}/changes) or cancel it with a reason (POST /contracts/{id}/cancel).
// Days are workspace-local; amounts are typed in major units and sent in minor units.
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ContractDto, type Schemas } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { dayStart } from '../../lib/dates.ts';
import { toMajor, toMinor } from '../../lib/money.ts';
import { overviewKey } from './types.ts';

export type ContractAction = { kind: 'create' } | { kind: 'value' | 'cancel'; contract: ContractDto };
type Method = NonNullable<Schemas['CreateContract']['paymentMethod']>;
const methods: Method[] = ['card', 'direct_debit', 'bank_transfer', 'invoice', 'pix', 'boleto', 'cash', 'other'];

export function ContractModal({
  customerId,
  action,
  onClose,
}: {
  customerId: string;
  action: ContractAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const contract = action.kind === 'create' ? null : action.contract;
  const currency = contract?.currency ?? fmt.currency;
  const [day, setDay] = useState(fmt.dayOf(new Date().toISOString()));
  const [plan, setPlan] = useState('');
  const [value, setValue] = useState<string | number>(contract ? toMajor(contract.monthlyValueMinor, currency) : '');
  const [term, setTerm] = useState<string | number>('');
  const [method, setMethod] = useState<Method | null>(null);
  const [reason, setReason] = useState('');
  const instant = () => dayStart(day, fmt.timeZone) ?? day;
  const save = useMutation({
    mutationFn: async () => {
      if (action.kind === 'cancel')
        return api.POST('/contracts/{id}/cancel', {
          params: { path: { id: action.contract.id } },
          body: { reason: reason.trim(), cancelledAt: instant() },
        });
      const monthlyValueMinor = toMinor(Number(value), currency);
      if (action.kind === 'value')
        return api.POST('/contracts/{id}/changes', {
          params: { path: { id: action.contract.id } },
          body: { effectiveAt: instant(), monthlyValueMinor },
        });
      return api.POST('/contracts', {
        body: {
          customerId,
          plan: plan.trim(),
          startedAt: instant(),
          monthlyValueMinor,
          ...(term === '' ? {} : { termMonths: Number(term) }),
          ...(method ? { paymentMethod: method } : {}),
        },
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: overviewKey(customerId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const dateField = { create: 'startedAt', value: 'effectiveAt', cancel: 'cancelledAt' }[action.kind];
  return (
    <Modal opened onClose={onClose} title={t(`contractForm.${action.kind}Title`, { plan: contract?.plan ?? '' })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <GeneralError
            error={save.error}
            known={[dateField, 'plan', 'monthlyValueMinor', 'termMonths', 'paymentMethod', 'reason']}
          />
          {action.kind === 'create' && (
            <TextInput
              label={t('contractForm.plan')}
              value={plan}
              maxLength={200}
              onChange={(e) => setPlan(e.currentTarget.value)}
              error={errors.plan}
              required
              data-testid="contract-plan"
            />
          )}
          <TextInput
            type="date"
            label={t(`contractForm.${dateField}`)}
            value={day}
            onChange={(e) => setDay(e.currentTarget.value)}
            error={errors[dateField]}
            required
          />
          {action.kind !== 'cancel' && (
            <NumberInput
              label={t('contractForm.monthlyValue', { currency })}
              min={0}
              decimalScale={3}
              value={value}
              onChange={setValue}
              error={errors.monthlyValueMinor}
              required
              data-testid="contract-value"
            />
          )}
          {action.kind === 'create' && (
            <Group grow>
              <NumberInput
                label={t('contractForm.termMonths')}
                min={1}
                allowDecimal={false}
                value={term}
                onChange={setTerm}
                error={errors.termMonths}
              />
              <Select
                label={t('contractForm.paymentMethod')}
                data={methods.map((m) => ({ value: m, label: t(`contractForm.methods.${m}`) }))}
                value={method}
                onChange={(v) => setMethod(v as Method | null)}
                error={errors.paymentMethod}
                clearable
              />
            </Group>
          )}
          {action.kind === 'cancel' && (
            <TextInput
              label={t('contractForm.reason')}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
              required
              data-testid="contract-reason"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('contractForm.close')}
            </Button>
            <Button
              type="submit"
              color={action.kind === 'cancel' ? 'red' : undefined}
              loading={save.isPending}
              data-testid="contract-save"
            >
              {t(action.kind === 'cancel' ? 'contractForm.confirmCancel' : 'contractForm.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
