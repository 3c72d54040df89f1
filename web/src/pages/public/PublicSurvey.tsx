// The public survey page (/p/survey/<token>), mobile-first: one tap on a score (0–10 for NPS,
// 1–5 for CSAT), an optional comment, and for a low score the choice to have the comment
// registered as a complaint. The page speaks the customer's language (the server knows it); the
// picker can still change it. A hidden "website" field catches bots. Answered once: a second
// visit says so (409).
import { Alert, Button, Checkbox, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { Loading } from '../../components/States.tsx';
import { publicErrorKey } from './PublicApp.tsx';
import { honeypotStyle } from './PublicComplaintForm.tsx';

const statusOf = (e: unknown) => (e instanceof ApiError ? e.problem.status : undefined);
const isLow = (kind: 'nps' | 'csat', score: number) => (kind === 'nps' ? score <= 6 : score <= 2);

export function PublicSurvey() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const params = { path: { token } };
  const survey = useQuery({
    queryKey: ['public-survey', token],
    queryFn: () => api.GET('/public/surveys/{token}', { params }),
    retry: false,
  });
  const [form, setForm] = useState({ score: null as number | null, comment: '', openComplaint: false, website: '' });
  const locale = survey.data?.locale;
  useEffect(() => {
    if (locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  const send = useMutation({
    mutationFn: () =>
      api.POST('/public/surveys/{token}', {
        params,
        body: {
          score: form.score as number,
          comment: form.comment.trim() || undefined,
          ...(form.openComplaint ? { openComplaint: true } : {}),
          ...(form.website ? { website: form.website } : {}),
        },
      }),
  });
  if (survey.isPending) return <Loading />;
  if (survey.isError) {
    const status = statusOf(survey.error);
    return (
      <Alert
        color={status === 409 ? 'blue' : 'red'}
        role="alert"
        title={t(status === 409 ? 'survey.already' : publicErrorKey(status))}
      >
        {status === 404 ? t('survey.unavailable') : null}
      </Alert>
    );
  }
  if (send.isSuccess)
    return (
      <Paper withBorder p="lg" radius="md" data-testid="survey-thanks">
        <Title order={2}>{t('survey.thanks')}</Title>
        {send.data.complaintReference && (
          <Text mt="sm">{t('survey.complaintOpened', { reference: send.data.complaintReference })}</Text>
        )}
      </Paper>
    );
  const { kind, workspace } = survey.data;
  const scores = kind === 'nps' ? [...Array(11).keys()] : [1, 2, 3, 4, 5];
  const low = form.score !== null && isLow(kind, form.score);
  const errors = fieldErrorsOf(send.error);
  const sendStatus = statusOf(send.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
      <form onSubmit={submit} noValidate data-testid="survey">
        <Stack>
          <Title order={2}>{t(`survey.question.${kind}`, { name: workspace.name })}</Title>
          {send.isError && sendStatus !== 422 && (
            <Alert
              color="red"
              role="alert"
              title={t(sendStatus === 409 ? 'survey.already' : publicErrorKey(sendStatus))}
            />
          )}
          <div role="radiogroup" aria-label={t(`survey.scale.${kind}`)}>
            <SimpleGrid cols={{ base: kind === 'nps' ? 6 : 5, sm: scores.length }} spacing={6}>
              {scores.map((s) => (
                <Button
                  key={s}
                  role="radio"
                  aria-checked={form.score === s}
                  variant={form.score === s ? 'filled' : 'default'}
                  size="lg"
                  px={0}
                  onClick={() => setForm((f) => ({ ...f, score: s, openComplaint: isLow(kind, s) && f.openComplaint }))}
                >
                  {s}
                </Button>
              ))}
            </SimpleGrid>
            <Text size="xs" c="dimmed" mt={4}>
              {t(`survey.scale.${kind}`)}
            </Text>
            {errors.score && (
              <Text size="sm" c="red">
                {t('survey.pick')}
              </Text>
            )}
          </div>
          <Textarea
            label={t(low ? 'survey.commentLow' : 'survey.comment')}
            value={form.comment}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, comment: v }));
            }}
            error={errors.comment ? t('survey.commentError') : undefined}
            maxLength={2000}
            autosize
            minRows={3}
          />
          {low && (
            <Checkbox
              label={t('survey.openComplaint')}
              checked={form.openComplaint}
              onChange={(e) => {
                const v = e.currentTarget.checked;
                setForm((f) => ({ ...f, openComplaint: v }));
              }}
            />
          )}
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
          <Button
            type="submit"
            size="md"
            loading={send.isPending}
            disabled={form.score === null || (form.openComplaint && !form.comment.trim())}
          >
            {t('survey.send')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
