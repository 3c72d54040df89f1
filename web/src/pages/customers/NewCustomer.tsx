// A quick "new customer" form (name, email, phone); the 360 opens on the new customer.
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';

export function NewCustomer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', phone: '' });
  const create = useMutation({
    mutationFn: () =>
      api.POST('/customers', {
        body: { name: form.name, email: form.email || undefined, phone: form.phone || undefined },
      }),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ['customers'] });
      onClose();
      navigate(`/customers/${c.id}`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('customers.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <GeneralError error={create.error} known={['name', 'email', 'phone']} />
          <TextInput
            label={t('profile.name')}
            required
            data-autofocus
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={errors.name}
          />
          <TextInput
            label={t('profile.email')}
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            error={errors.email}
          />
          <TextInput
            label={t('profile.phone')}
            type="tel"
            value={form.phone}
            onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })}
            error={errors.phone}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('settings.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('customers.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
