// The public complaint form: name, a way to answer (email or phone), category, subject and
// description. A hidden "website" field catches bots (people never see or fill it).
import { Alert, Anchor, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { Loading } from '../../components/States.tsx';
import type { Language } from '../../i18n.ts';
import { publicErrorKey } from './PublicApp.tsx';
import { labelOf } from '../../labels.ts';

const empty = {
  name: '',
  email: '',
  phone: '',
  category: null as string | null,
  subject: '',
  description: '',
  website: '',
};
export const honeypotStyle = {
  position: 'absolute',
  left: '-10000px',
  width: 1,
  height: 1,
  overflow: 'hidden',
} as const;

export function PublicComplaintForm() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const params = { path: { slug } };
  const config = useQuery({
    queryKey: ['public-form', slug],
    queryFn: () => api.GET('/public/workspaces/{slug}/complaint-form', { params }),
  });
  const [form, setForm] = useState(empty);
  // Fields edited since the last attempt no longer show that attempt's error.
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const patch = (p: Partial<typeof empty>) => {
    setForm((f) => ({ ...f, ...p }));
    setEdited((e) => new Set([...e, ...Object.keys(p)]));
  };
  const submit = useMutation({
    mutationFn: () =>
      api.POST('/public/workspaces/{slug}/complaints', {
        params,
        body: {
          name: form.name,
          email: form.email.trim() || undefined,
          phone: form.phone.trim() || undefined,
          category: form.category ?? '',
          subject: form.subject,
          description: form.description,
          locale: i18n.language as Language,
          ...(form.website ? { website: form.website } : {}),
        },
      }),
  });
  if (config.isPending) return <Loading />;
  if (config.isError) {
    const status = config.error instanceof ApiError ? config.error.problem.status : undefined;
    return (
      <Alert color="red" role="alert" title={t(publicErrorKey(status === 404 ? 404 : status))}>
        {status === 404 ? t('public.formUnavailable') : t('public.errors.generic')}
      </Alert>
    );
  }
  if (submit.isSuccess) {
    const statusUrl = `/p/${encodeURIComponent(slug)}/complaints/${encodeURIComponent(submit.data.statusToken)}`;
    return (
      <Paper withBorder p="lg" radius="md" data-testid="public-registered">
        <Stack>
          <Title order={2}>{t('public.thanks')}</Title>
          <Text>{t('public.reference', { reference: submit.data.reference })}</Text>
          <Text size="sm" c="dimmed">
            {t('public.keepLink')}
          </Text>
          <Anchor component={Link} to={statusUrl} data-testid="status-link">
            {t('public.followLink')}
          </Anchor>
        </Stack>
      </Paper>
    );
  }
  const serverErrors = fieldErrorsOf(submit.error);
  /** The server's messages are for developers (English); the customer reads one in their language. */
  const errors = Object.fromEntries(
    Object.keys(serverErrors)
      .filter((k) => !edited.has(k))
      .map((k) => [k, t(`public.fieldErrors.${k}`, { defaultValue: serverErrors[k] })]),
  );
  const failedStatus = submit.error instanceof ApiError ? submit.error.problem.status : undefined;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setEdited(new Set());
    submit.mutate();
  };
  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={onSubmit} noValidate data-testid="public-form">
        <Stack>
          <div>
            <Text c="dimmed" size="sm">
              {config.data.workspace.name}
            </Text>
            <Title order={2}>{t('public.formTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('public.formIntro')}
            </Text>
          </div>
          {submit.error && (
            <Alert
              color="red"
              role="alert"
              title={failedStatus === 422 ? t('errors.checkFields') : t(publicErrorKey(failedStatus))}
            >
              {failedStatus === 422 ? t('errors.seeBelow') : null}
            </Alert>
          )}
          <TextInput
            label={t('public.name')}
            required
            autoComplete="name"
            value={form.name}
            onChange={(e) => patch({ name: e.currentTarget.value })}
            error={errors.name}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('profile.email')}
              type="email"
              autoComplete="email"
              value={form.email}
              onChange={(e) => patch({ email: e.currentTarget.value })}
              error={errors.email}
            />
            <TextInput
              label={t('profile.phone')}
              type="tel"
              autoComplete="tel"
              value={form.phone}
              onChange={(e) => patch({ phone: e.currentTarget.value })}
              error={errors.phone}
            />
          </Group>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('public.contactHint')}
          </Text>
          <Select
            label={t('complaints.form.category')}
            required
            value={form.category}
            onChange={(v) => patch({ category: v })}
            data={config.data.categories.map((c) => ({ value: c, label: labelOf(t, 'complaintCategory', c) }))}
            error={errors.category}
          />
          <TextInput
            label={t('complaints.form.subject')}
            required
            maxLength={200}
            value={form.subject}
            onChange={(e) => patch({ subject: e.currentTarget.value })}
            error={errors.subject}
          />
          <Textarea
            label={t('public.description')}
            required
            autosize
            minRows={5}
            maxLength={5000}
            value={form.description}
            onChange={(e) => patch({ description: e.currentTarget.value })}
            error={errors.description}
          />
          <div aria-hidden="true" style={honeypotStyle}>
            <label>
              {t('public.honeypot')}
              <input
                type="text"
                name="website"
                tabIndex={-1}
                autoComplete="off"
                value={form.website}
                onChange={(e) => patch({ website: e.currentTarget.value })}
              />
            </label>
          </div>
          <Group justify="flex-end">
            <Button type="submit" loading={submit.isPending}>
              {t('public.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
