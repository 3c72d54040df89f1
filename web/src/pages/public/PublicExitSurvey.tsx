// The public exit survey (/p/exit-survey/<token>): a customer who left picks the main reason and
// may add words of their own, once. The page speaks the customer's language (the server knows
// it); the language picker still lets them change it. A hidden "website" field catches bots.
import { Alert, Button, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { Loading } from '../../components/States.tsx';
import { publicErrorKey } from './PublicApp.tsx';
import { honeypotStyle } from './PublicComplaintForm.tsx';

export function PublicExitSurvey() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const params = { path: { token } };
  const survey = useQuery({
    queryKey: ['exit-survey', token],
    queryFn: () => api.GET('/public/exit-survey/{token}', { params }),
    retry: false,
  });
  const [form, setForm] = useState({ reasonCode: '', freeText: '', website: '' });
  const locale = survey.data?.locale;
  useEffect(() => {
    if (locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  const send = useMutation({
    mutationFn: () =>
      api.POST('/public/exit-survey/{token}', {
        params,
        body: {
          reasonCode: form.reasonCode,
          freeText: form.freeText.trim() || undefined,
          ...(form.website ? { website: form.website } : {}),
        },
      }),
  });
  if (survey.isPending) return <Loading />;
  if (survey.isError) {
    const status = survey.error instanceof ApiError ? survey.error.problem.status : undefined;
    return (
      <Alert color="red" role="alert" title={t(publicErrorKey(status))}>
        {status === 404 ? t('exitSurvey.unavailable') : null}
      </Alert>
    );
  }
  if (send.isSuccess)
    return (
      <Paper withBorder p="lg" radius="md" data-testid="exit-survey-thanks">
        <Title order={2}>{t('exitSurvey.thanks')}</Title>
      </Paper>
    );
  const errors = fieldErrorsOf(send.error);
  const sendStatus = send.error instanceof ApiError ? send.error.problem.status : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={submit} noValidate data-testid="exit-survey">
        <Stack>
          <Title order={2}>{t('exitSurvey.title', { name: survey.data.workspace.name })}</Title>
          <Text size="sm" c="dimmed">
            {t('exitSurvey.intro')}
          </Text>
          {send.isError && sendStatus !== 422 && (
            <Alert color="red" role="alert" title={t(publicErrorKey(sendStatus))}>
              {sendStatus === 404 ? t('exitSurvey.unavailable') : null}
            </Alert>
          )}
          <Radio.Group
            label={t('exitSurvey.reason')}
            value={form.reasonCode}
            onChange={(v) => setForm((f) => ({ ...f, reasonCode: v }))}
            error={errors.reasonCode ? t('exitSurvey.pick') : undefined}
          >
            <Stack gap="xs" mt="xs">
              {survey.data.reasons.map((r) => (
                <Radio key={r.code} value={r.code} label={r.label} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('exitSurvey.freeText')}
            value={form.freeText}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, freeText: v }));
            }}
            error={errors.freeText}
            maxLength={2000}
            autosize
            minRows={3}
          />
          <div aria-hidden="true" style={honeypotStyle}>
            <TextInput
              label={t('public.honeypot')}
              name="website"
              tabIndex={-1}
              autoComplete="off"
              value={form.website}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((f) => ({ ...f, website: v }));
              }}
            />
          </div>
          <Button type="submit" loading={send.isPending} disabled={!form.reasonCode}>
            {t('exitSurvey.send')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
