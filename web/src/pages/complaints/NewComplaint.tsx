// Register a complaint as an agent: for a known customer (from the 360) or a person matched by
// email/phone (or created). Similar closed complaints show while the agent types.
import { Button, Divider, Grid, Group, Modal, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { type ComplaintChannel, complaintChannels, complaintsKey } from './model.ts';
import { Suggestions } from './Suggestions.tsx';
import { useComplaintSettings } from './useComplaintSetup.ts';
import { labelOf } from '../../labels.ts';

type Props = { opened: boolean; onClose: () => void; customer?: { id: string; name: string } };
const empty = {
  name: '',
  email: '',
  phone: '',
  category: null as string | null,
  channel: 'phone' as ComplaintChannel,
  subject: '',
  description: '',
};

export function NewComplaint({ opened, onClose, customer }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const settings = useComplaintSettings();
  const [form, setForm] = useState(empty);
  const patch = (p: Partial<typeof empty>) => setForm((f) => ({ ...f, ...p }));
  const create = useMutation({
    mutationFn: () =>
      api.POST('/complaints', {
        body: {
          ...(customer
            ? { customerId: customer.id }
            : { customer: { name: form.name, email: form.email || undefined, phone: form.phone || undefined } }),
          category: form.category ?? '',
          channel: form.channel,
          subject: form.subject,
          description: form.description,
        },
      }),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: complaintsKey });
      setForm(empty);
      onClose();
      navigate(`/complaints/${c.id}`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('complaints.new')} size="xl">
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <form onSubmit={submit} noValidate data-testid="new-complaint">
            <Stack gap="sm">
              <GeneralError
                error={create.error}
                known={['customer', 'customerId', 'category', 'channel', 'subject', 'description']}
              />
              {customer ? (
                <Text size="sm">{t('complaints.form.for', { name: customer.name })}</Text>
              ) : (
                <>
                  <TextInput
                    label={t('complaints.form.customerName')}
                    required
                    data-autofocus
                    value={form.name}
                    onChange={(e) => patch({ name: e.currentTarget.value })}
                    error={errors['customer.name'] ?? errors.customerId}
                  />
                  <Group grow align="flex-start">
                    <TextInput
                      label={t('profile.email')}
                      type="email"
                      value={form.email}
                      onChange={(e) => patch({ email: e.currentTarget.value })}
                      error={errors['customer.email']}
                    />
                    <TextInput
                      label={t('profile.phone')}
                      type="tel"
                      value={form.phone}
                      onChange={(e) => patch({ phone: e.currentTarget.value })}
                      error={errors['customer.phone']}
                    />
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('complaints.form.matchHint')}
                  </Text>
                </>
              )}
              <Group grow align="flex-start">
                <Select
                  label={t('complaints.form.category')}
                  required
                  value={form.category}
                  onChange={(v) => patch({ category: v })}
                  data={(settings.data?.categories ?? []).map((c) => ({
                    value: c,
                    label: labelOf(t, 'complaintCategory', c),
                  }))}
                  error={errors.category}
                />
                <Select
                  label={t('complaints.form.channel')}
                  required
                  allowDeselect={false}
                  value={form.channel}
                  onChange={(v) => v && patch({ channel: v as ComplaintChannel })}
                  data={complaintChannels.map((c) => ({ value: c, label: t(`complaintChannel.${c}`) }))}
                  error={errors.channel}
                />
              </Group>
              <TextInput
                label={t('complaints.form.subject')}
                required
                maxLength={200}
                value={form.subject}
                onChange={(e) => patch({ subject: e.currentTarget.value })}
                error={errors.subject}
              />
              <Textarea
                label={t('complaints.form.description')}
                required
                autosize
                minRows={4}
                maxLength={5000}
                value={form.description}
                onChange={(e) => patch({ description: e.currentTarget.value })}
                error={errors.description}
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('settings.cancel')}
                </Button>
                <Button type="submit" loading={create.isPending}>
                  {t('complaints.form.register')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Divider hiddenFrom="md" mb="sm" />
          <Title order={5} mb="xs">
            {t('suggestions.similar')}
          </Title>
          <Suggestions text={`${form.subject} ${form.description}`} category={form.category} />
        </Grid.Col>
      </Grid>
    </Modal>
  );
}
