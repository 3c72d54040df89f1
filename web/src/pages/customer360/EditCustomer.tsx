// Editing a customer's profile and tags: a drawer whose fields show the checks made here and
// the server's validation errors beside the field they concern (PATCH /customers/{id}).
import {
  Button,
  Checkbox,
  Divider,
  Drawer,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CustomFieldDto, type MeDto, type UpdateCustomerInput } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useFormat } from '../../format.ts';
import { currencyDigits, numberSeparators } from '../../lib/money.ts';
import { languages } from '../../i18n.ts';
import { useMembers } from '../../members.ts';
import { consentChannels } from './ConsentsPanel.tsx';
import { type CustomerForm, fromCustomer, toPatch, validate } from './customerForm.ts';
import { useCustomFields } from '../../customFields.ts';
import { type CustomerOverview, overviewKey } from './types.ts';

/** Every field the form shows, by API path: server errors on other paths go in the alert above. */
const formPaths = [
  'name',
  'kind',
  'email',
  'phone',
  'otherEmails',
  'otherPhones',
  'locale',
  'birthDate',
  'externalId',
  'acquiredAt',
  'acquisitionChannel',
  'status',
  'defectedAt',
  'defectionReason',
  'accountManagerId',
  'tags',
  'preferredChannels',
  'declaredWalletMinor',
  'address',
  'customFields',
];

function CustomFieldInput({
  def,
  value,
  error,
  onChange,
}: {
  def: CustomFieldDto;
  value: unknown;
  error?: string;
  onChange: (v: unknown) => void;
}) {
  const common = { label: def.label, required: def.required, error };
  switch (def.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? '' : Number(v))}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          label={def.label}
          error={error}
          mt="lg"
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={def.options}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? '')}
          clearable
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={def.options}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={onChange}
          clearable
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          maxLength={2000}
        />
      );
  }
}

