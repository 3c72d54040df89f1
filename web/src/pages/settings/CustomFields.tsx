// Custom customer fields: the workspace's own profile fields (key, label, type, options,
// required). GET/POST/DELETE /custom-fields; admins define them, everyone sees the list.
import { Badge, Button, Checkbox, Group, Modal, Select, Stack, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CustomFieldDto, type MeDto } from '../../api.ts';
import { DialogActions, QueryBody } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { EmptyState, ErrorState } from '../../components/States.tsx';
import { useCustomFields } from '../../customFields.ts';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';

const typeSet: Record<CustomFieldDto['type'], true> = { text: true, number: true, date: true, boolean: true, select: true, multi_select: true };
const types = Object.keys(typeSet) as CustomFieldDto['type'][];
const customFieldsKey = ['custom-fields'];

export function CustomFields({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const fields = useCustomFields();
  const [opened, { open, close }] = useDisclosure(false);
  const editable = allowed(me, 'custom_fields:manage');
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/custom-fields/${id}`), onSettled: () => qc.invalidateQueries({ queryKey: customFieldsKey }) });
  const body = (
    <QueryBody query={fields}
      isEmpty={(d) => d.items.length === 0}
      empty={
        <EmptyState title={t('settings.customFields.emptyTitle')} action={editable && <Button onClick={open}>{t('settings.customFields.add')}</Button>}>
          {t('settings.customFields.emptyBody')}
        </EmptyState>
      }
    >
      {(d) => (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.customFields.label')}</Table.Th>
                <Table.Th>{t('settings.customFields.key')}</Table.Th>
                <Table.Th>{t('settings.customFields.type')}</Table.Th>
                <Table.Th>{t('settings.customFields.options')}</Table.Th>
                <Table.Th>{t('settings.customFields.created')}</Table.Th>
                {editable && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.items.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    {f.label}{' '}
                    {f.required && (
                      <Badge size="xs" variant="light">
                        {t('settings.customFields.required')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <code>{f.key}</code>
                  </Table.Td>
                  <Table.Td>{t(`settings.customFields.types.${f.type}`)}</Table.Td>
                  <Table.Td>{f.options.join(', ') || '—'}</Table.Td>
                  <Table.Td>{fmt.date(f.createdAt)}</Table.Td>
                  {editable && (
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => window.confirm(t('settings.customFields.removeConfirm', { label: f.label })) && remove.mutate(f.id)}>
                        {t('people.remove')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryBody>
  );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('settings.customFields.hint')}
      </Text>
      {remove.error && <ErrorState error={remove.error} />}
      {editable && (fields.data?.items.length ?? 0) > 0 && (
        <Group>
          <Button onClick={open}>{t('settings.customFields.add')}</Button>
        </Group>
      )}
      {body}
      {editable && opened && <NewField onClose={close} />}
    </Stack>
  );
}

function NewField({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ key: '', label: '', type: 'text' as CustomFieldDto['type'], options: [] as string[], required: false });
  const create = useMutation({
    mutationFn: () => api<CustomFieldDto>('POST', '/custom-fields', { ...form, options: form.type === 'select' || form.type === 'multi_select' ? form.options : undefined }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: customFieldsKey });
      onClose();
    },
  });
  const errors = fieldErrorsOf(create.error);
  return (
    <Modal opened onClose={onClose} title={t('settings.customFields.add')}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <GeneralError error={create.error} known={['key', 'label', 'type', 'options', 'required']} />
          <TextInput label={t('settings.customFields.label')} required value={form.label} error={errors.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })} />
          <TextInput label={t('settings.customFields.key')} description={t('settings.customFields.keyHint')} required value={form.key} error={errors.key} onChange={(e) => setForm({ ...form, key: e.currentTarget.value })} />
          <Select label={t('settings.customFields.type')} data={types.map((v) => ({ value: v, label: t(`settings.customFields.types.${v}`) }))} value={form.type} allowDeselect={false} onChange={(v) => v && setForm({ ...form, type: v as typeof form.type })} />
          {(form.type === 'select' || form.type === 'multi_select') && <TagsInput label={t('settings.customFields.options')} required value={form.options} error={errors.options} onChange={(v) => setForm({ ...form, options: v })} />}
          <Checkbox label={t('settings.customFields.required')} checked={form.required} onChange={(e) => setForm({ ...form, required: e.currentTarget.checked })} />
          <DialogActions onCancel={onClose} loading={create.isPending} label={t('settings.customFields.add')} />
        </Stack>
      </form>
    </Modal>
  );
}
