// One complaint: what the customer said, where it stands against its SLA, the workflow moves
// its status allows, every status change so far, and how similar complaints were solved.
import { Anchor, Grid, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconBulb, IconHistory, IconListCheck, IconMessageExclamation } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, type ComplaintDto, type MeDto } from '../../api.ts';
import { Field, Panel } from '../../components/Panel.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useFormat } from '../../format.ts';
import { useMembers } from '../../members.ts';
import { allowed } from '../../session.ts';
import { ComplaintStatusBadge, SlaBadge } from './Badges.tsx';
import { complaintsKey } from './model.ts';
import { Suggestions } from './Suggestions.tsx';
import { useComplaintTeams } from './useComplaintSetup.ts';
import { WorkflowActions } from './WorkflowActions.tsx';
import { labelOf } from '../../labels.ts';

export function ComplaintPage({ me }: { me: MeDto }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const complaint = useQuery({
    queryKey: [...complaintsKey, id],
    queryFn: () => api.GET('/complaints/{id}', { params: { path: { id } } }),
  });
  const back = (
    <Anchor component={Link} to="/complaints" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('complaints.back')}
      </Group>
    </Anchor>
  );
  if (complaint.isPending) return <Loading />;
  if (complaint.isError) {
    const notFound = complaint.error instanceof ApiError && complaint.error.problem.status === 404;
    return (
      <Stack>
        {back}
        {notFound ? (
          <EmptyState title={t('complaints.notFound')} />
        ) : (
          <ErrorState error={complaint.error} onRetry={() => complaint.refetch()} />
        )}
      </Stack>
    );
  }
  const c = complaint.data;
  return (
    <Stack>
      {back}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            {c.reference}
          </Text>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {c.subject}
          </Title>
        </div>
        <Group gap="xs">
          <ComplaintStatusBadge status={c.status} />
          <SlaBadge complaint={c} />
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Panel title={t('complaint.actions')} icon={<IconListCheck size={20} />} testId="workflow-panel">
              {allowed(me, 'complaints:write') ? (
                <WorkflowActions complaint={c} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('errors.forbidden')}
                </Text>
              )}
            </Panel>
            <Details complaint={c} />
            <History me={me} id={c.id} updatedAt={c.updatedAt} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Panel title={t('suggestions.title')} icon={<IconBulb size={20} />} testId="suggestions-panel">
            <Suggestions text={c.subject} category={c.category} />
          </Panel>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Details({ complaint: c }: { complaint: ComplaintDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { teams, people } = useComplaintTeams();
  const team = teams.find((x) => x.id === c.teamId);
  const customer = useQuery({
    queryKey: ['customer-name', c.customerId],
    queryFn: () => api.GET('/customers/{id}', { params: { path: { id: c.customerId } } }),
    staleTime: 60_000,
  });
  return (
    <Panel title={t('complaint.details')} icon={<IconMessageExclamation size={20} />} testId="complaint-details">
      <Stack gap="sm">
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="complaint-description"
        >
          {c.description}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" component="dl" m={0}>
          <Field label={t('complaint.customer')}>
            <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">
              {customer.data?.name ?? t('complaint.openCustomer')}
            </Anchor>
          </Field>
          <Field label={t('complaints.form.category')}>{labelOf(t, 'complaintCategory', c.category)}</Field>
          <Field label={t('complaints.form.channel')}>
            {t(`complaintChannel.${c.channel}`, { defaultValue: c.channel })}
          </Field>
          <Field label={t('workflow.severity')}>{c.severity ? t(`severity.${c.severity}`) : '—'}</Field>
          <Field label={t('complaint.team')}>{team?.name ?? '—'}</Field>
          <Field label={t('complaints.columns.assignee')}>
            {c.assigneeId ? (people.get(c.assigneeId) ?? '—') : t('complaints.unassigned')}
          </Field>
          <Field label={t('complaints.columns.registered')}>{fmt.dateTime(c.registeredAt)}</Field>
          <Field label={t('complaint.deadline')}>{c.deadlineAt ? fmt.dateTime(c.deadlineAt) : '—'}</Field>
          {c.satisfactionScore !== null && (
            <Field
              label={t('complaint.satisfaction')}
            >{`${c.satisfactionScore}/5${c.satisfactionComment ? ` — ${c.satisfactionComment}` : ''}`}</Field>
          )}
        </SimpleGrid>
        {c.validityReason && <Field label={t('workflow.reason')}>{c.validityReason}</Field>}
        {c.solution && (
          <Field label={t('workflow.solution')}>
            <span style={{ whiteSpace: 'pre-wrap' }} data-testid="complaint-solution">
              {c.solution}
            </span>
            {c.rootCause ? ` (${labelOf(t, 'rootCause', c.rootCause)})` : ''}
          </Field>
        )}
      </Stack>
    </Panel>
  );
}

/** Who made a move, in words: a person's name, an API token, the customer, or the system. */
function useActorName(me: MeDto) {
  const { t } = useTranslation();
  const { people } = useComplaintTeams();
  const { byId } = useMembers(me);
  return (actor: string) => {
    const [kind, id = ''] = actor.split(':');
    if (kind === 'user')
      return byId.get(id)?.name ?? people.get(id) ?? (id === me.user?.id ? me.user.name : t('complaint.actor.user'));
    if (kind === 'token') return t('complaint.actor.token');
    if (kind === 'customer') return t('complaint.actor.customer');
    if (kind === 'system') return t('complaint.actor.system');
    return actor;
  };
}

function History({ me, id, updatedAt }: { me: MeDto; id: string; updatedAt: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const actorName = useActorName(me);
  const history = useQuery({
    queryKey: [...complaintsKey, id, 'transitions', updatedAt],
    queryFn: () => api.GET('/complaints/{id}/transitions', { params: { path: { id } } }),
  });
  let body;
  if (history.isPending) body = <Loading />;
  else if (history.isError) body = <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  else
    body = (
      <Timeline bulletSize={14} lineWidth={2} active={history.data.items.length} data-testid="complaint-history">
        {history.data.items.map((h) => (
          <Timeline.Item key={h.id} title={t(`complaintStatus.${h.to}`, { defaultValue: h.to })}>
            <Text size="xs" c="dimmed">
              {fmt.dateTime(h.occurredAt)} · {actorName(h.actor)}
            </Text>
            {h.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {h.note}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    );
  return (
    <Panel title={t('complaint.history')} icon={<IconHistory size={20} />} testId="history-panel">
      {body}
    </Panel>
  );
}