export function EditCustomer({
  me,
  overview,
  opened,
  onClose,
}: {
  me: MeDto;
  overview: CustomerOverview;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const zone = useMemo(() => ({ timeZone: fmt.timeZone, currency: fmt.currency }), [fmt.timeZone, fmt.currency]);
  const initial = useMemo(() => fromCustomer(overview.customer, zone), [overview.customer, zone]);
  const [form, setForm] = useState<CustomerForm>(initial);
  const [checked, setChecked] = useState<Record<string, string>>({});
  const defs = useCustomFields().data?.items ?? [];
  const { enabled: canListPeople, members } = useMembers(me);
  const id = overview.customer.id;

  const save = useMutation({
    mutationFn: (body: UpdateCustomerInput) => api.PATCH('/customers/{id}', { params: { path: { id } }, body }),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: overviewKey(id) }),
        qc.invalidateQueries({ queryKey: ['customers'] }),
      ]);
      onClose();
    },
  });
  const errors = { ...fieldErrorsOf(save.error), ...checked };
  const set = <K extends keyof CustomerForm>(key: K, value: CustomerForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setAddress = (key: keyof CustomerForm['address'], value: string) =>
    setForm((f) => ({ ...f, address: { ...f.address, [key]: value } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const messages = {
      required: t('validation.required'),
      email: t('validation.email'),
      country: t('validation.country'),
      notNegative: t('validation.notNegative'),
      defectedDay: t('validation.defectedDay'),
      futureDate: t('validation.futureDate'),
    };
    const found = validate(form, messages, fmt.dayOf(new Date().toISOString()), defs);
    setChecked(found);
    if (Object.keys(found).length) return;
    const patch = toPatch(initial, form, zone);
    if (Object.keys(patch).length === 0) return onClose();
    save.mutate(patch);
  };

  const managerOptions = canListPeople
    ? members.map((m) => ({ value: m.id, label: m.name }))
    : [
        overview.accountManager && { value: overview.accountManager.id, label: overview.accountManager.name },
        me.user && { value: me.user.id, label: t('customers.you') },
      ].filter((o): o is { value: string; label: string } => Boolean(o));
  const seps = numberSeparators(fmt.locale);

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={t('edit.title', { name: overview.customer.name })}
      position="right"
      size="lg"
      padding="md"
    >
      <form onSubmit={submit} noValidate data-testid="edit-customer">
        <Stack gap="sm">
          <GeneralError error={save.error} known={formPaths} />
          <TextInput
            label={t('profile.name')}
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.name}
            maxLength={200}
          />
          <SegmentedControl
            aria-label={t('profile.kind')}
            data={[
              { value: 'person', label: t('profile.kinds.person') },
              { value: 'company', label: t('profile.kinds.company') },
            ]}
            value={form.kind}
            onChange={(v) => set('kind', v as CustomerForm['kind'])}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('profile.email')}
              type="email"
              value={form.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={errors.email}
            />
            <TextInput
              label={t('profile.phone')}
              type="tel"
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={errors.phone}
              description={t('edit.phoneHint')}
            />
            <TagsInput
              label={t('edit.otherEmails')}
              value={form.otherEmails}
              onChange={(v) => set('otherEmails', v)}
              error={errors.otherEmails}
              maxTags={10}
            />
            <TagsInput
              label={t('edit.otherPhones')}
              value={form.otherPhones}
              onChange={(v) => set('otherPhones', v)}
              error={errors.otherPhones}
              maxTags={10}
            />
          </SimpleGrid>
          <TagsInput
            label={t('profile.tags')}
            description={t('edit.tagsHint')}
            value={form.tags}
            onChange={(v) => set('tags', v)}
            error={errors.tags}
            maxTags={50}
            clearable
            data-testid="edit-tags"
          />

          <Divider label={t('profile.address')} labelPosition="left" />
          <TextInput
            label={t('edit.line1')}
            value={form.address.line1}
            onChange={(e) => setAddress('line1', e.currentTarget.value)}
            error={errors['address.line1']}
            maxLength={200}
          />
          <TextInput
            label={t('edit.line2')}
            value={form.address.line2}
            onChange={(e) => setAddress('line2', e.currentTarget.value)}
            error={errors['address.line2']}
            maxLength={200}
          />
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <TextInput
              label={t('edit.postalCode')}
              value={form.address.postalCode}
              onChange={(e) => setAddress('postalCode', e.currentTarget.value)}
              error={errors['address.postalCode']}
              maxLength={20}
            />
            <TextInput
              label={t('edit.city')}
              value={form.address.city}
              onChange={(e) => setAddress('city', e.currentTarget.value)}
              error={errors['address.city']}
              maxLength={120}
            />
            <TextInput
              label={t('edit.region')}
              value={form.address.region}
              onChange={(e) => setAddress('region', e.currentTarget.value)}
              error={errors['address.region']}
              maxLength={120}
            />
            <TextInput
              label={t('edit.country')}
              placeholder="BR"
              value={form.address.country}
              onChange={(e) => setAddress('country', e.currentTarget.value)}
              error={errors['address.country']}
              maxLength={2}
            />
          </SimpleGrid>

          <Divider label={t('edit.relationship')} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('profile.locale')}
              data={languages.map((l) => ({ value: l.code, label: l.label }))}
              value={form.locale || null}
              onChange={(v) => set('locale', v ?? '')}
              clearable
              error={errors.locale}
            />
            <TextInput
              label={t('profile.birthDate')}
              type="date"
              value={form.birthDate}
              onChange={(e) => set('birthDate', e.currentTarget.value)}
              error={errors.birthDate}
            />
            <TextInput
              label={t('profile.externalId')}
              value={form.externalId}
              onChange={(e) => set('externalId', e.currentTarget.value)}
              error={errors.externalId}
              maxLength={200}
            />
            <Select
              label={t('profile.accountManager')}
              data={managerOptions}
              value={form.accountManagerId || null}
              onChange={(v) => set('accountManagerId', v ?? '')}
              clearable
              searchable
              error={errors.accountManagerId}
            />
            <TextInput
              label={t('edit.acquiredOn')}
              type="date"
              value={form.acquiredDay}
              onChange={(e) => set('acquiredDay', e.currentTarget.value)}
              error={errors.acquiredAt}
            />
            <TextInput
              label={t('edit.acquisitionChannel')}
              value={form.acquisitionChannel}
              onChange={(e) => set('acquisitionChannel', e.currentTarget.value)}
              error={errors.acquisitionChannel}
              maxLength={60}
            />
            <NumberInput
              label={t('profile.wallet')}
              description={t('edit.walletHint')}
              value={form.wallet}
              onChange={(v) => set('wallet', v === '' ? '' : Number(v))}
              min={0}
              decimalScale={currencyDigits(fmt.currency)}
              decimalSeparator={seps.decimal}
              thousandSeparator={seps.group}
              leftSection={<Text size="xs">{fmt.currency}</Text>}
              error={errors.declaredWalletMinor}
            />
            <MultiSelect
              label={t('edit.preferredChannels')}
              description={t('edit.preferredHint')}
              data={consentChannels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
              value={form.preferredChannels}
              onChange={(v) => set('preferredChannels', v)}
              error={errors.preferredChannels}
            />
          </SimpleGrid>

          <Divider label={t('profile.status')} labelPosition="left" />
          <SegmentedControl
            aria-label={t('profile.status')}
            data={[
              { value: 'active', label: t('customers.status.active') },
              { value: 'defected', label: t('customers.status.defected') },
            ]}
            value={form.status}
            onChange={(v) => set('status', v as CustomerForm['status'])}
          />
          {form.status === 'defected' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('edit.defectedOn')}
                type="date"
                required
                value={form.defectedDay}
                onChange={(e) => set('defectedDay', e.currentTarget.value)}
                error={errors.defectedAt}
              />
              <Textarea
                label={t('edit.defectionReason')}
                value={form.defectionReason}
                onChange={(e) => set('defectionReason', e.currentTarget.value)}
                error={errors.defectionReason}
                maxLength={500}
                autosize
                minRows={1}
              />
            </SimpleGrid>
          )}

          {defs.length > 0 && (
            <>
              <Divider label={t('edit.customFields')} labelPosition="left" />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {defs.map((d) => (
                  <CustomFieldInput
                    key={d.key}
                    def={d}
                    value={form.customFields[d.key]}
                    error={errors[`customFields.${d.key}`]}
                    onChange={(v) => setForm((f) => ({ ...f, customFields: { ...f.customFields, [d.key]: v } }))}
                  />
                ))}
              </SimpleGrid>
            </>
          )}

          <Group justify="flex-end" mt="md" pos="sticky" bottom={0} bg="var(--mantine-color-body)" py="sm">
            <Button variant="default" onClick={onClose}>
              {t('settings.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-customer">
              {t('settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
