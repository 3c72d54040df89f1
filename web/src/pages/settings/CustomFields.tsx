// Custom customer fields: the workspace's own profile fields (key, label, type, options,
// required). GET/POST/DELETE /custom-fields; admins define them, everyone sees the list.
import { Badge, Checkbox, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CustomFieldDto, type MeDto } from '../../api.ts';
import { EditableList, RemoveButton } from '../../components/EditableList.tsx';
import { DialogActions } from '../../components/FormParts.tsx';
import { fieldErrorsOf, GeneralError } from '../../components/FieldErrors.tsx';
import { useCustomFields } from '../../customFields.ts';
import { useFormat } from '../../format.ts';
import { allowed } from '../../session.ts';

const typeSet: Record<CustomFieldDto['type'], true> = {
  text: true,
  number: true,
  date: true,
  boolean: true,
  select: true,
  multi_select: true,
};
const types = Object.keys(typeSet) as CustomFieldDto['type'][];
const customFieldsKey = ['custom-fields'];

export function CustomFields({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const fields = useCustomFields();
  const editable = allowed(me, 'custom_fields:manage');
  const remove = useMutation({
    mutationFn: (id: string) => api.DELETE('/custom-fields/{id}', { params: { path: { id } } }),
    onSettled: () => qc.invalidateQueries({ queryKey: customFieldsKey }),
  });
  return (
    <EditableList
      query={fields}
      minWidth={560}
      hint={t('settings.customFields.hint')}
      error={remove.error}
      empty={{ title: t('settings.customFields.emptyTitle'), body: t('settings.customFields.emptyBody') }}
      add={
        editable
          ? {
              label: t('settings.customFields.add'),
              dialog: ({ opened, close }) => opened && <NewField onClose={close} />,
            }
          : undefined
      }
      columns={[
        {
          header: t('settings.customFields.label'),
          cell: (f) => (
            <>
              {f.label}{' '}
              {f.required && (
                <Badge size="xs" variant="light">
                  {t('settings.customFields.required')}
                </Badge>
              )}
            </>
          ),
        },
        { header: t('settings.customFields.key'), cell: (f) => <code>{f.key}</code> },
        { header: t('settings.customFields.type'), cell: (f) => t(`settings.customFields.types.${f.type}`) },
        { header: t('settings.customFields.options'), cell: (f) => f.options.join(', ') || '—' },
        { header: t('settings.customFields.created'), cell: (f) => fmt.date(f.createdAt) },
        editable && {
          cell: (f) => (
            <RemoveButton
              confirm={t('settings.customFields.removeConfirm', { label: f.label })}
              onRemove={() => remove.mutate(f.id)}
            />
          ),
        },
      ]}
    />
  );
}

function NewField({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({
    key: '',
    label: '',
    type: 'text' as CustomFieldDto['type'],
    options: [] as string[],
    required: false,
  });
  const create = useMutation({
    mutationFn: () =>
      api.POST('/custom-fields', {
        body: { ...form, options: form.type === 'select' || form.type === 'multi_select' ? form.options : undefined },
      }),
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
          <TextInput
            label={t('settings.customFields.label')}
            required
            value={form.label}
            error={errors.label}
            onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
          />
          <TextInput
            label={t('settings.customFields.key')}
            description={t('settings.customFields.keyHint')}
            required
            value={form.key}
            error={errors.key}
            onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
          />
          <Select
            label={t('settings.customFields.type')}
            data={types.map((v) => ({ value: v, label: t(`settings.customFields.types.${v}`) }))}
            value={form.type}
            allowDeselect={false}
            onChange={(v) => v && setForm({ ...form, type: v as typeof form.type })}
          />
          {(form.type === 'select' || form.type === 'multi_select') && (
            <TagsInput
              label={t('settings.customFields.options')}
              required
              value={form.options}
              error={errors.options}
              onChange={(v) => setForm({ ...form, options: v })}
            />
          )}
          <Checkbox
            label={t('settings.customFields.required')}
            checked={form.required}
            onChange={(e) => setForm({ ...form, required: e.currentTarget.checked })}
          />
          <DialogActions onCancel={onClose} loading={create.isPending} label={t('settings.customFields.add')} />
        </Stack>
      </form>
    </Modal>
  );
}
