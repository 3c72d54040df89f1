// The customer's status page: where their complaint stands, the decision and solution, the
// history, and — once resolved — a 1–5 rating with a comment (the satisfaction link opens here
// with the rating first). Everything the customer or agent wrote is rendered as text.
import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Paper,
  Rating,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../api.ts';
import { fieldErrorsOf } from '../../components/FieldErrors.tsx';
import { Loading } from '../../components/States.tsx';
import { statusColor } from '../complaints/model.ts';
import { publicErrorKey } from './PublicApp.tsx';
import { labelOf } from '../../labels.ts';

export function PublicStatusPage({ rating = false }: { rating?: boolean }) {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const status = useQuery({
    queryKey: ['public-status', token],
    queryFn: () => api.GET('/public/complaints/{token}', { params: { path: { token } } }),
  });
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  if (status.isPending) return <Loading />;
  if (status.isError) {
    const code = status.error instanceof ApiError ? status.error.problem.status : undefined;
    return (
      <Alert color="red" role="alert" title={t(publicErrorKey(code))}>
        {code === 404 ? t('public.statusUnavailable') : null}
      </Alert>
    );
  }
  const s = status.data;
  const rate = s.canRate ? <RateForm token={token} /> : null;
  return (
    <Stack>
      {rating && rate}
      <Paper withBorder p="lg" radius="md" data-testid="public-status">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Text c="dimmed" size="sm">
              {t('public.reference', { reference: s.reference })}
            </Text>
            <Badge color={statusColor[s.status]} variant="light" size="lg" data-testid="public-status-badge">
              {t(`complaintStatus.${s.status}`)}
            </Badge>
          </Group>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {s.subject}
          </Title>
          <Text size="sm" c="dimmed">
            {labelOf(t, 'complaintCategory', s.category)} · {t('public.registeredAt', { date: when(s.registeredAt) })}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.description}</Text>
          {s.deadlineAt && !s.resolution && (
            <Text size="sm">{t('public.expectedBy', { date: when(s.deadlineAt) })}</Text>
          )}
          {s.decision && (
            <Alert
              color={s.decision.valid ? 'teal' : 'gray'}
              title={s.decision.valid ? t('public.accepted') : t('public.notAccepted')}
            >
              {s.decision.reason && <Text style={{ whiteSpace: 'pre-wrap' }}>{s.decision.reason}</Text>}
            </Alert>
          )}
          {s.resolution && (
            <Alert color="green" title={t('public.solution')} data-testid="public-solution">
              <Text style={{ whiteSpace: 'pre-wrap' }}>{s.resolution.solution}</Text>
            </Alert>
          )}
          {s.satisfaction && (
            <Group gap="xs">
              <Text size="sm">{t('public.yourRating')}</Text>
              <Rating value={s.satisfaction.score} readOnly />
            </Group>
          )}
          <Divider />
          <Title order={4}>{t('public.history')}</Title>
          <Timeline bulletSize={12} active={s.history.length} data-testid="public-history">
            {s.history.map((h) => (
              <Timeline.Item
                key={`${h.status}-${h.at}`}
                title={t(`complaintStatus.${h.status}`, { defaultValue: h.status })}
              >
                <Text size="xs" c="dimmed">
                  {when(h.at)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      </Paper>
      {!rating && rate}
    </Stack>
  );
}

function RateForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const send = useMutation({
    mutationFn: () =>
      api.POST('/public/complaints/{token}/satisfaction', {
        params: { path: { token } },
        body: { score, comment: comment.trim() || undefined },
      }),
    onSuccess: (data) => qc.setQueryData(['public-status', token], data),
  });
  const errors = fieldErrorsOf(send.error);
  const code = send.error instanceof ApiError ? send.error.problem.status : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={submit} noValidate data-testid="rate-form">
        <Stack gap="sm">
          <Title order={3}>{t('public.rateTitle')}</Title>
          <Text size="sm">{t('public.rateIntro')}</Text>
          {send.error && code !== 422 && <Alert color="red" role="alert" title={t(publicErrorKey(code))} />}
          <div>
            <Rating value={score} onChange={setScore} size="xl" aria-label={t('public.score')} data-testid="rating" />
            {(errors.score || (code === 422 && !errors.comment)) && (
              <Text size="sm" c="red">
                {t('public.pickScore')}
              </Text>
            )}
          </div>
          <Textarea
            label={t('public.comment')}
            autosize
            minRows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={errors.comment}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={send.isPending}>
              {t('public.sendRating')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
